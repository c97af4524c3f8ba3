package document

import (
	"encoding/json"
	"unicode/utf8"
)

// AppendJSON appends the compact JSON form of v to dst: members in
// document order, numbers as written, strings escaped as AppendQuoted
// does. The zero Value and null write null; a Skipped value writes what
// the input holds there, decoded again.
func (v Value) AppendJSON(dst []byte) []byte {
	if v.d == nil {
		return append(dst, "null"...)
	}
	d := v.d
	w := v.word()
	switch tagOf(w) {
	case tagNull:
		return append(dst, "null"...)
	case tagTrue:
		return append(dst, "true"...)
	case tagFalse:
		return append(dst, "false"...)
	case tagNumber:
		return append(dst, v.Literal()...)
	case tagString, tagEscaped:
		return AppendQuoted(dst, v.Text())
	case tagSkipped:
		return v.full().AppendJSON(dst)
	case tagArray, tagArrayShort:
		dst = append(dst, '[')
		for it := v.Iter(); it.Next(); {
			if it.k > 1 {
				dst = append(dst, ',')
			}
			dst = it.Value().AppendJSON(dst)
		}
		return append(dst, ']')
	}
	dst = append(dst, '{')
	for it := v.Iter(); it.Next(); {
		if it.k > 1 {
			dst = append(dst, ',')
		}
		dst = AppendQuoted(dst, d.textAt(int(it.cur)))
		dst = append(dst, ':')
		dst = it.Value().AppendJSON(dst)
	}
	return append(dst, '}')
}

// full returns a Skipped value decoded: the value the input holds at its
// place. Input decoded as Trusted may not be valid there; then it is the
// zero Value.
func (v Value) full() Value {
	sp := v.Span()
	d, err := Decoder{MaxDepth: 1 << 30, MaxBytes: MaxBytesLimit}.parse([]byte(v.d.src[sp.Start:sp.End]))
	if err != nil {
		return Value{}
	}
	return d.Root()
}

// MarshalJSON writes v as compact JSON (see AppendJSON).
func (v Value) MarshalJSON() ([]byte, error) {
	return v.AppendJSON(nil), nil
}

// String returns the compact JSON form of v.
func (v Value) String() string { return string(v.AppendJSON(nil)) }

const hexDigits = "0123456789abcdef"

// plainASCII marks the ASCII bytes AppendQuoted copies as they are.
var plainASCII = func() (t [utf8.RuneSelf]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return t
}()

// quoteStops is not zero when a byte of x may need more than copying in
// AppendQuoted: what stops marks, and '<', '>' and '&'. It may mark a
// byte that does not (a borrow carries upward), never miss one that does.
func quoteStops(x uint64) uint64 {
	return stops(x) | (((x^ones*'<')-ones)|((x^ones*'>')-ones)|((x^ones*'&')-ones))&highs
}

// AppendQuoted appends s as a JSON string literal, escaping what JSON
// requires plus <, >, &, U+2028 and U+2029 so the output is safe to embed
// in HTML and JavaScript. Bytes that are not UTF-8 become \ufffd.
func AppendQuoted(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		// Eight bytes at a time while none needs a second look.
		if i+8 <= len(s) && quoteStops(load64(s, i)) == 0 {
			i += 8
			continue
		}
		c := s[i]
		if c < utf8.RuneSelf {
			if plainASCII[c] {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// Equal reports whether a and b are the same JSON value: numbers compare by
// their exact decimal value, objects member by member regardless of order.
// Two zero Values are equal; Skipped values compare as what the input
// holds there.
func Equal(a, b Value) bool {
	if a.Kind() == Skipped {
		a = a.full()
	}
	if b.Kind() == Skipped {
		b = b.full()
	}
	if a.Kind() != b.Kind() {
		return false
	}
	switch a.Kind() {
	case Undefined, Null:
		return true
	case Bool:
		return a.Bool() == b.Bool()
	case Number:
		return CompareNumbers(a, b) == 0
	case String:
		return a.Text() == b.Text()
	case Array:
		if a.Len() != b.Len() {
			return false
		}
		for x, y := a.Iter(), b.Iter(); x.Next() && y.Next(); {
			if !Equal(x.Value(), y.Value()) {
				return false
			}
		}
		return true
	}
	if a.Len() != b.Len() {
		return false
	}
	for it := a.Iter(); it.Next(); {
		m, ok := b.Member(it.Key())
		if !ok || !Equal(it.Value(), m) {
			return false
		}
	}
	return true
}

// Interface converts v to the plain Go values encoding/json produces with
// UseNumber: map[string]any, []any, json.Number, string, bool and nil.
func (v Value) Interface() any {
	switch v.Kind() {
	case Bool:
		return v.Bool()
	case Number:
		return json.Number(v.Literal())
	case String:
		return v.Text()
	case Skipped:
		return v.full().Interface()
	case Array:
		out := make([]any, 0, v.Len())
		for it := v.Iter(); it.Next(); {
			out = append(out, it.Value().Interface())
		}
		return out
	case Object:
		out := make(map[string]any, v.Len())
		for it := v.Iter(); it.Next(); {
			out[it.Key()] = it.Value().Interface()
		}
		return out
	}
	return nil
}
