package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// validate takes --context-fields, as run does; backtest takes
// --case-schema.
func TestE2EValidateContextFieldsAndBacktestCaseSchema(t *testing.T) {
	dir := files(t, map[string]string{
		"uses.json": `{"name": "uses", "triggers": [{"type": "case_status_updated"}],
		  "conditions": [{"type": "greater_than", "field": "$.context.double_score", "value": 100}],
		  "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`,
		"fields.json": `{"double_score": "case.score * 2"}`,
		"schema.json": `{"type": "object", "properties": {"status": {"type": "string"}, "score": {"type": "number"}}}`,
		"c.ndjson":    okLine + "\n",
	})
	verdict(t, dir, "validate", "uses.json").expect(t, 1, "double_score")
	verdict(t, dir, "validate", "--context-fields", "fields.json", "uses.json").expect(t, 0, "uses.json: ok (1 automation)")
	verdict(t, dir, "run", "-a", "uses.json", "--context-fields", "fields.json", "-c", writeFile(t, dir, "case.json", okLine)).expect(t, 0)
	// The Quickr schema does not know the check type the automation sets;
	// with --case-schema none there is nothing to check it against.
	check := abs(t, "../../testdata/validate/unknown-check-type.json")
	r := verdict(t, dir, "backtest", "-a", check, "c.ndjson")
	withQuickr := r.stdout
	r = verdict(t, dir, "backtest", "-a", check, "--case-schema", "none", "c.ndjson")
	r.expect(t, 0)
	if !strings.Contains(withQuickr, "warnings of the automations") || strings.Contains(r.stdout, "warnings of the automations") {
		t.Errorf("--case-schema none leaves the warnings as they were:\n%s\n---\n%s", withQuickr, r.stdout)
	}
	verdict(t, dir, "backtest", "-a", "uses.json", "--context-fields", "fields.json", "--case-schema", "schema.json", "c.ndjson").expect(t, 0, "1 evaluated")
}

// No control character of a file name, a flag or an argument reaches the
// terminal, in any message.
func TestE2EControlCharactersInMessages(t *testing.T) {
	dir := files(t, map[string]string{"approve.json": approve, "case.json": okLine})
	for _, args := range [][]string{
		{"run", "-a", "nofile\x1b[2J", "-c", "case.json"},
		{"run", "-a", "approve.json", "-c", "case\x1b]0;owned\x07.json"},
		{"validate", "--x\x1b[2J"},
		{"validate", "nofile\x1b[2J.json"},
		{"bogus\x1b[2J"},
		{"help", "bogus\x1b[2J"},
		{"completion", "sh\x1b[2J"},
		{"backtest", "-a", "approve.json", "cases\x1b[2J"},
		{"backtest", "-a", "approve.json", "--out", "x\x1b[2J/out.ndjson", "case.json"},
		{"test", "no\u009bsuite"},
		{"path", "-c", "case.json", "$.a\x1b"},
	} {
		r := verdict(t, dir, args...)
		if out := r.stdout + r.stderr; strings.ContainsAny(out, "\x1b\x07\u009b") {
			t.Errorf("verdict %q prints a control character:\n%q", args, out)
		}
		if r.code == 0 {
			t.Errorf("verdict %q succeeds", args)
		}
	}
	verdict(t, dir, "run", "-a", "nofile\x1b[2J", "-c", "case.json").expect(t, 3, `open nofile\e[2J: no such file or directory`)
	verdict(t, dir, "validate", "--x\x1b[2J").expect(t, 2, `unknown flag: --x\e[2J`)
}

