package refjson

import (
	"fmt"
	"strings"
	"sync"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"
)

// Default limits of a Decoder.
const (
	DefaultMaxDepth = 512
	DefaultMaxBytes = 32 << 20
)

// Decoder decodes JSON documents into Values. The zero Decoder uses the
// default limits.
type Decoder struct {
	// MaxDepth bounds the nesting of arrays and objects (default 512).
	MaxDepth int
	// MaxBytes bounds the size of the input (default 32 MiB).
	MaxBytes int
	// Strict rejects repeated member names instead of applying
	// JavaScript's rule (first position, last value).
	Strict bool
}

// SyntaxError reports malformed JSON, or JSON beyond a Decoder's limits.
type SyntaxError struct {
	Offset int    // byte offset of the problem in the input
	Line   int    // 1-based line
	Column int    // 1-based column, in bytes
	Msg    string // what was found and what was expected
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("%d:%d: %s", e.Line, e.Column, e.Msg)
}

// Decode decodes one JSON document with the default limits.
func Decode(data []byte) (*Value, error) {
	return Decoder{}.Decode(data)
}

// Decode decodes one JSON document. The input is copied, so the caller may
// reuse it afterwards. Repeated member names keep the first position and the
// last value, as JavaScript's JSON.parse does. A UTF-8 byte order mark is
// skipped; invalid UTF-8 is an error.
func (dc Decoder) Decode(data []byte) (*Value, error) {
	return dc.decode(data, nil)
}

// decodeStats counts work a decode did, for the tests of its bounds.
type decodeStats struct {
	names int // member names compared or hashed by the duplicate check
}

func (dc Decoder) decode(data []byte, stats *decodeStats) (*Value, error) {
	maxBytes := dc.MaxBytes
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBytes
	}
	if len(data) > maxBytes {
		return nil, &SyntaxError{Offset: 0, Line: 1, Column: 1,
			Msg: fmt.Sprintf("document is %d bytes, more than the limit of %d", len(data), maxBytes)}
	}
	maxDepth := dc.MaxDepth
	if maxDepth <= 0 {
		maxDepth = DefaultMaxDepth
	}
	d := decoderPool.Get().(*decoder)
	defer d.release()
	if stats != nil {
		defer func() { stats.names = d.names }()
	}
	d.s = string(data)
	d.i = 0
	d.maxDepth = maxDepth
	d.strict = dc.Strict
	d.names = 0
	d.slab = make([]Value, 0, len(data)/20+8)
	if strings.HasPrefix(d.s, "\xef\xbb\xbf") {
		d.i = 3
	}
	d.space()
	if d.i >= len(d.s) {
		return nil, d.errorf("empty document: expected a JSON value")
	}
	root := new(Value)
	v, err := d.value(0)
	if err != nil {
		return nil, err
	}
	*root = v
	d.space()
	if d.i < len(d.s) {
		return nil, d.errorf("unexpected %s after the top-level value", d.found())
	}
	return root, nil
}

type decoder struct {
	s        string
	i        int
	maxDepth int
	strict   bool
	slab     []Value
	bytes    []byte // object indexes
	stack    []Value
	names    int // see decodeStats
}

var decoderPool = sync.Pool{New: func() any { return &decoder{stack: make([]Value, 0, 256)} }}

func (d *decoder) release() {
	// Members are cleared from the stack as their object or array ends; an
	// error leaves those of the unfinished ones, all below its length. (The
	// stack keeps the capacity of the largest document decoded, which a
	// small document should not pay for.)
	clear(d.stack)
	d.stack = d.stack[:0]
	d.s, d.slab, d.bytes = "", nil, nil
	decoderPool.Put(d)
}

// alloc returns room for n values that stays valid for the document's life.
func (d *decoder) alloc(n int) []Value {
	if n > cap(d.slab)-len(d.slab) {
		size := cap(d.slab)
		if size < 64 {
			size = 64
		}
		if n > size {
			size = n
		}
		d.slab = make([]Value, 0, size)
	}
	start := len(d.slab)
	d.slab = d.slab[:start+n]
	return d.slab[start : start+n : start+n]
}

// allocBytes returns n zero bytes that stay valid for the document's life
// and are never written once it is decoded.
func (d *decoder) allocBytes(n int) []byte {
	if n > cap(d.bytes)-len(d.bytes) {
		d.bytes = make([]byte, 0, max(n, 1024))
	}
	start := len(d.bytes)
	d.bytes = d.bytes[:start+n]
	return d.bytes[start : start+n : start+n]
}

