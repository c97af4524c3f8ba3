package main

import (
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/verdict-rules/verdict/schema"
	"github.com/verdict-rules/verdict/suite"
)

const suiteAutomation = `{"name": "approve", "triggers": [{"type": "case_status_updated"}],
  "conditions": [{"type": "greater_than_or_equal", "field": "$.score", "value": 70},
                 {"type": "equal", "field": "$.kind", "value": "company"}],
  "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`

// Item: verdict test locates errors in suite files, runs the good tests of
// a suite with bad ones, and refuses a suite without now, a test without
// expect and two tests of one name.
func TestE2ETestSuiteErrors(t *testing.T) {
	dir := files(t, map[string]string{
		"approve.json": suiteAutomation,
		"bad.suite.json": `{"automation": "approve.json", "now": "2026-11-24",
  "event": {"type": "case_status_updated", "status": "READY_FOR_REVIEW"},
  "tests": [
    {"name": "approved", "case": {"status": "READY_FOR_REVIEW", "score": 80, "kind": "company"}, "expect": {"fired": true}},
    {"name": "no expect", "case": {"status": "READY_FOR_REVIEW"}},
    {"name": "approved", "case": {"status": "READY_FOR_REVIEW"}, "expect": {"fired": false}},
    {"name": "typo", "case": {"status": "READY_FOR_REVIEW"}, "expect": {"fierd": false}},
    {"name": "bad event", "case": {"status": "READY_FOR_REVIEW"}, "event": {"type": "case_status_update"}, "expect": {"fired": false}},
    {"name": "refused", "case": {"status": "READY_FOR_REVIEW", "score": 10}, "expect": {"fired": false, "decided_by": "/conditions/0"}},
    {"name": "listed", "case": "one.json", "expect": {"fired": true}},
    {"name": "two listed", "case": "two.json", "expect": {"fired": true}}
  ]}`,
		"one.json":         `{"data": [{"status": "READY_FOR_REVIEW", "score": 80, "kind": "company"}], "pagination": {}}`,
		"two.json":         `{"data": [{"status": "READY_FOR_REVIEW"}, {"status": "READY_FOR_REVIEW"}], "pagination": {}}`,
		"nonow.suite.json": `{"automation": "approve.json", "tests": [{"name": "x", "case": {}, "expect": {"fired": false}}]}`,
	})
	// The bad event makes it a usage error (exit 2), after every test ran.
	r := verdict(t, dir, "test", ".")
	r.expect(t, exitUsage,
		"✗ bad.suite.json: no expect\n    bad.suite.json: /tests/1: missing required property \"expect\"\n     5 |     {\"name\": \"no expect\"",
		"✗ bad.suite.json: approved\n    bad.suite.json: /tests/2/name: another test is named \"approved\" (/tests/0): each test needs a name of its own\n     6 |     {\"name\": \"approved\"",
		"bad.suite.json: /tests/3/expect/fierd: unknown property \"fierd\" (did you mean \"fired\"?)",
		"bad.suite.json: /tests/4/event: invalid event: type: no trigger knows the event type \"case_status_update\" (did you mean \"case_status_updated\"?)",
		"✗ nonow.suite.json\n    nonow.suite.json: missing required property \"now\"\n     1 | {",
		"✗ bad.suite.json: two listed\n    bad.suite.json: /tests/7/case: two.json holds an API list response of 2 cases: a test takes one\n     11 |     {\"name\": \"two listed\", \"case\": \"two.json\"",
		"3 passed, 6 failed (1 with an invalid event)")
	if strings.Contains(r.stdout, "json: unknown field") || strings.Contains(r.stdout, "json: cannot") {
		t.Errorf("a raw decoder message:\n%s", r)
	}
}

