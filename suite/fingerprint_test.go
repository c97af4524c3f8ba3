package suite_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/verdict-rules/verdict/rules"
	"github.com/verdict-rules/verdict/suite"
)

// fingerprintOf is the fingerprint of one automation.
func fingerprintOf(t *testing.T, def string) string {
	t.Helper()
	set, err := rules.Load([]byte(def))
	if err != nil {
		t.Fatal(err)
	}
	return set.Programs()[0].Fingerprint()
}

// TestExpectFingerprint: a test that pins the fingerprint fails, showing
// both, when the logic changes; a test that does not pin it passes.
func TestExpectFingerprint(t *testing.T) {
	fp := fingerprintOf(t, automation)
	edited := strings.Replace(automation, `"value": 70`, `"value": 75`, 1)
	newFP := fingerprintOf(t, edited)
	if fp == newFP {
		t.Fatal("the edit did not change the fingerprint")
	}
	tests := `"tests": [
	  {"name": "unpinned", "case": {"status": "READY_FOR_REVIEW", "score": 80}, "expect": {"fired": true}},
	  {"name": "pinned", "case": {"status": "READY_FOR_REVIEW", "score": 80}, "expect": {"fired": true, "fingerprint": "` + fp + `"}}]`
	dir := write(t, map[string]string{
		"same.suite.json":   `{"automation": ` + automation + `, "now": "2026-11-24", ` + tests + `}`,
		"edited.suite.json": `{"automation": ` + edited + `, "now": "2026-11-24", ` + tests + `}`,
	})
	rs, err := suite.Run([]string{filepath.Join(dir, "same.suite.json")}, suite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"unpinned: ok", "pinned: ok"}, summary(rs)); diff != "" {
		t.Errorf("same automation (-want +got):\n%s", diff)
	}
	rs, err = suite.Run([]string{filepath.Join(dir, "edited.suite.json")}, suite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"unpinned: ok", "pinned: failed fingerprint"}, summary(rs)); diff != "" {
		t.Fatalf("edited automation (-want +got):\n%s", diff)
	}
	msg := rs[1].Failures[0].Message
	if !strings.Contains(msg, fp) || !strings.Contains(msg, newFP) {
		t.Errorf("the message does not show both fingerprints: %s", msg)
	}
}

// TestScenarioFingerprint: want.json without a fingerprint does not check
// it, and --update does not write one; a fingerprint added to want.json
// by hand is checked.
func TestScenarioFingerprint(t *testing.T) {
	dir := write(t, map[string]string{
		"s/automation.json": automation,
		"s/case.json":       `{"status": "READY_FOR_REVIEW", "score": 80}`,
	})
	scenarios, err := suite.FindScenarios(dir)
	if err != nil || len(scenarios) != 1 {
		t.Fatal(scenarios, err)
	}
	if r := suite.RunScenario(scenarios[0], suite.Options{Update: true}); r.Err != nil {
		t.Fatal(r.Err)
	}
	path := filepath.Join(dir, "s", "want.json")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), "fingerprint") {
		t.Errorf("--update pinned the fingerprint:\n%s", data)
	}
	pin := func(fp string) {
		var results []map[string]any
		if err := json.Unmarshal(data, &results); err != nil {
			t.Fatal(err)
		}
		results[0]["automation"].(map[string]any)["fingerprint"] = fp
		out, _ := json.Marshal(results)
		if err := os.WriteFile(path, out, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	fp := fingerprintOf(t, automation)
	pin(fp)
	if r := suite.RunScenario(scenarios[0], suite.Options{}); !r.Passed() {
		t.Errorf("the right pin fails: %+v", r)
	}
	wrong := "sha256:" + strings.Repeat("0", 64)
	pin(wrong)
	r := suite.RunScenario(scenarios[0], suite.Options{})
	if got := summary([]suite.TestResult{r}); len(r.Failures) != 1 || r.Failures[0].What != "fingerprint" ||
		!strings.Contains(r.Failures[0].Message, fp) || !strings.Contains(r.Failures[0].Message, wrong) {
		t.Errorf("a wrong pin: %q %+v", got, r.Failures)
	}
}
