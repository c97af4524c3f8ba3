package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/verdict-rules/verdict/schema"
)

// binary is the verdict command built once for the tests that run it as a
// user does.
var binary string

func TestMain(m *testing.M) {
	os.Exit(buildAndRun(m))
}

// buildAndRun builds the binary, or takes the one VERDICT_BINARY names (to
// run these tests against another build), and runs the tests.
func buildAndRun(m *testing.M) int {
	if b := os.Getenv("VERDICT_BINARY"); b != "" {
		binary = b
		return m.Run()
	}
	dir, err := os.MkdirTemp("", "verdict-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	binary = filepath.Join(dir, "verdict")
	build := exec.Command("go", "build", "-o", binary, ".")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building verdict: %v\n%s", err, out)
		return 1
	}
	return m.Run()
}

// result is what one run of the binary printed and how it exited.
type result struct {
	stdout, stderr string
	code           int
}

func (r result) String() string {
	return fmt.Sprintf("exit %d\n--- stdout\n%s--- stderr\n%s", r.code, r.stdout, r.stderr)
}

// verdict runs the built binary in dir (the package folder when "") with
// NO_COLOR set, so output is plain.
func verdict(t *testing.T, dir string, args ...string) result {
	t.Helper()
	return runBinary(t, dir, "", args...)
}

// runBinary runs the built binary in dir with stdin as its standard input
// and NO_COLOR set, and fails the test when it has not ended after a
// minute.
func runBinary(t *testing.T, dir, stdin string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Dir = dir
	cmd.Stdin = strings.NewReader(stdin)
	cmd.Env = append(os.Environ(), "NO_COLOR=1")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("verdict %s: still running after a minute", strings.Join(args, " "))
	}
	r := result{stdout: stdout.String(), stderr: stderr.String()}
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		r.code = ee.ExitCode()
	case err != nil:
		t.Fatalf("running verdict %s: %v", strings.Join(args, " "), err)
	}
	return r
}

// expect checks the exit code and that each of the wants appears in stdout
// or stderr.
func (r result) expect(t *testing.T, code int, wants ...string) {
	t.Helper()
	if r.code != code {
		t.Errorf("exit %d, want %d\n%s", r.code, code, r)
	}
	for _, w := range wants {
		if !strings.Contains(r.stdout+r.stderr, w) {
			t.Errorf("output lacks %q\n%s", w, r)
		}
	}
}