// Item: output is deterministic, with diffs as JSON; --run selects; json
// and junit formats; the coverage threshold; --update.
func TestE2ETestOutputs(t *testing.T) {
	dir := files(t, map[string]string{
		"approve.json": suiteAutomation,
		"a.suite.json": `{"automation": "approve.json", "now": "2026-11-24",
  "event": {"type": "case_status_updated", "status": "READY_FOR_REVIEW"},
  "tests": [
    {"name": "approved", "case": {"status": "READY_FOR_REVIEW", "score": 80, "kind": "company"}, "expect": {"fired": true}},
    {"name": "wrong changeset", "case": {"status": "READY_FOR_REVIEW", "score": 80, "kind": "company"},
     "expect": {"changeset": [{"id": "approve", "type": "set_case_status", "changes": [{"field": "/status", "old_value": "READY_FOR_REVIEW", "new_value": "DECLINED"}]}]}},
    {"name": "low score", "case": {"status": "READY_FOR_REVIEW", "score": 10, "kind": "company"}, "expect": {"fired": false, "decided_by": "/conditions/0"}}
  ]}`,
		"scenarios/s1/automation.json": suiteAutomation,
		"scenarios/s1/case.json":       `{"status": "READY_FOR_REVIEW", "score": 90, "kind": "company"}`,
		"scenarios/s1/event.json":      `{"type": "case_status_updated", "status": "READY_FOR_REVIEW"}`,
	})
	first := verdict(t, dir, "test", "a.suite.json")
	first.expect(t, 1, "✗ a.suite.json: wrong changeset\n    changeset differs\n    - want + got\n",
		`-         "new_value": "DECLINED",`, `+         "new_value": "ACTIVE",`, "2 passed, 1 failed")
	for i := 0; i < 3; i++ {
		if again := verdict(t, dir, "test", "a.suite.json"); again.stdout != first.stdout {
			t.Fatalf("the output changes from run to run:\n%s\n%s", first.stdout, again.stdout)
		}
	}
	if strings.Contains(first.stdout, "\x1b[") {
		t.Errorf("colour when the output is not a terminal:\n%s", first)
	}

	r := verdict(t, dir, "test", "--run", "^low", "-v", "a.suite.json")
	r.expect(t, 0, "✓ a.suite.json: low score", "1 passed, 0 failed")
	if strings.Contains(r.stdout, "approved") {
		t.Errorf("--run ran other tests:\n%s", r)
	}
	verdict(t, dir, "test", "--run", "(", "a.suite.json").expect(t, 2, "--run: error parsing regexp")

	// The scenario has no want.json yet: --update writes it, then it passes.
	verdict(t, dir, "test", "scenarios").expect(t, 1, "no want.json to compare with (verdict test --update writes it)")
	verdict(t, dir, "test", "--update", "scenarios").expect(t, 0, "wrote scenarios/s1/want.json", "0 passed, 0 failed, 1 updated")
	var results []map[string]any
	if err := json.Unmarshal([]byte(read(t, filepath.Join(dir, "scenarios/s1/want.json"))), &results); err != nil || len(results) != 1 || results[0]["fired"] != true {
		t.Errorf("want.json: %v %v", results, err)
	}
	verdict(t, dir, "test", "scenarios").expect(t, 0, "1 passed, 0 failed")

	// Coverage: /conditions/1 is never seen to fail.
	verdict(t, dir, "test", "--run", "approved|low", "--coverage-threshold", "100", "a.suite.json").expect(t, 1,
		"approve: 1 of 2 (50.0%), under the threshold of 100%", "1 automation under the coverage threshold of 100%")
	verdict(t, dir, "test", "--run", "approved|low", "--coverage-threshold", "50", "a.suite.json").expect(t, 0, "approve: 1 of 2 (50.0%)")

	r = verdict(t, dir, "test", "--format", "json", ".")
	r.expect(t, 1)
	doc := validJSON(t, schema.TestOutputFile, r.stdout).(map[string]any)
	if doc["passed"].(json.Number) != "3" || doc["failed"].(json.Number) != "1" {
		t.Errorf("json: %s", r.stdout)
	}

	r = verdict(t, dir, "test", "--format", "junit", ".")
	r.expect(t, 1)
	var junit struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Suites   []struct {
			Name  string `xml:"name,attr"`
			Cases []struct {
				Name    string `xml:"name,attr"`
				Failure *struct {
					Message string `xml:"message,attr"`
					Text    string `xml:",chardata"`
				} `xml:"failure"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal([]byte(r.stdout), &junit); err != nil {
		t.Fatalf("junit: %v\n%s", err, r.stdout)
	}
	if junit.Tests != 4 || junit.Failures != 1 || len(junit.Suites) != 2 || junit.Suites[0].Cases[1].Failure == nil ||
		!strings.Contains(junit.Suites[0].Cases[1].Failure.Text, `+         "new_value": "ACTIVE",`) {
		t.Errorf("junit:\n%s", r.stdout)
	}
}

// Diff lines are coloured on a terminal.
func TestTestOutputColour(t *testing.T) {
	dir := files(t, map[string]string{
		"approve.json": suiteAutomation,
		"a.suite.json": `{"automation": "approve.json", "now": "2026-11-24", "tests": [
		  {"name": "w", "case": {"status": "READY_FOR_REVIEW", "score": 80, "kind": "company"}, "expect": {"warnings": ["x"]}}]}`,
	})
	wd, _ := os.Getwd()
	defer os.Chdir(wd)
	os.Chdir(dir)
	var out strings.Builder
	rs, _ := runSuites(t, []string{"a.suite.json"})
	printTests(&out, rs, false, false, true)
	for _, want := range []string{"\x1b[31m✗\x1b[0m a.suite.json: w", "\x1b[31m-   \"x\"\x1b[0m", "\x1b[32m+   \"unknown_member\",\x1b[0m", "      ["} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("lacks %q:\n%q", want, out.String())
		}
	}
}

func runSuites(t *testing.T, paths []string) (*suite.Report, error) {
	t.Helper()
	all, err := suite.Run(paths, suite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return suite.NewReport(all, 0), nil
}
