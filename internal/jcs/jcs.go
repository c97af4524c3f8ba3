// Package jcs writes JSON in a canonical form: the JSON Canonicalization
// Scheme of RFC 8785, with numbers kept exact. Two documents that mean the
// same JSON value — whatever their whitespace, member order, string escapes
// or number spelling — have the same canonical bytes, so a hash of them
// identifies the value.
//
//	canon, err := jcs.Canonicalize([]byte(`{"b": 2.50, "a": "\u00e9"}`))
//	// canon is {"a":"é","b":2.5}
//
// # The canonical form
//
//   - No whitespace between tokens.
//   - Object members sorted by their names compared as arrays of UTF-16 code
//     units (as ECMAScript compares strings), not as UTF-8 bytes: a name
//     that starts with U+1F600 (a surrogate pair, 0xD83D 0xDE00) sorts
//     before one that starts with U+E000. Array elements keep their order.
//   - Strings escaped as RFC 8785 says: \" and \\, the short escapes \b \f
//     \n \r \t, other characters below U+0020 as \u00xx in lowercase hex,
//     everything else (/, DEL, U+2028, non-ASCII) as itself, in UTF-8.
//   - Literals true, false and null as themselves.
//   - Numbers as described below.
//
// # Numbers are exact
//
// RFC 8785 writes a number as ECMAScript's Number.prototype.toString writes
// the IEEE 754 double nearest to it, so 9007199254740993 becomes
// 9007199254740992 and 0.30000000000000001 becomes 0.3. verdict compares
// numbers exactly (9007199254740993 is more than 9007199254740992), so two
// documents that differ only there must not share a canonical form. This
// package therefore writes the digits of the number's exact decimal value
// in ECMAScript's layout. With the value written 0.d₁d₂…dₖ × 10ⁿ, d₁ and dₖ
// not zero:
//
//   - k ≤ n ≤ 21: the digits followed by n−k zeros (123456789012345680000);
//   - 0 < n ≤ 21: the digits with a point after the nth (4.5);
//   - −6 < n ≤ 0: "0.", −n zeros and the digits (0.000001);
//   - otherwise d₁, then "." and d₂…dₖ when k > 1, then "e", the sign ("+"
//     or "-") and |n−1| (1e+21, 1e-7, 1.5e-300);
//   - zero is 0, whatever its sign or spelling (-0, 0.0e5).
//
// Where the input is what ECMAScript would write for its double, or any
// spelling of that value (4.50, 1E30, 0.000001e-1), the result is RFC
// 8785's. It differs only for a number whose exact value no shortest
// ECMAScript form denotes: 9007199254740993 stays 9007199254740993,
// 333333333.33333329 stays 333333333.33333329 (RFC 8785: 333333333.3333333),
// and 1e400, beyond the doubles, is 1e+400 where RFC 8785 has no form. The
// canonical form is a function of the exact value alone, and two different
// values never share one. Float gives the ECMAScript form of a float64, as
// RFC 8785 does.
//
// # Input
//
// The input must be one JSON value (RFC 8259), optionally after a UTF-8
// byte order mark, in valid UTF-8, and must follow I-JSON (RFC 7493) where
// RFC 8785 relies on it: a member name repeated in one object (compared
// after unescaping) is an error wrapping ErrDuplicateName, and a string with
// a lone UTF-16 surrogate escape (\ud800) is an error wrapping ErrSyntax.
// Every error is an *Error with the line, column and byte offset of the
// problem and the JSON Pointer of the value that holds it.
//
// # Costs
//
// Canonicalize reads the input three times (counting objects and members,
// checking it, writing it) and sorts the members of each object, O(m log m)
// for m members. Its memory is a copy of the input, the output (sized
// exactly in advance), 24 bytes per non-empty object and 48 per member: at
// most about 13 bytes per byte of input, for arrays of objects of one short
// member, and the same for every input of one shape and size. The input is
// bounded by Options.MaxBytes and its nesting by Options.MaxDepth;
// exceeding either is an error wrapping ErrLimit. Exponents of any length
// are handled exactly, in time linear in their length.
package jcs

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Default limits, used where Options leave a limit zero.
const (
	DefaultMaxBytes = 32 << 20
	DefaultMaxDepth = 512
)

