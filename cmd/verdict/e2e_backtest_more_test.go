package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/verdict-rules/verdict/schema"
)

// --out is refused when it names any input of the run: the automations,
// the baseline, the event, the context fields and the case schema as well
// as the cases; none of them is changed.
func TestE2EOutNamesAnyInput(t *testing.T) {
	contents := map[string]string{
		"approve.json":  approve,
		"old.json":      approve,
		"event.json":    `{"type": "case_status_updated", "status": "READY_FOR_REVIEW"}`,
		"fields.json":   `{"double_score": "case.score * 2"}`,
		"schema.json":   `{"type": "object"}`,
		"cases/a.json":  okLine,
		"corpus.ndjson": okLine + "\n",
	}
	dir := files(t, contents)
	run := []string{"backtest", "-a", "approve.json", "--baseline", "old.json", "-e", "event.json",
		"--context-fields", "fields.json", "--case-schema", "schema.json", "cases"}
	for _, out := range []string{"approve.json", "./old.json", "event.json", "fields.json", "schema.json"} {
		r := verdict(t, dir, append(run, "--out", out)...)
		r.expect(t, 2, "verdict backtest: --out names an input: the output "+out+" is the input ")
	}
	for name, want := range contents {
		if got := read(t, filepath.Join(dir, name)); got != want {
			t.Errorf("%s changed: %q", name, got)
		}
	}
	noTemp(t, dir)
}

// --out is refused when a case file of an input folder is a link to it,
// symbolic or hard, though it lies outside the folder.
func TestE2EOutThroughLinkInFolder(t *testing.T) {
	corpus := okLine + "\n" + `{"status": "READY_FOR_REVIEW", "score": 10}` + "\n"
	dir := files(t, map[string]string{"approve.json": approve, "realcases.ndjson": corpus, "c2/a.json": okLine, "c3/a.json": okLine})
	if err := os.Symlink("../realcases.ndjson", filepath.Join(dir, "c2", "x.ndjson")); err != nil {
		t.Fatal(err)
	}
	if err := os.Link(filepath.Join(dir, "realcases.ndjson"), filepath.Join(dir, "c3", "y.ndjson")); err != nil {
		t.Fatal(err)
	}
	verdict(t, dir, "backtest", "-a", "approve.json", "--out", "realcases.ndjson", "c2").expect(t, 2,
		"--out names an input: the output realcases.ndjson is c2/x.ndjson, a file the input folder c2 holds (through a link)")
	verdict(t, dir, "backtest", "-a", "approve.json", "--out", "realcases.ndjson", "c3").expect(t, 2,
		"the output realcases.ndjson is c3/y.ndjson, a file the input folder c3 holds (through a link)")
	if got := read(t, filepath.Join(dir, "realcases.ndjson")); got != corpus {
		t.Errorf("the corpus changed: %q", got)
	}
	noTemp(t, dir)
}

// signalBacktest starts a backtest reading a named pipe that is fed
// without end, sends sig once it is under way, and returns its exit code
// and standard error; it fails the test when the run has not ended a
// minute later.
func signalBacktest(t *testing.T, sig os.Signal, feed []byte, extra ...string) (int, string) {
	t.Helper()
	dir := files(t, map[string]string{"approve.json": approve, "out.ndjson": "old\n"})
	fifo := filepath.Join(dir, "feed.ndjson")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("no named pipes here:", err)
	}
	args := append([]string{"backtest", "-a", "approve.json", "--status", "READY_FOR_REVIEW", "--workers", "1"}, extra...)
	cmd := exec.Command(binary, append(args, "feed.ndjson")...)
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
	defer w.Close()
	fed := make(chan struct{})
	go func() {
		written := 0
		for {
			if _, err := w.Write(feed); err != nil {
				return
			}
			if written += len(feed); written > 1<<20 && fed != nil {
				close(fed)
				fed = nil
			}
		}
	}()
	select {
	case <-fed:
	case <-time.After(time.Minute):
		t.Fatal("the backtest did not read its input")
	}
	cmd.Process.Signal(sig)
	kill := time.AfterFunc(time.Minute, func() { cmd.Process.Kill() })
	defer kill.Stop()
	cmd.Wait()
	if got := read(t, filepath.Join(dir, "out.ndjson")); got != "old\n" {
		t.Errorf("an interrupted run changed --out: %q", got)
	}
	noTemp(t, dir)
	return cmd.ProcessState.ExitCode(), stderr.String()
}

