package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// verdictStdin runs the built binary in the package folder with stdin as
// its standard input.
func verdictStdin(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	return runBinary(t, "", stdin, args...)
}

// writeFile writes a file under dir and returns its path.
func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestFlagsAnywhere(t *testing.T) {
	// A definition with a warning: --strict after the file must still
	// count.
	warn := "../../testdata/validate/docs-auto-approve-trigger.json"
	r := verdictStdin(t, "", "validate", warn, "--strict")
	if r.code != exitFailed || !strings.Contains(r.stdout, "warning:") {
		t.Errorf("validate FILE --strict:\n%s", r)
	}
	r = verdictStdin(t, "", "run", "-c", ragnarok, "--now", "2026-11-24", "-a", autoApprove, "--status", "READY_FOR_REVIEW", "--format", "json")
	if r.code != exitOK || !strings.Contains(r.stdout, `"fired": true`) {
		t.Errorf("run with flags in any order:\n%s", r)
	}
	r = verdictStdin(t, "", "path", "$.status", "-c", ragnarok)
	if r.code != exitOK || r.stdout != "[\"READY_FOR_REVIEW\"]\n" {
		t.Errorf("path with -c after the path:\n%s", r)
	}
}

func TestHelp(t *testing.T) {
	for _, cmd := range []string{"run", "validate", "path", "test", "backtest", "demo", "version"} {
		r := verdictStdin(t, "", "help", cmd)
		if r.code != exitOK || !strings.Contains(r.stdout, "verdict "+cmd) || !strings.Contains(r.stdout, "Usage:") {
			t.Errorf("verdict help %s:\n%s", cmd, r)
		}
		if r2 := verdictStdin(t, "", cmd, "--help"); r2.stdout != r.stdout || r2.code != exitOK {
			t.Errorf("verdict %s --help differs from verdict help %s:\n%s", cmd, cmd, r2)
		}
	}
	if r := verdictStdin(t, "", "help", "run"); !strings.Contains(r.stdout, "--fail-unless") {
		t.Errorf("verdict help run does not list run's flags:\n%s", r)
	}
	r := verdictStdin(t, "", "--help")
	if r.code != exitOK || !strings.Contains(r.stdout, "Exit status, the same in every command:") || !strings.Contains(r.stdout, "backtest") {
		t.Errorf("verdict --help:\n%s", r)
	}
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no command", nil, "no command given"},
		{"unknown command", []string{"bogus"}, `unknown command "bogus"`},
		{"unknown flag", []string{"run", "--bogus"}, "unknown flag: --bogus"},
		{"a flag Go's flag package took", []string{"run", "-status", "X"}, "unknown shorthand flag"},
		{"bad format", []string{"run", "-a", autoApprove, "-c", ragnarok, "--format", "yaml"}, "expected text or json"},
		{"bad --now", []string{"run", "-a", autoApprove, "-c", ragnarok, "--now", "yesterday"}, "RFC 3339"},
		{"missing -c", []string{"run", "-a", autoApprove}, "-a and -c are required"},
		{"both -e and --status", []string{"run", "-a", autoApprove, "-c", ragnarok, "-e", "x.json", "--status", "ACTIVE"}, "not both"},
		{"validate nothing", []string{"validate"}, "no files given"},
		{"path without a path", []string{"path", "-c", ragnarok}, "one JSONPath"},
		{"demo with an argument", []string{"demo", "extra"}, "unknown command"},
		{"bad --fail-unless", []string{"run", "-a", autoApprove, "-c", ragnarok, "--fail-unless", "maybe"}, "expected fired or not-fired"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := verdictStdin(t, "", tc.args...)
			if r.code != exitUsage || !strings.Contains(r.stderr, tc.want) {
				t.Errorf("want exit 2 and %q on stderr:\n%s", tc.want, r)
			}
		})
	}
}

