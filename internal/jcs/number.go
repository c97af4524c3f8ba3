package jcs

import (
	"errors"
	"math"
	"strconv"
	"strings"
)

// Number returns the canonical form of the JSON number literal lit: the
// ECMAScript layout of the digits of its exact value (see the package
// documentation). It returns an error wrapping ErrSyntax when lit is not a
// JSON number.
func Number(lit string) (string, error) {
	if end, msg := scanNumber(lit, 0); msg != "" || end != len(lit) {
		if msg == "" {
			msg = "unexpected text after the number"
		}
		return "", &Error{Offset: end, Line: 1, Column: end + 1, Msg: msg, Err: ErrSyntax}
	}
	return string(appendNumber(nil, lit)), nil
}

// Float returns what ECMAScript's Number.prototype.toString returns for f:
// the shortest digits that read back as f, laid out as the package
// documentation describes. NaN and the infinities have no JSON form: they
// are an error wrapping ErrNotFinite.
func Float(f float64) (string, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "", ErrNotFinite
	}
	if f == 0 {
		return "0", nil
	}
	var buf [32]byte
	// 'e' with precision -1 gives the shortest digits that round-trip, the
	// one nearest f when several are as short, as ECMAScript asks:
	// d.ddde±x.
	e := strconv.AppendFloat(buf[:0], math.Abs(f), 'e', -1, 64)
	mant, exp, _ := strings.Cut(string(e), "e")
	digits := []byte(strings.TrimRight(strings.Replace(mant, ".", "", 1), "0"))
	x, _ := strconv.Atoi(exp)
	return string(layout(nil, f < 0, digits, int64(x)+1)), nil
}

// ErrNotFinite is the error Float returns for NaN and the infinities.
var ErrNotFinite = errors.New("jcs: NaN and the infinities have no JSON form")

