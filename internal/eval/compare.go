package eval

import (
	"cmp"
	"slices"
	"strings"

	"github.com/verdict-rules/verdict/document"
	"github.com/verdict-rules/verdict/internal/jcs"
)

// operand is a condition's value, decoded once at compile time with the
// views the coercion rules need.
type operand struct {
	v      document.Value // the value as written
	num    bool           // a number, or a string that reads as one
	numVal document.Value // the number, when num
	isInt  bool           // numVal is an integer Value.Int reads
	i      int64          // its value, when isInt
	str    bool           // a string
	text   string         // a number's canonical text, which contains looks for
	isBool bool           // true, false, "true" or "false"
	b      bool
}

func newOperand(v document.Value) operand {
	op := operand{v: v}
	switch v.Kind() {
	case document.Number:
		op.num, op.numVal = true, v
		// The fingerprint holds numbers canonically (10.0 is 10), so
		// contains must not tell their spellings apart: it looks for
		// the text JavaScript's includes would, "10" for 10, 10.0 and
		// 1e1.
		op.text = v.Literal()
		if canon, err := jcs.Number(op.text); err == nil {
			op.text = canon
		}
	case document.String:
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
	case document.Bool:
		op.isBool, op.b = true, v.Bool()
	}
	if op.num {
		op.i, op.isInt = op.numVal.Int()
	}
	return op
}

// compareNumber compares the number r with the operand's number, exactly:
// as integers when both are (most are), without reading the operand's
// text again.
func (op *operand) compareNumber(r document.Value) int {
	if op.isInt {
		if x, ok := r.Int(); ok {
			return cmp.Compare(x, op.i)
		}
	}
	return document.CompareNumbers(r, op.numVal)
}

// numericString reads a string as a number: a JSON number, optionally
// surrounded by spaces ("70", " 4000 ", "1e3", "-0.5"; not "+1", "0x10",
// "70%").
func numericString(s string) (document.Value, bool) {
	s = strings.Trim(s, " \t")
	if s == "" || len(s) > 400 {
		return document.Value{}, false
	}
	return document.NewNumber(s)
}

// equal reports whether a value the path yielded equals the operand:
// numbers and numeric strings compare numerically (and exactly), strings by
// equality, booleans with true/false or "true"/"false", null only with
// null, objects and arrays by deep equality.
func (op *operand) equal(r document.Value) bool {
	switch r.Kind() {
	case document.Number:
		return op.num && op.compareNumber(r) == 0
	case document.String:
		switch op.v.Kind() {
		case document.String:
			return r.Text() == op.v.Text()
		case document.Number:
			n, ok := numericString(r.Text())
			return ok && op.compareNumber(n) == 0
		case document.Bool:
			return (r.Text() == "true" && op.b) || (r.Text() == "false" && !op.b)
		}
		return false
	case document.Bool:
		return op.isBool && r.Bool() == op.b
	case document.Null:
		return op.v.Kind() == document.Null
	case document.Array, document.Object:
		return document.Equal(r, op.v)
	}
	return false
}

// order compares a value the path yielded with the operand: numerically
// when both are numbers or numeric strings, by code point when both are
// strings otherwise. ok is false when the two do not compare.
func (op *operand) order(r document.Value) (cmp int, ok bool) {
	switch r.Kind() {
	case document.Number:
		if op.num {
			return op.compareNumber(r), true
		}
	case document.String:
		if op.num {
			if n, isNum := numericString(r.Text()); isNum {
				return op.compareNumber(n), true
			}
		}
		if op.str {
			return strings.Compare(r.Text(), op.v.Text()), true
		}
	}
	return 0, false
}

// contains reports whether a string contains the operand (a number as
// its canonical text), or an array has an element equal to it.
func (op *operand) contains(r document.Value) bool {
	switch r.Kind() {
	case document.String:
		switch op.v.Kind() {
		case document.String:
			return strings.Contains(r.Text(), op.v.Text())
		case document.Number:
			return strings.Contains(r.Text(), op.text)
		}
	case document.Array:
		for it := r.Iter(); it.Next(); {
			if op.equal(it.Value()) {
				return true
			}
		}
	}
	return false
}

// smallList is how many operands are compared one by one; a longer list
// is put in an opSet.
const smallList = 8

// opSet answers whether a value equals one of many operands, as equal
// would for each, in time that does not grow with their number: strings
// by a map of their texts, numbers by a binary search of the sorted
// exact values, booleans and null by flags. Arrays and objects are
// compared one by one.
type opSet struct {
	ready     bool
	strs      map[string]struct{} // the texts of string operands
	nums      []document.Value    // the numbers of number and numeric string operands, sorted
	numbers   []document.Value    // the numbers of number operands, sorted
	boolTrue  bool                // an operand equals the boolean true (true or "true")
	boolFalse bool                // an operand equals the boolean false
	textTrue  bool                // a boolean operand true, which the string "true" equals
	textFalse bool                // a boolean operand false
	null      bool                // a null operand
	composite []operand           // array and object operands
}

// reset empties the set, keeping its buffers.
func (s *opSet) reset() {
	clear(s.strs)
	*s = opSet{strs: s.strs, nums: s.nums[:0], numbers: s.numbers[:0], composite: s.composite[:0]}
}

// add puts operands in the set.
func (s *opSet) add(ops []operand) {
	if s.strs == nil {
		s.strs = map[string]struct{}{}
	}
	for i := range ops {
		op := &ops[i]
		if op.num {
			s.nums = append(s.nums, op.numVal)
		}
		if op.isBool {
			if op.b {
				s.boolTrue = true
			} else {
				s.boolFalse = true
			}
		}
		switch op.v.Kind() {
		case document.String:
			s.strs[op.v.Text()] = struct{}{}
		case document.Number:
			s.numbers = append(s.numbers, op.numVal)
		case document.Bool:
			if op.b {
				s.textTrue = true
			} else {
				s.textFalse = true
			}
		case document.Null:
			s.null = true
		case document.Array, document.Object:
			s.composite = append(s.composite, *op)
		}
	}
	byNumber := func(a, b document.Value) int { return document.CompareNumbers(a, b) }
	slices.SortFunc(s.nums, byNumber)
	slices.SortFunc(s.numbers, byNumber)
	s.ready = true
}

// has reports whether r equals an operand of the set.
func (s *opSet) has(r document.Value) bool {
	switch r.Kind() {
	case document.Number:
		return hasNumber(s.nums, r)
	case document.String:
		t := r.Text()
		if _, ok := s.strs[t]; ok {
			return true
		}
		if len(s.numbers) > 0 {
			if n, ok := numericString(t); ok && hasNumber(s.numbers, n) {
				return true
			}
		}
		return (t == "true" && s.textTrue) || (t == "false" && s.textFalse)
	case document.Bool:
		if r.Bool() {
			return s.boolTrue
		}
		return s.boolFalse
	case document.Null:
		return s.null
	case document.Array, document.Object:
		for i := range s.composite {
			if document.Equal(r, s.composite[i].v) {
				return true
			}
		}
	}
	return false
}

// hasNumber reports whether sorted holds a number equal to n.
func hasNumber(sorted []document.Value, n document.Value) bool {
	_, found := slices.BinarySearchFunc(sorted, n, func(a document.Value, b document.Value) int {
		return document.CompareNumbers(a, b)
	})
	return found
}
