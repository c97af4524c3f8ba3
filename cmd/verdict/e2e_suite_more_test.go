package main

import (
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Every file verdict test reads is bounded: a suite file, a scenario's
// case and a suite test's case that are /dev/zero are refused at 32 MiB.
func TestE2ETestFilesAreBounded(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	dir := files(t, map[string]string{
		"approve.json": suiteAutomation,
		"zero.suite.json": `{"automation": "approve.json", "now": "2026-11-24", "tests": [
		  {"name": "zero", "case": "/dev/zero", "expect": {"fired": false}}]}`,
		"scenario/automation.json": suiteAutomation,
	})
	if err := os.Symlink("/dev/zero", filepath.Join(dir, "scenario", "case.json")); err != nil {
		t.Fatal(err)
	}
	verdict(t, dir, "test", "/dev/zero").expect(t, 1, "✗ /dev/zero\n    /dev/zero is more than the limit of 33554432 bytes")
	verdict(t, dir, "test", "zero.suite.json").expect(t, 1, "zero.suite.json: /tests/0/case: cannot read the case: /dev/zero is more than the limit of 33554432 bytes")
	verdict(t, dir, "test", "scenario").expect(t, 1, "scenario/case.json is more than the limit of 33554432 bytes")
}

// verdict test - reads one suite from standard input, its file names
// relative to the working directory.
func TestE2ETestStandardInput(t *testing.T) {
	dir := files(t, map[string]string{
		"approve.json":  suiteAutomation,
		"cases/ok.json": `{"status": "READY_FOR_REVIEW", "score": 80, "kind": "company"}`,
	})
	stdinSuite := `{"automation": "approve.json", "now": "2026-11-24",
	  "event": {"type": "case_status_updated", "status": "READY_FOR_REVIEW"},
	  "tests": [{"name": "from a file", "case": "cases/ok.json", "expect": {"fired": true, "status": "ACTIVE"}},
	            {"name": "fails", "case": {"status": "READY_FOR_REVIEW", "score": 10}, "expect": {"fired": true}}]}`
	runBinary(t, dir, stdinSuite, "test", "-v", "-").expect(t, 1, "✓ -: from a file", "✗ -: fails", "1 passed, 1 failed")
	runBinary(t, dir, stdinSuite, "test", "-", "-").expect(t, 2, "standard input (-) is named 2 times (an argument, an argument)")
	runBinary(t, dir, stdinSuite, "test", "--context-fields", "-", "-").expect(t, 2, "standard input (-) is named 2 times (--context-fields, an argument)")
}

// Absolute file names in a suite are used as they are.
func TestE2ESuiteAbsolutePaths(t *testing.T) {
	shared := files(t, map[string]string{
		"approve.json": suiteAutomation,
		"ok.json":      `{"status": "READY_FOR_REVIEW", "score": 80, "kind": "company"}`,
	})
	dir := files(t, map[string]string{
		"sub/abs.suite.json": `{"automation": "` + filepath.Join(shared, "approve.json") + `", "now": "2026-11-24",
		  "event": {"type": "case_status_updated", "status": "READY_FOR_REVIEW"},
		  "tests": [{"name": "absolute", "case": "` + filepath.Join(shared, "ok.json") + `", "expect": {"fired": true}}]}`,
	})
	verdict(t, dir, "test", "sub").expect(t, 0, "1 passed, 0 failed")
}

// Suite files and configs may start with a byte order mark; a bad context
// field expression is reported at its place in the suite, not against the
// automation file.
func TestE2ESuiteErrorsLocated(t *testing.T) {
	const bom = "\xef\xbb\xbf"
	dir := files(t, map[string]string{
		"approve.json": suiteAutomation,
		"bom.suite.json": bom + `{"automation": "approve.json", "now": "2026-11-24",
  "event": {"type": "case_status_updated", "status": "READY_FOR_REVIEW"},
  "tests": [{"name": "bom", "case": {"status": "READY_FOR_REVIEW", "score": 80, "kind": "company"}, "expect": {"fired": true}}]}`,
		"fields.suite.json": `{"automation": "approve.json", "now": "2026-11-24",
  "context_fields": {
    "ok": "case.score * 2",
    "bad": "case.score +* 2"
  },
  "tests": [{"name": "x", "case": {"status": "READY_FOR_REVIEW"}, "expect": {"fired": false}}]}`,
		"scenario/automation.json": suiteAutomation,
		"scenario/case.json":       `{"status": "READY_FOR_REVIEW", "score": 80, "kind": "company"}`,
		"scenario/config.json":     bom + `{"now": "2026-11-24"}`,
	})
	r := verdict(t, dir, "test", "bom.suite.json", "scenario")
	if strings.Contains(r.stdout, "invalid character") || strings.Contains(r.stdout, "json:") {
		t.Errorf("a raw decoder message:\n%s", r)
	}
	r.expect(t, 1, "✗ scenario\n    no want.json to compare with", "1 passed, 1 failed")
	r = verdict(t, dir, "test", "fields.suite.json")
	r.expect(t, 1, "fields.suite.json: /context_fields/bad: ", "(4:25, byte 12 of the expression)", "| case.score +* 2\n      |             ^")
	if strings.Contains(r.stdout, "approve.json") {
		t.Errorf("the context field's error is shown against the automation file:\n%s", r)
	}
}

// --run that matches no test fails; a coverage threshold that fails shows
// in JUnit as a failing testcase.
func TestE2ETestRunAndJUnitCoverage(t *testing.T) {
	dir := files(t, map[string]string{
		"approve.json": suiteAutomation,
		"a.suite.json": `{"automation": "approve.json", "now": "2026-11-24",
		  "event": {"type": "case_status_updated", "status": "READY_FOR_REVIEW"},
		  "tests": [{"name": "approved", "case": {"status": "READY_FOR_REVIEW", "score": 80, "kind": "company"}, "expect": {"fired": true}}]}`,
	})
	verdict(t, dir, "test", "--run", "zzz", "a.suite.json").expect(t, 1, "verdict test: no test matches --run zzz")
	r := verdict(t, dir, "test", "--format", "junit", "--coverage-threshold", "100", "a.suite.json")
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
				} `xml:"failure"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal([]byte(r.stdout), &junit); err != nil {
		t.Fatalf("junit: %v\n%s", err, r.stdout)
	}
	last := junit.Suites[len(junit.Suites)-1]
	if junit.Failures != 1 || last.Name != "coverage" || last.Cases[0].Name != "coverage of approve" || last.Cases[0].Failure == nil ||
		last.Cases[0].Failure.Message != "0 of 2 conditions exercised both ways (0.0%), under the threshold of 100%" {
		t.Errorf("junit:\n%s", r.stdout)
	}
}

// verdict test --update never writes a scenario's want.json over one of
// its inputs: a want.json linked to case.json is refused, exit 1, and the
// case is left as it was.
func TestE2EUpdateWantLinkedToCase(t *testing.T) {
	const caseJSON = `{"status": "READY_FOR_REVIEW", "score": 80}`
	dir := files(t, map[string]string{
		"s/automation.json": suiteAutomation,
		"s/case.json":       caseJSON,
		"s/event.json":      `{"type": "case_status_updated", "status": "READY_FOR_REVIEW"}`,
	})
	if err := os.Symlink("case.json", filepath.Join(dir, "s", "want.json")); err != nil {
		t.Skip(err)
	}
	verdict(t, dir, "test", "--update", "s").expect(t, 1, "the output s/want.json is the input s/case.json")
	if got := read(t, filepath.Join(dir, "s", "case.json")); got != caseJSON {
		t.Errorf("case.json was overwritten (%d bytes)", len(got))
	}
	noTemp(t, filepath.Join(dir, "s"))
}
