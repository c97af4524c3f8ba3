package document

import (
	"fmt"
	"math/bits"
)

// skip moves past the value at s[i], which sits at nesting depth, and
// appends a skipped word for it. The value is checked as a full decode
// checks it, with the same errors, but nothing of it is kept.
func (p *parser) skip(i, depth int) (int, error) {
	var end int
	var err error
	switch {
	case p.trusted:
		end = skipTrusted(p.s, i)
	case p.strict:
		// Repeated names are found by decoding; the words go again.
		tape, aux, esc, text := len(p.tape), len(p.aux), len(p.esc), len(p.text)
		end, err = p.value(i, nil)
		p.tape, p.aux, p.esc, p.text = p.tape[:tape], p.aux[:aux], p.esc[:esc], p.text[:text]
	default:
		end, err = p.check(i, depth)
	}
	if err != nil {
		return end, err
	}
	p.tape = push(p.tape, word(tagSkipped, end-i, i))
	return end, nil
}

// check is the skipping scanner: it reads the value at s[i], which sits at
// nesting depth, by the grammar of value, with the same errors, and
// returns the offset after it.
func (p *parser) check(i, depth int) (int, error) {
	end, kinds, err := check(p.s, i, p.maxDepth-depth, p.maxDepth, p.kinds[:0])
	p.kinds = kinds[:0]
	return end, err
}

// check is parser.check with its state in arguments: room is how many
// arrays and objects may still open, kinds the stack of open ones (true
// for objects).
func check(s string, i, room, limit int, kinds []bool) (int, []bool, error) {
	var (
		err error
		j   int
		ok  bool
	)
value:
	if i >= len(s) {
		return i, kinds, syntaxError(s, i, msgEndValue)
	}
	switch c := s[i]; {
	case c == '"':
		for j = i + 1; j+8 <= len(s); j += 8 {
			if m := stops(load64(s, j)); m != 0 {
				j += bits.TrailingZeros64(m) >> 3
				break
			}
		}
		if j < len(s) && s[j] == '"' {
			i = j + 1
			// As in parser.value: a member's value and a comma.
			if i < len(s) && s[i] == ',' && len(kinds) != 0 && kinds[len(kinds)-1] {
				i++
				goto member
			}
		} else if i, err = checkString(s, i); err != nil {
			return i, kinds, err
		}
	case c == '{' || c == '[':
		if len(kinds) >= room {
			return i, kinds, errDepth(s, i, limit)
		}
		kinds = append(kinds, c == '{')
		if i++; i < len(s) && s[i] <= ' ' {
			i = space(s, i)
		}
		if c == '{' {
			if i < len(s) && s[i] == '}' {
				i++
				kinds = kinds[:len(kinds)-1]
				goto after
			}
			goto member
		}
		if i < len(s) && s[i] == ']' {
			i++
			kinds = kinds[:len(kinds)-1]
			goto after
		}
		goto value
	case c-'0' < 10 || c == '-':
		if j, ok = scanNumber(s, i); !ok {
			return j, kinds, errNumber(s, j)
		}
		i = j
	case c == 't' || c == 'f' || c == 'n':
		_, n, spelt := literalAt(s, i)
		if !spelt {
			return i, kinds, errLiteral(s, i)
		}
		i += n
	default:
		return i, kinds, errValue(s, i)
	}
after:
	if len(kinds) == 0 {
		return i, kinds, nil
	}
	if i < len(s) && s[i] <= ' ' {
		i = space(s, i)
	}
	if i < len(s) {
		object := kinds[len(kinds)-1]
		switch c := s[i]; {
		case c == ',':
			i++
			if object {
				goto member
			}
			if i < len(s) && s[i] <= ' ' {
				i = space(s, i)
			}
			goto value
		case c == '}' && object, c == ']' && !object:
			i++
			kinds = kinds[:len(kinds)-1]
			goto after
		}
	}
	if kinds[len(kinds)-1] {
		return i, kinds, errAfterMember(s, i)
	}
	return i, kinds, errAfterElement(s, i)
member:
	if i < len(s) && s[i] <= ' ' {
		i = space(s, i)
	}
	if i >= len(s) || s[i] != '"' {
		return i, kinds, errName(s, i)
	}
	for j = i + 1; j+8 <= len(s); j += 8 {
		if m := stops(load64(s, j)); m != 0 {
			j += bits.TrailingZeros64(m) >> 3
			break
		}
	}
	if j < len(s) && s[j] == '"' {
		i = j + 1
	} else if i, err = checkString(s, i); err != nil {
		return i, kinds, err
	}
	if i < len(s) && s[i] <= ' ' {
		i = space(s, i)
	}
	if i >= len(s) || s[i] != ':' {
		return i, kinds, errColon(s, i)
	}
	if i++; i < len(s) && s[i] <= ' ' {
		// Indented documents put one space after the colon.
		if s[i] == ' ' && i+1 < len(s) && s[i+1] > ' ' {
			i++
		} else {
			i = space(s, i)
		}
	}
	goto value
}