// run refuses a verdict result as its case: the JSON run prints, and a
// line backtest --out writes.
func TestE2ERunRefusesResults(t *testing.T) {
	dir := files(t, map[string]string{"approve.json": approve, "case.json": okLine, "c.ndjson": okLine + "\n"})
	r := verdict(t, dir, "run", "-a", "approve.json", "-c", "case.json", "--format", "json")
	r.expect(t, 0)
	writeFile(t, dir, "printed.json", r.stdout)
	verdict(t, dir, "backtest", "-a", "approve.json", "--out", "out.ndjson", "c.ndjson").expect(t, 0)
	line := strings.TrimSpace(read(t, filepath.Join(dir, "out.ndjson")))
	writeFile(t, dir, "line.json", line)
	writeFile(t, dir, "plain.json", strings.Replace(line, `"verdict_result":1,`, "", 1))
	for _, f := range []string{"printed.json", "line.json", "plain.json"} {
		verdict(t, dir, "run", "-a", "approve.json", "-c", f).expect(t, 3, f+":", "a verdict result (backtest --out writes them), not a case")
	}
}

// completion and help refuse what they do not know, listing what they
// do.
func TestE2ECompletionAndHelpTopics(t *testing.T) {
	verdictStdin(t, "", "completion", "tcsh").expect(t, 2, `no completion script for the shell "tcsh": the shells are bash, fish, powershell, zsh`)
	verdictStdin(t, "", "completion").expect(t, 2, "name a shell: bash, fish, powershell, zsh")
	verdictStdin(t, "", "help", "bogus").expect(t, 2, `no help topic "bogus": the commands are backtest, completion, demo,`)
	verdictStdin(t, "", "help").expect(t, 0, "Available Commands:")
}

// The smaller fixes: a CRLF line of exactly --max-case-bytes, validate
// --strict's verdict, run's evaluation errors, an expected status outside
// the vocabulary, and demo's help.
func TestE2EMinorFixes(t *testing.T) {
	values := make([]string, 100_001)
	for i := range values {
		values[i] = "1"
	}
	dir := files(t, map[string]string{
		"approve.json": approve,
		"crlf.ndjson":  okLine + "\r\n" + okLine + "\r\n",
		"descend.json": `{"name": "descend", "triggers": [{"type": "case_status_updated"}],
		  "conditions": [{"type": "equal", "field": "$..*", "value": 2, "match": "any"}], "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`,
		"huge.json": `{"status": "READY_FOR_REVIEW", "a": [` + strings.Join(values, ",") + `]}`,
		"typo.suite.json": `{"automation": "approve.json", "now": "2026-11-24",
		  "event": {"type": "case_status_updated", "status": "READY_FOR_REVIEW"},
		  "tests": [{"name": "typo", "case": {"status": "READY_FOR_REVIEW", "score": 80}, "expect": {"fired": true, "status": "ACTIV"}}]}`,
	})
	verdict(t, dir, "backtest", "-a", "approve.json", "--max-case-bytes", itoa(len(okLine)), "crlf.ndjson").expect(t, 0, "cases:      2 evaluated, 0 skipped")
	verdict(t, dir, "backtest", "-a", "approve.json", "--max-case-bytes", itoa(len(okLine)-1), "--allow-skipped", "crlf.ndjson").expect(t, 0, "0 evaluated, 2 skipped")
	r := verdict(t, "", "validate", "--strict", "../../testdata/validate/docs-auto-approve-trigger.json")
	r.expect(t, 1, "docs-auto-approve-trigger.json: invalid under --strict: ")
	if strings.Contains(r.stdout, ": valid (") {
		t.Errorf("validate --strict calls a file with warnings valid:\n%s", r)
	}
	verdict(t, dir, "run", "-a", "descend.json", "-c", "huge.json").expect(t, 3, "huge.json: ", "yields more than 100000 values")
	verdict(t, dir, "test", "typo.suite.json").expect(t, 1,
		`typo.suite.json: /tests/0/expect/status: unknown case status "ACTIV" (did you mean "ACTIVE"?)`)
	r = verdict(t, dir, "demo", "--help")
	if strings.Count(r.stdout, "(default 2026-11-24T09:00:00Z") != 1 {
		t.Errorf("demo --help gives --now's default other than once:\n%s", r.stdout)
	}
}