func TestVersion(t *testing.T) {
	r := verdictStdin(t, "", "version")
	if r.code != exitOK || !regexp.MustCompile(`^verdict \S+.*\ngo1\.\d+`).MatchString(r.stdout) {
		t.Errorf("verdict version:\n%s", r)
	}
	if r := verdictStdin(t, "", "--version"); r.code != exitOK || !strings.HasPrefix(r.stdout, "verdict ") {
		t.Errorf("verdict --version:\n%s", r)
	}
	// Built as the README builds it, in a git checkout, the version
	// names the commit. Go stamps a build only where .git is a folder,
	// not in a linked worktree, whose .git is a file.
	if st, err := os.Stat("../../.git"); err == nil && !st.IsDir() {
		t.Log("a git worktree: go build records no commit here, so that part is not checked")
		return
	}
	if out, err := exec.Command("git", "rev-parse", "--short=12", "HEAD").Output(); err == nil {
		withVCS := filepath.Join(t.TempDir(), "verdict")
		build := exec.Command("go", "build", "-buildvcs=auto", "-o", withVCS, ".")
		if msg, err := build.CombinedOutput(); err != nil {
			t.Fatalf("go build -buildvcs=auto: %v\n%s", err, msg)
		}
		got, err := exec.Command(withVCS, "version").Output()
		if err != nil {
			t.Fatal(err)
		}
		if commit := strings.TrimSpace(string(out)); !strings.Contains(string(got), "commit "+commit) {
			t.Errorf("version of a build with VCS information does not name commit %s:\n%s", commit, got)
		}
	}
}

func TestCompletion(t *testing.T) {
	for _, shell := range []string{"bash", "zsh", "fish", "powershell"} {
		r := verdictStdin(t, "", "completion", shell)
		if r.code != exitOK || !strings.Contains(r.stdout, "verdict") || len(r.stdout) < 1000 {
			t.Errorf("completion %s: exit %d, %d bytes", shell, r.code, len(r.stdout))
		}
	}
	// The script completes commands and flags through the binary.
	r := verdictStdin(t, "", "__complete", "run", "--fail-")
	if !strings.Contains(r.stdout, "--fail-unless") {
		t.Errorf("completing run --fail-:\n%s", r)
	}
}

func TestStandardInput(t *testing.T) {
	caseJSON, err := os.ReadFile(ragnarok)
	if err != nil {
		t.Fatal(err)
	}
	r := verdictStdin(t, string(caseJSON), "run", "-a", autoApprove, "-c", "-", "--now", "2026-11-24", "--status", "READY_FOR_REVIEW", "--format", "json")
	if r.code != exitOK || !strings.Contains(r.stdout, `"fired": true`) {
		t.Errorf("case from standard input:\n%s", r)
	}
	auto, err := os.ReadFile(autoApprove)
	if err != nil {
		t.Fatal(err)
	}
	r = verdictStdin(t, string(auto), "validate", "-")
	if r.code != exitOK || !strings.Contains(r.stdout, "-: ok (1 automation)") {
		t.Errorf("validate -:\n%s", r)
	}
	// Standard input is read once: two inputs cannot both be -.
	r = verdictStdin(t, string(auto), "run", "-a", "-", "-c", "-")
	if r.code != exitUsage || !strings.Contains(r.stderr, "standard input (-) is named 2 times (-a, -c)") {
		t.Errorf("-a - -c -:\n%s", r)
	}
	r = verdictStdin(t, string(auto), "validate", "-", "-")
	if r.code != exitUsage || !strings.Contains(r.stderr, "only one input can be -") {
		t.Errorf("validate - -:\n%s", r)
	}
}