// Errors that an *Error wraps, to tell its kind with errors.Is.
var (
	// ErrSyntax is malformed JSON: bad grammar, invalid UTF-8, a control
	// character in a string, a lone surrogate escape.
	ErrSyntax = errors.New("malformed JSON")
	// ErrDuplicateName is a member name that occurs twice in one object.
	ErrDuplicateName = errors.New("duplicate member name")
	// ErrLimit is an input larger or deeper than Options allow.
	ErrLimit = errors.New("over a limit")
)

// Error is a problem in the input, with where it is.
type Error struct {
	Offset  int    // byte offset of the problem in the input
	Line    int    // 1-based line of the problem
	Column  int    // 1-based column of the problem, in bytes
	Pointer string // JSON Pointer of the value that holds the problem; "" is the root
	Msg     string // what is wrong
	Err     error  // ErrSyntax, ErrDuplicateName or ErrLimit
}

// Error says where the problem is and what it is:
// "jcs: line:column (byte offset) /pointer: message".
func (e *Error) Error() string {
	where := fmt.Sprintf("%d:%d (byte %d)", e.Line, e.Column, e.Offset)
	if e.Pointer != "" {
		where += " " + e.Pointer
	}
	return "jcs: " + where + ": " + e.Msg
}

// Unwrap returns the kind of the error: ErrSyntax, ErrDuplicateName or
// ErrLimit.
func (e *Error) Unwrap() error { return e.Err }

// Options bound the input. The zero value gives the defaults.
type Options struct {
	// MaxBytes bounds the input's length (default DefaultMaxBytes; at most
	// 2 GiB − 1, the most any value may be).
	MaxBytes int
	// MaxDepth bounds the nesting of arrays and objects (default
	// DefaultMaxDepth); a scalar at the root has depth 0.
	MaxDepth int
}

// Canonicalize returns the canonical form of the JSON value data, with the
// default limits.
func Canonicalize(data []byte) ([]byte, error) {
	return Options{}.Canonicalize(data)
}

// Canonicalize returns the canonical form of the JSON value data, within
// the limits of o.
func (o Options) Canonicalize(data []byte) ([]byte, error) {
	maxBytes, maxDepth := o.MaxBytes, o.MaxDepth
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBytes
	}
	maxBytes = min(maxBytes, math.MaxInt32)
	if maxDepth <= 0 {
		maxDepth = DefaultMaxDepth
	}
	// The rest of the package reads the input as a string: names slice it.
	s := string(data)
	r := &reader{s: s, maxDepth: maxDepth}
	if len(data) > maxBytes {
		return nil, r.errorAt(maxBytes, ErrLimit, fmt.Sprintf("the document is %d bytes, more than the limit of %d", len(data), maxBytes))
	}
	start := 0
	if strings.HasPrefix(s, "\uFEFF") {
		start = 3
	}
	// Sized in advance, so the memory taken is the same for every input
	// of one shape, and linear in its size.
	objects, members := count(s[start:])
	r.objects = make([]object, 0, objects)
	r.stack = make([]member, 0, members)
	r.sorted = make([]member, 0, members)
	r.i = start
	r.ws()
	root := r.i
	if err := r.value(0); err != nil {
		return nil, r.first(err)
	}
	r.ws()
	if r.i < len(s) {
		return nil, r.first(r.errorAt(r.i, ErrSyntax, "unexpected "+describe(s, r.i)+" after the value"))
	}
	if r.dup != nil {
		return nil, r.dup
	}
	w := &writer{s: s, objects: r.objects, members: r.sorted}
	w.out = make([]byte, 0, r.size)
	w.value(root)
	return w.out, nil
}

// count returns how many non-empty objects and how many members the JSON
// text s holds at most, counting '{' not followed by '}' and ':' outside
// strings.
func count(s string) (objects, members int) {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '"':
			for i++; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' {
					i++
				}
			}
		case '{':
			j := i + 1
			for j < len(s) && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n' || s[j] == '\r') {
				j++
			}
			if j >= len(s) || s[j] != '}' {
				objects++
			}
		case ':':
			members++
		}
	}
	return objects, members
}

// object is a non-empty object of the input: where it starts, and where
// its members, sorted into canonical order, are in reader.sorted.
type object struct {
	start  int
	lo, hi int
}

