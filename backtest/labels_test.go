package backtest_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/verdict-rules/verdict/backtest"
	"github.com/verdict-rules/verdict/bench"
	"github.com/verdict-rules/verdict/labels"
	"github.com/verdict-rules/verdict/rules"
)

// plantedCorpus generates n cases as bench/gencases does, with labels
// planted from what the generator chose (never by evaluating a case), and
// returns the NDJSON file of cases, the label file and what was planted.
func plantedCorpus(t testing.TB, n int, seed uint64, errorRate, missingRate float64) (string, string, *bench.Planted) {
	t.Helper()
	dir := t.TempDir()
	var cs, labs bytes.Buffer
	pl, err := bench.NewPlanter(&labs, labels.CSV, bench.PlantOptions{Now: plantedNow, ErrorRate: errorRate, MissingRate: missingRate, Seed: seed})
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x5eed))
	for i := range n {
		data, facts := bench.CaseFacts(rng, i)
		cs.Write(data)
		cs.WriteByte('\n')
		if err := pl.Plant(facts); err != nil {
			t.Fatal(err)
		}
	}
	planted, err := pl.Close()
	if err != nil {
		t.Fatal(err)
	}
	casesFile, labelFile := filepath.Join(dir, "cases.ndjson"), filepath.Join(dir, "labels.csv")
	if err := os.WriteFile(casesFile, cs.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(labelFile, labs.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return casesFile, labelFile, planted
}

var plantedNow = time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)

