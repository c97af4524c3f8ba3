package conditions

import (
	"strings"

	"github.com/verdict-rules/verdict/conditions/jsonpath"
)

// operand is a condition's value, decoded once at compile time with the
// views the coercion rules need.
type operand struct {
	v      jsonpath.Value // the value as written
	num    bool           // a number, or a string that reads as one
	numVal jsonpath.Value // the number, when num
	str    bool           // a string
	isBool bool           // true, false, "true" or "false"
	b      bool
}

func newOperand(v jsonpath.Value) operand {
	op := operand{v: v}
	switch v.Kind() {
	case jsonpath.Number:
		op.num, op.numVal = true, v
	case jsonpath.String:
		op.str = true
		if n, ok := numericString(v.Text()); ok {
			op.num, op.numVal = true, n
		}
		switch v.Text() {
		case "true":
			op.isBool, op.b = true, true
		case "false":
			op.isBool = true
		}
	case jsonpath.Bool:
		op.isBool, op.b = true, v.Bool()
	}
	return op
}

// numericString reads a string as a number: a JSON number, optionally
// surrounded by spaces ("70", " 4000 ", "1e3", "-0.5"; not "+1", "0x10",
// "70%").
func numericString(s string) (jsonpath.Value, bool) {
	s = strings.Trim(s, " \t")
	if s == "" || len(s) > 400 {
		return jsonpath.Value{}, false
	}
	return jsonpath.NewNumber(s)
}

// equal reports whether a value the path yielded equals the operand:
// numbers and numeric strings compare numerically (and exactly), strings by
// equality, booleans with true/false or "true"/"false", null only with
// null, objects and arrays by deep equality.
func (op *operand) equal(r *jsonpath.Value) bool {
	switch r.Kind() {
	case jsonpath.Number:
		return op.num && jsonpath.CompareNumbers(r, &op.numVal) == 0
	case jsonpath.String:
		switch op.v.Kind() {
		case jsonpath.String:
			return r.Text() == op.v.Text()
		case jsonpath.Number:
			n, ok := numericString(r.Text())
			return ok && jsonpath.CompareNumbers(&n, &op.numVal) == 0
		case jsonpath.Bool:
			return (r.Text() == "true" && op.b) || (r.Text() == "false" && !op.b)
		}
		return false
	case jsonpath.Bool:
		return op.isBool && r.Bool() == op.b
	case jsonpath.Null:
		return op.v.Kind() == jsonpath.Null
	case jsonpath.Array, jsonpath.Object:
		return jsonpath.Equal(r, &op.v)
	}
	return false
}

// order compares a value the path yielded with the operand: numerically
// when both are numbers or numeric strings, by code point when both are
// strings otherwise. ok is false when the two do not compare.
func (op *operand) order(r *jsonpath.Value) (cmp int, ok bool) {
	switch r.Kind() {
	case jsonpath.Number:
		if op.num {
			return jsonpath.CompareNumbers(r, &op.numVal), true
		}
	case jsonpath.String:
		if op.num {
			if n, isNum := numericString(r.Text()); isNum {
				return jsonpath.CompareNumbers(&n, &op.numVal), true
			}
		}
		if op.str {
			return strings.Compare(r.Text(), op.v.Text()), true
		}
	}
	return 0, false
}

// contains reports whether a string contains the operand (as text), or an
// array has an element equal to it.
func (op *operand) contains(r *jsonpath.Value) bool {
	switch r.Kind() {
	case jsonpath.String:
		switch op.v.Kind() {
		case jsonpath.String:
			return strings.Contains(r.Text(), op.v.Text())
		case jsonpath.Number:
			return strings.Contains(r.Text(), op.v.Literal())
		}
	case jsonpath.Array:
		for i := 0; i < r.Len(); i++ {
			if op.equal(r.Index(i)) {
				return true
			}
		}
	}
	return false
}
