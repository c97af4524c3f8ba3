package backtest_test

import (
	"bytes"
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

var ready = &rules.Event{Type: "case_status_updated", Status: "READY_FOR_REVIEW"}

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// errorsOf lists the skipped cases, named relative to dir.
func errorsOf(dir string, sum *backtest.Summary) []string {
	var out []string
	for _, e := range sum.Errors {
		out = append(out, strings.TrimPrefix(e.Case, dir+string(filepath.Separator))+": "+e.Err.Error())
	}
	return out
}

// A line over the limit is reported with its file and line, and the lines
// after it are read: counted, not timed, with a small limit.
func TestLineOverTheLimit(t *testing.T) {
	const limit = 100
	okLine := `{"status": "READY_FOR_REVIEW", "score": 80}`
	exact := `{"status": "READY_FOR_REVIEW", "score": 80, "pad": "` + strings.Repeat("x", limit-len(okLine)-11) + `"}`
	if len(exact) != limit {
		t.Fatalf("the exact line is %d bytes", len(exact))
	}
	long := `{"status": "READY_FOR_REVIEW", "pad": "` + strings.Repeat("y", 300<<10) + `"}`
	over := exact[:len(exact)-2] + `x"}`
	corpus := strings.Join([]string{okLine, long, okLine, exact, over, okLine}, "\n") + "\n" + strings.Repeat("z", 2*limit)
	dir := writeFiles(t, map[string]string{"c.ndjson": corpus, "big.json": long})
	sum, err := backtest.Run(context.Background(), set(t, approveHigh), backtest.Sources(dir),
		backtest.Options{Event: ready, MaxCaseBytes: limit})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Cases != 4 || sum.Fired != 4 {
		t.Errorf("%d cases evaluated, %d fired; want the 4 lines within the limit", sum.Cases, sum.Fired)
	}
	var tl *backtest.LineTooLongError
	var ft *backtest.FileTooLargeError
	want := []string{"big.json", "c.ndjson:2", "c.ndjson:5", "c.ndjson:7"}
	if len(sum.Errors) != len(want) {
		t.Fatalf("errors %q", errorsOf(dir, sum))
	}
	for i, e := range sum.Errors {
		if filepath.Base(e.Case) != want[i] {
			t.Errorf("error %d at %s, want %s", i, e.Case, want[i])
		}
		if i == 0 && !errors.As(e.Err, &ft) {
			t.Errorf("%s: %v, want a *FileTooLargeError", e.Case, e.Err)
		}
		if i > 0 && (!errors.As(e.Err, &tl) || tl.Limit != limit ||
			e.Err.Error() != "the line is longer than the limit of 100 bytes (Options.MaxCaseBytes; the CLI's --max-case-bytes); it is skipped and reading goes on with the next line") {
			t.Errorf("%s: %v", e.Case, e.Err)
		}
	}
}

// Lines written to Out are recognised as input and refused, not counted as
// cases; so are results of the older shape.
func TestResultsAreNotCases(t *testing.T) {
	dir := writeFiles(t, map[string]string{"cases/a.ndjson": `{"status": "READY_FOR_REVIEW", "score": 80}` + "\n" + `{"status": "READY_FOR_REVIEW", "score": 10}` + "\n"})
	var out bytes.Buffer
	if _, err := backtest.Run(context.Background(), set(t, approveHigh), backtest.Sources(filepath.Join(dir, "cases")),
		backtest.Options{Event: ready, Out: &out}); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), `{"verdict_result":1,"case":"`) || !strings.Contains(out.String(), `"decided_by":"/conditions/0"`) {
		t.Fatalf("output lines:\n%s", out.String())
	}
	lines := strings.SplitAfter(out.String(), "\n")
	old := strings.Replace(lines[1], `"verdict_result":1,`, "", 1)
	files := map[string]string{
		"results.ndjson":  out.String(),
		"result.json":     lines[0],
		"old.ndjson":      old + old,
		"spaced.ndjson":   strings.Replace(lines[0], `{"verdict_result":1`, `{ "verdict_result": 1`, 1),
		"listed.json":     `{"data": [` + strings.TrimSpace(lines[0]) + `, {"status": "READY_FOR_REVIEW", "score": 90}]}`,
		"plain-case.json": `{"status": "READY_FOR_REVIEW", "score": 75, "automation": "x"}`,
		// A result among cases is skipped alone; the lines after it are read.
		"mixed.ndjson": `{"status": "READY_FOR_REVIEW", "score": 80}` + "\n" + lines[0] + `{"status": "READY_FOR_REVIEW", "score": 10}` + "\n",
		// What verdict run --format json prints.
		"run.json": "[" + strings.Replace(strings.TrimSpace(lines[0]), `"verdict_result":1,`, "", 1) + "]",
	}
	dir = writeFiles(t, files)
	sum, err := backtest.Run(context.Background(), set(t, approveHigh), backtest.Sources(dir), backtest.Options{Event: ready})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"listed.json#/data/0: " + backtest.ErrResult.Error(),
		"mixed.ndjson:2: " + backtest.ErrResult.Error(),
		"old.ndjson:1: " + backtest.ErrResult.Error(),
		"old.ndjson:2: " + backtest.ErrResult.Error(),
		"result.json: " + backtest.ErrResult.Error(),
		"results.ndjson:1: " + backtest.ErrResult.Error(),
		"results.ndjson:2: " + backtest.ErrResult.Error(),
		"run.json: case: 1:1: " + backtest.ErrResult.Error(),
		"spaced.ndjson:1: " + backtest.ErrResult.Error(),
	}
	if diff := cmp.Diff(want, errorsOf(dir, sum)); diff != "" {
		t.Errorf("skipped (-want +got):\n%s", diff)
	}
	if sum.Cases != 4 {
		t.Errorf("%d cases, want the listed case, the plain one and the two cases around the result", sum.Cases)
	}
}

