package document

import (
	"cmp"
	"math"
	"math/big"
	"strconv"
)

// parseFloat returns the float64 nearest to the JSON number lit, ±Inf when
// it is out of range.
func parseFloat(lit string) float64 {
	// Integers of up to 15 digits are exact in a float64.
	if len(lit) <= 15 {
		s, neg := lit, false
		if s[0] == '-' {
			s, neg = s[1:], true
		}
		var n int64
		for i := 0; i < len(s); i++ {
			c := s[i] - '0'
			if c >= 10 {
				goto slow
			}
			n = n*10 + int64(c)
		}
		if neg {
			if n == 0 {
				return math.Copysign(0, -1)
			}
			return float64(-n)
		}
		return float64(n)
	}
slow:
	if len(lit) > 32 {
		if f, ok := outOfRange(lit); ok {
			return f
		}
	}
	f, _ := strconv.ParseFloat(lit, 64) // out of range: ±Inf or ±0, as wanted
	return f
}

// outOfRange settles long literals whose place alone puts them beyond
// float64, without handing them to strconv, whose error would copy them.
func outOfRange(lit string) (float64, bool) {
	d := splitDecimal(lit)
	if d.zero() {
		return 0, false
	}
	e, huge := d.order()
	switch {
	case !huge && e > -400 && e < 400:
		return 0, false
	case (huge && d.expNeg) || (!huge && e < 0):
		if d.neg {
			return math.Copysign(0, -1), true
		}
		return 0, true
	case d.neg:
		return math.Inf(-1), true
	}
	return math.Inf(1), true
}

// decimal is a JSON number literal split into its parts: the value is
// ±0.DIGITS × 10^(point + exp), where DIGITS are the significant digits of
// intPart and frac.
type decimal struct {
	neg    bool
	int    string // digits before the point
	frac   string // digits after it
	expNeg bool
	exp    string // exponent digits, without leading zeros
}

func splitDecimal(lit string) decimal {
	var d decimal
	s := lit
	if s != "" && s[0] == '-' {
		d.neg, s = true, s[1:]
	}
	i := 0
	for i < len(s) && s[i]-'0' < 10 {
		i++
	}
	d.int, s = s[:i], s[i:]
	if s != "" && s[0] == '.' {
		j := 1
		for j < len(s) && s[j]-'0' < 10 {
			j++
		}
		d.frac, s = s[1:j], s[j:]
	}
	if s != "" && (s[0] == 'e' || s[0] == 'E') {
		s = s[1:]
		if s != "" && (s[0] == '+' || s[0] == '-') {
			d.expNeg, s = s[0] == '-', s[1:]
		}
		for len(s) > 1 && s[0] == '0' {
			s = s[1:]
		}
		if s == "0" {
			s = ""
		}
		d.exp = s
	}
	return d
}

// digit returns the k-th significant digit (0 beyond the last), counting
// from the first non-zero digit, which lead is the index of in int+frac.
func (d *decimal) digit(lead, k int) byte {
	k += lead
	if k < len(d.int) {
		return d.int[k]
	}
	k -= len(d.int)
	if k < len(d.frac) {
		return d.frac[k]
	}
	return '0'
}

// lead returns the index in int+frac of the first non-zero digit, or -1
// for zero.
func (d *decimal) lead() int {
	for i := 0; i < len(d.int); i++ {
		if d.int[i] != '0' {
			return i
		}
	}
	for i := 0; i < len(d.frac); i++ {
		if d.frac[i] != '0' {
			return len(d.int) + i
		}
	}
	return -1
}

func (d *decimal) zero() bool { return d.lead() < 0 }

// order returns the power of ten of the leading digit's place plus one:
// 1 for 1.5, 0 for 0.5, -1 for 0.05. When the exponent does not fit an
// int64 comfortably, huge is true and the order is not computed.
func (d *decimal) order() (e int64, huge bool) {
	if len(d.exp) > 17 {
		return 0, true
	}
	e = int64(len(d.int) - d.lead())
	x, _ := strconv.ParseInt(d.exp, 10, 64)
	if d.expNeg {
		x = -x
	}
	return e + x, false
}