// A backtest skipping a line that never ends (a link to /dev/zero) stops
// on Ctrl-C and on SIGTERM, with 128 + the signal's number; "nothing was
// written to --out" is said only when there is an --out.
func TestE2EBacktestSignals(t *testing.T) {
	zeros := make([]byte, 64<<10)
	for _, tc := range []struct {
		name  string
		sig   os.Signal
		feed  []byte
		extra []string
		code  int
		want  string
	}{
		{"Ctrl-C while skipping a line without end", os.Interrupt, zeros, []string{"--out", "out.ndjson"}, 130, "verdict backtest: interrupted; nothing was written to --out\n"},
		{"SIGTERM while skipping a line without end", syscall.SIGTERM, zeros, nil, 143, "verdict backtest: interrupted\n"},
		{"SIGTERM between cases", syscall.SIGTERM, []byte(okLine + "\n"), []string{"--out", "out.ndjson"}, 143, "interrupted; nothing was written to --out"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stderr := signalBacktest(t, tc.sig, tc.feed, tc.extra...)
			if code != tc.code || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d, want %d; stderr:\n%s\nwant %q", code, tc.code, stderr, tc.want)
			}
		})
	}
}

// --workers is bounded, and its help says so.
func TestE2EWorkersBound(t *testing.T) {
	dir := files(t, map[string]string{"approve.json": approve, "c.ndjson": okLine + "\n"})
	verdict(t, dir, "backtest", "-a", "approve.json", "--workers", "1025", "c.ndjson").expect(t, 2,
		"--workers must be from 1 to 1024 (or 0 for the number of CPUs), not 1025")
	verdict(t, dir, "backtest", "-a", "approve.json", "--workers", "-1", "c.ndjson").expect(t, 2, "--workers must be from 1 to 1024")
	verdict(t, dir, "backtest", "-a", "approve.json", "--workers", "1024", "c.ndjson").expect(t, 0, "1 evaluated")
	verdict(t, dir, "help", "backtest").expect(t, 0, "cases evaluated at once, at most 1024")
}

// An event needs a status: --status "" and an event without one are usage
// errors, as is an empty previous_status; a run or backtest without an
// event says it is a conditions-only dry run.
func TestE2EEventStatus(t *testing.T) {
	dir := files(t, map[string]string{
		"approve.json":   approve,
		"case.json":      okLine,
		"c.ndjson":       okLine + "\n",
		"nostatus.json":  `{"type": "case_status_updated"}`,
		"emptyprev.json": `{"type": "case_status_change", "status": "READY_FOR_REVIEW", "previous_status": ""}`,
	})
	for _, cmd := range [][]string{{"run", "-a", "approve.json", "-c", "case.json"}, {"backtest", "-a", "approve.json", "c.ndjson"}} {
		run := func(extra ...string) result { return verdict(t, dir, append(append([]string{}, cmd...), extra...)...) }
		run("--status", "").expect(t, 2, "--status needs a status")
		run("--status", " ").expect(t, 2, "--status needs a status")
		run("-e", "nostatus.json").expect(t, 2, "nostatus.json: invalid event: status: a case_status_updated event needs a status")
		run("-e", "emptyprev.json").expect(t, 2, "emptyprev.json: invalid event: previous_status: the previous status is empty; leave the member out when there is none")
	}
	verdict(t, dir, "run", "-a", "approve.json", "-c", "case.json").expect(t, 0, "event:   none (conditions-only dry run)")
	verdict(t, dir, "backtest", "-a", "approve.json", "c.ndjson").expect(t, 0, "event: none (conditions-only dry run: fired means the conditions held)\n")
	r := verdict(t, dir, "backtest", "-a", "approve.json", "--format", "json", "c.ndjson")
	r.expect(t, 0, `"event": null`, `"dry_run": true`)
	validJSON(t, schema.BacktestOutputFile, r.stdout)
	r = verdict(t, dir, "backtest", "-a", "approve.json", "--status", "READY_FOR_REVIEW", "--format", "json", "c.ndjson")
	r.expect(t, 0, `"type": "case_status_updated"`, `"dry_run": false`)
	validJSON(t, schema.BacktestOutputFile, r.stdout)
	if r := verdict(t, dir, "backtest", "-a", "approve.json", "--status", "READY_FOR_REVIEW", "c.ndjson"); strings.Contains(r.stdout, "event: none") {
		t.Errorf("a run with an event calls itself a dry run:\n%s", r)
	}
}