// member is one member of an object: its name, unescaped, and the offsets
// of the name and of the value.
type member struct {
	name      string
	at, value int32
}

// reader checks the input and records each non-empty object's sorted
// members, in the order the objects start.
type reader struct {
	s        string
	i        int
	maxDepth int
	objects  []object
	stack    []member // the members of the objects being read
	sorted   []member // the members of the objects read, each object's together and sorted
	size     int      // the length of the canonical form of what has been read
	scratch  []byte   // for the canonical form of a number
	path     []pathElem
	dup      *Error // the first duplicate name found; other errors come first only if earlier
}

type pathElem struct {
	name  string
	index int // -1 for a member
}

func (r *reader) ws() {
	for r.i < len(r.s) {
		switch r.s[r.i] {
		case ' ', '\t', '\n', '\r':
			r.i++
		default:
			return
		}
	}
}

func (r *reader) value(depth int) error {
	if r.i >= len(r.s) {
		return r.errorAt(r.i, ErrSyntax, "unexpected end of input, expected a value")
	}
	switch c := r.s[r.i]; {
	case c == '{':
		return r.object(depth + 1)
	case c == '[':
		return r.array(depth + 1)
	case c == '"':
		_, err := r.str(false)
		return err
	case c == '-' || isDigit(c):
		end, msg := scanNumber(r.s, r.i)
		if msg != "" {
			return r.errorAt(end, ErrSyntax, msg)
		}
		r.scratch = appendNumber(r.scratch[:0], r.s[r.i:end])
		r.size += len(r.scratch)
		r.i = end
		return nil
	case c == 't':
		return r.literal("true")
	case c == 'f':
		return r.literal("false")
	case c == 'n':
		return r.literal("null")
	}
	return r.errorAt(r.i, ErrSyntax, "unexpected "+describe(r.s, r.i)+", expected a value")
}

func (r *reader) literal(word string) error {
	if !strings.HasPrefix(r.s[r.i:], word) {
		return r.errorAt(r.i, ErrSyntax, "unexpected "+describe(r.s, r.i)+", expected a value")
	}
	r.i += len(word)
	r.size += len(word)
	return nil
}

func (r *reader) object(depth int) error {
	if depth > r.maxDepth {
		return r.errorAt(r.i, ErrLimit, fmt.Sprintf("nesting deeper than the limit of %d", r.maxDepth))
	}
	start := r.i
	r.i++
	r.size += 2
	r.ws()
	if r.i < len(r.s) && r.s[r.i] == '}' {
		r.i++
		return nil
	}
	// Reserve the object's place so the objects stay in the order they
	// start; its members are filled in when it ends.
	idx := len(r.objects)
	r.objects = append(r.objects, object{start: start})
	base := len(r.stack)
	for {
		if r.i >= len(r.s) || r.s[r.i] != '"' {
			return r.errorAt(r.i, ErrSyntax, "unexpected "+describe(r.s, r.i)+", expected a member name")
		}
		at := r.i
		name, err := r.str(true)
		if err != nil {
			return err
		}
		r.ws()
		if r.i >= len(r.s) || r.s[r.i] != ':' {
			return r.errorAt(r.i, ErrSyntax, "unexpected "+describe(r.s, r.i)+", expected ':' after a member name")
		}
		r.i++
		r.size++
		r.ws()
		r.stack = append(r.stack, member{name: name, at: int32(at), value: int32(r.i)})
		r.path = append(r.path, pathElem{name: name, index: -1})
		if err := r.value(depth); err != nil {
			return err
		}
		r.path = r.path[:len(r.path)-1]
		r.ws()
		if r.i < len(r.s) && r.s[r.i] == ',' {
			r.i++
			r.size++
			r.ws()
			continue
		}
		if r.i < len(r.s) && r.s[r.i] == '}' {
			r.i++
			break
		}
		return r.errorAt(r.i, ErrSyntax, "unexpected "+describe(r.s, r.i)+", expected ',' or '}'")
	}
	members := r.stack[base:]
	slices.SortStableFunc(members, func(a, b member) int { return compareUTF16(a.name, b.name) })
	// Equal names sit side by side in document order; report the repeat
	// that comes first in the document.
	var dup *member
	var first member
	for j := 1; j < len(members); j++ {
		if members[j].name == members[j-1].name && (dup == nil || members[j].at < dup.at) {
			dup, first = &members[j], members[j-1]
		}
	}
	if dup != nil {
		line, col := lineCol(r.s, int(first.at))
		e := r.errorAt(int(dup.at), ErrDuplicateName, fmt.Sprintf("member name %s occurs twice in one object (first at %d:%d)", quote(dup.name), line, col))
		if r.dup == nil || e.Offset < r.dup.Offset {
			r.dup = e
		}
	}
	lo := len(r.sorted)
	r.sorted = append(r.sorted, members...)
	r.objects[idx].lo, r.objects[idx].hi = lo, len(r.sorted)
	r.stack = r.stack[:base]
	return nil
}