// files writes the named files under a new temporary folder and returns it.
func files(t *testing.T, contents map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range contents {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const (
	autoApprove = "../../testdata/automations/auto-approve.json"
	autoDocs    = "../../testdata/automations/auto-approve-docs.json"
	ragnarok    = "../../testdata/cases/quickr/ragnarok-as.json"
	ecbert      = "../../testdata/cases/quickr/ecbert-holdings.json"
)

// Item: events are checked before they are used; a problem is a usage
// error, with the suggestion.
func TestE2EEventsAreChecked(t *testing.T) {
	dir := files(t, map[string]string{
		"type.json":      `{"type": "case_status_update", "status": "READY_FOR_REVIEW"}`,
		"member.json":    `{"type": "case_status_updated", "stauts": "READY_FOR_REVIEW"}`,
		"lower.json":     `{"type": "case_status_updated", "status": "ready_for_review"}`,
		"prev.json":      `{"type": "case_status_updated", "status": "READY_FOR_REVIEW", "prev_status": "PROCESSING_DETAILS"}`,
		"other.json":     `{"type": "CASE_CREATED", "case": {"status": "FORM_NOT_STARTED"}}`,
		"notstring.json": `{"type": "case_status_updated", "status": 3}`,
		"broken.json":    `{"type": "case_status_updated",`,
		"cases/a.json":   `{"status": "READY_FOR_REVIEW"}`,
	})
	a, c := abs(t, autoApprove), abs(t, ragnarok)
	for _, cmd := range []struct{ flags, args []string }{
		{[]string{"run", "-a", a, "-c", c}, nil},
		{[]string{"backtest", "-a", a}, []string{"cases"}},
	} {
		t.Run(cmd.flags[0], func(t *testing.T) {
			run := func(extra ...string) result {
				args := append(append(append([]string{}, cmd.flags...), extra...), cmd.args...)
				return verdict(t, dir, args...)
			}
			run("--status", "READY_FOR_REVEIW").expect(t, 2, `--status: invalid event: status: unknown case status "READY_FOR_REVEIW" (did you mean "READY_FOR_REVIEW"?)`)
			run("--status", "ready_for_review").expect(t, 2, `(did you mean "READY_FOR_REVIEW"?)`)
			run("-e", "lower.json").expect(t, 2, `lower.json: invalid event: status: unknown case status "ready_for_review" (did you mean "READY_FOR_REVIEW"?)`)
			run("-e", "type.json").expect(t, 2, `type.json: invalid event: type: no trigger knows the event type "case_status_update" (did you mean "case_status_updated"?)`)
			run("-e", "member.json").expect(t, 2, `member.json: invalid event: status: a case_status_updated event needs a status, the status the case changed to; stauts: unknown member "stauts" (did you mean "status"?)`)
			run("-e", "prev.json").expect(t, 2, `prev.json: invalid event: prev_status: unknown member "prev_status" (did you mean "previous_status"?)`)
			run("-e", "notstring.json").expect(t, 2, `notstring.json: invalid event: status: expected a string, found number 3`)
			run("-e", "broken.json").expect(t, 3, `broken.json:1:`)
			run("-e", "missing.json").expect(t, 3, `missing.json`)
			// A type no trigger knows is not a mistake: nothing fires.
			r := run("-e", "other.json")
			r.expect(t, 0)
			if cmd.flags[0] == "run" && !strings.Contains(r.stdout, "CASE_CREATED matches none of its triggers") {
				t.Errorf("other event:\n%s", r)
			}
			run("--status", "READY_FOR_REVIEW").expect(t, 0)
		})
	}
}

func abs(t *testing.T, path string) string {
	t.Helper()
	p, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// Item: set_check_status on a check type the schema does not know is a
// warning, so --strict fails.
func TestE2EUnknownCheckType(t *testing.T) {
	const f = "../../testdata/validate/unknown-check-type.json"
	want := `/actions/0/check: warning: "sanctions" is not a check type the case schema allows, so the action never changes anything (did you mean "sanction"?)`
	verdict(t, "", "validate", "--strict", f).expect(t, 1, want, "1 warning")
	verdict(t, "", "validate", f).expect(t, 0, want)
}

// caseList writes an API list response of the given case files.
func caseList(t *testing.T, paths ...string) string {
	t.Helper()
	var parts []string
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		parts = append(parts, string(data))
	}
	return `{"data": [` + strings.Join(parts, ",\n") + `], "pagination": {"cursor": "x"}}`
}

// Item: an API list response of cases is read as its cases, a case
// without a status is warned about, and {} is not "a valid quickr case".
func TestE2ECaseLists(t *testing.T) {
	dir := files(t, map[string]string{
		"three.json":    caseList(t, ragnarok, ecbert, "../../testdata/cases/quickr/floki-shipbuilders.json"),
		"empty.json":    `{}`,
		"bad-list.json": "{\"data\": [\n  {\"status\": \"ACTIVE\"},\n  {\"status\": 3},\n  {}\n], \"pagination\": {}}",
		"nostatus.json": `{"checks": []}`,
	})
	one, a := abs(t, "../../testdata/cases/quickr/case-list.json"), abs(t, autoApprove)
	// run takes one case: the only case of a list response is it.
	r := verdict(t, dir, "run", "-a", a, "-c", one, "--status", "READY_FOR_REVIEW", "--now", "2026-11-24", "--format", "json")
	r.expect(t, 0, `"triggered": true`)
	if strings.Contains(r.stderr, "warning") {
		t.Errorf("the listed case has a status:\n%s", r)
	}
	verdict(t, dir, "run", "-a", a, "-c", "three.json").expect(t, 2,
		"three.json holds 3 cases (an API list response); run takes one: give a file of one case, or run verdict backtest on this one")
	verdict(t, dir, "run", "-a", a, "-c", "nostatus.json").expect(t, 0,
		`verdict run: warning: nostatus.json: the case has no "status" member, which case status triggers and set_case_status read`)

	r = verdict(t, dir, "validate", "--case", "empty.json")
	r.expect(t, 0, `empty.json: warning: the case has no "status" member`, "empty.json: no errors (1 quickr case), 1 warning")
	if strings.Contains(r.stdout, "valid quickr case") {
		t.Errorf("{} called valid:\n%s", r)
	}
	verdict(t, dir, "validate", "--case", "--strict", "empty.json").expect(t, 1)
	verdict(t, dir, "validate", "--case", "three.json").expect(t, 0, "three.json: ok (an API list response of 3 quickr cases, all valid)")
	verdict(t, dir, "validate", "--case", "bad-list.json").expect(t, 1,
		"bad-list.json: /data/1/status: ", " 3 |   {\"status\": 3},", "bad-list.json: /data/2: warning: the case has no \"status\" member")
}

// Item: pointers in results are relative to the automation whatever the
// file's shape; validate keeps the place in the file.
func TestE2EPointersInResults(t *testing.T) {
	array := "../../testdata/validate/array-with-warnings.json"
	c := `{"status": "READY_FOR_REVIEW", "checks": [{"type": "sanction", "data": [{"flags": []}]}]}`
	dir := files(t, map[string]string{"case.json": c})
	r := verdict(t, dir, "run", "-a", abs(t, array), "-c", "case.json", "--format", "json")
	r.expect(t, 0, `"pointer": "/conditions/0/field"`, `(equal, /conditions/0) does not hold`)
	if strings.Contains(r.stdout, `"/1/`) {
		t.Errorf("a pointer depends on the file's shape:\n%s", r)
	}
	verdict(t, "", "validate", array).expect(t, 0, "array-with-warnings.json: /1/conditions/0/field: warning:")
}

// Item: validate prints JSON with --format json, as its schema describes,
// for definitions and for cases.
func TestE2EValidateJSON(t *testing.T) {
	r := verdict(t, "", "validate", "--format", "json", "--strict",
		"../../testdata/validate/unknown-check-type.json", "../../testdata/validate/bad-paths.json", "../../testdata/validate/docs-auto-approve-trigger.json", "no-such.json")
	r.expect(t, 3)
	doc := validJSON(t, schema.ValidateOutputFile, r.stdout).(map[string]any)
	fs := doc["files"].([]any)
	first := fs[0].(map[string]any)
	w := first["warnings"].([]any)[0].(map[string]any)
	if doc["valid"] != false || len(fs) != 4 || w["pointer"] != "/actions/0/check" || w["line"].(json.Number) != "6" ||
		len(fs[1].(map[string]any)["errors"].([]any)) == 0 || fs[3].(map[string]any)["unreadable"] == nil {
		t.Errorf("json:\n%s", r.stdout)
	}
	dir := files(t, map[string]string{"bad-list.json": "{\"data\": [\n  {\"status\": 3},\n  {}\n]}"})
	r = verdict(t, dir, "validate", "--case", "--format", "json", "bad-list.json")
	r.expect(t, 1)
	doc = validJSON(t, schema.ValidateOutputFile, r.stdout).(map[string]any)
	f := doc["files"].([]any)[0].(map[string]any)
	if f["kind"] != "cases" || f["count"].(json.Number) != "2" || f["list"] != true ||
		f["errors"].([]any)[0].(map[string]any)["pointer"] != "/data/0/status" || f["warnings"].([]any)[0].(map[string]any)["pointer"] != "/data/1" {
		t.Errorf("json:\n%s", r.stdout)
	}
}