// An API list response is evaluated case by case, each named by its
// place.
func TestListResponses(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"list.json":   `{"data": [{"status": "READY_FOR_REVIEW", "score": 80}, {"status": "READY_FOR_REVIEW", "score": 10}, {"score": 90}], "pagination": {}}`,
		"lists.jsonl": `{"data": [{"status": "READY_FOR_REVIEW", "score": 80}, 3]}` + "\n",
	})
	var out bytes.Buffer
	sum, err := backtest.Run(context.Background(), set(t, approveHigh), backtest.Sources(dir), backtest.Options{Event: ready, Out: &out})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Cases != 3 || sum.Fired != 2 || sum.WithoutStatus != 1 {
		t.Errorf("cases %d fired %d without status %d, want 3 2 1", sum.Cases, sum.Fired, sum.WithoutStatus)
	}
	if got := errorsOf(dir, sum); len(got) != 1 || !strings.Contains(got[0], "lists.jsonl:1: case: 1:") || !strings.Contains(got[0], "/data/1: a case must be a JSON object, found number 3") {
		t.Errorf("errors %q", got)
	}
	if !strings.Contains(out.String(), `list.json#/data/2"`) {
		t.Errorf("output:\n%s", out.String())
	}
}

// The summary counts conflicts, which condition decided, and carries the
// automations' static warnings.
func TestSummaryExplains(t *testing.T) {
	defs, err := rules.Parse([]byte(`[
	  {"name": "approve", "triggers": [{"type": "case_status_updated"}],
	   "conditions": [{"type": "or", "conditions": [
	     {"type": "greater_than", "field": "$.score", "value": 70},
	     {"type": "equal", "field": "$.checks[?(@.type==='sanctions')].status", "value": "COMPLETED"}]}],
	   "actions": [{"type": "set_case_status", "status": "ACTIVE"}]},
	  {"name": "decline", "triggers": [{"type": "case_status_updated"}],
	   "conditions": [{"type": "less_than", "field": "$.score", "value": 90}],
	   "actions": [{"type": "set_case_status", "status": "DECLINED"}]}]`))
	if err != nil {
		t.Fatal(err)
	}
	s, err := rules.CompileSet(defs)
	if err != nil {
		t.Fatal(err)
	}
	dir := writeFiles(t, map[string]string{"c.ndjson": strings.Join([]string{
		`{"status": "READY_FOR_REVIEW", "score": 80}`, // both fire: a conflict
		`{"status": "READY_FOR_REVIEW", "score": 85}`, // again
		`{"status": "READY_FOR_REVIEW", "score": 95}`, // approve alone
		`{"status": "READY_FOR_REVIEW", "score": 10}`, // decline alone
	}, "\n")})
	sum, err := backtest.Run(context.Background(), s, backtest.Sources(dir), backtest.Options{Event: ready})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Conflicts != 2 {
		t.Errorf("conflicts %d, want 2", sum.Conflicts)
	}
	if diff := cmp.Diff(map[string]int{"/conditions": 3, "/conditions/0": 1}, sum.PerAutomation[0].DecidedBy); diff != "" {
		t.Errorf("approve decided by (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]int{"/conditions": 3, "/conditions/0": 1}, sum.PerAutomation[1].DecidedBy); diff != "" {
		t.Errorf("decline decided by (-want +got):\n%s", diff)
	}
	if ws := sum.PerAutomation[0].Warnings; len(ws) != 2 || ws[1].Pointer != "/conditions/0/conditions/1/field" || ws[1].Code != "not_in_enum" {
		t.Errorf("warnings %+v", ws)
	}
}

func TestPairSets(t *testing.T) {
	auto := func(id, name string) string {
		idPart := ""
		if id != "" {
			idPart = `"id": "` + id + `", `
		}
		return `{` + idPart + `"name": "` + name + `", "triggers": [{"type": "case_status_updated"}], "conditions": [],
		  "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`
	}
	list := func(as ...string) *rules.Set { return set(t, "["+strings.Join(as, ",")+"]") }
	describe := func(p *backtest.Pairing) []string {
		var out []string
		for _, pr := range p.Pairs {
			out = append(out, pr.Automation.Name+"="+pr.Baseline.Name+" by "+pr.By)
		}
		for _, u := range p.Unpaired {
			side := "run"
			if u.Baseline {
				side = "baseline"
			}
			out = append(out, "unpaired "+side+" "+u.Automation.Name)
		}
		return out
	}
	for _, tc := range []struct {
		name          string
		after, before *rules.Set
		want          []string
	}{
		{"one on each side, whatever the names", list(auto("a", "New")), list(auto("b", "Old")), []string{"New=Old by only"}},
		{"by id, then by name", list(auto("1", "A2"), auto("", "B"), auto("3", "C")), list(auto("", "C"), auto("1", "A"), auto("", "B"), auto("", "D")),
			[]string{"A2=A by id", "B=B by name", "C=C by name", "unpaired baseline D"}},
		{"no partner", list(auto("", "A"), auto("", "B")), list(auto("", "A")), []string{"A=A by name", "unpaired run B"}},
		{"duplicates", list(auto("1", "A"), auto("1", "B"), auto("", "B")), list(auto("", "C"), auto("", "C"), auto("", "D")),
			[]string{`cannot pair the automations with their baseline: the automations hold 2 automations with the id "1"; the automations hold 2 automations with the name "B"; the baseline holds 2 automations with the name "C" (pairing is by id, then by name; give each automation its own)`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := backtest.PairSets(tc.after, tc.before)
			var got []string
			if err != nil {
				var pe *backtest.PairingError
				if !errors.As(err, &pe) {
					t.Fatalf("%T", err)
				}
				got = []string{err.Error()}
				// Run refuses to start.
				if _, rerr := backtest.Run(context.Background(), tc.after, backtest.Sources(t.TempDir()), backtest.Options{Baseline: tc.before}); !errors.As(rerr, &pe) {
					t.Errorf("Run: %v", rerr)
				}
			} else {
				got = describe(p)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// With several automations on each side, each is compared with its own
// baseline, not with another of the same name.
func TestBaselineComparesPartners(t *testing.T) {
	after := set(t, `[{"id": "x", "name": "approve", "triggers": [{"type": "case_status_updated"}],
	   "conditions": [{"type": "greater_than", "field": "$.score", "value": 70}], "actions": [{"type": "set_case_status", "status": "ACTIVE"}]},
	  {"id": "y", "name": "decline", "triggers": [{"type": "case_status_updated"}],
	   "conditions": [{"type": "less_than", "field": "$.score", "value": 30}], "actions": [{"type": "set_case_status", "status": "DECLINED"}]}]`)
	before := set(t, `[{"id": "y", "name": "decline (old)", "triggers": [{"type": "case_status_updated"}],
	   "conditions": [{"type": "less_than", "field": "$.score", "value": 40}], "actions": [{"type": "set_case_status", "status": "DECLINED"}]},
	  {"id": "x", "name": "approve (old)", "triggers": [{"type": "case_status_updated"}],
	   "conditions": [{"type": "greater_than", "field": "$.score", "value": 70}], "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}]`)
	dir := writeFiles(t, map[string]string{"c.ndjson": `{"status": "READY_FOR_REVIEW", "score": 35}` + "\n" + `{"status": "READY_FOR_REVIEW", "score": 80}` + "\n"})
	sum, err := backtest.Run(context.Background(), after, backtest.Sources(dir), backtest.Options{Event: ready, Baseline: before})
	if err != nil {
		t.Fatal(err)
	}
	if len(sum.Changed) != 1 || !strings.HasSuffix(sum.Changed[0].Case, ":1") || sum.Changed[0].Automation != "decline" || sum.Changed[0].Baseline != "decline (old)" {
		t.Errorf("changed %+v, want only case 1, decided by decline and its old version", sum.Changed)
	}
}