func (r *reader) array(depth int) error {
	if depth > r.maxDepth {
		return r.errorAt(r.i, ErrLimit, fmt.Sprintf("nesting deeper than the limit of %d", r.maxDepth))
	}
	r.i++
	r.size += 2
	r.ws()
	if r.i < len(r.s) && r.s[r.i] == ']' {
		r.i++
		return nil
	}
	for n := 0; ; n++ {
		r.path = append(r.path, pathElem{index: n})
		if err := r.value(depth); err != nil {
			return err
		}
		r.path = r.path[:len(r.path)-1]
		r.ws()
		if r.i < len(r.s) && r.s[r.i] == ',' {
			r.i++
			r.size++
			r.ws()
			continue
		}
		if r.i < len(r.s) && r.s[r.i] == ']' {
			r.i++
			return nil
		}
		return r.errorAt(r.i, ErrSyntax, "unexpected "+describe(r.s, r.i)+", expected ',' or ']'")
	}
}

// str checks the string at r.i, adds the length of its canonical form to
// r.size and, when decode is set, returns it unescaped.
func (r *reader) str(decode bool) (string, error) {
	r.i++
	r.size += 2
	start := r.i
	var buf []byte // the unescaped string, once an escape is met
	for {
		if r.i >= len(r.s) {
			return "", r.errorAt(r.i, ErrSyntax, "unexpected end of input in a string")
		}
		c := r.s[r.i]
		switch {
		case c == '"':
			s := r.s[start:r.i]
			r.i++
			if buf != nil {
				s = string(buf)
			}
			return s, nil
		case c == '\\':
			if decode && buf == nil {
				buf = append(make([]byte, 0, 2*(r.i-start)+8), r.s[start:r.i]...)
			}
			ru, n, msg := unescape(r.s, r.i)
			if msg != "" {
				return "", r.errorAt(r.i, ErrSyntax, msg)
			}
			r.i += n
			r.size += runeLen(ru)
			if buf != nil {
				buf = utf8.AppendRune(buf, ru)
			}
		case c < 0x20:
			return "", r.errorAt(r.i, ErrSyntax, fmt.Sprintf("control character U+%04X in a string (write it escaped)", c))
		case c < utf8.RuneSelf:
			r.i++
			r.size++
			if buf != nil {
				buf = append(buf, c)
			}
		default:
			ru, n := utf8.DecodeRuneInString(r.s[r.i:])
			if ru == utf8.RuneError && n <= 1 {
				return "", r.errorAt(r.i, ErrSyntax, "invalid UTF-8 in a string")
			}
			if buf != nil {
				buf = append(buf, r.s[r.i:r.i+n]...)
			}
			r.i += n
			r.size += n
		}
	}
}

