package backtest_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/verdict-rules/verdict/backtest"
	"github.com/verdict-rules/verdict/rules"
)

// A folder's case files are compared with the output through their links:
// a link in an input folder to the output is a conflict, though the output
// is not inside the folder.
func TestCheckOutputThroughLinksInFolders(t *testing.T) {
	dir := writeFiles(t, map[string]string{"realcases.ndjson": "{}\n", "c2/a.json": `{}`, "c3/a.json": `{}`, "other.txt": ""})
	t.Chdir(dir)
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.Symlink("../realcases.ndjson", "c2/x.ndjson"))
	must(os.Link("realcases.ndjson", "c3/hard.NDJSON"))
	must(os.Symlink("../not-yet.ndjson", "c2/dangling.ndjson"))
	must(os.Symlink("../other.txt", "c2/notes.txt"))
	for _, tc := range []struct {
		out, input, via string // via "" for no conflict
	}{
		{"realcases.ndjson", "c2", "c2/x.ndjson"},
		{"./realcases.ndjson", "c3", "c3/hard.NDJSON"},
		{"not-yet.ndjson", "c2", "c2/dangling.ndjson"},
		{"other.txt", "c2", ""}, // a .txt file is not read
		{"results.ndjson", "c2", ""},
	} {
		err := backtest.CheckOutput(tc.out, tc.input)
		var ce *backtest.OutputConflictError
		switch {
		case tc.via == "" && err != nil:
			t.Errorf("%s with %s: %v, want no conflict", tc.out, tc.input, err)
		case tc.via != "" && (!errors.As(err, &ce) || ce.Via != tc.via):
			t.Errorf("%s with %s: %v, want a conflict through %s", tc.out, tc.input, err, tc.via)
		}
	}
	err := backtest.CheckOutput("realcases.ndjson", "c2")
	if want := "the output realcases.ndjson is c2/x.ndjson, a file the input folder c2 holds (through a link): writing it would destroy an input of the run"; err == nil || err.Error() != want {
		t.Errorf("message %v\nwant %s", err, want)
	}
}

// Folders are read for .json, .ndjson and .jsonl in any case; their other
// files are counted; a source with no case at all is an error, not a
// summary of nothing.
func TestFoldersAndNoCases(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"mixed/A.JSON":    `{"status": "READY_FOR_REVIEW", "score": 80}`,
		"mixed/c.NDJSON":  `{"status": "READY_FOR_REVIEW", "score": 80}` + "\n",
		"mixed/d.JsonL":   `{"status": "READY_FOR_REVIEW", "score": 80}` + "\n",
		"mixed/notes.txt": "x",
		"text/a.txt":      "x",
		"text/b.csv":      "x",
		"blank.ndjson":    "\n\n",
	})
	if err := os.Mkdir(filepath.Join(dir, "empty"), 0o755); err != nil {
		t.Fatal(err)
	}
	sum, err := backtest.Run(context.Background(), set(t, approveHigh), backtest.Sources(filepath.Join(dir, "mixed")), backtest.Options{Event: ready})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Cases != 3 || sum.Ignored != 1 {
		t.Errorf("%d cases, %d files ignored; want 3 and 1", sum.Cases, sum.Ignored)
	}
	for _, tc := range []struct {
		paths   []string
		ignored int
	}{
		{[]string{"empty"}, 0},
		{[]string{"text"}, 2},
		{[]string{"blank.ndjson", "empty"}, 0},
	} {
		var paths []string
		for _, p := range tc.paths {
			paths = append(paths, filepath.Join(dir, p))
		}
		_, err := backtest.Run(context.Background(), set(t, approveHigh), backtest.Sources(paths...), backtest.Options{Event: ready})
		var nc *backtest.NoCasesError
		if !errors.As(err, &nc) || nc.Ignored != tc.ignored || !strings.HasPrefix(err.Error(), "no cases found in "+strings.Join(paths, ", ")) {
			t.Errorf("%v: %v, want a NoCasesError with %d ignored", tc.paths, err, tc.ignored)
		}
	}
}

