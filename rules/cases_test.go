package rules_test

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/verdict-rules/verdict/document"
	"github.com/verdict-rules/verdict/rules"
)

func TestParseCases(t *testing.T) {
	for _, tc := range []struct {
		name, doc string
		want      []string // each case's pointer and status, or the error
	}{
		{"one case", `{"status": "ACTIVE", "data": [1]}`, []string{" ACTIVE"}},
		{"a list response", `{"data": [{"status": "ACTIVE"}, {"status": "DECLINED"}], "pagination": {"cursor": "x"}, "object": "list"}`,
			[]string{"/data/0 ACTIVE", "/data/1 DECLINED"}},
		{"an empty list", `{"data": [], "pagination": {}}`, []string{}},
		{"a case with data and more", `{"data": [{"status": "ACTIVE"}], "id": "x"}`, []string{" "}},
		{"a member of data that is not an object", "{\"data\": [{\"status\": \"ACTIVE\"},\n  3]}",
			[]string{"error case: 2:3: /data/1: a case must be a JSON object, found number 3"}},
		{"not an object", `[{"status": "ACTIVE"}]`, []string{"error case: 1:1: a case must be a JSON object, found an array"}},
		{"the results verdict run prints", `[{"automation": {"name": "a"}, "triggered": true, "matched": true, "fired": true, "changeset": []}]`,
			[]string{"error case: 1:1: " + rules.ErrResult.Error()}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cases, err := rules.ParseCases([]byte(tc.doc))
			got := []string{}
			if err != nil {
				var ce *rules.CaseError
				if !errors.As(err, &ce) {
					t.Fatalf("%T is not a *CaseError", err)
				}
				got = append(got, "error "+err.Error())
			}
			for _, c := range cases {
				got = append(got, c.Pointer()+" "+c.Status())
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	// The docs' list example holds one case, which ParseCases finds; read as
	// one case, it would be a case without a status.
	data, err := os.ReadFile("../testdata/cases/quickr/case-list.json")
	if err != nil {
		t.Fatal(err)
	}
	cases, err := rules.ParseCases(data)
	if err != nil || len(cases) != 1 || cases[0].Status() != "FORM_NOT_STARTED" || cases[0].Pointer() != "/data/0" {
		t.Fatalf("ParseCases: %v, %d cases", err, len(cases))
	}
	if _, err := rules.ParseCase(data); err == nil || !strings.Contains(err.Error(), "an API list response of 1 cases, not one case") {
		t.Errorf("ParseCase of a list response: %v", err)
	}
}

func TestCheckCase(t *testing.T) {
	statusSet := func(def string) *rules.Set {
		defs, err := rules.Parse([]byte(def))
		if err != nil {
			t.Fatal(err)
		}
		return must(rules.CompileSet(defs))
	}
	withTrigger := statusSet(docsAutomation)
	other := statusSet(`{"name": "n", "triggers": [{"type": "case_status_updated"}], "conditions": [],
	  "actions": [{"type": "set_check_status", "check": "sanction", "status": "COMPLETED"}]}`)
	if ws := withTrigger.CheckCase(parseCase(t, `{"id": "x"}`)); len(ws) != 1 || ws[0].Code != "case_without_status" ||
		ws[0].Msg != `the case has no "status" member, which case status triggers and set_case_status read` {
		t.Errorf("no status: %+v", ws)
	}
	if ws := withTrigger.CheckCase(parseCase(t, `{"status": null}`)); len(ws) != 0 {
		t.Errorf("a null status is a status: %+v", ws)
	}
	cases, _ := rules.ParseCases([]byte(`{"data": [{"status": "ACTIVE"}, {}]}`))
	if ws := withTrigger.CheckCase(cases[1]); len(ws) != 1 || ws[0].Pointer != "/data/1" {
		t.Errorf("in a list: %+v", ws)
	}
	if ws := other.CheckCase(parseCase(t, `{}`)); len(ws) != 1 {
		t.Errorf("a case status trigger reads the status: %+v", ws)
	}
}

func TestValidateCases(t *testing.T) {
	quickr := must(rules.CaseSchema("quickr"))
	dintero := must(rules.CaseSchema("dintero"))
	rep := rules.ValidateCases([]byte(`{}`), quickr)
	if rep.Cases != 1 || rep.List || len(rep.Errors) != 0 || len(rep.Warnings) != 1 || rep.Warnings[0].Code != "case_without_status" {
		t.Errorf("{}: %+v", rep)
	}
	if rep := rules.ValidateCases([]byte(`{}`), dintero); len(rep.Warnings) != 0 {
		t.Errorf("Dintero's webhook body has no top-level status: %+v", rep)
	}
	rep = rules.ValidateCases([]byte("{\"data\": [\n {\"status\": \"ACTIVE\"},\n {\"status\": 3},\n {}\n], \"pagination\": {}}"), quickr)
	if rep.Cases != 3 || !rep.List || len(rep.Errors) != 1 || rep.Errors[0].Pointer != "/data/1/status" || rep.Errors[0].Line != 3 ||
		len(rep.Warnings) != 1 || rep.Warnings[0].Pointer != "/data/2" {
		t.Errorf("list: %+v %v %+v", rep, rep.Errors, rep.Warnings)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// IsResult tells verdict's results from cases: the lines backtest --out
// writes, a result, and the array run --format json prints.
func TestIsResult(t *testing.T) {
	for _, tc := range []struct {
		doc  string
		want bool
	}{
		{`{"verdict_result": 1, "case": "c.ndjson:1"}`, true},
		{`{"automation": {"name": "a"}, "event": null, "triggered": false, "matched": true, "fired": true, "changeset": [], "note": {}}`, true},
		{`[{"automation": {"name": "a"}, "triggered": false, "matched": true, "fired": true, "changeset": []}]`, true},
		{`{"status": "ACTIVE", "automation": "x", "fired": true}`, false},
		{`{"status": "ACTIVE"}`, false},
		{`[]`, false},
		{`[{"verdict_result": 1}, {"status": "ACTIVE"}]`, false},
		{`"verdict_result"`, false},
	} {
		doc, err := document.Decode([]byte(tc.doc))
		if err != nil {
			t.Fatal(err)
		}
		if got := rules.IsResult(doc); got != tc.want {
			t.Errorf("IsResult(%s) = %v, want %v", tc.doc, got, tc.want)
		}
	}
	_, err := rules.ParseCases([]byte(`[{"verdict_result": 1}]`))
	if !errors.Is(err, rules.ErrResult) {
		t.Errorf("ParseCases of an array of results: %v, want ErrResult", err)
	}
}
