package record_test

import (
	"bytes"
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/verdict-rules/verdict/cases"
	"github.com/verdict-rules/verdict/mask"
	"github.com/verdict-rules/verdict/record"
	"github.com/verdict-rules/verdict/rules"
)

// bytesPerRecord is what record.Evaluate allocates, on average, on a case
// of n filler items that a masked descent reads.
func bytesPerRecord(t *testing.T, n int) float64 {
	t.Helper()
	var b strings.Builder
	b.WriteString(`{"id": "c", "status": "READY_FOR_REVIEW", "items": [`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"name": "n%d", "score": %d, "tags": ["a", "b"]}`, i, i%100)
	}
	b.WriteString(`]}`)
	c, err := cases.Parse([]byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	set := load(t, "../testdata/automations/auto-approve.json")
	m, err := mask.New([]byte("a key of at least sixteen bytes"), "$.items[*].name")
	if err != nil {
		t.Fatal(err)
	}
	const runs = 20
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for range runs {
		if _, _, err := record.Evaluate(context.Background(), set, c, readyForReview, record.Options{DecisionID: "d", Mask: m}); err != nil {
			t.Fatal(err)
		}
	}
	runtime.ReadMemStats(&after)
	return float64(after.TotalAlloc-before.TotalAlloc) / runs
}

// TestRecordCostIsLinear: indexing the case for the evidence and applying
// a mask cost memory linear in the case: doubling it at most about
// doubles what a record allocates.
func TestRecordCostIsLinear(t *testing.T) {
	small, large := bytesPerRecord(t, 2000), bytesPerRecord(t, 4000)
	if ratio := large / small; ratio > 2.2 {
		t.Errorf("a case twice as large allocates %.2f times as much (%.0f → %.0f bytes)", ratio, small, large)
	}
}

// TestMaskCostIsLinearInDepth: masking a deeply nested value hashes each
// string and number once, not once per level above it.
func TestMaskCostIsLinearInDepth(t *testing.T) {
	cost := func(depth int) float64 {
		doc := `{"status": "READY_FOR_REVIEW", "deep": ` + strings.Repeat(`{"a": 1, "b": `, depth) + `"x"` + strings.Repeat("}", depth) + `}`
		c, err := cases.Parse([]byte(doc))
		if err != nil {
			t.Fatal(err)
		}
		set := load(t, "../testdata/automations/auto-approve.json")
		m, err := mask.New([]byte("a key of at least sixteen bytes"), "$.deep")
		if err != nil {
			t.Fatal(err)
		}
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		for range 5 {
			if _, _, err := record.Evaluate(context.Background(), set, c, readyForReview, record.Options{DecisionID: "d", Mask: m}); err != nil {
				t.Fatal(err)
			}
		}
		runtime.ReadMemStats(&after)
		return float64(after.TotalAlloc - before.TotalAlloc)
	}
	small, large := cost(200), cost(400)
	if ratio := large / small; ratio > 2.2 {
		t.Errorf("a value nested twice as deep allocates %.2f times as much (%.0f → %.0f bytes)", ratio, small, large)
	}
}

// TestEvidenceSaysWhatItLeavesOut: when a path yields more than the
// trace keeps (Limits.TraceBytes), the evidence says how many of its
// values it leaves out, for the field of a condition and the path of an
// every, instead of reading as if the path had yielded only those shown.
func TestEvidenceSaysWhatItLeavesOut(t *testing.T) {
	const auto = `{"name": "n", "trigger": [{"type": "case_status_updated", "status": "READY_FOR_REVIEW"}],
	  "conditions": [{"type": "not_equal_to_null", "field": "$.items[*]"},
	    {"type": "every", "field": "$.one[*]", "path": "$.items[*]"}],
	  "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`
	set, err := rules.Load([]byte(auto), rules.WithLimits(rules.Limits{TraceBytes: 100}))
	if err != nil {
		t.Fatal(err)
	}
	items := `"` + strings.Repeat("x", 30) + `"`
	c, err := cases.Parse([]byte(`{"status": "READY_FOR_REVIEW", "one": [` + items + `], "items": [` + strings.Repeat(items+",", 9) + items + `]}`))
	if err != nil {
		t.Fatal(err)
	}
	recs, _, err := record.Evaluate(context.Background(), set, c, readyForReview, record.Options{DecisionID: "d"})
	if err != nil {
		t.Fatal(err)
	}
	if raw := valid(t, recs[0]); !bytes.Contains(raw, []byte(`"omitted": 7`)) {
		t.Errorf("the record's JSON does not say that 7 values are left out: %s", raw)
	}
	type got struct {
		Path           string
		Shown, Omitted int
	}
	var gots []got
	for _, e := range recs[0].Evidence {
		gots = append(gots, got{e.Path, len(e.Values), e.Omitted})
		if len(e.Values)+e.Omitted == 0 {
			t.Errorf("%s: no value shown or left out", e.Path)
		}
	}
	want := []got{{"$.items[*]", 3, 7}, {"$.one[*]", 0, 1}, {"$.items[*]", 0, 10}}
	if diff := cmp.Diff(want, gots); diff != "" {
		t.Errorf("evidence (-want +got):\n%s", diff)
	}
}