// A backtest that finds no case fails instead of summing up nothing;
// folders are read case-insensitively and the files they hold that are
// not read are counted.
func TestE2EBacktestFolders(t *testing.T) {
	dir := files(t, map[string]string{
		"approve.json":     approve,
		"text/notes.txt":   "x",
		"mixed/A.JSON":     okLine,
		"mixed/c.NDJSON":   okLine + "\n" + okLine + "\n",
		"mixed/readme.txt": "x",
		"blank.ndjson":     "\n",
	})
	if err := os.Mkdir(filepath.Join(dir, "empty"), 0o755); err != nil {
		t.Fatal(err)
	}
	bt := func(args ...string) result {
		return verdict(t, dir, append([]string{"backtest", "-a", "approve.json", "--status", "READY_FOR_REVIEW"}, args...)...)
	}
	bt("empty").expect(t, 3, "verdict backtest: no cases found in empty (folders are searched for .json, .ndjson and .jsonl files)")
	bt("text").expect(t, 3, "no cases found in text (folders are searched for .json, .ndjson and .jsonl files; 1 other file ignored)")
	bt("blank.ndjson").expect(t, 3, "no cases found in blank.ndjson")
	verdictStdin(t, "\n", "backtest", "-a", abs(t, autoApprove), "-").expect(t, 3, "no cases found in standard input")
	bt("mixed").expect(t, 0, "cases:      3 evaluated, 0 skipped", "ignored: 1 file that is neither .json, .ndjson nor .jsonl")
	r := bt("--format", "json", "mixed")
	r.expect(t, 0, `"ignored_files": 1`)
	validJSON(t, schema.BacktestOutputFile, r.stdout)
}

// The summary counts distinct cases decided differently, gives the
// trigger the outcomes it settled, reads on after a result line, and
// counts only real status changes.
func TestE2EBacktestSummaryCounts(t *testing.T) {
	two := func(min string) string {
		return `[{"id": "1", "name": "a", "triggers": [{"type": "case_status_updated", "status": "READY_FOR_REVIEW"}],
		  "conditions": [{"type": "greater_than_or_equal", "field": "$.score", "value": ` + min + `}], "actions": [{"type": "set_case_status", "status": "ACTIVE"}]},
		 {"id": "2", "name": "b", "triggers": [{"type": "case_status_updated", "status": "READY_FOR_REVIEW"}],
		  "conditions": [{"type": "greater_than_or_equal", "field": "$.score", "value": ` + min + `}], "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}]`
	}
	result := `{"verdict_result":1,"case":"x.ndjson:1","decided_by":"/conditions","automation":{"name":"a"},"event":null,"triggered":false,"matched":true,"fired":true,"actions":[],"changeset":[],"note":{"section":"automation","body":""},"warnings":[]}`
	dir := files(t, map[string]string{
		"new.json": two("50"),
		"old.json": two("70"),
		"c.ndjson": strings.Join([]string{
			`{"status": "READY_FOR_REVIEW", "score": 60}`, // both automations change: one case
			result, // skipped alone
			`{"status": "READY_FOR_REVIEW", "score": 90}`,
			`{"status": "ACTIVE", "score": 90}`, // fires as a no-op
		}, "\n") + "\n",
	})
	r := verdict(t, dir, "backtest", "-a", "new.json", "--baseline", "old.json", "--status", "READY_FOR_REVIEW", "--allow-skipped", "c.ndjson")
	r.expect(t, 0, "cases:      3 evaluated, 1 skipped",
		"c.ndjson:2: a verdict result (backtest --out writes them), not a case",
		"decided differently from the baseline: 1 case (2 automation outcomes)\n",
		"target statuses (set_case_status, changes only):\n  ACTIVE                     4 (and 2 already ACTIVE)\n")
	r = verdict(t, dir, "backtest", "-a", "new.json", "--baseline", "old.json", "--status", "READY_FOR_REVIEW", "--allow-skipped", "--format", "json", "c.ndjson")
	r.expect(t, 0, `"changed": 1,`, `"changed_outcomes": 2,`, `"ACTIVE": 4`)
	doc := validJSON(t, schema.BacktestOutputFile, r.stdout).(map[string]any)
	if noops := doc["target_status_noops"].(map[string]any); noops["ACTIVE"].(json.Number) != "2" {
		t.Errorf("target_status_noops: %v", noops)
	}
	// An event no trigger matches: the trigger decided.
	r = verdict(t, dir, "backtest", "-a", "new.json", "--status", "ACTIVE", "--allow-skipped", "c.ndjson")
	r.expect(t, 0, "  \"a\"\n    trigger (the event matches none)   3\n")
	if strings.Contains(r.stdout, "    /conditions") {
		t.Errorf("outcomes the trigger settled are put down to the conditions:\n%s", r)
	}
	r = verdict(t, dir, "backtest", "-a", "new.json", "--status", "ACTIVE", "--allow-skipped", "--format", "json", "c.ndjson")
	r.expect(t, 0, `"pointer": "trigger (the event matches none)"`)
	validJSON(t, schema.BacktestOutputFile, r.stdout)
}

