package document

import (
	"fmt"
	"math/bits"
	"unicode/utf16"
	"unicode/utf8"
)

const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// load64 reads eight bytes of s at i as a little-endian word; the compiler
// turns it into one load.
func load64(s string, i int) uint64 {
	b := s[i : i+8]
	return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
}

// stops marks, in the top bit of each byte, the bytes of x that end a
// plain ASCII run of a string: '"', '\\', control bytes and bytes of 0x80
// or more. A mark can be wrong only above a right one (a borrow carries
// upward), so the lowest mark is always right.
func stops(x uint64) uint64 {
	return (x | (x - ones*0x20) | ((x ^ ones*'"') - ones) | ((x ^ ones*'\\') - ones)) & highs
}

// plainRun returns the offset of the first '"', '\\' or control byte at or
// after j (len(s) if there is none), and whether the bytes before it are
// not all UTF-8. ASCII is read eight bytes at a time; other bytes are
// decoded as they come. This is the part that is inlined: strings that
// are ASCII to their end rarely leave it.
func plainRun(s string, j int) (int, bool) {
	for j+8 <= len(s) {
		if m := stops(load64(s, j)); m != 0 {
			if j += bits.TrailingZeros64(m) >> 3; s[j] < utf8.RuneSelf {
				return j, false
			}
			break
		}
		j += 8
	}
	return plainTail(s, j)
}

// plainTail is plainRun from a byte that is not ASCII, or from the last
// eight bytes of s.
func plainTail(s string, j int) (int, bool) {
	bad := false
	for j < len(s) {
		c := s[j]
		if c < utf8.RuneSelf {
			if c == '"' || c == '\\' || c < 0x20 {
				break
			}
			j++
			for j+8 <= len(s) && stops(load64(s, j)) == 0 {
				j += 8
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[j:])
		bad = bad || (r == utf8.RuneError && size == 1)
		j += size
	}
	return j, bad
}

// isSpace marks the bytes JSON allows between tokens.
func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\r' || c == '\t' }

// space returns the offset of the first byte at or after i that is not
// whitespace. Indented documents have long runs of spaces after each
// newline: those are measured eight bytes at a time.
func space(s string, i int) int {
	for i < len(s) {
		c := s[i]
		if c > ' ' || !isSpace(c) {
			return i
		}
		i++
		for i+8 <= len(s) {
			x := load64(s, i) ^ ones*' '
			if x != 0 {
				i += bits.TrailingZeros64(x) >> 3
				break
			}
			i += 8
		}
	}
	return i
}

// scanNumber reads a JSON number starting at s[i] and returns the offset
// just after it, or the offset of the first byte that breaks the grammar.
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
		i++
		for i < len(s) && s[i]-'0' < 10 {
			i++
		}
	default:
		return i, false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if i >= len(s) || s[i]-'0' >= 10 {
			return i, false
		}
		for i < len(s) && s[i]-'0' < 10 {
			i++
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if i >= len(s) || s[i]-'0' >= 10 {
			return i, false
		}
		for i < len(s) && s[i]-'0' < 10 {
			i++
		}
	}
	return i, true
}

// literalAt reports whether the literal true, false or null that s[i]
// starts is spelt out at i, and its length.
func literalAt(s string, i int) (tag, n int, ok bool) {
	switch s[i] {
	case 't':
		return tagTrue, 4, i+4 <= len(s) && s[i+1] == 'r' && s[i+2] == 'u' && s[i+3] == 'e'
	case 'f':
		return tagFalse, 5, i+5 <= len(s) && s[i+1] == 'a' && s[i+2] == 'l' && s[i+3] == 's' && s[i+4] == 'e'
	}
	return tagNull, 4, i+4 <= len(s) && s[i+1] == 'u' && s[i+2] == 'l' && s[i+3] == 'l'
}

func hex4(s string, i int) (rune, bool) {
	if i+4 > len(s) {
		return 0, false
	}
	var r rune
	for j := i; j < i+4; j++ {
		c := s[j]
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}

// unescape decodes the string literal whose text starts at s[start] and
// whose first escape is at s[j], appending its text to buf. It returns the
// offset after the closing quote. The errors are those of a full decode:
// the first bad escape or control byte, else the first byte that is not
// UTF-8. bad says whether s[start:j] is not all UTF-8. With keep false it
// only checks the literal.
func unescape(buf []byte, s string, start, j int, bad, keep bool) ([]byte, int, error) {
	plain := start
	for {
		var b bool
		j, b = plainRun(s, j)
		bad = bad || b
		if j >= len(s) {
			return buf, len(s), syntaxError(s, len(s), msgUnterminated)
		}
		c := s[j]
		if c == '"' {
			if keep {
				buf = append(buf, s[plain:j]...)
			}
			if bad {
				return buf, j, errUTF8(s, start, j)
			}
			return buf, j + 1, nil
		}
		if c < 0x20 {
			return buf, j, syntaxError(s, j, fmt.Sprintf(fmtControl, rune(c)))
		}
		// A backslash.
		if keep {
			buf = append(buf, s[plain:j]...)
		}
		if j+1 >= len(s) {
			return buf, len(s), syntaxError(s, len(s), msgUnterminated)
		}
		var out byte
		switch e := s[j+1]; e {
		case '"', '\\', '/':
			out = e
		case 'b':
			out = '\b'
		case 'f':
			out = '\f'
		case 'n':
			out = '\n'
		case 'r':
			out = '\r'
		case 't':
			out = '\t'
		case 'u':
			r, ok := hex4(s, j+2)
			if !ok {
				return buf, j, syntaxError(s, j, msgHex)
			}
			j += 6
			if utf16.IsSurrogate(r) {
				// A pair decodes to one rune; a lone half has no UTF-8
				// form and becomes U+FFFD, as encoding/json does.
				r2, ok := rune(0), false
				if r < 0xdc00 && j+6 <= len(s) && s[j] == '\\' && s[j+1] == 'u' {
					r2, ok = hex4(s, j+2)
				}
				if ok && r2 >= 0xdc00 && r2 <= 0xdfff {
					r = utf16.DecodeRune(r, r2)
					j += 6
				} else {
					r = utf8.RuneError
				}
			}
			if keep {
				buf = utf8.AppendRune(buf, r)
			}
			plain = j
			continue
		default:
			return buf, j, syntaxError(s, j, fmt.Sprintf(fmtBadEscape, s[j:j+2]))
		}
		if keep {
			buf = append(buf, out)
		}
		j += 2
		plain = j
	}
}
