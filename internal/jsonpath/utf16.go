package jsonpath

import (
	"unicode/utf16"
	"unicode/utf8"
)

// utf16Len is the length of s as JavaScript counts it (UTF-16 code units).
func utf16Len(s string) int {
	n := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			n++
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// utf16At returns the code unit at index i of s as a string, as JavaScript's
// s[i] does. A lone surrogate half has no UTF-8 form and becomes U+FFFD.
func utf16At(s string, i int) (string, bool) {
	n := 0
	for j := 0; j < len(s); {
		r, size := utf8.DecodeRuneInString(s[j:])
		if r >= 0x10000 {
			if n == i || n+1 == i {
				return "\ufffd", true
			}
			n += 2
		} else {
			if n == i {
				return s[j : j+size], true
			}
			n++
		}
		j += size
	}
	return "", false
}

// compareUTF16 orders two strings by UTF-16 code units, as JavaScript's
// relational operators do.
func compareUTF16(a, b string) int {
	for a != "" && b != "" {
		ra, na := utf8.DecodeRuneInString(a)
		rb, nb := utf8.DecodeRuneInString(b)
		if ra != rb {
			ua, ub := firstUnit(ra), firstUnit(rb)
			if ua != ub {
				if ua < ub {
					return -1
				}
				return 1
			}
			// Same high surrogate: the low halves decide.
			_, la := utf16.EncodeRune(ra)
			_, lb := utf16.EncodeRune(rb)
			if la < lb {
				return -1
			}
			return 1
		}
		a, b = a[na:], b[nb:]
	}
	switch {
	case a == "" && b == "":
		return 0
	case a == "":
		return -1
	}
	return 1
}

func firstUnit(r rune) rune {
	if r >= 0x10000 {
		hi, _ := utf16.EncodeRune(r)
		return hi
	}
	return r
}