// --max-case-bytes above 32 MiB is the case size limit too.
func TestE2EMaxCaseBytesAboveTheDefault(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 33 MiB case")
	}
	big := `{"status": "READY_FOR_REVIEW", "score": 80, "pad": "` + strings.Repeat("x", 33<<20) + `"}`
	dir := files(t, map[string]string{"approve.json": approve, "big.ndjson": big + "\n"})
	verdict(t, dir, "backtest", "-a", "approve.json", "--status", "READY_FOR_REVIEW", "--max-case-bytes", "40000000", "big.ndjson").expect(t, 0,
		"cases:      1 evaluated, 0 skipped", "fired:      1")
	verdict(t, dir, "help", "backtest").expect(t, 0, "and the size limit of a case when it is decoded")
}

// A baseline where no automation has a partner compares nothing: a usage
// error.
func TestE2EBaselineNothingToCompare(t *testing.T) {
	auto := func(name string) string {
		return `{"name": "` + name + `", "triggers": [{"type": "case_status_updated"}], "conditions": [], "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`
	}
	dir := files(t, map[string]string{
		"new.json": "[" + auto("a") + "," + auto("b") + "]",
		"old.json": "[" + auto("c") + "," + auto("d") + "]",
		"c.ndjson": okLine + "\n",
	})
	verdict(t, dir, "backtest", "-a", "new.json", "--baseline", "old.json", "c.ndjson").expect(t, 2,
		"verdict backtest: nothing to compare: no automation has a partner in the baseline; pair them by giving the same id or name")
}

// A file given twice to -a or --baseline is a usage error; two automations
// of one set with the same id are warned about.
func TestE2EGivenTwice(t *testing.T) {
	dir := files(t, map[string]string{
		"approve.json": approve,
		"c.ndjson":     okLine + "\n",
		"case.json":    okLine,
		"ids.json": `[{"id": "7", "name": "a", "triggers": [{"type": "case_status_updated"}], "conditions": [], "actions": [{"type": "set_case_status", "status": "ACTIVE"}]},
		  {"id": "7", "name": "b", "triggers": [{"type": "case_status_updated"}], "conditions": [], "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}]`,
	})
	if err := os.Symlink("approve.json", filepath.Join(dir, "link.json")); err != nil {
		t.Fatal(err)
	}
	verdict(t, dir, "backtest", "-a", "approve.json", "-a", "approve.json", "c.ndjson").expect(t, 2, "-a approve.json is given twice")
	verdict(t, dir, "backtest", "-a", "approve.json", "--baseline", "approve.json", "--baseline", "./approve.json", "c.ndjson").expect(t, 2,
		"--baseline ./approve.json is given twice (also as approve.json)")
	verdict(t, dir, "run", "-a", "approve.json", "-a", "link.json", "-c", "case.json").expect(t, 2, "-a link.json is given twice (also as approve.json)")
	// One file on each side is a comparison with itself: allowed.
	verdict(t, dir, "backtest", "-a", "approve.json", "--baseline", "approve.json", "c.ndjson").expect(t, 0)
	verdict(t, dir, "validate", "ids.json").expect(t, 0, `ids.json: /0/id: warning: the id "7" is also the id of "b" in this set`)
	verdict(t, dir, "validate", "--strict", "ids.json").expect(t, 1, "ids.json: invalid under --strict: 2 warnings")
	verdict(t, dir, "backtest", "-a", "ids.json", "c.ndjson").expect(t, 0, `"a": /id: the id "7" is also the id of "b" in this set`)
}