// A CRLF line of exactly MaxCaseBytes is within the limit: the line ending
// is not part of the line.
func TestCRLFLineAtTheLimit(t *testing.T) {
	line := `{"status": "READY_FOR_REVIEW", "score": 80}`
	dir := writeFiles(t, map[string]string{"c.ndjson": line + "\r\n" + line + "x\r\n" + line + "\r\n"})
	sum, err := backtest.Run(context.Background(), set(t, approveHigh), backtest.Sources(dir), backtest.Options{Event: ready, MaxCaseBytes: len(line)})
	if err != nil {
		t.Fatal(err)
	}
	var tl *backtest.LineTooLongError
	if sum.Cases != 2 || len(sum.Errors) != 1 || !errors.As(sum.Errors[0].Err, &tl) || !strings.HasSuffix(sum.Errors[0].Case, "c.ndjson:2") {
		t.Errorf("%d cases, errors %q; want 2 and line 2 too long", sum.Cases, errorsOf(dir, sum))
	}
}

// MaxCaseBytes above the default case size limit takes effect: the case is
// decoded with it, not refused at 32 MiB.
func TestMaxCaseBytesAboveTheDefault(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 33 MiB case")
	}
	big := `{"status": "READY_FOR_REVIEW", "score": 80, "pad": "` + strings.Repeat("x", 33<<20) + `"}`
	dir := writeFiles(t, map[string]string{"big.json": big})
	sum, err := backtest.Run(context.Background(), set(t, approveHigh), backtest.Sources(dir), backtest.Options{Event: ready, MaxCaseBytes: 40 << 20})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Cases != 1 || len(sum.Errors) != 0 {
		t.Errorf("%d cases, errors %q; want the 33 MiB case evaluated", sum.Cases, errorsOf(dir, sum))
	}
}

func TestTooManyWorkers(t *testing.T) {
	_, err := backtest.Run(context.Background(), set(t, approveHigh), backtest.Sources(t.TempDir()), backtest.Options{Workers: backtest.MaxWorkers + 1})
	if err == nil || !strings.Contains(err.Error(), "more than the limit of 1024") {
		t.Errorf("Workers %d: %v", backtest.MaxWorkers+1, err)
	}
}

