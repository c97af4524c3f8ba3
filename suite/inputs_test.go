package suite_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/verdict-rules/verdict/suite"
)

// Every file a suite or scenario reads is bounded: one that never ends is
// refused when it passes MaxFileBytes, a larger regular file before it is
// read.
func TestFilesAreBounded(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	dir := write(t, map[string]string{
		"s.suite.json": `{"automation": ` + automation + `, "now": "2026-11-24", "tests": [
		  {"name": "zero", "case": "/dev/zero", "expect": {"fired": false}}]}`,
		"scenario/automation.json": automation,
	})
	if err := os.Symlink("/dev/zero", filepath.Join(dir, "scenario", "case.json")); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(dir, "big.suite.json")
	if err := os.WriteFile(big, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(big, suite.MaxFileBytes+1); err != nil {
		t.Fatal(err)
	}
	var tooLarge *suite.FileTooLargeError
	for _, r := range []suite.TestResult{
		suite.RunFile("/dev/zero", suite.Options{})[0],
		suite.RunFile(filepath.Join(dir, "s.suite.json"), suite.Options{})[0],
		suite.RunScenario(suite.Scenario{Name: "scenario", Dir: filepath.Join(dir, "scenario")}, suite.Options{}),
		suite.RunFile(big, suite.Options{})[0],
	} {
		if r.Err == nil || !strings.Contains(r.Err.Error(), "more than the limit of 33554432") {
			t.Errorf("%s %s: %v", r.Suite, r.Name, r.Err)
		}
	}
	if _, err := suite.LoadFile(big); !errors.As(err, &tooLarge) || tooLarge.Size != suite.MaxFileBytes+1 {
		t.Errorf("LoadFile of a large file: %v", err)
	}
}

// A suite read from Options.Stdin ("-") resolves its file names against
// the working directory; absolute names are used as they are.
func TestStdinAndAbsolutePaths(t *testing.T) {
	shared := write(t, map[string]string{"approve.json": automation, "ok.json": `{"status": "READY_FOR_REVIEW", "score": 80}`})
	dir := write(t, map[string]string{"cases/low.json": `{"status": "READY_FOR_REVIEW", "score": 10}`})
	t.Chdir(dir)
	doc := `{"automation": "` + filepath.Join(shared, "approve.json") + `", "now": "2026-11-24", "tests": [
	  {"name": "absolute", "case": "` + filepath.Join(shared, "ok.json") + `", "expect": {"fired": true}},
	  {"name": "relative", "case": "cases/low.json", "expect": {"fired": false}}]}`
	rs, err := suite.Run([]string{"-"}, suite.Options{Stdin: strings.NewReader(doc)})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"absolute: ok", "relative: ok"}, summary(rs)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if rs := suite.RunFile("-", suite.Options{}); rs[0].Err == nil {
		t.Error("- without Options.Stdin read something")
	}
}