func (d *decoder) space() {
	for d.i < len(d.s) {
		switch d.s[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

func (d *decoder) errorf(format string, args ...any) error {
	return newSyntaxError(d.s, d.i, fmt.Sprintf(format, args...))
}

func newSyntaxError(s string, off int, msg string) *SyntaxError {
	line, col := LineColumn(s, off)
	return &SyntaxError{Offset: off, Line: line, Column: col, Msg: msg}
}

// LineColumn converts a byte offset in s to a 1-based line and byte column.
func LineColumn(s string, off int) (line, col int) {
	if off > len(s) {
		off = len(s)
	}
	line = 1 + strings.Count(s[:off], "\n")
	col = off - strings.LastIndexByte(s[:off], '\n')
	return line, col
}

// found describes the input at the current offset for an error message.
func (d *decoder) found() string {
	if d.i >= len(d.s) {
		return "end of input"
	}
	r, _ := utf8.DecodeRuneInString(d.s[d.i:])
	if r == utf8.RuneError {
		return fmt.Sprintf("byte 0x%02x", d.s[d.i])
	}
	return fmt.Sprintf("%q", r)
}

func (d *decoder) value(depth int) (Value, error) {
	if d.i >= len(d.s) {
		return Value{}, d.errorf("unexpected end of input: expected a value")
	}
	switch c := d.s[d.i]; {
	case c == '{':
		return d.object(depth + 1)
	case c == '[':
		return d.array(depth + 1)
	case c == '"':
		s, err := d.string()
		if err != nil {
			return Value{}, err
		}
		return Value{kind: String, str: s}, nil
	case c == '-' || (c >= '0' && c <= '9'):
		start := d.i
		end, ok := scanNumber(d.s, d.i)
		if !ok {
			d.i = end
			return Value{}, d.errorf("invalid number: expected a digit, found %s", d.found())
		}
		d.i = end
		lit := d.s[start:end]
		return Value{kind: Number, num: parseNumber(lit), str: lit}, nil
	case c == 't':
		return d.literal("true", Value{kind: Bool, b: true})
	case c == 'f':
		return d.literal("false", Value{kind: Bool})
	case c == 'n':
		return d.literal("null", Value{kind: Null})
	}
	return Value{}, d.errorf("unexpected %s: expected a value (object, array, string, number, true, false or null)", d.found())
}

func (d *decoder) literal(word string, v Value) (Value, error) {
	if !strings.HasPrefix(d.s[d.i:], word) {
		return Value{}, d.errorf("invalid literal: expected %q", word)
	}
	d.i += len(word)
	return v, nil
}

func (d *decoder) object(depth int) (Value, error) {
	if depth > d.maxDepth {
		return Value{}, d.errorf("nesting deeper than the limit of %d", d.maxDepth)
	}
	d.i++ // {
	base := len(d.stack)
	// In strict mode, the names of a large object are checked for repeats
	// in a map, so the check is linear in the number of members.
	var seen map[string]struct{}
	d.space()
	if d.i < len(d.s) && d.s[d.i] == '}' {
		d.i++
		return Value{kind: Object}, nil
	}
	for {
		d.space()
		if d.i >= len(d.s) {
			return Value{}, d.errorf("unexpected end of input: expected a member name or '}'")
		}
		if d.s[d.i] != '"' {
			return Value{}, d.errorf("unexpected %s: expected a member name in double quotes", d.found())
		}
		keyAt := d.i
		key, err := d.string()
		if err != nil {
			return Value{}, err
		}
		if d.strict && d.repeated(key, base, &seen) {
			d.i = keyAt
			return Value{}, d.errorf("duplicate member name %q", key)
		}
		d.space()
		if d.i >= len(d.s) || d.s[d.i] != ':' {
			return Value{}, d.errorf("unexpected %s: expected ':' after member name", d.found())
		}
		d.i++
		d.space()
		v, err := d.value(depth)
		if err != nil {
			return Value{}, err
		}
		v.key, v.w = key, wordOf(key)
		d.stack = append(d.stack, v)
		d.space()
		if d.i >= len(d.s) {
			return Value{}, d.errorf("unexpected end of input: expected ',' or '}'")
		}
		if d.s[d.i] == ',' {
			d.i++
			continue
		}
		if d.s[d.i] == '}' {
			d.i++
			break
		}
		return Value{}, d.errorf("unexpected %s: expected ',' or '}' after object member", d.found())
	}
	kids := d.alloc(len(d.stack) - base)
	copy(kids, d.stack[base:])
	clear(d.stack[base:])
	d.stack = d.stack[:base]
	kids = jsOrder(dedupe(kids))
	obj := Value{kind: Object, kids: kids}
	if n := len(kids); n >= indexMin && n <= indexMax {
		buf := d.allocBytes(indexSize(n))
		buildIndex(buf, kids)
		obj.str = unsafe.String(&buf[0], len(buf))
	}
	return obj, nil
}

// smallObject is the number of members up to which the duplicate check
// compares names one by one.
const smallObject = 16

// repeated reports whether an object whose members so far are
// d.stack[base:] already has a member named key. Past smallObject members
// it keeps the names in *seen.
func (d *decoder) repeated(key string, base int, seen *map[string]struct{}) bool {
	members := d.stack[base:]
	if len(members) < smallObject {
		d.names += len(members)
		for j := range members {
			if members[j].key == key {
				return true
			}
		}
		return false
	}
	if *seen == nil {
		*seen = make(map[string]struct{}, 2*len(members))
		for j := range members {
			(*seen)[members[j].key] = struct{}{}
		}
		d.names += len(members)
	}
	d.names++
	if _, ok := (*seen)[key]; ok {
		return true
	}
	(*seen)[key] = struct{}{}
	return false
}

func (d *decoder) array(depth int) (Value, error) {
	if depth > d.maxDepth {
		return Value{}, d.errorf("nesting deeper than the limit of %d", d.maxDepth)
	}
	d.i++ // [
	base := len(d.stack)
	d.space()
	if d.i < len(d.s) && d.s[d.i] == ']' {
		d.i++
		return Value{kind: Array}, nil
	}
	for {
		d.space()
		v, err := d.value(depth)
		if err != nil {
			return Value{}, err
		}
		d.stack = append(d.stack, v)
		d.space()
		if d.i >= len(d.s) {
			return Value{}, d.errorf("unexpected end of input: expected ',' or ']'")
		}
		if d.s[d.i] == ',' {
			d.i++
			continue
		}
		if d.s[d.i] == ']' {
			d.i++
			break
		}
		return Value{}, d.errorf("unexpected %s: expected ',' or ']' after array element", d.found())
	}
	kids := d.alloc(len(d.stack) - base)
	copy(kids, d.stack[base:])
	clear(d.stack[base:])
	d.stack = d.stack[:base]
	return Value{kind: Array, kids: kids}, nil
}

// string reads a string literal at d.i. Strings without escapes share the
// document's memory.
func (d *decoder) string() (string, error) {
	start := d.i + 1
	ascii := true
	i := start
	for i < len(d.s) {
		c := d.s[i]
		if c == '"' {
			s := d.s[start:i]
			if !ascii && !utf8.ValidString(s) {
				return "", d.badUTF8(start, i)
			}
			d.i = i + 1
			return s, nil
		}
		if c == '\\' {
			return d.escaped(start, i)
		}
		if c < 0x20 {
			d.i = i
			return "", d.errorf("invalid control character %U in string: escape it", rune(c))
		}
		if c >= utf8.RuneSelf {
			ascii = false
		}
		i++
	}
	d.i = len(d.s)
	return "", d.errorf("unexpected end of input: unterminated string")
}

func (d *decoder) badUTF8(start, end int) error {
	for j := start; j < end; {
		r, size := utf8.DecodeRuneInString(d.s[j:end])
		if r == utf8.RuneError && size == 1 {
			d.i = j
			return d.errorf("invalid UTF-8 byte 0x%02x in string", d.s[j])
		}
		j += size
	}
	d.i = start
	return d.errorf("invalid UTF-8 in string")
}

// escaped decodes a string with escapes; prefix is s[start:i], already
// known to be plain.
func (d *decoder) escaped(start, i int) (string, error) {
	buf := make([]byte, 0, i-start+16)
	plain := start
	for i < len(d.s) {
		c := d.s[i]
		switch {
		case c == '"':
			buf = append(buf, d.s[plain:i]...)
			if !utf8.Valid(buf) {
				return "", d.badUTF8(start, i)
			}
			d.i = i + 1
			return string(buf), nil
		case c < 0x20:
			d.i = i
			return "", d.errorf("invalid control character %U in string: escape it", rune(c))
		case c != '\\':
			i++
			continue
		}
		buf = append(buf, d.s[plain:i]...)
		if i+1 >= len(d.s) {
			d.i = len(d.s)
			return "", d.errorf("unexpected end of input: unterminated string")
		}
		switch e := d.s[i+1]; e {
		case '"', '\\', '/':
			buf = append(buf, e)
			i += 2
		case 'b':
			buf = append(buf, '\b')
			i += 2
		case 'f':
			buf = append(buf, '\f')
			i += 2
		case 'n':
			buf = append(buf, '\n')
			i += 2
		case 'r':
			buf = append(buf, '\r')
			i += 2
		case 't':
			buf = append(buf, '\t')
			i += 2
		case 'u':
			r, ok := hex4(d.s, i+2)
			if !ok {
				d.i = i
				return "", d.errorf(`invalid escape: expected four hex digits after \u`)
			}
			i += 6
			if utf16.IsSurrogate(r) {
				// A pair decodes to one rune; a lone half has no UTF-8
				// form and becomes U+FFFD, as encoding/json does.
				if r < 0xdc00 && i+6 <= len(d.s) && d.s[i] == '\\' && d.s[i+1] == 'u' {
					if r2, ok := hex4(d.s, i+2); ok && r2 >= 0xdc00 && r2 <= 0xdfff {
						r = utf16.DecodeRune(r, r2)
						i += 6
					} else {
						r = utf8.RuneError
					}
				} else {
					r = utf8.RuneError
				}
			}
			buf = utf8.AppendRune(buf, r)
		default:
			d.i = i
			return "", d.errorf(`invalid escape %q: expected one of \" \\ \/ \b \f \n \r \t \uXXXX`, d.s[i:i+2])
		}
		plain = i
	}
	d.i = len(d.s)
	return "", d.errorf("unexpected end of input: unterminated string")
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