// unescape reads the escape at s[i] (a backslash) and returns the
// character it stands for and its length, or a message.
func unescape(s string, i int) (rune, int, string) {
	if i+1 >= len(s) {
		return 0, 0, "unexpected end of input in an escape"
	}
	switch s[i+1] {
	case '"':
		return '"', 2, ""
	case '\\':
		return '\\', 2, ""
	case '/':
		return '/', 2, ""
	case 'b':
		return '\b', 2, ""
	case 'f':
		return '\f', 2, ""
	case 'n':
		return '\n', 2, ""
	case 'r':
		return '\r', 2, ""
	case 't':
		return '\t', 2, ""
	case 'u':
		u, ok := hex4(s, i+2)
		if !ok {
			return 0, 0, `\u needs four hexadecimal digits`
		}
		switch {
		case utf16.IsSurrogate(rune(u)) && u < 0xDC00:
			if lo, ok := hex4(s, i+8); ok && i+7 < len(s) && s[i+6] == '\\' && s[i+7] == 'u' && 0xDC00 <= lo && lo <= 0xDFFF {
				return utf16.DecodeRune(rune(u), rune(lo)), 12, ""
			}
			return 0, 0, fmt.Sprintf(`lone surrogate \u%04x: a high surrogate must be followed by a low one`, u)
		case utf16.IsSurrogate(rune(u)):
			return 0, 0, fmt.Sprintf(`lone surrogate \u%04x: a low surrogate must follow a high one`, u)
		}
		return rune(u), 6, ""
	}
	return 0, 0, "unknown escape " + describe(s, i+1)
}

// hex4 reads the four hexadecimal digits at s[i].
func hex4(s string, i int) (uint16, bool) {
	if i+4 > len(s) {
		return 0, false
	}
	var v uint16
	for _, c := range []byte(s[i : i+4]) {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		v = v<<4 | uint16(c)
	}
	return v, true
}

// compareUTF16 compares two valid UTF-8 strings as ECMAScript compares
// strings: by their UTF-16 code units. That is the order of code points,
// except that a character above U+FFFF (a surrogate pair, whose first unit
// is in 0xD800–0xDBFF) sorts before U+E000–U+FFFF.
func compareUTF16(a, b string) int {
	for a != "" && b != "" {
		if a[0] < utf8.RuneSelf && b[0] < utf8.RuneSelf {
			if a[0] != b[0] {
				return int(a[0]) - int(b[0])
			}
			a, b = a[1:], b[1:]
			continue
		}
		ra, na := utf8.DecodeRuneInString(a)
		rb, nb := utf8.DecodeRuneInString(b)
		if ra != rb {
			return int(unit16(ra)) - int(unit16(rb))
		}
		a, b = a[na:], b[nb:]
	}
	return len(a) - len(b)
}

// unit16 returns a key ordering runes as their first UTF-16 code unit
// would, with the rest of a surrogate pair below it, so that the key orders
// whole runes too.
func unit16(r rune) rune {
	if r < 0x10000 {
		return r << 10
	}
	// The high surrogate is 0xD800 + (r-0x10000)>>10; after it comes the low
	// surrogate's 10 bits, which the shift above leaves room for.
	return (0xD800 << 10) + (r - 0x10000)
}

// errorAt returns an *Error at byte offset off, with the pointer of the
// value being read.
func (r *reader) errorAt(off int, kind error, msg string) *Error {
	line, col := lineCol(r.s, off)
	return &Error{Offset: off, Line: line, Column: col, Pointer: pointer(r.path), Msg: msg, Err: kind}
}

// first returns err, or the duplicate name found earlier in the document.
func (r *reader) first(err error) error {
	var e *Error
	if r.dup != nil && errors.As(err, &e) && r.dup.Offset < e.Offset {
		return r.dup
	}
	return err
}

func lineCol(s string, off int) (int, int) {
	if off > len(s) {
		off = len(s)
	}
	line := 1 + strings.Count(s[:off], "\n")
	return line, off - strings.LastIndexByte(s[:off], '\n')
}

func pointer(path []pathElem) string {
	var b strings.Builder
	for _, p := range path {
		b.WriteByte('/')
		if p.index >= 0 {
			b.WriteString(strconv.Itoa(p.index))
			continue
		}
		b.WriteString(strings.NewReplacer("~", "~0", "/", "~1").Replace(p.name))
	}
	return b.String()
}