// checkString checks the string literal at s[i] and returns the offset
// after it.
func checkString(s string, i int) (int, error) {
	j, bad := plainRun(s, i+1)
	if j < len(s) && s[j] == '"' {
		if bad {
			return j, errUTF8(s, i+1, j)
		}
		return j + 1, nil
	}
	if j >= len(s) {
		return j, syntaxError(s, j, msgUnterminated)
	}
	if s[j] != '\\' {
		return j, syntaxError(s, j, fmt.Sprintf(fmtControl, rune(s[j])))
	}
	_, end, err := unescape(nil, s, i+1, j, bad, false)
	return end, err
}

// skipTrusted returns the offset after the value at s[i], which is known to
// be valid JSON: it follows strings and brackets and checks nothing else.
// On input that is not valid it still ends, within s.
func skipTrusted(s string, i int) int {
	if i >= len(s) {
		return i
	}
	switch s[i] {
	case '"':
		return trustedString(s, i)
	case '{', '[':
	default:
		for j := i + 1; j < len(s); j++ {
			switch s[j] {
			case ',', '}', ']', ' ', '\t', '\n', '\r':
				return j
			}
		}
		return len(s)
	}
	// Between strings there are only a few bytes: brackets, commas,
	// colons, numbers, literals, spaces.
	depth := 0
	for i < len(s) {
		switch s[i] {
		case '"':
			for i++; i+8 <= len(s); i += 8 {
				x := load64(s, i)
				q, b := x^(ones*'"'), x^(ones*'\\')
				if m := ((q-ones)&^q | (b-ones)&^b) & highs; m != 0 {
					i += bits.TrailingZeros64(m) >> 3
					break
				}
			}
			if i < len(s) && s[i] == '"' {
				i++
				continue
			}
			// An escape, or the end of the input near: the slow way.
			for i < len(s) && s[i] != '"' {
				if s[i] == '\\' {
					i++
				}
				i++
			}
		case '{', '[':
			depth++
		case '}', ']':
			if depth--; depth == 0 {
				return i + 1
			}
		case ' ', '\n':
			i = space(s, i)
			continue
		}
		i++
	}
	return len(s)
}

// trustedString returns the offset after the string literal at s[i].
func trustedString(s string, i int) int {
	j := i + 1
	for j < len(s) {
		for j+8 <= len(s) {
			x := load64(s, j)
			q, b := x^(ones*'"'), x^(ones*'\\')
			if m := ((q-ones)&^q | (b-ones)&^b) & highs; m != 0 {
				j += bits.TrailingZeros64(m) >> 3
				break
			}
			j += 8
		}
		if j >= len(s) {
			break
		}
		switch s[j] {
		case '"':
			return j + 1
		case '\\':
			j += 2
		default:
			j++
		}
	}
	return len(s)
}