func plantedSet(t testing.TB) *rules.Set {
	t.Helper()
	def, err := os.ReadFile(filepath.Join("..", bench.PlantedAutomation))
	if err != nil {
		t.Fatal(err)
	}
	set, err := rules.Load(def, rules.WithClock(func() time.Time { return plantedNow }))
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// A labelled backtest over a generated corpus whose
// labels were planted with a known error rate and missing labels finds the
// planted confusion matrix exactly, every off-diagonal case listed in order.
func TestLabelledBacktestReproducesPlantedMatrix(t *testing.T) {
	for _, tc := range []struct {
		n                     int
		seed                  uint64
		errorRate, missing    float64
		wantFlipped, wantMiss bool
	}{
		{3000, 7, 0.05, 0.03, true, true},
		{1000, 11, 0, 0, false, false},
		{1000, 12, 0.5, 0.2, true, true},
	} {
		casesFile, labelFile, planted := plantedCorpus(t, tc.n, tc.seed, tc.errorRate, tc.missing)
		if (planted.Flipped > 0) != tc.wantFlipped || (planted.Labelled < planted.Cases) != tc.wantMiss {
			t.Fatalf("the corpus was not planted as asked: %d flipped, %d of %d labelled", planted.Flipped, planted.Labelled, planted.Cases)
		}
		lab, err := labels.ReadFile(labelFile, labels.Options{})
		if err != nil {
			t.Fatal(err)
		}
		set := plantedSet(t)
		for _, workers := range []int{1, 3} {
			sum, err := backtest.Run(context.Background(), set, backtest.Sources(casesFile), backtest.Options{
				Workers: workers,
				Event:   &rules.Event{Type: planted.Event.Type, Status: planted.Event.Status},
				Labels:  &backtest.Labelling{File: lab, FileName: labelFile, List: tc.n},
			})
			if err != nil {
				t.Fatal(err)
			}
			ls := sum.Labelled
			if len(ls.Automations) != 1 || ls.Automations[0].Automation.ID != planted.AutomationID {
				t.Fatalf("automations %+v", ls.Automations)
			}
			want, _ := json.Marshal(planted.Matrix)
			got, _ := json.Marshal(ls.Automations[0].Matrix)
			if !bytes.Equal(want, got) {
				t.Errorf("seed %d, %d workers: the matrix differs from the planted one\nwant %.600s\ngot  %.600s", tc.seed, workers, want, got)
			}
			if ls.Cases != planted.Cases || ls.Labelled != planted.Labelled || ls.Unlabelled.NotInFile != planted.Cases-planted.Labelled ||
				ls.Unlabelled.Total() != ls.Unlabelled.NotInFile || ls.NotInCorpus != 0 || ls.Repeated.NotListed+len(ls.Repeated.Cases) != 0 {
				t.Errorf("cases %d labelled %d unlabelled %+v not in corpus %d repeated %+v; planted %d cases, %d labelled",
					ls.Cases, ls.Labelled, ls.Unlabelled, ls.NotInCorpus, ls.Repeated, planted.Cases, planted.Labelled)
			}
			if diff := cmp.Diff(planted.Labels, ls.Labels); diff != "" {
				t.Errorf("labels (-planted +got)\n%s", diff)
			}
		}
	}
}

// A label read from the case itself: with the case's status as the label,
// the matrix follows from the outcomes alone.
func TestLabelFromCase(t *testing.T) {
	dir := t.TempDir()
	corpus := strings.Join([]string{
		`{"id": "c1", "score": 80, "decision": "ACTIVE"}`,
		`{"id": "c2", "score": 90, "decision": "DECLINED"}`,
		`{"id": "c3", "score": 10, "decision": "ACTIVE"}`,
		`{"id": "c4", "score": 20, "decision": "DECLINED"}`,
		`{"id": 5, "score": 80}`,
		`{"score": 80, "decision": "ACTIVE", "old": {"decision": "x"}}`,
		`{"id": "c7", "score": 10, "decision": null}`,
	}, "\n")
	path := filepath.Join(dir, "c.ndjson")
	if err := os.WriteFile(path, []byte(corpus), 0o644); err != nil {
		t.Fatal(err)
	}
	set := mustLoad(t, approveHigh)
	sum, err := backtest.Run(context.Background(), set, backtest.Sources(path), backtest.Options{Workers: 2,
		Labels: &backtest.Labelling{Path: "$..decision", Sample: 5, Seed: 1}})
	if err != nil {
		t.Fatal(err)
	}
	ls := sum.Labelled
	m := ls.Automations[0].Matrix
	want := labels.Counts{FiredAgreeing: 1, FiredOther: 1, FiredUnlabelled: 2, NotFiredAgreeing: 1, NotFiredOther: 1, NotFiredUnlabelled: 1}
	if diff := cmp.Diff(want, m.Counts); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
	if diff := cmp.Diff(backtest.Unlabelled{NoValue: 1, Several: 1, NotString: 1}, ls.Unlabelled); diff != "" {
		t.Errorf("unlabelled (-want +got)\n%s", diff)
	}
	wantList := []string{"5: $..decision yields nothing", path + ":6: $..decision yields 2 values", "c7: $..decision yields null"}
	if diff := cmp.Diff(wantList, ls.UnlabelledCases.Cases); diff != "" {
		t.Errorf("unlabelled cases (-want +got)\n%s", diff)
	}
	if m.FiredOther.Cases[0] != "c2" || m.NotFiredAgreeing.Cases[0] != "c3" {
		t.Errorf("listed %v %v", m.FiredOther, m.NotFiredAgreeing)
	}
	if got := ls.Automations[0].Samples[labels.FiredOther]; len(got) != 1 || got[0] != (backtest.SampledCase{Case: "c2", Source: path + ":2", Label: "DECLINED", Labelled: true}) {
		t.Errorf("sample %+v", got)
	}
}

func TestLabelSpecErrors(t *testing.T) {
	set := mustLoad(t, approveHigh)
	lab, err := labels.Read(strings.NewReader("case_id,label\nc1,ACTIVE\nc2,DECLINED\n"), "d.csv", labels.Options{})
	if err != nil {
		t.Fatal(err)
	}
	agree := func(spec string) *labels.Agreement {
		a, err := labels.ParseAgreement(spec)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	for _, tc := range []struct {
		l    backtest.Labelling
		want string
	}{
		{backtest.Labelling{Path: "$.status["}, "labels: "},
		{backtest.Labelling{Path: "$.context.company_age"}, "labels: $.context.company_age reads a computed context field; a label or case id is read from the case itself"},
		{backtest.Labelling{}, "labels: give a label file or a JSONPath that yields each case's label"},
		{backtest.Labelling{File: lab, FileName: "d.csv", CaseID: "$..["}, "case id: "},
		{backtest.Labelling{File: lab, FileName: "d.csv", Agreement: agree("nobody=ACTIVE")}, `agree: agreement: "nobody": is neither the id nor the name of any automation evaluated (a baseline's do not count)`},
		{backtest.Labelling{File: lab, FileName: "d.csv", Agreement: agree("ACTIVE,ACTVE")},
			`agree: label "ACTVE", which agrees with "approve", is the label of no case in d.csv (did you mean "ACTIVE"?); its labels: ACTIVE, DECLINED`},
	} {
		err := tc.l.Check(set)
		var se *backtest.LabelSpecError
		if !errors.As(err, &se) || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("got  %v\nwant %s…", err, tc.want)
		}
	}
	// The status the automation sets itself, absent from the file, is not
	// an error but a warning after the run.
	only, _ := labels.Read(strings.NewReader("c1,DECLINED\n"), "d.csv", labels.Options{})
	if err := (&backtest.Labelling{File: only, FileName: "d.csv"}).Check(set); err != nil {
		t.Errorf("its own status: %v", err)
	}
}

// TestLabelledSamplesAreDeterministic: the same seed draws the same sample
// whatever the number of workers; another seed, another sample.
func TestLabelledSamplesAreDeterministic(t *testing.T) {
	casesFile, labelFile, _ := plantedCorpus(t, 2000, 3, 0.1, 0.05)
	lab, err := labels.ReadFile(labelFile, labels.Options{})
	if err != nil {
		t.Fatal(err)
	}
	set := plantedSet(t)
	sample := func(seed uint64, workers int) string {
		sum, err := backtest.Run(context.Background(), set, backtest.Sources(casesFile), backtest.Options{Workers: workers,
			Event:  &rules.Event{Type: "case_status_updated", Status: "READY_FOR_REVIEW"},
			Labels: &backtest.Labelling{File: lab, FileName: labelFile, Sample: 5, Seed: seed}})
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := sum.Labelled.WriteSamples(&b, labels.CSV); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	a, b, c := sample(1, 1), sample(1, 4), sample(2, 2)
	if a != b {
		t.Errorf("seed 1 draws differently on 1 and 4 workers:\n%s\n%s", a, b)
	}
	if a == c {
		t.Errorf("seeds 1 and 2 draw the same sample")
	}
	lines := strings.Split(strings.TrimSpace(a), "\n")
	if lines[0] != "automation_id,automation,cell,case,label,source" || len(lines) != 1+6*5 {
		t.Errorf("%d lines, header %q", len(lines), lines[0])
	}
}

func mustLoad(t testing.TB, def string) *rules.Set {
	t.Helper()
	set, err := rules.Load([]byte(def))
	if err != nil {
		t.Fatal(err)
	}
	return set
}

func TestCaseAutomationsBacktest(t *testing.T) {
	dir := t.TempDir()
	corpus := strings.Join([]string{
		`{"id": "c1", "status": "READY_FOR_REVIEW", "score": 80, "automations": [{"id": "A1"}]}`,
		`{"id": "c2", "status": "READY_FOR_REVIEW", "score": 80, "automations": [{"id": "A1"}, {"id": "Z9"}]}`,
		`{"id": "c3", "status": "READY_FOR_REVIEW", "score": 80, "automations": [{"id": "Z9"}, {"id": "Y8"}]}`,
		`{"id": "c4", "status": "READY_FOR_REVIEW", "score": 80}`,
		`{"id": "c5", "status": "READY_FOR_REVIEW", "score": 80, "automations": [{"id": 1}]}`,
	}, "\n")
	path := filepath.Join(dir, "c.ndjson")
	if err := os.WriteFile(path, []byte(corpus), 0o644); err != nil {
		t.Fatal(err)
	}
	set := mustLoad(t, `[
	  {"id": "A1", "name": "approve", "triggers": [{"type": "case_status_updated"}],
	   "conditions": [{"type": "greater_than_or_equal", "field": "$.score", "value": 70}],
	   "actions": [{"type": "set_case_status", "status": "ACTIVE"}]},
	  {"id": "N1", "name": "draft", "triggers": [{"type": "case_status_updated"}], "conditions": [],
	   "actions": [{"type": "set_case_status", "status": "SUSPENDED"}]}]`)
	ev := &rules.Event{Type: "case_status_updated", Status: "READY_FOR_REVIEW"}
	sum, err := backtest.Run(context.Background(), set, backtest.Sources(path), backtest.Options{Event: ev, CaseAutomations: true, Baseline: set})
	if err != nil {
		t.Fatal(err)
	}
	want := &backtest.CaseAutomations{Named: []int{2, 0}, WithoutList: 1, Unknown: map[string]int{"Z9": 2, "Y8": 1}}
	if diff := cmp.Diff(want, sum.CaseAutomations); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
	if a, d := sum.PerAutomation[0], sum.PerAutomation[1]; a.Fired != 2 || a.NotRun != 2 || d.Fired != 0 || d.NotRun != 4 {
		t.Errorf("approve fired %d, not run %d; draft fired %d, not run %d", a.Fired, a.NotRun, d.Fired, d.NotRun)
	}
	if sum.Skipped != 1 || !strings.Contains(sum.Errors[0].Err.Error(), "/automations/0/id: an automation's id is a string, found number 1") {
		t.Errorf("skipped %d: %v", sum.Skipped, sum.Errors)
	}
	if sum.ChangedCases != 0 {
		t.Errorf("the baseline, the same set, decided %d cases differently", sum.ChangedCases)
	}
	rep := sum.Report(1)
	ca := rep.CaseAutomations
	if len(ca.NamedByNoCase) != 1 || ca.NamedByNoCase[0].ID != "N1" || len(ca.Unknown) != 1 || ca.Unknown[0] != (backtest.UnknownReport{ID: "Z9", Cases: 2}) || ca.UnknownNotListed != 1 {
		t.Errorf("report %+v", ca)
	}
	// Off, every automation runs on every case and the list is not read.
	all, err := backtest.Run(context.Background(), set, backtest.Sources(path), backtest.Options{Event: ev})
	if err != nil || all.CaseAutomations != nil || all.PerAutomation[1].Fired != 5 || all.Skipped != 0 {
		t.Errorf("without the option: %v, %+v, skipped %d", err, all.PerAutomation, all.Skipped)
	}
}

// With a baseline, each automation's partner gets a matrix of its own
// against the same labels: how the change moves precision and recall.
func TestLabelledBaseline(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "c.ndjson")
	corpus := `{"id": "c1", "score": 80, "d": "ACTIVE"}` + "\n" + `{"id": "c2", "score": 60, "d": "ACTIVE"}` + "\n" +
		`{"id": "c3", "score": 55, "d": "DECLINED"}` + "\n" + `{"id": "c4", "score": 10, "d": "DECLINED"}` + "\n"
	if err := os.WriteFile(path, []byte(corpus), 0o644); err != nil {
		t.Fatal(err)
	}
	sum, err := backtest.Run(context.Background(), mustLoad(t, approveHigh), backtest.Sources(path), backtest.Options{
		Baseline: mustLoad(t, approveLower), Labels: &backtest.Labelling{Path: "$.d"}})
	if err != nil {
		t.Fatal(err)
	}
	a := sum.Labelled.Automations[0]
	if diff := cmp.Diff(labels.Counts{FiredAgreeing: 1, NotFiredAgreeing: 1, NotFiredOther: 2}, a.Matrix.Counts); diff != "" {
		t.Errorf("run (-want +got)\n%s", diff)
	}
	if a.Baseline == nil || a.Baseline.Automation.Name != "approve" {
		t.Fatalf("baseline %+v", a.Baseline)
	}
	if diff := cmp.Diff(labels.Counts{FiredAgreeing: 2, FiredOther: 1, NotFiredOther: 1}, a.Baseline.Matrix.Counts); diff != "" {
		t.Errorf("baseline (-want +got)\n%s", diff)
	}
	if diff := cmp.Diff([]string{"c3"}, a.Baseline.Matrix.FiredOther.Cases); diff != "" {
		t.Errorf("baseline's false positives (-want +got)\n%s", diff)
	}
}

// The lists of a labelled backtest are bounded, whatever the corpus: at
// most List cases per list and 1,000 distinct labels; the rest are counted.
func TestLabelledBacktestBounds(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "c.ndjson")
	var b strings.Builder
	for i := range 1500 {
		fmt.Fprintf(&b, `{"id": "c%d", "score": %d, "d": "L%d"}`+"\n", i, 80+i%2*(-70), i)
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	sum, err := backtest.Run(context.Background(), mustLoad(t, approveHigh), backtest.Sources(path), backtest.Options{
		Labels: &backtest.Labelling{Path: "$.d", Agreement: mustAgree(t, "L0,L2,L4,L3,L5,L7"), List: 3}})
	if err != nil {
		t.Fatal(err)
	}
	ls := sum.Labelled
	if len(ls.Labels) != 1000 || ls.LabelsNotListed != 500 {
		t.Errorf("%d labels counted, %d cases not listed", len(ls.Labels), ls.LabelsNotListed)
	}
	m := ls.Automations[0].Matrix
	if len(m.FiredOther.Cases) != 3 || m.FiredOther.NotListed != 750-3-3 || len(m.NotFiredAgreeing.Cases) != 3 || m.NotFiredAgreeing.NotListed != 0 {
		t.Errorf("fired other %+v (%d), not fired agreeing %+v", m.FiredOther.Cases, m.FiredOther.NotListed, m.NotFiredAgreeing)
	}
}

func mustAgree(t testing.TB, spec string) *labels.Agreement {
	t.Helper()
	a, err := labels.ParseAgreement(spec)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// TestLabelledSummaryKeepsNoCase: the summary of a labelled backtest keeps
// ids and labels, not the cases they were read from, so the memory it holds
// does not grow with the size of the cases.
func TestLabelledSummaryKeepsNoCase(t *testing.T) {
	retained := func(pad int) uint64 {
		dir := t.TempDir()
		path := filepath.Join(dir, "c.ndjson")
		var b, l strings.Builder
		l.WriteString("case_id,label\n")
		for i := range 1000 {
			fmt.Fprintf(&b, `{"id": "c%d", "score": %d, "d": "L%d", "automations": [{"id": "U%d"}], "pad": "%s"}`+"\n", i, i%100, i%1500, i, strings.Repeat("x", pad))
			fmt.Fprintf(&l, "c%d,L%d\n", i, i%7)
		}
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		lab, err := labels.Read(strings.NewReader(l.String()), "l.csv", labels.Options{})
		if err != nil {
			t.Fatal(err)
		}
		set := mustLoad(t, approveHigh)
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		fromFile, err := backtest.Run(context.Background(), set, backtest.Sources(path), backtest.Options{Workers: 2,
			Labels: &backtest.Labelling{File: lab, FileName: "l.csv", List: 1000, Agreement: mustAgree(t, "L1")}})
		if err != nil {
			t.Fatal(err)
		}
		fromCase, err := backtest.Run(context.Background(), set, backtest.Sources(path), backtest.Options{Workers: 2,
			Labels: &backtest.Labelling{Path: "$.d", List: 1000, Sample: 50}, CaseAutomations: true})
		if err != nil {
			t.Fatal(err)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		runtime.KeepAlive(fromFile)
		runtime.KeepAlive(fromCase)
		return after.HeapAlloc - min(after.HeapAlloc, before.HeapAlloc)
	}
	small, large := retained(1<<10), retained(16<<10)
	// 1,000 cases of 16 KB are 16 MB: a summary keeping them would hold
	// that much more than one of 1 KB cases.
	if large > small+(2<<20) {
		t.Errorf("the summaries hold %d bytes after cases of 16 KB, %d after cases of 1 KB", large, small)
	}
}

// TestLongIDsAreShortened: ids, labels and automation ids of 32 KB each
// are kept as their first 1,024 bytes and their length, so the summaries
// hold about a kilobyte per listed entry, not the 29 MB the cases hold.
func TestLongIDsAreShortened(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "c.ndjson")
	long := func(c byte, i int) string { return fmt.Sprintf("%d%s", i, strings.Repeat(string(c), 32<<10)) }
	var b strings.Builder
	for i := range 300 {
		fmt.Fprintf(&b, `{"id": %q, "score": %d, "d": %q, "automations": [{"id": %q}]}`+"\n", long('i', i), 80-i%2*70, long('l', i), long('a', i))
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	set := mustLoad(t, approveHigh)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	sum, err := backtest.Run(context.Background(), set, backtest.Sources(path), backtest.Options{Workers: 2, CaseAutomations: true,
		Labels: &backtest.Labelling{Path: "$.d", Agreement: mustAgree(t, long('l', 0)), List: 1000, Sample: 10}})
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	if held := after.HeapAlloc - min(after.HeapAlloc, before.HeapAlloc); held > 4<<20 {
		t.Errorf("the summary holds %d bytes", held)
	}
	ls := sum.Labelled
	kept := func(s string) string {
		sum := sha256.Sum256([]byte(s))
		return s[:1024] + fmt.Sprintf("… (%d bytes, sha256:%x)", len(s), sum[:8])
	}
	want := kept(long('l', 0))
	if ls.Labels[want] != 1 || len(ls.Labels) != 300 {
		t.Errorf("%d labels; the first kept as %d bytes", len(ls.Labels), len(want))
	}
	// Named by no case, the automation ran on none: case 0, whose label
	// agrees, is a false negative.
	if l := ls.Automations[0].Matrix.NotFiredAgreeing.Cases; len(l) != 1 || l[0] != kept(long('i', 0)) {
		t.Errorf("listed %d: %.40q", len(l), l)
	}
	if n := sum.CaseAutomations.Unknown[kept(long('a', 1))]; n != 1 || len(sum.CaseAutomations.Unknown) != 300 {
		t.Errorf("unknown ids: %d of them", len(sum.CaseAutomations.Unknown))
	}
	runtime.KeepAlive(sum)
}

// An empty string is no decision: a label path that yields "" leaves the
// case unlabelled, as a label file refuses an empty label, instead of
// counting it as another label that moves precision; and an empty case id
// is no id, listed by the case's source.
func TestEmptyLabelAndIDAreNone(t *testing.T) {
	dir := t.TempDir()
	corpus := strings.Join([]string{
		`{"id": "c1", "score": 80, "decision": ""}`,
		`{"id": "c2", "score": 90, "decision": "ACTIVE"}`,
		`{"id": "", "score": 80, "decision": "DECLINED"}`,
	}, "\n")
	path := filepath.Join(dir, "c.ndjson")
	if err := os.WriteFile(path, []byte(corpus), 0o644); err != nil {
		t.Fatal(err)
	}
	set := mustLoad(t, approveHigh)
	sum, err := backtest.Run(context.Background(), set, backtest.Sources(path), backtest.Options{
		Labels: &backtest.Labelling{Path: "$.decision"}})
	if err != nil {
		t.Fatal(err)
	}
	ls := sum.Labelled
	want := labels.Counts{FiredAgreeing: 1, FiredOther: 1, FiredUnlabelled: 1}
	if diff := cmp.Diff(want, ls.Automations[0].Matrix.Counts); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
	if diff := cmp.Diff(backtest.Unlabelled{NoValue: 1}, ls.Unlabelled); diff != "" {
		t.Errorf("unlabelled (-want +got)\n%s", diff)
	}
	if diff := cmp.Diff([]string{"c1: $.decision yields the empty string"}, ls.UnlabelledCases.Cases); diff != "" {
		t.Errorf("unlabelled cases (-want +got)\n%s", diff)
	}
	if diff := cmp.Diff([]string{path + ":3"}, ls.Automations[0].Matrix.FiredOther.Cases); diff != "" {
		t.Errorf("fired, other label (-want +got)\n%s", diff)
	}
	if diff := cmp.Diff(map[string]int{"ACTIVE": 1, "DECLINED": 1}, ls.Labels); diff != "" {
		t.Errorf("labels (-want +got)\n%s", diff)
	}

	lab, err := labels.Read(strings.NewReader("case_id,label\nc1,ACTIVE\n"), "d.csv", labels.Options{})
	if err != nil {
		t.Fatal(err)
	}
	sum, err = backtest.Run(context.Background(), set, backtest.Sources(path), backtest.Options{
		Labels: &backtest.Labelling{File: lab, FileName: "d.csv"}})
	if err != nil {
		t.Fatal(err)
	}
	ls = sum.Labelled
	if diff := cmp.Diff(backtest.Unlabelled{NoID: 1, NotInFile: 1}, ls.Unlabelled); diff != "" {
		t.Errorf("unlabelled (-want +got)\n%s", diff)
	}
	if diff := cmp.Diff([]string{"c2: not in the label file", path + ":3: the case id at $.id is the empty string"}, ls.UnlabelledCases.Cases); diff != "" {
		t.Errorf("unlabelled cases (-want +got)\n%s", diff)
	}
}