// A byte order mark is accepted; a bad context field is located in the
// suite; an expected status outside the vocabulary fails its test.
func TestSuiteInputsLocated(t *testing.T) {
	const bom = "\xef\xbb\xbf"
	dir := write(t, map[string]string{
		"bom.suite.json": bom + `{"automation": ` + automation + `, "now": "2026-11-24", "tests": [
		  {"name": "bom", "case": {"status": "READY_FOR_REVIEW", "score": 80}, "expect": {"fired": true}}]}`,
		"fields.suite.json": "{\"automation\": " + automation + ",\n \"now\": \"2026-11-24\",\n \"context_fields\": {\"bad\": \"case.score +* 2\"},\n \"tests\": [{\"name\": \"x\", \"case\": {}, \"expect\": {\"fired\": false}}]}",
		"status.suite.json": `{"automation": ` + automation + `, "now": "2026-11-24", "statuses": ["ACTIVE", "READY_FOR_REVIEW"], "tests": [
		  {"name": "typo", "case": {"status": "READY_FOR_REVIEW", "score": 80}, "expect": {"status": "ACTIV"}},
		  {"name": "other vocabulary", "case": {"status": "READY_FOR_REVIEW", "score": 80}, "expect": {"status": "DECLINED"}},
		  {"name": "null", "case": {"status": "READY_FOR_REVIEW", "score": 10}, "expect": {"status": null}}]}`,
		"scenario/automation.json": automation,
		"scenario/case.json":       `{"status": "READY_FOR_REVIEW", "score": 80}`,
		"scenario/config.json":     bom + `{"now": "2026-11-24"}`,
	})
	t.Chdir(dir)
	if got := summary(suite.RunFile("bom.suite.json", suite.Options{})); !cmp.Equal(got, []string{"bom: ok"}) {
		t.Errorf("a suite with a BOM: %q", got)
	}
	if _, err := (suite.Scenario{Name: "scenario", Dir: "scenario"}).Config(); err != nil {
		t.Errorf("a config with a BOM: %v", err)
	}
	rs := suite.RunFile("fields.suite.json", suite.Options{})
	want := "fields.suite.json: /context_fields/bad: unexpected token Operator(\"*\") (5:41, byte 12 of the expression)\n  | case.score +* 2\n  |             ^"
	if len(rs) != 1 || rs[0].Err == nil || rs[0].Err.Error() != want {
		t.Errorf("a bad context field:\n%v\nwant:\n%s", rs[0].Err, want)
	}
	got := summary(suite.RunFile("status.suite.json", suite.Options{}))
	wantStatus := []string{
		`typo: error status.suite.json: /tests/0/expect/status: unknown case status "ACTIV" (did you mean "ACTIVE"?); expected one of: ACTIVE, READY_FOR_REVIEW`,
		`other vocabulary: error status.suite.json: /tests/1/expect/status: unknown case status "DECLINED"; expected one of: ACTIVE, READY_FOR_REVIEW`,
		"null: ok",
	}
	if diff := cmp.Diff(wantStatus, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// JUnit shows an automation under the coverage threshold as a failing
// testcase, and one above it as a passing one.
func TestJUnitCoverage(t *testing.T) {
	dir := write(t, map[string]string{"a.suite.json": `{"automation": ` + automation + `, "now": "2026-11-24", "tests": [
	  {"name": "high", "case": {"status": "READY_FOR_REVIEW", "score": 80}, "expect": {"fired": true}}]}`})
	rs, err := suite.Run([]string{dir}, suite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := suite.WriteJUnit(&b, suite.NewReport(rs, 50)); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<testsuites tests="2" failures="1" errors="0">`, `<testsuite name="coverage" tests="1" failures="1" errors="0">`,
		`<testcase name="coverage of approve" classname="coverage">`, `<failure message="0 of 1 conditions exercised both ways (0.0%), under the threshold of 50%" type="coverage">`} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("lacks %s:\n%s", want, b.String())
		}
	}
	b.Reset()
	if err := suite.WriteJUnit(&b, suite.NewReport(rs, 0)); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "coverage") {
		t.Errorf("coverage without a threshold:\n%s", b.String())
	}
}

// want.json is compared number by number exactly, as verdict compares a
// case's numbers: a value no float64 tells from the one the results hold
// fails the test, the same number written otherwise does not; and a
// repeated member, which would hide one of two expectations, is an error
// located in the file.
func TestWantIsExact(t *testing.T) {
	dir := write(t, map[string]string{
		"s/automation.json": `{"name": "big", "triggers": [{"type": "case_status_updated"}],
		  "conditions": [{"type": "less_than", "field": "$.amount", "value": 100}],
		  "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`,
		"s/case.json": `{"status": "READY_FOR_REVIEW", "amount": 9007199254740993, "rate": 0.30000000000000001}`,
	})
	s := suite.Scenario{Name: "s", Dir: filepath.Join(dir, "s")}
	if r := suite.RunScenario(s, suite.Options{Update: true}); r.Err != nil {
		t.Fatal(r.Err)
	}
	path := filepath.Join(dir, "s", "want.json")
	written, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	value := "\n            9007199254740993\n" // in the trace's values, not its reason
	if !bytes.Contains(written, []byte(value)) {
		t.Fatalf("want.json lacks %q:\n%s", value, written)
	}
	for _, tc := range []struct {
		name, want string
		pass       bool
	}{
		{"as written", string(written), true},
		{"a neighbour no float64 tells apart", strings.Replace(string(written), value, "\n            9007199254740992\n", 1), false},
		{"the same number written otherwise", strings.Replace(string(written), value, "\n            9.007199254740993e15\n", 1), true},
		{"a repeated member", strings.Replace(string(written), `"fired": false`, `"fired": true, "fired": false`, 1), false},
	} {
		if err := os.WriteFile(path, []byte(tc.want), 0o644); err != nil {
			t.Fatal(err)
		}
		r := suite.RunScenario(s, suite.Options{})
		if passed := r.Err == nil && len(r.Failures) == 0; passed != tc.pass {
			t.Errorf("%s: passed %v, want %v (%v %v)", tc.name, passed, tc.pass, r.Err, r.Failures)
		}
		if tc.name == "a repeated member" && (r.Err == nil || !strings.Contains(r.Err.Error(), `duplicate member name "fired"`)) {
			t.Errorf("a repeated member: %v", r.Err)
		}
	}
}
