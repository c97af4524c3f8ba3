package context

import (
	"testing"
	"time"

	"github.com/verdict-rules/verdict/document"
)

// BenchmarkExpression evaluates expression conditions warm on one small
// case: comparisons alone, integer and float arithmetic, and a filter over
// a list, the shapes whose operators are checked for overflow, division
// by zero and numbers no float64 holds.
func BenchmarkExpression(b *testing.B) {
	doc := `{"score": 72, "limit": 1500.5, "owners": [{"country": "NO", "share": 40}, {"country": "SE", "share": 35}, {"country": "NO", "share": 25}]}`
	v, err := document.Decode([]byte(doc))
	if err != nil {
		b.Fatal(err)
	}
	reg := Builtins()
	for _, tc := range []struct{ name, src string }{
		{"compare", `case.score >= 70 && case.limit < 2000`},
		{"int-arith", `case.score * 2 - 10 + case.score > 100`},
		{"float-arith", `case.limit / 3 * 2 - case.score > 900`},
		{"filter", `len(filter(case.owners, .country == "NO")) * 100 / len(case.owners) > 50`},
	} {
		e, err := reg.CompileCondition(tc.src, Limits{})
		if err != nil {
			b.Fatalf("%s: %v", tc.src, err)
		}
		vals := reg.NewValues(v, time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC))
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := e.Eval(vals, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
