package refjson

import (
	"math"
	"math/big"
	"strconv"
	"strings"
)

// scanNumber reads a JSON number starting at s[i] and returns the offset
// just after it.
func scanNumber(s string, i int) (int, bool) {
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i >= len(s):
		return i, false
	case s[i] == '0':
		i++
	case s[i] >= '1' && s[i] <= '9':
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	default:
		return i, false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if i >= len(s) || s[i] < '0' || s[i] > '9' {
			return i, false
		}
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if i >= len(s) || s[i] < '0' || s[i] > '9' {
			return i, false
		}
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	}
	return i, true
}

// parseNumber returns the float64 nearest to the JSON number lit.
func parseNumber(lit string) float64 {
	// Integers of up to 15 digits are exact in a float64.
	if len(lit) <= 15 {
		neg := false
		s := lit
		if s != "" && s[0] == '-' {
			neg, s = true, s[1:]
		}
		var n int64
		for i := 0; i < len(s); i++ {
			c := s[i]
			if c < '0' || c > '9' {
				goto slow
			}
			n = n*10 + int64(c-'0')
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
	f, err := strconv.ParseFloat(lit, 64)
	if err != nil {
		// Out of range: ParseFloat returns ±Inf, which keeps the order.
		return f
	}
	return f
}

// decimal is a number written as digits × 10^exp, digits without leading or
// trailing zeros ("" for zero). An exponent too large for exp (its text has
// more than maxExpDigits significant digits) is held in big instead, so
// that 1e10995116277760 and 1e1099511627776 stay apart.
type decimal struct {
	neg    bool
	digits string
	exp    int64
	big    *big.Int // the exponent, when it does not fit exp; nil otherwise
}

// maxExpDigits is the most significant digits an exponent may have to be
// held in an int64 with room for the adjustments parseDecimal makes.
const maxExpDigits = 15

// parseDecimal splits the JSON number lit into sign, significant digits and
// exponent. It never allocates for literals without a fraction and with an
// exponent of up to 15 digits.
func parseDecimal(lit string) decimal {
	var d decimal
	s := lit
	if s != "" && s[0] == '-' {
		d.neg, s = true, s[1:]
	}
	var exp int64
	var bigExp *big.Int
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		e := s[i+1:]
		neg := false
		if e != "" && (e[0] == '+' || e[0] == '-') {
			neg, e = e[0] == '-', e[1:]
		}
		e = strings.TrimLeft(e, "0")
		if len(e) <= maxExpDigits {
			for j := 0; j < len(e); j++ {
				exp = exp*10 + int64(e[j]-'0')
			}
			if neg {
				exp = -exp
			}
		} else {
			bigExp, _ = new(big.Int).SetString(e, 10)
			if neg {
				bigExp.Neg(bigExp)
			}
		}
		s = s[:i]
	}
	intPart, frac := s, ""
	if i := strings.IndexByte(s, '.'); i >= 0 {
		intPart, frac = s[:i], s[i+1:]
	}
	var digits string
	if frac == "" {
		digits = intPart
	} else {
		digits = intPart + frac
		exp -= int64(len(frac))
	}
	digits = strings.TrimLeft(digits, "0")
	trimmed := strings.TrimRight(digits, "0")
	exp += int64(len(digits) - len(trimmed))
	d.digits = trimmed
	if bigExp != nil {
		// exp holds the adjustments; the exponent itself is bigExp.
		d.big = bigExp.Add(bigExp, big.NewInt(exp))
	} else {
		d.exp = exp
	}
	if d.digits == "" {
		d.neg = false
	}
	return d
}

// compareDecimal compares two JSON number literals by their exact decimal
// value and returns -1, 0 or +1.
func compareDecimal(a, b string) int {
	x, y := parseDecimal(a), parseDecimal(b)
	switch {
	case x.digits == "" && y.digits == "":
		return 0
	case x.digits == "":
		if y.neg {
			return 1
		}
		return -1
	case y.digits == "":
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
	c := compareMagnitude(x, y)
	if x.neg {
		return -c
	}
	return c
}

// compareMagnitude compares |x| and |y|, both non-zero.
func compareMagnitude(x, y decimal) int {
	// The position of the leading digit decides first.
	if x.big != nil || y.big != nil {
		if c := x.order().Cmp(y.order()); c != 0 {
			return c
		}
	} else {
		ox := int64(len(x.digits)) + x.exp
		oy := int64(len(y.digits)) + y.exp
		if ox != oy {
			if ox < oy {
				return -1
			}
			return 1
		}
	}
	// Same magnitude: compare digit strings, the shorter padded with zeros.
	n := len(x.digits)
	if len(y.digits) > n {
		n = len(y.digits)
	}
	for i := 0; i < n; i++ {
		var cx, cy byte = '0', '0'
		if i < len(x.digits) {
			cx = x.digits[i]
		}
		if i < len(y.digits) {
			cy = y.digits[i]
		}
		if cx != cy {
			if cx < cy {
				return -1
			}
			return 1
		}
	}
	return 0
}

// order returns the position of the leading digit, len(digits) + exp, as a
// big.Int.
func (d decimal) order() *big.Int {
	o := big.NewInt(int64(len(d.digits)))
	if d.big != nil {
		return o.Add(o, d.big)
	}
	return o.Add(o, big.NewInt(d.exp))
}