// backtest --out - writes the results to standard output and the summary
// to standard error, so the two never mix; --out naming a stream suggests
// it.
func TestE2EBacktestOutToStandardOutput(t *testing.T) {
	dir := files(t, map[string]string{
		"bt.json":  approve,
		"c.ndjson": okLine + "\n" + `{"status": "READY_FOR_REVIEW", "score": 10}` + "\n",
	})
	r := verdict(t, dir, "backtest", "-a", "bt.json", "--status", "READY_FOR_REVIEW", "--out", "-", "c.ndjson")
	r.expect(t, 0)
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 2 {
		t.Fatalf("--out -: standard output holds %d lines, want the 2 results:\n%s", len(lines), r)
	}
	for _, l := range lines {
		var v map[string]any
		if err := json.Unmarshal([]byte(l), &v); err != nil || v["verdict_result"] == nil {
			t.Errorf("--out -: not a result line: %q", l)
		}
	}
	if !strings.Contains(r.stderr, "cases:      2 evaluated, 0 skipped") {
		t.Errorf("--out -: the summary is not on standard error:\n%s", r)
	}
	r = verdict(t, dir, "backtest", "-a", "bt.json", "--format", "json", "--out", "-", "c.ndjson")
	r.expect(t, 0)
	validJSON(t, schema.BacktestOutputFile, r.stderr)
	if _, err := os.Stat("/dev/stdout"); err == nil {
		verdict(t, dir, "backtest", "-a", "bt.json", "--out", "/dev/stdout", "c.ndjson").expect(t, 2,
			"output /dev/stdout: not a regular file", "--out - writes the results to standard output")
	}
}

// An output that is a link to a file not yet made inside a case folder is
// refused: the results would be written into the folder, and read as
// cases by the next run.
func TestE2EOutLinkIntoCaseFolder(t *testing.T) {
	dir := files(t, map[string]string{"approve.json": approve, "cases/a.json": okLine})
	if err := os.Symlink(filepath.Join("cases", "results.ndjson"), filepath.Join(dir, "results.ndjson")); err != nil {
		t.Skip(err)
	}
	for _, flag := range []string{"--out", "--records"} {
		verdict(t, dir, "backtest", "-a", "approve.json", flag, "results.ndjson", "cases").expect(t, 2,
			flag+" names an input: the output results.ndjson is inside the input folder cases")
	}
	if _, err := os.Stat(filepath.Join(dir, "cases", "results.ndjson")); !os.IsNotExist(err) {
		t.Errorf("the results were written into the case folder: %v", err)
	}
	noTemp(t, filepath.Join(dir, "cases"))
}

// Two outputs that lead to one file not yet made, through a link to it or
// a linked folder, are refused: one would replace the other, and the run
// exit 0 with its results lost.
func TestE2EOutputsOneNewFileByLinks(t *testing.T) {
	dir := files(t, map[string]string{"approve.json": approve, "corpus.ndjson": okLine + "\n", "sub/keep": ""})
	for link, target := range map[string]string{"to-x.ndjson": "x.ndjson", "sub/up": ".."} {
		if err := os.Symlink(target, filepath.Join(dir, filepath.FromSlash(link))); err != nil {
			t.Skip(err)
		}
	}
	for _, records := range []string{"to-x.ndjson", "sub/up/x.ndjson"} {
		verdict(t, dir, "backtest", "-a", "approve.json", "--out", "x.ndjson", "--records", records, "corpus.ndjson").expect(t, 2,
			"--out and --records name the same file, "+records)
		if _, err := os.Stat(filepath.Join(dir, "x.ndjson")); !os.IsNotExist(err) {
			t.Errorf("--records %s: x.ndjson was written: %v", records, err)
		}
	}
	noTemp(t, dir)
}