// The summary counts distinct cases decided differently, attributes an
// outcome the trigger settled to the trigger, and counts only the status
// changes, with the no-ops apart.
func TestSummaryCounts(t *testing.T) {
	two := func(min1, min2 string) *rules.Set {
		return set(t, `[{"name": "a", "triggers": [{"type": "case_status_updated", "status": "READY_FOR_REVIEW"}],
		  "conditions": [{"type": "greater_than_or_equal", "field": "$.score", "value": `+min1+`}], "actions": [{"type": "set_case_status", "status": "ACTIVE"}]},
		 {"name": "b", "triggers": [{"type": "case_status_updated", "status": "READY_FOR_REVIEW"}],
		  "conditions": [{"type": "greater_than_or_equal", "field": "$.score", "value": `+min2+`}], "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}]`)
	}
	dir := writeFiles(t, map[string]string{"c.ndjson": strings.Join([]string{
		`{"status": "READY_FOR_REVIEW", "score": 60}`, // both change: one case, two outcomes
		`{"status": "READY_FOR_REVIEW", "score": 90}`, // no change
		`{"status": "ACTIVE", "score": 90}`,           // both fire, as no-ops
	}, "\n")})
	sum, err := backtest.Run(context.Background(), two("50", "50"), backtest.Sources(dir), backtest.Options{Event: ready, Baseline: two("70", "70")})
	if err != nil {
		t.Fatal(err)
	}
	if sum.ChangedCases != 1 || len(sum.Changed) != 2 {
		t.Errorf("%d cases and %d outcomes changed, want 1 and 2", sum.ChangedCases, len(sum.Changed))
	}
	if rep := sum.Report(-1); rep.Baseline.Changed != 1 || rep.Baseline.ChangedOutcomes != 2 {
		t.Errorf("report: changed %d, outcomes %d", rep.Baseline.Changed, rep.Baseline.ChangedOutcomes)
	}
	if diff := cmp.Diff(map[string]int{"ACTIVE": 4}, sum.Statuses); diff != "" {
		t.Errorf("statuses (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]int{"ACTIVE": 2}, sum.StatusNoops); diff != "" {
		t.Errorf("status no-ops (-want +got):\n%s", diff)
	}
	// An event no trigger matches: the trigger decided, not the conditions.
	other := &rules.Event{Type: "case_status_updated", Status: "ACTIVE"}
	sum, err = backtest.Run(context.Background(), two("50", "95"), backtest.Sources(dir), backtest.Options{Event: other})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]int{backtest.DecidedByTrigger: 3}, sum.PerAutomation[1].DecidedBy); diff != "" {
		t.Errorf("decided by (-want +got):\n%s", diff)
	}
	// Without an event the conditions decide.
	sum, err = backtest.Run(context.Background(), two("50", "95"), backtest.Sources(dir), backtest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]int{"/conditions/0": 3}, sum.PerAutomation[1].DecidedBy); diff != "" {
		t.Errorf("dry run decided by (-want +got):\n%s", diff)
	}
	if rep := sum.Report(-1); rep.Event != nil || !rep.DryRun {
		t.Errorf("a dry run's report: event %v, dry_run %v", rep.Event, rep.DryRun)
	}
}

// A baseline none of whose automations has a partner compares nothing: an
// error, not a summary that finds no difference.
func TestNoPairs(t *testing.T) {
	auto := func(name string) string {
		return `{"name": "` + name + `", "triggers": [{"type": "case_status_updated"}], "conditions": [], "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`
	}
	after, before := set(t, "["+auto("a")+","+auto("b")+"]"), set(t, "["+auto("c")+","+auto("d")+"]")
	if _, err := backtest.PairSets(after, before); !errors.Is(err, backtest.ErrNoPairs) {
		t.Errorf("PairSets: %v, want ErrNoPairs", err)
	}
	if _, err := backtest.Run(context.Background(), after, backtest.Sources(t.TempDir()), backtest.Options{Baseline: before}); !errors.Is(err, backtest.ErrNoPairs) {
		t.Errorf("Run: %v, want ErrNoPairs", err)
	}
}

// MaxCaseDepth bounds the nesting of a case: a case deeper than it is
// skipped with its place, a shallower one is evaluated, and without it the
// default of 512 applies.
func TestMaxCaseDepth(t *testing.T) {
	deep := func(n int) string {
		return `{"status": "READY_FOR_REVIEW", "score": 80, "d": ` + strings.Repeat("[", n) + strings.Repeat("]", n) + `}`
	}
	dir := writeFiles(t, map[string]string{"c.ndjson": deep(5) + "\n" + deep(20) + "\n" + deep(600) + "\n"})
	for _, tc := range []struct {
		depth, cases int
	}{{0, 2}, {10, 1}, {1000, 3}} {
		sum, err := backtest.Run(context.Background(), set(t, approveHigh), backtest.Sources(dir), backtest.Options{Event: ready, MaxCaseDepth: tc.depth})
		if err != nil {
			t.Fatal(err)
		}
		if sum.Cases != tc.cases || len(sum.Errors) != 3-tc.cases {
			t.Errorf("MaxCaseDepth %d: %d cases, errors %q; want %d cases", tc.depth, sum.Cases, errorsOf(dir, sum), tc.cases)
		}
		for _, e := range sum.Errors {
			if !strings.Contains(e.Err.Error(), "nest") {
				t.Errorf("MaxCaseDepth %d: %v does not say it is about nesting", tc.depth, e.Err)
			}
		}
	}
}