// scanNumber reads the JSON number that starts at s[i] and returns the offset
// just after it, or the offset of the first byte that does not fit the
// grammar with a message.
func scanNumber(s string, i int) (int, string) {
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i >= len(s):
		return i, "a number needs a digit"
	case s[i] == '0':
		i++
	case '1' <= s[i] && s[i] <= '9':
		for i < len(s) && isDigit(s[i]) {
			i++
		}
	default:
		return i, "a number needs a digit"
	}
	if i < len(s) && s[i] == '.' {
		i++
		if i >= len(s) || !isDigit(s[i]) {
			return i, "a number needs a digit after its decimal point"
		}
		for i < len(s) && isDigit(s[i]) {
			i++
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if i >= len(s) || !isDigit(s[i]) {
			return i, "a number needs a digit in its exponent"
		}
		for i < len(s) && isDigit(s[i]) {
			i++
		}
	}
	return i, ""
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// maxSmallExp is the most digits an exponent's text may have (leading
// zeros aside) to be added up in an int64: below 10^17, with room for the
// adjustment, which is at most the length of the literal.
const maxSmallExp = 17

// appendNumber appends the canonical form of the valid JSON number lit.
//
// The value is 0.d₁d₂…dₖ × 10ⁿ with d₁ ≠ 0 and dₖ ≠ 0, the layout
// ECMAScript's Number::toString uses; here the digits are those of the exact
// value rather than of the nearest double.
func appendNumber(dst []byte, lit string) []byte {
	s := lit
	neg := false
	if s[0] == '-' {
		neg, s = true, s[1:]
	}
	mant, exp := s, ""
	for i := 0; i < len(s); i++ {
		if s[i] == 'e' || s[i] == 'E' {
			mant, exp = s[:i], s[i+1:]
			break
		}
	}
	intPart, frac := mant, ""
	for i := 0; i < len(mant); i++ {
		if mant[i] == '.' {
			intPart, frac = mant[:i], mant[i+1:]
			break
		}
	}
	// The significant digits, without the decimal point and without leading
	// and trailing zeros; on the stack unless there are many.
	var stack [40]byte
	digits := append(stack[:0], intPart...)
	digits = append(digits, frac...)
	for len(digits) > 0 && digits[0] == '0' {
		digits = digits[1:]
	}
	trail := 0
	for len(digits) > 0 && digits[len(digits)-1] == '0' {
		digits = digits[:len(digits)-1]
		trail++
	}
	if len(digits) == 0 {
		// Zero, whatever its sign, decimals and exponent.
		return append(dst, '0')
	}
	// value = digits × 10^(e - len(frac) + trail), so
	// n = len(digits) + e - len(frac) + trail.
	adj := int64(len(digits)) - int64(len(frac)) + int64(trail)
	expNeg := false
	if exp != "" && (exp[0] == '+' || exp[0] == '-') {
		expNeg, exp = exp[0] == '-', exp[1:]
	}
	for len(exp) > 1 && exp[0] == '0' {
		exp = exp[1:]
	}
	if len(exp) <= maxSmallExp {
		var e int64
		for i := 0; i < len(exp); i++ {
			e = e*10 + int64(exp[i]-'0')
		}
		if expNeg {
			e = -e
		}
		return layout(dst, neg, digits, e+adj)
	}
	// An exponent of 10^17 or more: n - 1 = e + adj - 1 has the sign of e
	// and is far outside the range written without an exponent.
	delta := adj - 1
	if expNeg {
		delta = -delta
	}
	mag := addMagnitude(exp, delta)
	dst = appendMantissa(dst, neg, digits)
	dst = append(dst, 'e')
	if expNeg {
		dst = append(dst, '-')
	} else {
		dst = append(dst, '+')
	}
	return append(dst, mag...)
}

// layout appends the digits (no leading or trailing zeros, at least one)
// of the value 0.digits × 10ⁿ as ECMAScript's Number::toString lays them
// out: integers up to 21 digits in full, fractions down to 10⁻⁶ with a
// point, the rest with an exponent.
func layout(dst []byte, neg bool, digits []byte, n int64) []byte {
	k := int64(len(digits))
	switch {
	case k <= n && n <= 21:
		if neg {
			dst = append(dst, '-')
		}
		dst = append(dst, digits...)
		for i := k; i < n; i++ {
			dst = append(dst, '0')
		}
		return dst
	case 0 < n && n <= 21:
		if neg {
			dst = append(dst, '-')
		}
		dst = append(dst, digits[:n]...)
		dst = append(dst, '.')
		return append(dst, digits[n:]...)
	case -6 < n && n <= 0:
		if neg {
			dst = append(dst, '-')
		}
		dst = append(dst, '0', '.')
		for i := n; i < 0; i++ {
			dst = append(dst, '0')
		}
		return append(dst, digits...)
	}
	dst = appendMantissa(dst, neg, digits)
	dst = append(dst, 'e')
	if n-1 < 0 {
		dst = append(dst, '-')
		return strconv.AppendUint(dst, uint64(-(n - 1)), 10)
	}
	dst = append(dst, '+')
	return strconv.AppendInt(dst, n-1, 10)
}

// appendMantissa appends d₁ or d₁.d₂…dₖ, the part before an exponent.
func appendMantissa(dst []byte, neg bool, digits []byte) []byte {
	if neg {
		dst = append(dst, '-')
	}
	dst = append(dst, digits[0])
	if len(digits) > 1 {
		dst = append(dst, '.')
		dst = append(dst, digits[1:]...)
	}
	return dst
}

// addMagnitude returns the decimal digits of mag + delta, where mag is a
// decimal without leading zeros of more than maxSmallExp digits, so that
// |delta| < mag and the result stays positive. It takes time linear in
// len(mag), where converting the exponent to a big.Int would take
// quadratic time.
func addMagnitude(mag string, delta int64) []byte {
	out := []byte(mag)
	if delta >= 0 {
		carry := uint64(delta)
		for i := len(out) - 1; i >= 0 && carry > 0; i-- {
			v := uint64(out[i]-'0') + carry%10
			carry /= 10
			if v >= 10 {
				v -= 10
				carry++
			}
			out[i] = byte('0' + v)
		}
		if carry > 0 {
			// Cannot happen for |delta| < mag, but keep the value right.
			out = append([]byte(strconv.FormatUint(carry, 10)), out...)
		}
		return out
	}
	borrow := uint64(-delta)
	for i := len(out) - 1; i >= 0 && borrow > 0; i-- {
		d := borrow % 10
		borrow /= 10
		v := int(out[i]-'0') - int(d)
		if v < 0 {
			v += 10
			borrow++
		}
		out[i] = byte('0' + v)
	}
	for len(out) > 1 && out[0] == '0' {
		out = out[1:]
	}
	return out
}
