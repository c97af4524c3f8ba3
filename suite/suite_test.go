package suite_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/verdict-rules/verdict/suite"
)

const automation = `{"name": "approve", "triggers": [{"type": "case_status_updated"}],
  "conditions": [{"type": "greater_than_or_equal", "field": "$.score", "value": 70}],
  "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`

func write(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// summary lists each result as "name: ok", "name: error <first line>" or
// "name: failed <what>...".
func summary(rs []suite.TestResult) []string {
	var out []string
	for _, r := range rs {
		switch {
		case r.Err != nil:
			out = append(out, r.Name+": error "+strings.SplitN(r.Err.Error(), "\n", 2)[0])
		case len(r.Failures) > 0:
			var what []string
			for _, f := range r.Failures {
				what = append(what, f.What)
			}
			out = append(out, r.Name+": failed "+strings.Join(what, " "))
		default:
			out = append(out, r.Name+": ok")
		}
	}
	return out
}

func TestSuiteFileErrors(t *testing.T) {
	good := `{"name": "good", "case": {"status": "READY_FOR_REVIEW", "score": 80}, "expect": {"fired": true}}`
	for _, tc := range []struct {
		name, suite string
		want        []string
	}{
		{"no now", `{"automation": ` + automation + `, "tests": [` + good + `]}`,
			[]string{`: error s.suite.json: missing required property "now"`}},
		{"a bad now", `{"automation": ` + automation + `, "now": "tomorrow", "tests": [` + good + `]}`,
			[]string{`: error s.suite.json: /now: "tomorrow" is not an RFC 3339 time or a YYYY-MM-DD date`}},
		{"a misspelt member of the file", `{"automation": ` + automation + `, "now": "2026-11-24", "test": []}`,
			[]string{`: error s.suite.json: missing required property "tests" (is "test" a misspelling of it?)`}},
		{"malformed JSON", `{"automation": ` + automation + `, "now": "2026-11-24", "tests": [` + good + `,]}`,
			[]string{`: error s.suite.json:3:`}},
		{"an automation that does not compile", `{"automation": {"name": "x"}, "now": "2026-11-24", "tests": [` + good + `]}`,
			[]string{`good: error s.suite.json: /automation: missing required property "actions"`}},
		{"one bad test among good ones", `{"automation": ` + automation + `, "now": "2026-11-24", "tests": [` + good + `,
			{"name": "no expect", "case": {"status": "READY_FOR_REVIEW"}},
			{"name": "empty expect", "case": {"status": "READY_FOR_REVIEW"}, "expect": {}},
			{"name": "misspelt", "case": {"status": "READY_FOR_REVIEW"}, "expect": {"fierd": true}},
			{"name": "good", "case": {"status": "READY_FOR_REVIEW", "score": 10}, "expect": {"fired": false}},
			{"name": "bad event", "case": {"status": "READY_FOR_REVIEW"}, "event": {"type": "case_status_updated", "status": "READY_FOR_REVEIW"}, "expect": {"fired": false}},
			{"name": "bad case", "case": "missing.json", "expect": {"fired": false}},
			{"name": "list case", "case": {"data": [{"status": "ACTIVE"}, {"status": "ACTIVE"}]}, "expect": {"fired": false}},
			{"name": "wrong", "case": {"status": "READY_FOR_REVIEW", "score": 90}, "expect": {"fired": false, "decided_by": "/conditions/0"}}
		]}`, []string{
			"good: ok",
			`no expect: error s.suite.json: /tests/1: missing required property "expect"`,
			`empty expect: error s.suite.json: /tests/2/expect: expect (what the test checks: fired, triggered, matched, status, changeset, decided_by, warnings, fingerprint) must not be empty`,
			`misspelt: error s.suite.json: /tests/3/expect/fierd: unknown property "fierd" (did you mean "fired"?)`,
			`good: error s.suite.json: /tests/4/name: another test is named "good" (/tests/0): each test needs a name of its own`,
			`bad event: error s.suite.json: /tests/5/event: invalid event: status: unknown case status "READY_FOR_REVEIW" (did you mean "READY_FOR_REVIEW"?)`,
			`bad case: error s.suite.json: /tests/6/case: cannot read the case: open `,
			`list case: error s.suite.json: /tests/7/case: an API list response of 2 cases: a test takes one`,
			"wrong: failed fired decided_by",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := write(t, map[string]string{"s.suite.json": tc.suite})
			t.Chdir(dir)
			got := summary(suite.RunFile("s.suite.json", suite.Options{}))
			if len(got) != len(tc.want) {
				t.Fatalf("got %d results, want %d:\n%s", len(got), len(tc.want), strings.Join(got, "\n"))
			}
			for i := range got {
				if !strings.HasPrefix(got[i], tc.want[i]) {
					t.Errorf("result %d:\n got %s\nwant %s...", i, got[i], tc.want[i])
				}
				if regexp.MustCompile(`(^|\s)json: `).MatchString(got[i]) {
					t.Errorf("a raw decoder message: %s", got[i])
				}
			}
		})
	}
}

// Errors are rendered as definition errors are: file, pointer, message and
// the line with a caret.
func TestSuiteErrorsAreLocated(t *testing.T) {
	dir := write(t, map[string]string{"s.suite.json": "{\"automation\": " + automation + ",\n \"now\": \"2026-11-24\",\n \"tests\": [\n  {\"name\": \"a\", \"case\": {}, \"expect\": {\"fired\": true, \"sttaus\": \"ACTIVE\"}}\n ]\n}"})
	rs := suite.RunFile(filepath.Join(dir, "s.suite.json"), suite.Options{})
	var fe *suite.FileError
	if len(rs) != 1 || !errors.As(rs[0].Err, &fe) {
		t.Fatalf("%+v", rs)
	}
	want := filepath.Join(dir, "s.suite.json") + `: /tests/0/expect/sttaus: unknown property "sttaus" (did you mean "status"?)
 6 |   {"name": "a", "case": {}, "expect": {"fired": true, "sttaus": "ACTIVE"}}
   |                                                       ^`
	if diff := cmp.Diff(want, rs[0].Err.Error()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestRunSelectsAndReports(t *testing.T) {
	dir := write(t, map[string]string{
		"a.suite.json": `{"automation": ` + automation + `, "now": "2026-11-24", "tests": [
		  {"name": "high score", "case": {"status": "READY_FOR_REVIEW", "score": 80}, "expect": {"fired": true}},
		  {"name": "low score", "case": {"status": "READY_FOR_REVIEW", "score": 10}, "expect": {"fired": true,
		   "changeset": [{"id": "approve", "type": "set_case_status", "changes": [{"field": "/status", "old_value": "READY_FOR_REVIEW", "new_value": "ACTIVE"}]}]}}]}`,
	})
	rs, err := suite.Run([]string{dir}, suite.Options{Run: regexp.MustCompile("^low")})
	if err != nil {
		t.Fatal(err)
	}
	if got := summary(rs); !cmp.Equal(got, []string{"low score: failed fired changeset"}) {
		t.Fatalf("%q", got)
	}
	f := rs[0].Failures[1]
	wantDiff := []string{"- [", "-   {", "-     \"changes\": [", "-       {", "-         \"field\": \"/status\",",
		"-         \"new_value\": \"ACTIVE\",", "-         \"old_value\": \"READY_FOR_REVIEW\"", "-       }", "-     ],",
		"-     \"id\": \"approve\",", "-     \"type\": \"set_case_status\"", "-   }", "- ]", "+ []"}
	if diff := cmp.Diff(wantDiff, f.Diff); diff != "" {
		t.Errorf("diff (-want +got):\n%s", diff)
	}
	rep := suite.NewReport(rs, 100)
	if rep.Failed != 1 || rep.BelowThreshold != 1 || rep.Coverage[0].Percent != 0 {
		t.Errorf("report %+v", rep)
	}
	if _, err := json.Marshal(rep); err != nil {
		t.Fatal(err)
	}
}

func TestDiffLines(t *testing.T) {
	got := suite.DiffLines("a\nb\nc\nd\n", "a\nc\nx\nd\n")
	want := []string{"  a", "- b", "  c", "+ x", "  d"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// Update writes want.json from the outcome, and the scenario then passes.
func TestUpdateScenario(t *testing.T) {
	dir := write(t, map[string]string{
		"s/automation.json": automation,
		"s/case.json":       `{"status": "READY_FOR_REVIEW", "score": 80}`,
		"s/event.json":      `{"type": "case_status_updated", "status": "READY_FOR_REVIEW"}`,
		"s/want.txt":        "stale\n",
	})
	scenarios, err := suite.FindScenarios(dir)
	if err != nil || len(scenarios) != 1 {
		t.Fatal(scenarios, err)
	}
	if r := suite.RunScenario(scenarios[0], suite.Options{}); r.Err == nil {
		t.Error("a stale want.txt went unnoticed")
	}
	r := suite.RunScenario(scenarios[0], suite.Options{Update: true})
	if r.Err != nil || r.Updated != filepath.Join(dir, "s", "want.json") {
		t.Fatalf("update: %+v", r)
	}
	if _, err := os.Stat(filepath.Join(dir, "s", "want.txt")); !os.IsNotExist(err) {
		t.Error("want.txt is left")
	}
	if r := suite.RunScenario(scenarios[0], suite.Options{}); !r.Passed() {
		t.Errorf("after update: %+v", r)
	}
}

// A scenario's config.json is checked and located like a suite file; its
// event is checked like the CLI's.
func TestScenarioInputs(t *testing.T) {
	dir := write(t, map[string]string{
		"config/automation.json": automation,
		"config/case.json":       `{"status": "READY_FOR_REVIEW"}`,
		"config/config.json":     "{\n  \"nwo\": \"2026-11-24\"\n}",
		"event/automation.json":  automation,
		"event/case.json":        `{"status": "READY_FOR_REVIEW"}`,
		"event/event.json":       `{"type": "case_status_updated", "status": "ready_for_review"}`,
		"list/automation.json":   automation,
		"list/case.json":         `{"data": [{"status": "ACTIVE"}, {"status": "ACTIVE"}], "pagination": {}}`,
		"list/want.txt":          "case.json: an API list response of 2 cases: a scenario takes one\n",
	})
	scenarios, err := suite.FindScenarios(dir)
	if err != nil || len(scenarios) != 3 {
		t.Fatal(scenarios, err)
	}
	want := map[string]string{
		"config": filepath.Join(dir, "config", "config.json") + `: /nwo: unknown property "nwo" (did you mean "now"?)` + "\n 2 |   \"nwo\": \"2026-11-24\"\n   |   ^",
		"event":  filepath.Join(dir, "event", "event.json") + `: invalid event: status: unknown case status "ready_for_review" (did you mean "READY_FOR_REVIEW"?)`,
		"list":   "",
	}
	for _, s := range scenarios {
		r := suite.RunScenario(s, suite.Options{})
		got := ""
		if r.Err != nil {
			got = r.Err.Error()
		}
		if !r.Passed() && len(r.Failures) > 0 {
			got = r.Failures[0].Message
		}
		if !strings.HasPrefix(got, want[s.Name]) || (want[s.Name] == "") != (got == "") {
			t.Errorf("%s:\n got %s\nwant %s", s.Name, got, want[s.Name])
		}
	}
}

// Update refuses a want.json that is one of the scenario's inputs through
// a link, symbolic or hard, and leaves the input as it was.
func TestUpdateScenarioLinkedToInput(t *testing.T) {
	const caseJSON = `{"status": "READY_FOR_REVIEW", "score": 80}`
	for name, link := range map[string]func(target, name string) error{"symbolic": os.Symlink, "hard": os.Link} {
		for _, input := range []string{"case.json", "automation.json", "event.json", "config.json"} {
			dir := write(t, map[string]string{
				"s/automation.json": automation,
				"s/case.json":       caseJSON,
				"s/event.json":      `{"type": "case_status_updated", "status": "READY_FOR_REVIEW"}`,
				"s/config.json":     `{"now": "2026-11-24"}`,
			})
			s := filepath.Join(dir, "s")
			before, err := os.ReadFile(filepath.Join(s, input))
			if err != nil {
				t.Fatal(err)
			}
			target := input
			if name == "hard" {
				target = filepath.Join(s, input)
			}
			if err := link(target, filepath.Join(s, "want.json")); err != nil {
				t.Skip(err)
			}
			r := suite.RunScenario(suite.Scenario{Name: "s", Dir: s}, suite.Options{Update: true})
			if r.Err == nil || !strings.Contains(r.Err.Error(), input) {
				t.Errorf("want.json a %s link to %s: %v, want an error naming it", name, input, r.Err)
			}
			if after, _ := os.ReadFile(filepath.Join(s, input)); string(after) != string(before) {
				t.Errorf("want.json a %s link to %s: %s was changed", name, input, input)
			}
		}
	}
}