// New --out and --records files are made as a shell's > makes them: under
// a umask of 077 nobody else may read the results of the cases.
func TestE2ENewOutputsFollowUmask(t *testing.T) {
	dir := files(t, map[string]string{"approve.json": approve, "corpus.ndjson": okLine + "\n"})
	old := syscall.Umask(0o077)
	r := verdict(t, dir, "backtest", "-a", "approve.json", "--out", "out.ndjson", "--records", "records.ndjson", "corpus.ndjson")
	syscall.Umask(old)
	r.expect(t, 0)
	for _, name := range []string{"out.ndjson", "records.ndjson"} {
		if st, err := os.Stat(filepath.Join(dir, name)); err != nil || st.Mode().Perm() != 0o600 {
			t.Errorf("%s: %v (%v), want -rw-------", name, st.Mode().Perm(), err)
		}
	}
}

// --out may be as long a name as the folder allows.
func TestE2EOutLongName(t *testing.T) {
	dir := files(t, map[string]string{"approve.json": approve, "corpus.ndjson": okLine + "\n"})
	name := strings.Repeat("r", 248) + ".ndjson"
	verdict(t, dir, "backtest", "-a", "approve.json", "--out", name, "corpus.ndjson").expect(t, 0)
	if got := read(t, filepath.Join(dir, name)); !strings.Contains(got, `"verdict_result":1`) {
		t.Errorf("--out holds %q", got)
	}
	noTemp(t, dir)
}

// An output whose name ends as a folder's does ("results/") is refused, as
// a shell's > refuses it, rather than made a file or written over the
// file the name less its slash names.
func TestE2EOutNamingAFolder(t *testing.T) {
	dir := files(t, map[string]string{"approve.json": approve, "corpus.ndjson": okLine + "\n", "old.ndjson": "old\n"})
	for _, out := range []string{"results/", "old.ndjson/", "old.ndjson/."} {
		verdict(t, dir, "backtest", "-a", "approve.json", "--out", out, "corpus.ndjson").expect(t, 2,
			"output "+out+": the name ends as a folder's does")
	}
	if _, err := os.Stat(filepath.Join(dir, "results")); !os.IsNotExist(err) {
		t.Errorf("results was made: %v", err)
	}
	if got := read(t, filepath.Join(dir, "old.ndjson")); got != "old\n" {
		t.Errorf("old.ndjson holds %q", got)
	}
	noTemp(t, dir)
}

// A write that fails (here: past the file size limit, ulimit -f) is told
// with the output's name, not that of its temporary file, and leaves the
// output as it was.
func TestE2EOutWriteFails(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh")
	}
	corpus := strings.Repeat(okLine+"\n", 20000)
	for _, tc := range []struct{ flag, file, what string }{
		{"--out", "out.ndjson", "writing results"},
		{"--records", "records.ndjson", "writing records"},
	} {
		t.Run(tc.flag, func(t *testing.T) {
			dir := files(t, map[string]string{"approve.json": approve, "corpus.ndjson": corpus, tc.file: "old\n"})
			cmd := exec.Command(sh, "-c", `ulimit -f 8 && exec "$0" "$@"`, binary,
				"backtest", "-a", "approve.json", tc.flag, tc.file, "corpus.ndjson")
			cmd.Dir = dir
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Run(); err == nil {
				t.Fatal("the run succeeded past the file size limit")
			}
			if want := tc.what + ": write " + filepath.Join(dir, tc.file) + ": file too large"; !strings.Contains(stderr.String(), want) {
				t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
			}
			if got := read(t, filepath.Join(dir, tc.file)); got != "old\n" {
				t.Errorf("%s holds %d bytes", tc.file, len(got))
			}
			noTemp(t, dir)
		})
	}
}
