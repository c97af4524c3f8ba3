package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/verdict-rules/verdict/internal/golden"
)

// TestE2ERunCounterfactuals runs verdict run on the docs' companies with
// the corrected automation: for a refused company, the text and the JSON
// say what would change each failing condition and whether it alone makes
// the automation fire, and the note says it too; an approved one has
// none.
func TestE2ERunCounterfactuals(t *testing.T) {
	root := filepath.Join("..", "..", "testdata")
	auto := filepath.Join(root, "automations", "auto-approve.json")
	args := func(company string, more ...string) []string {
		return append([]string{"run", "-a", auto, "-c", filepath.Join(root, "cases", "quickr", company+".json"),
			"--status", "READY_FOR_REVIEW", "--now", "2026-11-24"}, more...)
	}
	for _, company := range []string{"ecbert-holdings", "rollo-the-warrior"} {
		text := verdict(t, "", args(company)...)
		text.expect(t, 0, "change: /current_information/0/data/0/current_credit_score/value is ", "(not enough alone)",
			"What would change it: /conditions/0 (or): any one of its 2 conditions must hold")
		golden.Check(t, filepath.Join("testdata", "run-counterfactuals", company+".txt"), []byte(text.stdout))
		js := verdict(t, "", args(company, "--format", "json")...)
		js.expect(t, 0)
		var results []struct {
			Trace json.RawMessage `json:"trace"`
		}
		if err := json.Unmarshal([]byte(js.stdout), &results); err != nil || len(results) != 1 || !strings.Contains(string(results[0].Trace), `"counterfactual"`) {
			t.Fatalf("%s: %v\n%s", company, err, js)
		}
		golden.CheckJSON(t, filepath.Join("testdata", "run-counterfactuals", company+".json"), []byte(js.stdout))
	}
	// A leaf whose change alone is enough says so, in the text and the note.
	dir := files(t, map[string]string{
		"a.json": `{"name": "score", "triggers": [{"type": "case_status_updated", "status": "READY_FOR_REVIEW"}],
		  "conditions": [{"type": "greater_than_or_equal", "field": "$.context.company_age", "value": "2"}],
		  "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`,
		"c.json": `{"status": "READY_FOR_REVIEW", "sections": [{"type": "company", "additional_data": [{"registration_date": "2025-03-14"}]}]}`,
	})
	verdict(t, dir, "run", "-a", "a.json", "-c", "c.json", "--status", "READY_FOR_REVIEW", "--now", "2026-11-24").expect(t, 0,
		"change: company_age is 1; it must be at least 2: company_age reaches 2 on 2027-03-14 (counted from \"2025-03-14\" at /sections/0/additional_data/0/registration_date) (alone, this makes it fire)",
		"What would change it: /conditions/0 (greater_than_or_equal): company_age is 1; it must be at least 2: company_age reaches 2 on 2027-03-14")
	// The approved companies have none.
	for _, company := range []string{"ragnarok-as", "floki-shipbuilders"} {
		r := verdict(t, "", args(company, "--format", "json")...)
		r.expect(t, 0, `"fired": true`)
		if strings.Contains(r.stdout, "counterfactual") || strings.Contains(r.stdout, "What would change it") {
			t.Errorf("%s: an approved company has counterfactuals\n%s", company, r)
		}
	}
}
