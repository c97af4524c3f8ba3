package document

import (
	"fmt"
	"strings"
	"testing"
)

// strictProbes decodes data with Strict and returns the mean number of
// slots a repeat check read, from the parser's table of names itself.
func strictProbes(t *testing.T, data string) float64 {
	t.Helper()
	p := &parser{s: data, maxDepth: DefaultMaxDepth, strict: true}
	if _, err := p.value(0, nil); err != nil {
		t.Fatal(err)
	}
	mask := len(p.seen) - 1
	total := 0
	for j, e := range p.seen {
		if e.serial != 0 {
			total += (j-int(mix(e.hash, e.serial))&mask+len(p.seen))&mask + 1
		}
	}
	return float64(total) / float64(p.nseen)
}

// TestStrictIsLinear (F8): the repeat check of Strict reads a bounded
// number of slots per name, in one large object as in many small ones, so
// doubling the names doubles the work. The decoder it replaces compared
// each name with every name before it.
func TestStrictIsLinear(t *testing.T) {
	large := func(n int) string {
		var b strings.Builder
		b.WriteByte('{')
		for i := range n {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `"k%d":"v"`, i)
		}
		return b.String() + "}"
	}
	small := func(n int) string {
		return "[" + strings.Repeat(`{"type":"a","data":{"type":"b","id":1},"id":2},`, n/5) + "{}]"
	}
	for _, gen := range []func(int) string{large, small} {
		a, b := strictProbes(t, gen(40000)), strictProbes(t, gen(80000))
		t.Logf("probes per name: %.2f for 40000 names, %.2f for 80000", a, b)
		if a > 2.5 || b > 2.5 {
			t.Errorf("a repeat check reads %.2f and %.2f slots per name", a, b)
		}
	}
}