func TestInputSizeLimit(t *testing.T) {
	// A device that never ends costs the size limit, not all memory.
	if _, err := os.Stat("/dev/zero"); err == nil {
		r := verdictStdin(t, "", "path", "-c", "/dev/zero", "$.a")
		if r.code != exitUnreadable || !strings.Contains(r.stderr, "more than the limit of 33554432 bytes") {
			t.Errorf("path -c /dev/zero:\n%s", r)
		}
	}
	// A large file is refused before it is read.
	dir := t.TempDir()
	big := filepath.Join(dir, "big.json")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(maxInput + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	r := verdictStdin(t, "", "run", "-a", autoApprove, "-c", big)
	if r.code != exitUnreadable || !strings.Contains(r.stderr, "is 33554433 bytes, more than the limit of 33554432") {
		t.Errorf("run -c on a 32 MiB + 1 file:\n%s", r)
	}
	r = verdictStdin(t, "", "validate", dir)
	if r.code != exitUnreadable || !strings.Contains(r.stderr, "is a folder") {
		t.Errorf("validate on a folder:\n%s", r)
	}
}

func TestTerminalEscapes(t *testing.T) {
	dir := t.TempDir()
	evil := writeFile(t, dir, "evil.json", `{"name": "evil\u001b[2J\u001b]0;owned\u0007", "id": "x\u009b31m",
		"trigger": [{"type": "case_status_updated"}], "conditions": [{"type": "equal", "field": "$.s", "value": "\u001b[5m"}],
		"actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`)
	cs := writeFile(t, dir, "case.json", `{"status": "READY_FOR_REVIEW", "s": "\u001b[31mred\u202e"}`)
	for _, args := range [][]string{
		{"run", "-a", evil, "-c", cs, "--status", "READY_FOR_REVIEW"},
		{"run", "-a", evil, "-c", cs},
		{"validate", evil},
		{"backtest", "-a", evil, cs},
	} {
		r := verdictStdin(t, "", args...)
		out := r.stdout + r.stderr
		if strings.ContainsAny(out, "\x1b\x07\u009b\u202e") {
			t.Errorf("verdict %s prints control characters from the definition or case:\n%q", args[0], out)
		}
		if args[0] == "run" && !strings.Contains(out, `evil\e[2J\e]0;owned\u0007`) {
			t.Errorf("verdict run does not show the name, escaped:\n%s", out)
		}
	}
}

func TestRepeatedAutomationFlag(t *testing.T) {
	dir := t.TempDir()
	second := writeFile(t, dir, "second.json", `{"name": "Always", "trigger": [{"type": "case_status_updated"}],
		"conditions": [], "actions": [{"type": "set_case_status", "status": "REVIEW_IN_PROGRESS"}]}`)
	r := verdictStdin(t, "", "run", "-a", autoApprove, "-a", second, "-c", ragnarok, "--now", "2026-11-24", "--status", "READY_FOR_REVIEW", "--format", "json")
	if r.code != exitOK || !strings.Contains(r.stdout, `"name": "Auto approve (corrected)"`) || !strings.Contains(r.stdout, `"name": "Always"`) {
		t.Errorf("two -a: both automations must run:\n%s", r)
	}
	// Both fire and set /status differently: the set reports it.
	if !strings.Contains(r.stdout, `"code": "conflict"`) {
		t.Errorf("two -a: the conflict between them is not reported:\n%s", r)
	}
	bad := writeFile(t, dir, "bad.json", `{"name": "Bad", "trigger": [{"type": "case_status_updated"}], "conditions": [], "actions": []}`)
	r = verdictStdin(t, "", "run", "-a", autoApprove, "-a", bad, "-c", ragnarok)
	if r.code != exitFailed || !strings.Contains(r.stderr, "bad.json: /actions") {
		t.Errorf("an error in the second -a is shown against its file:\n%s", r)
	}
}

func TestFailUnless(t *testing.T) {
	base := []string{"run", "-a", autoApprove, "--now", "2026-11-24", "--status", "READY_FOR_REVIEW"}
	tests := []struct {
		cs, want string
		code     int
	}{
		{ragnarok, "fired", exitOK},
		{ragnarok, "not-fired", exitFailed},
		{ecbert, "fired", exitFailed},
		{ecbert, "not-fired", exitOK},
	}
	for _, tc := range tests {
		r := verdictStdin(t, "", append(base, "-c", tc.cs, "--fail-unless", tc.want)...)
		if r.code != tc.code {
			t.Errorf("%s --fail-unless %s: exit %d, want %d\n%s", filepath.Base(tc.cs), tc.want, r.code, tc.code, r)
		}
		if tc.code == exitFailed && !strings.Contains(r.stderr, "--fail-unless "+tc.want+": automation \"Auto approve (corrected)\"") {
			t.Errorf("%s --fail-unless %s: no reason on stderr:\n%s", filepath.Base(tc.cs), tc.want, r)
		}
	}
}

func TestValidateCaseSchemas(t *testing.T) {
	dir := t.TempDir()
	const dintero = "../../testdata/cases/dintero/cdd-case-update.json"
	r := verdictStdin(t, "", "validate", "--case", "--statuses", "dintero", dintero)
	if r.code != exitOK || !strings.Contains(r.stdout, "a valid dintero case") {
		t.Errorf("validate --case --statuses dintero uses Dintero's schema:\n%s", r)
	}
	// Against the Quickr schema the same body is not a case.
	if r := verdictStdin(t, "", "validate", "--case", dintero); r.code != exitFailed {
		t.Errorf("validate --case on a Dintero body with the Quickr schema:\n%s", r)
	}
	notJSON := writeFile(t, dir, "broken.json", `{"status": `)
	r = verdictStdin(t, "", "validate", "--case", "--case-schema", "none", ragnarok, notJSON)
	if r.code != exitFailed || !strings.Contains(r.stdout, "ragnarok-as.json: ok (a JSON object)") || !strings.Contains(r.stdout, "broken.json:1:12:") {
		t.Errorf("validate --case --case-schema none:\n%s", r)
	}
}

// TestREADMEFlags holds the README to the CLI: every flag a README line
// gives a command exists in that command's help.
func TestREADMEFlags(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	cmdRE := regexp.MustCompile("(?:^|[`| ])(?:go run \\./cmd/)?verdict (demo|run|validate|path|test|backtest|version|completion)\\b((?:[^`|\\\\]|\\\\.)*)")
	flagRE := regexp.MustCompile(`(?:^|\s|\[)(--[a-z][a-z-]*|-[a-z])\b`)
	help := map[string]string{}
	checked := 0
	text := strings.ReplaceAll(string(readme), "\\\n", " ") // shell lines continued with a backslash
	for _, line := range strings.Split(text, "\n") {
		for _, m := range cmdRE.FindAllStringSubmatch(line, -1) {
			cmd := m[1]
			if _, ok := help[cmd]; !ok {
				help[cmd] = verdictStdin(t, "", "help", cmd).stdout
			}
			for _, f := range flagRE.FindAllStringSubmatch(m[2], -1) {
				checked++
				if !strings.Contains(help[cmd], f[1]+" ") && !strings.Contains(help[cmd], f[1]+",") {
					t.Errorf("README gives `verdict %s` the flag %s, which it does not have:\n%s", cmd, f[1], line)
				}
			}
		}
	}
	if checked < 15 {
		t.Errorf("checked only %d flags in the README; the pattern no longer finds its command lines", checked)
	}
}

// TestREADMENamesEveryFlag: every flag a command's help lists is in the
// README, by its long name or its shorthand; test's -v and --coverage,
// and the root's --version, were not.
func TestREADMENamesEveryFlag(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	flagRE := regexp.MustCompile(`(?m)^\s+(?:-([a-z]), )?--([a-z][a-z-]*)`)
	named := func(text string) bool {
		return regexp.MustCompile("(?:^|[\\s\\[(`])" + regexp.QuoteMeta(text) + "(?:[\\s\\]`=,)]|$)").Match(readme)
	}
	checked := 0
	for _, args := range [][]string{{"--help"}, {"help", "demo"}, {"help", "run"}, {"help", "validate"}, {"help", "path"},
		{"help", "test"}, {"help", "backtest"}, {"help", "version"}} {
		for _, m := range flagRE.FindAllStringSubmatch(verdictStdin(t, "", args...).stdout, -1) {
			if m[2] == "help" {
				continue
			}
			checked++
			if !named("--"+m[2]) && (m[1] == "" || !named("-"+m[1])) {
				t.Errorf("verdict %s has the flag --%s, which the README does not name", strings.Join(args, " "), m[2])
			}
		}
	}
	if checked < 40 {
		t.Errorf("checked only %d flags; the pattern no longer finds them in the help", checked)
	}
}

// TestStandardInputOnce: a command line that names standard input (-) for
// two inputs is a usage error before anything is read. run -a - -c - read
// the case as automations and printed a page of definition errors (exit 1).
func TestStandardInputOnce(t *testing.T) {
	cs, err := os.ReadFile(ragnarok)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"run", "-a", "-", "-c", "-"}, "(-a, -c)"},
		{[]string{"run", "-a", autoApprove, "-a", "-", "-c", "-", "--status", "READY_FOR_REVIEW"}, "(-a, -c)"},
		{[]string{"run", "-a", autoApprove, "-c", "-", "-e", "-"}, "(-c, -e)"},
		{[]string{"run", "-a", autoApprove, "-c", "-", "--context-fields", "-"}, "(-c, --context-fields)"},
		{[]string{"validate", "-", "-"}, "(an argument, an argument)"},
		{[]string{"backtest", "-a", "-", "-"}, "(-a, an argument)"},
		{[]string{"backtest", "-a", autoApprove, "--baseline", "-", "-"}, "(--baseline, an argument)"},
		{[]string{"test", "--context-fields", "-", "-"}, "(--context-fields, an argument)"},
		{[]string{"validate", "--case", "--case-schema", "-", "-"}, "(--case-schema, an argument)"},
	} {
		r := verdictStdin(t, string(cs), tc.args...)
		if r.code != 2 || !strings.Contains(r.stderr, "standard input (-) is named 2 times "+tc.want+": only one input can be -") || r.stdout != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2 naming %s", tc.args, r.code, r.stdout, r.stderr, tc.want)
		}
	}
	// One - is read.
	if r := verdictStdin(t, string(cs), "run", "-a", autoApprove, "-c", "-", "--status", "READY_FOR_REVIEW"); r.code != 0 {
		t.Errorf("run -c -: exit %d: %s", r.code, r.stderr)
	}
}

