package backtest_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/verdict-rules/verdict/backtest"
	"github.com/verdict-rules/verdict/rules"
)

func set(t *testing.T, def string) *rules.Set {
	t.Helper()
	defs, err := rules.Parse([]byte(def))
	if err != nil {
		t.Fatal(err)
	}
	s, err := rules.CompileSet(defs, rules.WithClock(func() time.Time { return time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC) }))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

const approveHigh = `{"name": "approve", "triggers": [{"type": "case_status_updated"}],
  "conditions": [{"type": "greater_than_or_equal", "field": "$.score", "value": "70"}],
  "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`

const approveLower = `{"name": "approve", "triggers": [{"type": "case_status_updated"}],
  "conditions": [{"type": "greater_than_or_equal", "field": "$.score", "value": "50"}],
  "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`

func TestRun(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("folder/a.json", `{"status": "READY_FOR_REVIEW", "score": 80}`)
	write("folder/b.json", `{"status": "READY_FOR_REVIEW", "score": 60}`)
	write("folder/broken.json", `{"status": "READY_FOR_REVIEW", "score": }`)
	write("folder/notes.txt", `ignored`)
	write("more.ndjson", "{\"status\": \"ACTIVE\", \"score\": 90}\n\n[1, 2]\n{\"status\": \"READY_FOR_REVIEW\", \"score\": 40}\n")

	src := backtest.Sources(filepath.Join(dir, "folder"), filepath.Join(dir, "more.ndjson"))
	if n, err := src.Count(); err != nil || n != 7 {
		t.Errorf("Count = %d, %v; want 7 (3 files and 4 lines, the blank one included)", n, err)
	}
	var out bytes.Buffer
	progressed := 0
	sum, err := backtest.Run(context.Background(), set(t, approveHigh), src, backtest.Options{
		Workers: 3, Event: &rules.Event{Type: "case_status_updated", Status: "READY_FOR_REVIEW"},
		Baseline: set(t, approveLower), Out: &out, Progress: func(done int) { progressed = done },
	})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Cases != 4 || sum.Fired != 2 || sum.Triggered != 4 {
		t.Errorf("cases %d fired %d triggered %d, want 4 2 4", sum.Cases, sum.Fired, sum.Triggered)
	}
	// The case already ACTIVE is a no-op: not a change to ACTIVE.
	if sum.Actions["set_case_status"] != 2 || sum.Noops["set_case_status"] != 1 || sum.Statuses["ACTIVE"] != 1 || sum.StatusNoops["ACTIVE"] != 1 {
		t.Errorf("actions %v noops %v statuses %v, already %v", sum.Actions, sum.Noops, sum.Statuses, sum.StatusNoops)
	}
	if sum.Ignored != 1 {
		t.Errorf("ignored %d files, want notes.txt", sum.Ignored)
	}
	if len(sum.Errors) != 2 {
		t.Fatalf("errors %v, want the broken file and the array line", sum.Errors)
	}
	if !strings.HasSuffix(sum.Errors[0].Case, "broken.json") || !strings.Contains(sum.Errors[0].Err.Error(), "1:41") {
		t.Errorf("first error %s: %v", sum.Errors[0].Case, sum.Errors[0].Err)
	}
	if !strings.HasSuffix(sum.Errors[1].Case, "more.ndjson:3") || !strings.Contains(sum.Errors[1].Err.Error(), "must be a JSON object") {
		t.Errorf("second error %s: %v", sum.Errors[1].Case, sum.Errors[1].Err)
	}
	if len(sum.Changed) != 1 || !strings.HasSuffix(sum.Changed[0].Case, "b.json") {
		t.Errorf("changed %+v, want b.json (score 60 passes only the baseline)", sum.Changed)
	}
	if progressed != 6 {
		t.Errorf("last progress %d, want 6", progressed)
	}
	// One line per evaluated case, in input order, each naming its case.
	var names []string
	sc := bufio.NewScanner(&out)
	for sc.Scan() {
		var line struct {
			Case  string `json:"case"`
			Fired bool   `json:"fired"`
		}
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Fatal(err)
		}
		names = append(names, filepath.Base(line.Case))
	}
	if got := strings.Join(names, " "); got != "a.json b.json more.ndjson:1 more.ndjson:4" {
		t.Errorf("output order %q", got)
	}
}

func TestRunCancelled(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	for i := 0; i < 1000; i++ {
		b.WriteString(`{"score": 80}` + "\n")
	}
	os.WriteFile(filepath.Join(dir, "c.ndjson"), []byte(b.String()), 0o644)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := backtest.Run(ctx, set(t, approveHigh), backtest.Sources(dir), backtest.Options{})
	if err != context.Canceled {
		t.Errorf("got %v, want context.Canceled", err)
	}
}

// TestSummaryIsBounded: the lists of a Summary stop at Options.Keep while
// the counts go on, so a run over a broken or much-changed corpus holds a
// bounded summary.
func TestSummaryIsBounded(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	for i := 0; i < 50; i++ {
		b.WriteString("{\"score\": 60}\nnot json\n")
	}
	if err := os.WriteFile(filepath.Join(dir, "c.ndjson"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	sum, err := backtest.Run(context.Background(), set(t, approveHigh), backtest.Sources(dir),
		backtest.Options{Baseline: set(t, approveLower), Keep: 7})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Skipped != 50 || len(sum.Errors) != 7 {
		t.Errorf("skipped %d, listed %d; want 50 and 7", sum.Skipped, len(sum.Errors))
	}
	if sum.ChangedCases != 50 || sum.ChangedOutcomes != 50 || len(sum.Changed) != 7 {
		t.Errorf("changed %d cases, %d outcomes, listed %d; want 50, 50 and 7", sum.ChangedCases, sum.ChangedOutcomes, len(sum.Changed))
	}
	r := sum.Report(5)
	if r.Skipped != 50 || len(r.SkippedCases) != 5 || r.SkippedNotListed != 45 {
		t.Errorf("report: skipped %d, listed %d, not listed %d", r.Skipped, len(r.SkippedCases), r.SkippedNotListed)
	}
	if r.Baseline.Changed != 50 || len(r.Baseline.Changes) != 5 || r.Baseline.ChangesNotListed != 45 {
		t.Errorf("report: changed %d, listed %d, not listed %d", r.Baseline.Changed, len(r.Baseline.Changes), r.Baseline.ChangesNotListed)
	}
}
