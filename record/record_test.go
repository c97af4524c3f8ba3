package record_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/verdict-rules/verdict/cases"
	"github.com/verdict-rules/verdict/internal/golden"
	"github.com/verdict-rules/verdict/mask"
	"github.com/verdict-rules/verdict/record"
	"github.com/verdict-rules/verdict/rules"
	"github.com/verdict-rules/verdict/schema"
)

var now = time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)

func clock() time.Time { return now }

func load(t *testing.T, file string, opts ...rules.Option) *rules.Set {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	set, err := rules.Load(data, append([]rules.Option{rules.WithClock(clock)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return set
}

func readCase(t *testing.T, file string) *cases.Case {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	c, err := cases.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// valid checks a record against schema/decision-record.schema.json and
// returns its JSON.
func valid(t *testing.T, r record.Record) []byte {
	t.Helper()
	raw, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	v, err := schema.Embedded(schema.DecisionRecordFile)
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	if err := d.Decode(&doc); err != nil {
		t.Fatal(err)
	}
	for _, e := range v.Validate(doc) {
		t.Errorf("the record does not follow its schema: %s\n%s", e, raw)
	}
	return append(raw, '\n')
}

var readyForReview = &rules.Event{Type: "case_status_updated", Status: "READY_FOR_REVIEW"}

// TestGoldenRecords: the records of the corrected automation on the docs'
// four companies, with a fixed clock and decision id and counterfactuals
// (as verdict run makes them), follow the schema and are as kept in
// testdata.
func TestGoldenRecords(t *testing.T) {
	set := load(t, "../testdata/automations/auto-approve.json", rules.WithCounterfactuals())
	for _, company := range []string{"ragnarok-as", "rollo-the-warrior", "ecbert-holdings", "floki-shipbuilders"} {
		t.Run(company, func(t *testing.T) {
			c := readCase(t, "../testdata/cases/quickr/"+company+".json")
			recs, results, err := record.Evaluate(context.Background(), set, c, readyForReview,
				record.Options{DecisionID: "decision-" + company})
			if err != nil {
				t.Fatal(err)
			}
			if len(recs) != 1 || len(results) != 1 {
				t.Fatalf("%d records, %d results", len(recs), len(results))
			}
			golden.Check(t, filepath.Join("testdata", company+".json"), valid(t, recs[0]))
		})
	}
}

// TestRecordShapes: records of a dry run, of an event no trigger matches,
// of labelled conditions and of a set of several automations follow the
// schema; the automations of one evaluation share its decision id.
func TestRecordShapes(t *testing.T) {
	c := readCase(t, "../testdata/cases/quickr/rollo-the-warrior.json")
	data, err := os.ReadFile("../testdata/automations/auto-approve.json")
	if err != nil {
		t.Fatal(err)
	}
	docs, err := os.ReadFile("../testdata/automations/auto-approve-docs.json")
	if err != nil {
		t.Fatal(err)
	}
	labelled := bytes.Replace(data, []byte(`"type": "or",`), []byte(`"type": "or", "label": "no sanction hit", "reason_code": "SANCTION_HIT",`), 1)
	both := []byte("[" + string(labelled) + "," + string(docs) + "]")
	set, err := rules.Load(both, rules.WithClock(clock))
	if err != nil {
		t.Fatal(err)
	}
	for _, ev := range []*rules.Event{nil, readyForReview, {Type: "case_status_updated", Status: "ACTIVE"}} {
		recs, _, err := record.Evaluate(context.Background(), set, c, ev, record.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != 2 || recs[0].DecisionID != recs[1].DecisionID || !regexp.MustCompile(`^[0-9a-f]{32}$`).MatchString(recs[0].DecisionID) {
			t.Fatalf("decision ids of one evaluation: %q", []string{recs[0].DecisionID, recs[1].DecisionID})
		}
		for _, r := range recs {
			valid(t, r)
		}
		if d := recs[0].DecidedBy; d.ReasonCode != "SANCTION_HIT" || d.Label != "no sanction hit" || d.Pointer != "/conditions/0" {
			t.Errorf("decided by %+v, want /conditions/0 with its label and reason code", d)
		}
		if recs[0].EvaluatedAt != "2026-11-24T09:00:00Z" || recs[0].CaseID == nil {
			t.Errorf("evaluated at %q, case id %v", recs[0].EvaluatedAt, recs[0].CaseID)
		}
	}
}

// TestRecordsNeedEvidence: results evaluated without the evidence give no
// record, rather than a record without the pointers of its values.
func TestRecordsNeedEvidence(t *testing.T) {
	set := load(t, "../testdata/automations/auto-approve.json")
	c := readCase(t, "../testdata/cases/quickr/ragnarok-as.json")
	for _, opts := range [][]rules.EvalOption{nil, {rules.WithTrace()}} {
		results, err := set.Evaluate(context.Background(), c, readyForReview, opts...)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := record.FromResults(results, c, record.Options{}); !errors.Is(err, record.ErrNoEvidence) {
			t.Errorf("options %d: got %v, want ErrNoEvidence", len(opts), err)
		}
	}
}

// An automation a case does not name did not run: it has no record, and
// the ones that ran have theirs.
func TestNoRecordOfWhatDidNotRun(t *testing.T) {
	set, err := rules.Load([]byte(`[
	  {"id": "A1", "name": "named", "triggers": [{"type": "case_status_updated"}], "conditions": [{"type": "equal", "field": "$.status", "value": "READY_FOR_REVIEW"}], "actions": [{"type": "set_case_status", "status": "ACTIVE"}]},
	  {"id": "A2", "name": "not named", "triggers": [{"type": "case_status_updated"}], "conditions": [], "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}]`))
	if err != nil {
		t.Fatal(err)
	}
	c, err := cases.Parse([]byte(`{"id": "c1", "status": "READY_FOR_REVIEW", "automations": [{"id": "A1"}, {"id": "A9"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	recs, err := record.FromResults(mustEvaluate(t, set, c), c, record.Options{DecisionID: "d"})
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1 || recs[0].Automation.ID != "A1" || !recs[0].Outcome.Fired {
		t.Errorf("%d records: %+v", len(recs), recs)
	}
}

func mustEvaluate(t *testing.T, set *rules.Set, c *cases.Case) []rules.Result {
	t.Helper()
	rs, err := set.Evaluate(context.Background(), c, readyForReview, rules.WithEvidence(), rules.WithCaseAutomations())
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 3 {
		t.Fatalf("%d results, want the 2 automations' and one for the unknown id", len(rs))
	}
	return rs
}

// TestNewID: random ids are 32 hex digits and differ.
func TestNewID(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		id := record.NewID()
		if !regexp.MustCompile(`^[0-9a-f]{32}$`).MatchString(id) || seen[id] {
			t.Fatalf("id %q (seen before: %v)", id, seen[id])
		}
		seen[id] = true
	}
}

// TestRecordsConcurrently: one set and one mask serve many goroutines at
// once, each getting the records a lone evaluation gets (run with -race).
func TestRecordsConcurrently(t *testing.T) {
	set := load(t, "../testdata/automations/auto-approve.json")
	m, err := mask.New([]byte("a key of at least sixteen bytes"), "$..current_credit_score.value")
	if err != nil {
		t.Fatal(err)
	}
	companies := []string{"ragnarok-as", "rollo-the-warrior", "ecbert-holdings", "floki-shipbuilders"}
	want := map[string]string{}
	for _, company := range companies {
		c := readCase(t, "../testdata/cases/quickr/"+company+".json")
		recs, _, err := record.Evaluate(context.Background(), set, c, readyForReview, record.Options{DecisionID: "d", Mask: m})
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := json.Marshal(recs)
		want[company] = string(raw)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 20 {
				company := companies[(g+i)%len(companies)]
				c := readCase(t, "../testdata/cases/quickr/"+company+".json")
				recs, _, err := record.Evaluate(context.Background(), set, c, readyForReview, record.Options{DecisionID: "d", Mask: m})
				if err != nil {
					errs <- err.Error()
					return
				}
				if raw, _ := json.Marshal(recs); string(raw) != want[company] {
					errs <- company + ": a record differs from the lone evaluation's"
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