func TestBacktestStandardInput(t *testing.T) {
	a, err := os.ReadFile(ragnarok)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(ecbert)
	if err != nil {
		t.Fatal(err)
	}
	compact := func(data []byte) string {
		return strings.Join(strings.Fields(string(data)), " ")
	}
	ndjson := compact(a) + "\n" + compact(b) + "\n"
	r := verdictStdin(t, ndjson, "backtest", "-a", autoApprove, "--now", "2026-11-24", "--status", "READY_FOR_REVIEW", "-")
	if r.code != exitOK || !strings.Contains(r.stdout, "2 evaluated") || !strings.Contains(r.stdout, "fired:      1") {
		t.Errorf("backtest -: cases on standard input:\n%s", r)
	}
	r = verdictStdin(t, ndjson, "backtest", "-a", "-", "-")
	if r.code != exitUsage || !strings.Contains(r.stderr, "only one input can be -") {
		t.Errorf("backtest -a - -:\n%s", r)
	}
}

// TestExitCodesMatchREADME holds the root help's exit codes to the
// README's table, word for word.
func TestExitCodesMatchREADME(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	norm := func(s string) string { return strings.Join(strings.Fields(strings.ReplaceAll(s, "`", "")), " ") }
	var want []string
	in := false
	for _, line := range strings.Split(string(readme), "\n") {
		switch {
		case strings.HasPrefix(line, "| code | meaning |"):
			in = true
		case in && strings.HasPrefix(line, "|---"):
		case in && strings.HasPrefix(line, "| "):
			cells := strings.SplitN(strings.Trim(line, "| "), " | ", 2)
			want = append(want, norm(cells[0]+" "+cells[1]))
		case in:
			in = false
		}
	}
	var got []string
	for _, line := range strings.Split(exitCodes, "\n")[1:] {
		if f := strings.Fields(line); len(f) > 0 && f[0][0] >= '0' && f[0][0] <= '9' {
			got = append(got, norm(line))
		} else if len(got) > 0 {
			got[len(got)-1] = norm(got[len(got)-1] + " " + line)
		}
	}
	if len(want) < 4 {
		t.Fatalf("found %d rows of exit codes in the README", len(want))
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("the root help's exit codes:\n%s\nthe README's:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestEnvironmentInHelp: the root help names the environment variables the
// binary reads, with the heap floor it sets, and the README says the same.
func TestEnvironmentInHelp(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var out, errOut strings.Builder
	if code := realMain([]string{"help"}, strings.NewReader(""), &out, &errOut); code != 0 {
		t.Fatalf("verdict help: exit %d: %s", code, errOut.String())
	}
	floor := fmt.Sprintf("grow by %d MB", heapFloor>>20)
	for _, s := range []string{"NO_COLOR", "GOGC", "GOMEMLIMIT", floor} {
		if !strings.Contains(strings.Join(strings.Fields(out.String()), " "), s) {
			t.Errorf("the root help does not say %q", s)
		}
		if !strings.Contains(strings.Join(strings.Fields(string(readme)), " "), s) {
			t.Errorf("the README does not say %q", s)
		}
	}
}