// describe names the input at offset i for a message.
func describe(s string, i int) string {
	if i >= len(s) {
		return "end of input"
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	if r == utf8.RuneError {
		return fmt.Sprintf("byte 0x%02x", s[i])
	}
	return strconv.QuoteRune(r)
}

// quote writes a name for a message, escaped so that it reads on one line.
func quote(s string) string {
	const max = 64
	if len(s) > max {
		cut := max
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		return strconv.Quote(s[:cut]) + "…"
	}
	return strconv.Quote(s)
}

// writer writes the canonical form of input the reader has checked.
type writer struct {
	s       string
	i       int
	out     []byte
	objects []object
	members []member
}

func (w *writer) ws() {
	for w.i < len(w.s) {
		switch w.s[w.i] {
		case ' ', '\t', '\n', '\r':
			w.i++
		default:
			return
		}
	}
}

// value writes the value at offset i and returns the offset after it.
func (w *writer) value(i int) int {
	w.i = i
	switch c := w.s[i]; {
	case c == '{':
		w.i++
		w.ws()
		if w.s[w.i] == '}' {
			w.out = append(w.out, '{', '}')
			return w.i + 1
		}
		k, _ := slices.BinarySearchFunc(w.objects, i, func(o object, at int) int { return o.start - at })
		o := w.objects[k]
		w.out = append(w.out, '{')
		end := 0
		for j, m := range w.members[o.lo:o.hi] {
			if j > 0 {
				w.out = append(w.out, ',')
			}
			w.out = appendString(w.out, m.name)
			w.out = append(w.out, ':')
			// The object ends after its member that comes last in the
			// document, which sorting may have moved.
			end = max(end, w.value(int(m.value)))
		}
		w.out = append(w.out, '}')
		w.i = end
		w.ws()
		return w.i + 1 // the '}'
	case c == '[':
		w.out = append(w.out, '[')
		w.i++
		w.ws()
		if w.s[w.i] == ']' {
			w.out = append(w.out, ']')
			return w.i + 1
		}
		for {
			w.i = w.value(w.i)
			w.ws()
			if w.s[w.i] == ']' {
				w.out = append(w.out, ']')
				return w.i + 1
			}
			w.out = append(w.out, ',')
			w.i++ // the ','
			w.ws()
		}
	case c == '"':
		end := stringEnd(w.s, i)
		w.out = appendRawString(w.out, w.s[i+1:end-1])
		return end
	case c == 't':
		w.out = append(w.out, "true"...)
		return i + 4
	case c == 'f':
		w.out = append(w.out, "false"...)
		return i + 5
	case c == 'n':
		w.out = append(w.out, "null"...)
		return i + 4
	}
	end, _ := scanNumber(w.s, i)
	w.out = appendNumber(w.out, w.s[i:end])
	return end
}

// stringEnd returns the offset after the valid string that starts at i.
func stringEnd(s string, i int) int {
	for i++; ; i++ {
		switch s[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
}

// appendRawString writes the string whose valid JSON text (without its
// quotes) is raw.
func appendRawString(dst []byte, raw string) []byte {
	dst = append(dst, '"')
	for i := 0; i < len(raw); {
		c := raw[i]
		if c != '\\' {
			// Raw text holds no control characters and no quote.
			dst = append(dst, c)
			i++
			continue
		}
		r, n, _ := unescape(raw, i)
		dst = appendRune(dst, r)
		i += n
	}
	return append(dst, '"')
}

// appendString writes the unescaped string s.
func appendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c == '"' || c == '\\' {
			dst = appendRune(dst, rune(c))
			continue
		}
		dst = append(dst, c)
	}
	return append(dst, '"')
}

// runeLen returns the length of r as appendRune writes it.
func runeLen(r rune) int {
	switch {
	case r == '"' || r == '\\' || r == '\b' || r == '\f' || r == '\n' || r == '\r' || r == '\t':
		return 2
	case r < 0x20:
		return 6
	}
	return utf8.RuneLen(r)
}

// appendRune writes r as RFC 8785 escapes it.
func appendRune(dst []byte, r rune) []byte {
	switch r {
	case '"':
		return append(dst, '\\', '"')
	case '\\':
		return append(dst, '\\', '\\')
	case '\b':
		return append(dst, '\\', 'b')
	case '\f':
		return append(dst, '\\', 'f')
	case '\n':
		return append(dst, '\\', 'n')
	case '\r':
		return append(dst, '\\', 'r')
	case '\t':
		return append(dst, '\\', 't')
	}
	if r < 0x20 {
		const hexDigits = "0123456789abcdef"
		return append(dst, '\\', 'u', '0', '0', hexDigits[r>>4], hexDigits[r&0xF])
	}
	return utf8.AppendRune(dst, r)
}
