package eval

import (
	"testing"

	"github.com/verdict-rules/verdict/document"
)

// TestSetAgreesWithEqual puts operands of every kind in a set and asks it
// about values of every kind: it answers what comparing the value with each
// operand answers (numbers exactly, numeric strings, booleans and their
// strings, null, arrays and objects).
func TestSetAgreesWithEqual(t *testing.T) {
	texts := []string{`1`, `1.0`, `1e0`, `-0`, `0`, `0.30000000000000001`, `0.3`, `9007199254740993`,
		`9007199254740992`, `1e1099511627776`, `1e10995116277760`, `-2.5`, `"1"`, `" 70 "`, `"70"`, `"70.0"`,
		`"1e0"`, `"x"`, `""`, `"true"`, `"false"`, `true`, `false`, `null`, `[]`, `[1]`, `[1.0]`, `{}`,
		`{"a":1}`, `{"a":"1"}`, `"0.3"`, `" 0.30000000000000001"`, `"-0"`}
	values := make([]document.Value, len(texts))
	for i, s := range texts {
		v, err := document.Decode([]byte(s))
		if err != nil {
			t.Fatal(s, err)
		}
		values[i] = v
	}
	// Every window of operands, so that each kind is in some sets and not
	// in others.
	for size := 1; size <= len(values); size += 3 {
		for start := 0; start+size <= len(values); start += 2 {
			var ops []operand
			for _, v := range values[start : start+size] {
				ops = append(ops, newOperand(v))
			}
			var set opSet
			set.add(ops)
			for i := range values {
				r := values[i]
				want := false
				for j := range ops {
					if ops[j].equal(r) {
						want = true
						break
					}
				}
				if got := set.has(r); got != want {
					t.Errorf("operands %v, value %s: the set says %v, equal says %v", texts[start:start+size], texts[i], got, want)
				}
			}
			set.reset()
			if set.has(values[0]) || set.ready {
				t.Fatal("a reset set is not empty")
			}
		}
	}
}

// An operand compares a number as CompareNumbers does, whether both are
// integers it reads as such or not.
func TestCompareNumberAgreesWithCompareNumbers(t *testing.T) {
	lits := []string{"0", "-0", "1", "-1", "70", "69", "71", "70.0", "70.5", "7e1", "-70", "999999999999999999",
		"1000000000000000000", "-99999999999999999", "9007199254740993", "9007199254740992", "0.5", "1e400"}
	for _, o := range append(lits, `" 70 "`, `"70.0"`, `"-0"`) {
		ov, err := document.Decode([]byte(o))
		if err != nil {
			t.Fatal(err)
		}
		op := newOperand(ov)
		for _, r := range lits {
			rv, err := document.Decode([]byte(r))
			if err != nil {
				t.Fatal(err)
			}
			want := document.CompareNumbers(rv, op.numVal)
			if got := op.compareNumber(rv); got != want {
				t.Errorf("operand %s: compareNumber(%s) = %d, CompareNumbers gives %d", o, r, got, want)
			}
			if got, ok := op.order(rv); !ok || got != want {
				t.Errorf("operand %s: order(%s) = %d, %v; want %d", o, r, got, ok, want)
			}
			if got := op.equal(rv); got != (want == 0) {
				t.Errorf("operand %s: equal(%s) = %v, want %v", o, r, got, want == 0)
			}
		}
	}
}
