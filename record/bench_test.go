package record_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/verdict-rules/verdict/mask"
	"github.com/verdict-rules/verdict/record"
	"github.com/verdict-rules/verdict/rules"
)

// BenchmarkRecord measures a decision record of the corrected automation
// on Ragnarok AS (~5 KB), written as JSON, against the traced evaluation
// the CLI makes, with and without a mask.
func BenchmarkRecord(b *testing.B) {
	t := &testing.T{}
	set := load(t, "../testdata/automations/auto-approve.json")
	c := readCase(t, "../testdata/cases/quickr/ragnarok-as.json")
	m, err := mask.New([]byte("a key of at least sixteen bytes"), "$..current_credit_score.value", "$..registration_date")
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.Run("trace", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := set.Evaluate(ctx, c, readyForReview, rules.WithTrace()); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, tc := range []struct {
		name string
		mask *mask.Mask
	}{{"record", nil}, {"record-masked", m}} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				recs, _, err := record.Evaluate(ctx, set, c, readyForReview, record.Options{DecisionID: "d", Mask: tc.mask})
				if err != nil {
					b.Fatal(err)
				}
				if _, err := json.Marshal(recs[0]); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