// bigOrder is order for any exponent.
func (d *decimal) bigOrder() *big.Int {
	x := new(big.Int)
	if d.exp != "" {
		x.SetString(d.exp, 10)
	}
	if d.expNeg {
		x.Neg(x)
	}
	return x.Add(x, big.NewInt(int64(len(d.int)-d.lead())))
}

// CompareDecimal compares two JSON number literals by their exact decimal
// value and returns -1, 0 or +1. Exponents of any size are exact.
func CompareDecimal(a, b string) int {
	x, y := splitDecimal(a), splitDecimal(b)
	lx, ly := x.lead(), y.lead()
	switch {
	case lx < 0 && ly < 0:
		return 0
	case lx < 0:
		if y.neg {
			return 1
		}
		return -1
	case ly < 0:
		if x.neg {
			return -1
		}
		return 1
	case x.neg != y.neg:
		if x.neg {
			return -1
		}
		return 1
	}
	c := compareMagnitude(&x, &y, lx, ly)
	if x.neg {
		return -c
	}
	return c
}

// compareMagnitude compares |x| and |y|, both non-zero.
func compareMagnitude(x, y *decimal, lx, ly int) int {
	// The place of the leading digit decides first.
	ox, bx := x.order()
	oy, by := y.order()
	if bx || by {
		if c := x.bigOrder().Cmp(y.bigOrder()); c != 0 {
			return c
		}
	} else if ox != oy {
		if ox < oy {
			return -1
		}
		return 1
	}
	// Same place: compare the digits, the shorter padded with zeros.
	n := max(len(x.int)+len(x.frac)-lx, len(y.int)+len(y.frac)-ly)
	for k := range n {
		cx, cy := x.digit(lx, k), y.digit(ly, k)
		if cx != cy {
			if cx < cy {
				return -1
			}
			return 1
		}
	}
	return 0
}

// Int returns the value of a number written as an integer (no fraction,
// no exponent) in at most 18 bytes, and false for other numbers and other
// kinds: such an integer is exact in an int64.
func (v Value) Int() (int64, bool) {
	d := v.d
	if d == nil {
		return 0, false
	}
	w := d.tape[v.i]
	// The tag and the length in one test: a number of 1 to 18 bytes.
	if w>>nShift-(tagNumber<<(tagShift-nShift)+1) >= 18 {
		return 0, false
	}
	src := d.src
	i, end := offOf(w), offOf(w)+nOf(w)
	if end > len(src) {
		return 0, false // not in a decoded document
	}
	neg := src[i] == '-'
	if neg {
		i++
	}
	var n int64
	for ; i < end; i++ {
		c := src[i] - '0'
		if c >= 10 {
			return 0, false
		}
		n = n*10 + int64(c)
	}
	if neg {
		n = -n
	}
	return n, true
}

// CompareNumbers compares two number values exactly and returns -1, 0 or
// +1. Values of other kinds compare as zero.
func CompareNumbers(a, b Value) int {
	// Integers, the numbers compared most (ages, counts, scores), compare
	// as integers.
	if x, ok := a.Int(); ok {
		if y, ok := b.Int(); ok {
			return cmp.Compare(x, y)
		}
	}
	la, lb := a.Literal(), b.Literal()
	if la == lb {
		return 0
	}
	if la == "" {
		la = "0"
	}
	if lb == "" {
		lb = "0"
	}
	fa, fb := parseFloat(la), parseFloat(lb)
	switch {
	case fa < fb:
		return -1
	case fa > fb:
		return 1
	}
	// Rounding to float64 keeps order, so only equal floats can hide a
	// difference; settle those on the decimal text.
	return CompareDecimal(la, lb)
}
