package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// A test whose event the automations' check refuses is a mistake in the
// suite: the other tests still run, and verdict test exits 2, for a suite
// file's event member and a scenario folder's event.json alike.
func TestSuiteInvalidEventIsUsage(t *testing.T) {
	abs := func(p string) string {
		a, err := filepath.Abs(p)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	suiteFile := `{"automation": ` + jsonString(abs(autoApprove)) + `, "now": "2026-11-24",
	  "event": {"type": "case_status_updated", "status": "READY_FOR_REVIEW"},
	  "tests": [
	    {"name": "good", "case": ` + jsonString(abs(ragnarok)) + `, "expect": {"fired": true}},
	    {"name": "typo", "case": ` + jsonString(abs(ragnarok)) + `, "event": {"type": "case_status_updated", "status": "READY_FOR_REVEIW"}, "expect": {"fired": true}}
	  ]}`
	dir := files(t, map[string]string{"bad.suite.json": suiteFile})
	r := verdict(t, dir, "test", "bad.suite.json")
	r.expect(t, exitUsage, `/tests/1/event`, `did you mean "READY_FOR_REVIEW"`, "1 passed, 1 failed (1 with an invalid event)")
	r = verdict(t, dir, "test", "bad.suite.json", "--format", "json")
	var rep struct {
		Passed        int `json:"passed"`
		InvalidEvents int `json:"invalid_events"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil || r.code != exitUsage || rep.Passed != 1 || rep.InvalidEvents != 1 {
		t.Errorf("--format json: %+v (%v)\n%s", rep, err, r)
	}

	// A scenario folder: the repository's leap-day scenario with a typo in
	// its event.json.
	src := "../../testdata/auto-approve/leap-day"
	scen := filepath.Join(t.TempDir(), "leap-day")
	if err := os.MkdirAll(scen, 0o755); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if e.Name() == "event.json" {
			data = []byte(`{"type": "case_status_update", "status": "READY_FOR_REVIEW"}`)
		}
		writeFile(t, scen, e.Name(), string(data))
	}
	r = verdict(t, "", "test", scen)
	r.expect(t, exitUsage, "event.json", `did you mean "case_status_updated"`)
	// The scenario as the repository has it passes.
	verdict(t, "", "test", src).expect(t, exitOK, "1 passed, 0 failed")
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// Every -a of a backtest adds its automations to the one set evaluated.
func TestBacktestRepeatedAutomationFlag(t *testing.T) {
	r := verdict(t, "", "backtest", "-a", autoApprove, "-a", "../../testdata/automations/auto-approve-docs.json",
		"../../testdata/cases/quickr", "--now", "2026-11-24", "--status", "READY_FOR_REVIEW")
	r.expect(t, exitOK, "Auto approve (corrected)", "\n  Auto approve    ", "5 evaluated")
	if !strings.Contains(r.stdout, `"Auto approve": /conditions/0/conditions/0/field: "sanctions"`) {
		t.Errorf("the second file's warnings are not shown:\n%s", r)
	}
}

// Standard input can stand for any one file a command reads: the event,
// the baseline, a case schema, the context fields, path's case and
// validate's case.
func TestStandardInputForEveryFile(t *testing.T) {
	read := func(p string) string {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	run := []string{"run", "-a", autoApprove, "-c", ragnarok, "--now", "2026-11-24"}

	r := verdictStdin(t, `{"type": "case_status_updated", "status": "READY_FOR_REVIEW"}`, append(run, "-e", "-")...)
	r.expect(t, exitOK, "fired")
	r = verdictStdin(t, `{"type": "case_status_updated", "status": "READY_FOR_REVEIW"}`, append(run, "-e", "-")...)
	r.expect(t, exitUsage, `did you mean "READY_FOR_REVIEW"`)

	r = verdictStdin(t, read(autoApprove), "backtest", "-a", "../../testdata/automations/auto-approve-docs.json", "--baseline", "-",
		"../../testdata/cases/quickr", "--now", "2026-11-24", "--status", "READY_FOR_REVIEW")
	r.expect(t, exitOK, "comparing")

	// A case schema from standard input that requires a member the case
	// lacks.
	r = verdictStdin(t, `{"type": "object", "required": ["status", "no_such_member"]}`, "validate", "--case", ragnarok, "--case-schema", "-")
	r.expect(t, exitFailed, "no_such_member")

	r = verdictStdin(t, `{"doubled_score": "2 * 40"}`, "path", "$.context.doubled_score", "-c", ragnarok, "--context-fields", "-")
	r.expect(t, exitOK, "80")

	r = verdictStdin(t, read(ragnarok), "path", "$.status", "-c", "-")
	r.expect(t, exitOK, "READY_FOR_REVIEW")

	r = verdictStdin(t, read(ragnarok), "validate", "--case", "-")
	r.expect(t, exitOK, "-: ok (a valid quickr case)")
	r = verdictStdin(t, `{"status": 7}`, "validate", "--case", "-")
	r.expect(t, exitFailed, "-: /status")
}

// verdict test draws its diffs in colour on a terminal, and plainly when
// NO_COLOR is set or the output is not a terminal. script(1) gives the
// binary a terminal.
func TestTestOutputColourOnTerminal(t *testing.T) {
	script, err := exec.LookPath("script")
	if err != nil {
		t.Skip("script(1), which gives the binary a terminal, is not installed")
	}
	suite, err := filepath.Abs("testdata/failing.suite.json")
	if err != nil {
		t.Fatal(err)
	}
	line := quoteShell(binary) + " test " + quoteShell(suite)
	out := func(env ...string) string {
		cmd := exec.Command(script, "-qec", line, "/dev/null")
		cmd.Env = append(os.Environ(), env...)
		b, _ := cmd.CombinedOutput()
		return string(b)
	}
	coloured := out("NO_COLOR=")
	if !strings.Contains(coloured, "\x1b[") {
		t.Errorf("on a terminal, the output has no colour:\n%q", coloured)
	}
	if plain := out("NO_COLOR=1"); strings.Contains(plain, "\x1b[") || !strings.Contains(plain, "failed") {
		t.Errorf("with NO_COLOR, the output is coloured or empty:\n%q", plain)
	}
	if r := verdict(t, "", "test", "testdata/failing.suite.json"); strings.Contains(r.stdout, "\x1b[") {
		t.Errorf("into a pipe, the output is coloured:\n%q", r.stdout)
	}
}

func quoteShell(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }
