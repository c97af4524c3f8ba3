package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"os/exec"

	"github.com/verdict-rules/verdict/schema"
)

const (
	approve = `{"name": "approve", "triggers": [{"type": "case_status_updated"}],
  "conditions": [{"type": "greater_than_or_equal", "field": "$.score", "value": 70}],
  "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`
	okLine = `{"status": "READY_FOR_REVIEW", "score": 80}`
)

// noTemp fails when a temporary file of --out is left in dir.
func noTemp(t *testing.T, dir string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Item: --out never names an input, is written whole or not at all, and
// its lines are refused as input.
func TestE2EBacktestOut(t *testing.T) {
	corpus := okLine + "\n" + `{"status": "READY_FOR_REVIEW", "score": 10}` + "\n"
	dir := files(t, map[string]string{
		"approve.json":   approve,
		"corpus.ndjson":  corpus,
		"cases/a.json":   okLine,
		"cases/b.json":   `{"status": "READY_FOR_REVIEW", "score": 50}`,
		"old-out.ndjson": "old results\n",
	})
	if err := os.Symlink("corpus.ndjson", filepath.Join(dir, "link.ndjson")); err != nil {
		t.Fatal(err)
	}
	bt := func(args ...string) result {
		return verdict(t, dir, append([]string{"backtest", "-a", "approve.json", "--status", "READY_FOR_REVIEW"}, args...)...)
	}
	for _, tc := range []struct {
		out    string
		inputs []string
		want   string
	}{
		{"corpus.ndjson", []string{"corpus.ndjson"}, "verdict backtest: --out names an input: the output corpus.ndjson is the input corpus.ndjson: writing it would destroy an input of the run"},
		{"./corpus.ndjson", []string{"cases", "corpus.ndjson"}, "the output ./corpus.ndjson is the input corpus.ndjson"},
		{"link.ndjson", []string{"corpus.ndjson"}, "the output link.ndjson is the input corpus.ndjson"},
		{"cases/results.ndjson", []string{"cases"}, "the output cases/results.ndjson is inside the input folder cases"},
		{"cases/a.json", []string{"cases"}, "the output cases/a.json is inside the input folder cases"},
	} {
		r := bt(append([]string{"--out", tc.out}, tc.inputs...)...)
		r.expect(t, 2, tc.want)
		if got := read(t, filepath.Join(dir, "corpus.ndjson")); got != corpus {
			t.Errorf("--out %s changed the corpus: %q", tc.out, got)
		}
		if _, err := os.Stat(filepath.Join(dir, "cases", "results.ndjson")); err == nil {
			t.Errorf("--out %s created a file in the input folder", tc.out)
		}
		noTemp(t, dir)
		noTemp(t, filepath.Join(dir, "cases"))
	}

	// A good run writes every line, each marked as a result.
	bt("--out", "results.ndjson", "corpus.ndjson").expect(t, 0, "cases:      2 evaluated, 0 skipped")
	lines := strings.Split(strings.TrimSpace(read(t, filepath.Join(dir, "results.ndjson"))), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], `{"verdict_result":1,"case":"corpus.ndjson:1","decided_by":"/conditions",`) {
		t.Errorf("results:\n%s", strings.Join(lines, "\n"))
	}
	noTemp(t, dir)

	// The results given back as cases are refused, line by line, not
	// evaluated.
	bt("results.ndjson").expect(t, 3, "cases:      0 evaluated, 2 skipped",
		"results.ndjson:1: a verdict result (backtest --out writes them), not a case",
		"results.ndjson:2: a verdict result (backtest --out writes them), not a case")
	bt("--allow-skipped", "results.ndjson").expect(t, 0, "0 evaluated, 2 skipped")

	// A run that skips cases fails and leaves --out as it was.
	os.WriteFile(filepath.Join(dir, "cases", "broken.json"), []byte(`{"status": `), 0o644)
	bt("--out", "old-out.ndjson", "cases").expect(t, 3, "cases/broken.json: 1:12:", "1 case skipped")
	if got := read(t, filepath.Join(dir, "old-out.ndjson")); got != "old results\n" {
		t.Errorf("a failed run changed --out: %q", got)
	}
	noTemp(t, dir)
	bt("--out", "old-out.ndjson", "--allow-skipped", "cases").expect(t, 0)
	if got := read(t, filepath.Join(dir, "old-out.ndjson")); strings.Count(got, `"verdict_result":1`) != 2 {
		t.Errorf("--allow-skipped: --out holds %q", got)
	}
}

// Item: an interrupted run leaves --out as it was and removes its
// temporary file.
func TestE2EBacktestInterrupted(t *testing.T) {
	dir := files(t, map[string]string{"approve.json": approve, "out.ndjson": "old\n"})
	fifo := filepath.Join(dir, "feed.ndjson")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("no named pipes here:", err)
	}
	cmd := exec.Command(binary, "backtest", "-a", "approve.json", "--status", "READY_FOR_REVIEW", "--workers", "1", "--out", "out.ndjson", "feed.ndjson")
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	w, err := os.OpenFile(fifo, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	// Keep the run fed; once 1 MB has gone through, it is under way.
	fed := make(chan struct{})
	go func() {
		line := []byte(okLine + "\n")
		written := 0
		for {
			if _, err := w.Write(line); err != nil {
				return
			}
			if written += len(line); written > 1<<20 && fed != nil {
				close(fed)
				fed = nil
			}
		}
	}()
	select {
	case <-fed:
	case <-time.After(60 * time.Second):
		t.Fatal("the backtest did not read its input")
	}
	cmd.Process.Signal(os.Interrupt)
	// A run that does not stop is a failure, not a hung test.
	kill := time.AfterFunc(60*time.Second, func() { cmd.Process.Kill() })
	defer kill.Stop()
	err = cmd.Wait()
	w.Close()
	if code := cmd.ProcessState.ExitCode(); code != exitInterrupted {
		t.Errorf("exit %d (%v), want %d\n%s", code, err, exitInterrupted, stderr.String())
	}
	if !strings.Contains(stderr.String(), "interrupted; nothing was written to --out") {
		t.Errorf("stderr: %s", stderr.String())
	}
	if got := read(t, filepath.Join(dir, "out.ndjson")); got != "old\n" {
		t.Errorf("an interrupted run changed --out: %q", got)
	}
	noTemp(t, dir)
}

// Item: skipped cases make the run fail unless --allow-skipped; the list
// is capped and says how many more there are; an over-long line is
// reported with its line and the next lines are read.
func TestE2EBacktestSkipped(t *testing.T) {
	long := `{"status": "READY_FOR_REVIEW", "pad": "` + strings.Repeat("x", 500) + `"}`
	dir := files(t, map[string]string{
		"approve.json": approve,
		"c.ndjson":     strings.Join([]string{okLine, long, okLine, "[1]", "{", "nope", okLine}, "\n") + "\n",
	})
	bt := func(args ...string) result {
		return verdict(t, dir, append([]string{"backtest", "-a", "approve.json", "--status", "READY_FOR_REVIEW"}, args...)...)
	}
	r := bt("--max-case-bytes", "200", "--list", "2", "c.ndjson")
	r.expect(t, 3, "cases:      3 evaluated, 4 skipped",
		"c.ndjson:2: the line is longer than the limit of 200 bytes (Options.MaxCaseBytes; the CLI's --max-case-bytes); it is skipped and reading goes on with the next line",
		"c.ndjson:4: 1:1: a case must be a JSON object, found an array",
		"… and 2 more, not listed (--list)",
		"verdict backtest: 4 cases skipped, so the summary leaves them out; --allow-skipped accepts that")
	if strings.Contains(r.stdout, "c.ndjson:5") {
		t.Errorf("the list is not capped:\n%s", r)
	}
	bt("--max-case-bytes", "200", "--allow-skipped", "c.ndjson").expect(t, 0, "c.ndjson:6: 1:1:", "3 evaluated, 4 skipped")
	bt("--allow-skipped", "c.ndjson").expect(t, 0, "4 evaluated, 3 skipped")
	bt("missing.ndjson").expect(t, 3, "missing.ndjson")
}

