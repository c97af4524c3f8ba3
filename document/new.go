package document

import (
	"math"
	"strconv"
)

// The constructors below make values that belong to no decoded input:
// computed context fields, lengths, constants. Each is a small document of
// its own, made by encoding the value and decoding it, so it costs what
// its JSON text costs.

func mustValue(data []byte) Value {
	d, err := Decoder{MaxDepth: 1 << 30, MaxBytes: MaxBytesLimit}.parse(data)
	if err != nil {
		// The callers write valid JSON; a value too large for a document
		// is the only way here.
		return Value{}
	}
	return d.Root()
}

// NewString returns a string value. Bytes of s that are not UTF-8 become
// U+FFFD.
func NewString(s string) Value { return mustValue(AppendQuoted(nil, s)) }

// constants holds null, false, true and the integers 0 to smallInts-1, so
// that the values computed most often (booleans, lengths, ages in years,
// counts) are made without allocating. It is never changed.
var constants = func() Value {
	buf := []byte("[null,false,true")
	for i := 0; i < smallInts; i++ {
		buf = append(buf, ',')
		buf = strconv.AppendInt(buf, int64(i), 10)
	}
	return mustValue(append(buf, ']'))
}()

const smallInts = 4096

// NewBool returns a boolean value.
func NewBool(b bool) Value {
	if b {
		return constant(2)
	}
	return constant(1)
}

// NewNull returns a null value.
func NewNull() Value { return constant(0) }

// constant returns the i-th element of constants. Its elements are one
// word each (layoutDirect), so the i-th is the word after the array's
// first and i more.
func constant(i int) Value { return Value{constants.d, constants.i + 1 + uint32(i)} }

// NewInt returns an integer number value.
func NewInt(i int64) Value {
	if i >= 0 && i < smallInts {
		return constant(3 + int(i))
	}
	return mustValue(strconv.AppendInt(nil, i, 10))
}

// NewFloat returns a number value; NaN and infinities have no JSON form and
// become null.
func NewFloat(f float64) Value {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return NewNull()
	}
	return mustValue(strconv.AppendFloat(nil, f, 'g', -1, 64))
}

// NewNumber returns the number written as lit, which must be a JSON number.
func NewNumber(lit string) (Value, bool) {
	if n, ok := scanNumber(lit, 0); !ok || n != len(lit) {
		return Value{}, false
	}
	return mustValue([]byte(lit)), true
}

// NewArray returns an array of the given elements.
func NewArray(elems ...Value) Value {
	buf := []byte{'['}
	for i, e := range elems {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = e.AppendJSON(buf)
	}
	return mustValue(append(buf, ']'))
}

// Member is one name and value of an object, for NewObject.
type Member struct {
	Name  string
	Value Value
}

// NewObject returns an object with the given members in order. A repeated
// name keeps its first position and its last value, as JavaScript does.
func NewObject(members ...Member) Value {
	buf := []byte{'{'}
	for i, m := range members {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = AppendQuoted(buf, m.Name)
		buf = append(buf, ':')
		buf = m.Value.AppendJSON(buf)
	}
	return mustValue(append(buf, '}'))
}