// Item: the baseline's automations are paired one to one, by id, then by
// name; the README's command says what it compares; ambiguity is a usage
// error.
func TestE2EBaselinePairing(t *testing.T) {
	auto := func(id, name string, min int) string {
		idPart := ""
		if id != "" {
			idPart = `"id": "` + id + `", `
		}
		return `{` + idPart + `"name": "` + name + `", "triggers": [{"type": "case_status_updated"}],
		  "conditions": [{"type": "greater_than_or_equal", "field": "$.score", "value": ` + itoa(min) + `}],
		  "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`
	}
	dir := files(t, map[string]string{
		"new.json": "[" + auto("1", "approve v2", 60) + "," + auto("", "strict", 90) + "," + auto("", "new one", 0) + "]",
		"old.json": "[" + auto("", "strict", 90) + "," + auto("1", "approve", 70) + "," + auto("", "retired", 0) + "]",
		"dup.json": "[" + auto("", "same", 60) + "," + auto("", "same", 70) + "]",
		"c.ndjson": `{"status": "READY_FOR_REVIEW", "score": 65}` + "\n" + `{"status": "READY_FOR_REVIEW", "score": 95}` + "\n",
	})
	bt := func(args ...string) result {
		return verdict(t, dir, append([]string{"backtest", "--status", "READY_FOR_REVIEW", "--now", "2026-11-24"}, args...)...)
	}
	bt("-a", "new.json", "--baseline", "old.json", "c.ndjson").expect(t, 0,
		`comparing "approve v2" (id 1) with the baseline's "approve" (id 1) (paired by id)`,
		`comparing "strict" with the baseline's "strict" (paired by name)`,
		`no partner in the baseline for "new one": not compared`,
		`no partner among the automations for the baseline's "retired": not compared`,
		"decided differently from the baseline: 1 case\n",
		`c.ndjson:1 (approve v2): not fired  ⇒  fired: /status → "ACTIVE"`)
	bt("-a", "dup.json", "--baseline", "old.json", "c.ndjson").expect(t, 2,
		`verdict backtest: cannot pair the automations with their baseline: the automations hold 2 automations with the name "same"`)
	bt("-a", "new.json", "--baseline", "dup.json", "c.ndjson").expect(t, 2, `the baseline holds 2 automations with the name "same"`)
	// The README's command: one automation on each side.
	r := verdict(t, "", "backtest", "-a", autoApprove, "--baseline", autoDocs, "--status", "READY_FOR_REVIEW", "--now", "2026-11-24", "../../testdata/cases/quickr")
	r.expect(t, 0, `comparing "Auto approve (corrected)" (id PQ1230483.automation.13294830) with the baseline's "Auto approve" (id PQ1230483.automation.13294829) (the only automation on each side)`,
		"decided differently from the baseline: 2 cases")
}

func itoa(n int) string { return strconv.Itoa(n) }

// Item: the summary shows the automations' static warnings, the cases
// where fired automations conflict and what decided each outcome; item:
// API list responses are evaluated case by case.
func TestE2EBacktestSummary(t *testing.T) {
	dir := files(t, map[string]string{
		"two.json": `[` + approve + `, {"name": "decline", "triggers": [{"type": "case_status_updated"}],
		  "conditions": [{"type": "less_than", "field": "$.score", "value": 90},
		                 {"type": "equal", "field": "$.checks[?(@.type==='sanctions')].status", "value": "COMPLETED", "match": "any"}],
		  "actions": [{"type": "set_case_status", "status": "DECLINED"}]}]`,
		"cases/list.json": `{"data": [{"status": "READY_FOR_REVIEW", "score": 80, "checks": [{"type": "sanctions", "status": "COMPLETED"}]},
		  {"status": "READY_FOR_REVIEW", "score": 95}, {"score": 10}], "pagination": {}}`,
	})
	r := verdict(t, dir, "backtest", "-a", "two.json", "--status", "READY_FOR_REVIEW", "--list", "5", "cases")
	r.expect(t, 0, "cases:      3 evaluated, 0 skipped",
		"conflicts:  1 (cases where fired automations set one field to different values)",
		"without a status member: 1 case",
		"decided by (the condition that settled the outcome; /conditions: all held):",
		"  \"approve\"\n    /conditions                        2\n    /conditions/0                      1\n",
		"  \"decline\"\n    /conditions                        1\n    /conditions/0                      1\n    /conditions/1                      1\n",
		`"decline": /conditions/1/field: "sanctions" is not a check type the case schema allows`,
		`"approve": /conditions/0/field: the case schema has no member "score" here`)
}

// Item: --format json prints the summary as its schema describes.
func TestE2EBacktestJSON(t *testing.T) {
	dir := files(t, map[string]string{
		"approve.json": approve,
		"c.ndjson":     okLine + "\n[1]\n" + `{"status": "READY_FOR_REVIEW", "score": 10}` + "\n",
	})
	r := verdict(t, dir, "backtest", "-a", "approve.json", "--baseline", "approve.json", "--status", "READY_FOR_REVIEW",
		"--format", "json", "--allow-skipped", "--list", "0", "c.ndjson")
	r.expect(t, 0)
	doc := validJSON(t, schema.BacktestOutputFile, r.stdout)
	m := doc.(map[string]any)
	if m["cases"].(json.Number) != "2" || m["skipped_not_listed"].(json.Number) != "1" || m["baseline"] == nil {
		t.Errorf("json summary:\n%s", r.stdout)
	}
}

// validJSON decodes out and validates it against an embedded schema.
func validJSON(t *testing.T, schemaFile, out string) any {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(out))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if dec.More() {
		t.Fatalf("more than one JSON value:\n%s", out)
	}
	v, err := schema.Embedded(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range v.Validate(doc) {
		t.Errorf("%s: %s", schemaFile, e)
	}
	return doc
}
