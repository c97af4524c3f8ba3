package refjson

import (
	"encoding/json"
	"sort"
	"strconv"
	"unicode/utf8"
)

// Kind is the JSON type of a Value.
type Kind uint8

// The kinds of Value. The zero Kind, Undefined, is what a lookup that found
// nothing reports; it never appears inside a decoded document.
const (
	Undefined Kind = iota
	Null
	Bool
	Number
	String
	Array
	Object
)

var kindNames = [...]string{"undefined", "null", "boolean", "number", "string", "array", "object"}

// String returns the JSON name of the kind ("number", "object", ...).
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// Value is one node of a decoded JSON document.
//
// Objects keep their members in document order and numbers keep the exact
// text they were written with, so comparisons of large integers and decimals
// are exact. A Value is immutable once decoded and may be read by many
// goroutines at once.
type Value struct {
	kind Kind
	b    bool
	w    uint64  // the first bytes of key (see wordOf), so lookups rarely compare strings
	num  float64 // Number: nearest float64 (±Inf when out of range)
	str  string  // String: the text; Number: the literal as written; Object: its index, if any (see buildIndex)
	key  string  // the member name, when the value sits in an object
	kids []Value // Array: elements; Object: members (each with its key)
}

// Kind reports the JSON type of v. A nil *Value is Undefined.
func (v *Value) Kind() Kind {
	if v == nil {
		return Undefined
	}
	return v.kind
}

// Bool returns the value of a boolean (false for other kinds).
func (v *Value) Bool() bool { return v != nil && v.b }

// Float returns a number as the nearest float64 (0 for other kinds).
func (v *Value) Float() float64 {
	if v == nil {
		return 0
	}
	return v.num
}

// Literal returns a number's text as written in the document ("" for other
// kinds).
func (v *Value) Literal() string {
	if v == nil || v.kind != Number {
		return ""
	}
	return v.str
}

// AsText returns the content of a string, and false for other kinds.
func (v *Value) AsText() (string, bool) {
	if v == nil || v.kind != String {
		return "", false
	}
	return v.str, true
}

// Text returns the content of a string ("" for other kinds).
func (v *Value) Text() string {
	if v == nil || v.kind != String {
		return ""
	}
	return v.str
}

// Len returns the number of elements of an array or members of an object
// (0 for other kinds and for a nil Value).
func (v *Value) Len() int {
	if v == nil {
		return 0
	}
	return len(v.kids)
}

// Index returns the i-th element of an array or member of an object.
func (v *Value) Index(i int) *Value { return &v.kids[i] }

// Key returns the member name of the i-th member of an object.
func (v *Value) Key(i int) string { return v.kids[i].key }

// Member returns the member of an object with the given name.
func (v *Value) Member(name string) (*Value, bool) {
	return v.member(name, wordOf(name))
}

// member is Member with the name's word computed beforehand.
func (v *Value) member(name string, w uint64) (*Value, bool) {
	if v == nil || v.kind != Object {
		return nil, false
	}
	if tbl := v.str; tbl != "" {
		mask := len(tbl)/2 - 1
		for j := int(slotOf(w, len(name))) & mask; ; j = (j + 1) & mask {
			e := int(tbl[2*j]) | int(tbl[2*j+1])<<8
			if e == 0 {
				return nil, false
			}
			if k := &v.kids[e-1]; k.w == w && sameTail(k.key, name) {
				return k, true
			}
		}
	}
	kids := v.kids
	for i := range kids {
		if k := &kids[i]; k.w == w && sameTail(k.key, name) {
			return k, true
		}
	}
	return nil, false
}

// Objects with many members get an index, so a lookup does not read every
// member before it: an open-addressing table of 2-byte slots (member
// position + 1, 0 for empty), at least twice as many slots as members,
// kept in the object's otherwise unused str field. Lookups in the top-level
// object of a case, with its 30 or so members, are the ones it is for.
const (
	indexMin = 12    // members an object needs to be worth an index
	indexMax = 32767 // members beyond which an object is scanned instead
)

// indexSize is the length in bytes of the index of an object with n
// members.
func indexSize(n int) int {
	size := 16
	for size < 2*n {
		size *= 2
	}
	return 2 * size
}

// buildIndex fills buf (indexSize(len(kids)) zero bytes) with the index of
// kids.
func buildIndex(buf []byte, kids []Value) {
	mask := len(buf)/2 - 1
	for i := range kids {
		j := int(slotOf(kids[i].w, len(kids[i].key))) & mask
		for buf[2*j] != 0 || buf[2*j+1] != 0 {
			j = (j + 1) & mask
		}
		buf[2*j], buf[2*j+1] = byte(i+1), byte((i+1)>>8)
	}
}

// wordOf packs the first eight bytes of a member name into a word, the
// rest zero. Two names are the same exactly when their words, their
// lengths and their bytes after the eighth are, so a lookup compares the
// bytes of names only when they are longer than eight; most are not
// ("type", "data", "status", "country").
func wordOf(s string) uint64 {
	var w uint64
	for i := 0; i < len(s) && i < 8; i++ {
		w |= uint64(s[i]) << (8 * i)
	}
	return w
}

// sameTail reports whether two names whose words are equal are the same
// name.
func sameTail(a, b string) bool {
	return len(a) == len(b) && (len(a) <= 8 || a[8:] == b[8:])
}

// slotOf is where an object's index starts looking for a name with word w
// and length n: the word and the length, mixed.
func slotOf(w uint64, n int) uint32 {
	x := (w ^ uint64(n)<<56 ^ uint64(n)) * 0x9e3779b97f4a7c15
	return uint32(x >> 32)
}

// Get returns the member of an object with the given name, or nil: a
// nil *Value reads as Undefined, so lookups can be chained.
func (v *Value) Get(name string) *Value {
	m, _ := v.Member(name)
	return m
}

// jsOrder puts members in the order JavaScript gives an object's own
// properties: names that are array indexes ("0", "7", not "07" or "-1")
// first, in ascending numeric order, then the others in document order.
// It sorts in place and only when needed.
func jsOrder(kids []Value) []Value {
	indexes := 0
	for i := range kids {
		if _, ok := arrayIndexKey(kids[i].key); ok {
			indexes++
		}
	}
	if indexes == 0 {
		return kids
	}
	sorted := true
	for i := 0; i < indexes; i++ {
		n, ok := arrayIndexKey(kids[i].key)
		if !ok {
			sorted = false
			break
		}
		if i > 0 {
			if p, _ := arrayIndexKey(kids[i-1].key); p > n {
				sorted = false
				break
			}
		}
	}
	if sorted {
		return kids
	}
	out := make([]Value, 0, len(kids))
	for i := range kids {
		if _, ok := arrayIndexKey(kids[i].key); ok {
			out = append(out, kids[i])
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, _ := arrayIndexKey(out[i].key)
		b, _ := arrayIndexKey(out[j].key)
		return a < b
	})
	for i := range kids {
		if _, ok := arrayIndexKey(kids[i].key); !ok {
			out = append(out, kids[i])
		}
	}
	copy(kids, out)
	return kids
}

// arrayIndexKey reports whether a member name is an array index as
// JavaScript orders properties: a canonical integer below 2^32-1.
func arrayIndexKey(k string) (uint64, bool) {
	if k == "" || len(k) > 10 || (len(k) > 1 && k[0] == '0') || k[0] < '0' || k[0] > '9' {
		return 0, false
	}
	var n uint64
	for i := 0; i < len(k); i++ {
		if k[i] < '0' || k[i] > '9' {
			return 0, false
		}
		n = n*10 + uint64(k[i]-'0')
	}
	return n, n < 1<<32-1
}

// dedupe applies JavaScript's rule for repeated member names: the first
// position wins, with the last value.
func dedupe(kids []Value) []Value {
	n := len(kids)
	if n < 2 {
		return kids
	}
	dup := false
	if n <= 16 {
	small:
		for i := 1; i < n; i++ {
			for j := 0; j < i; j++ {
				if kids[i].key == kids[j].key {
					dup = true
					break small
				}
			}
		}
	} else {
		seen := make(map[string]struct{}, n)
		for i := range kids {
			if _, ok := seen[kids[i].key]; ok {
				dup = true
				break
			}
			seen[kids[i].key] = struct{}{}
		}
	}
	if !dup {
		return kids
	}
	out := make([]Value, 0, n)
	pos := make(map[string]int, n)
	for _, k := range kids {
		if i, ok := pos[k.key]; ok {
			out[i] = k
			continue
		}
		pos[k.key] = len(out)
		out = append(out, k)
	}
	return out
}

// Equal reports whether a and b are the same JSON value: numbers compare by
// their exact decimal value, objects member by member regardless of order.
func Equal(a, b *Value) bool {
	if a.Kind() != b.Kind() {
		return false
	}
	switch a.kind {
	case Undefined, Null:
		return true
	case Bool:
		return a.b == b.b
	case Number:
		return CompareNumbers(a, b) == 0
	case String:
		return a.str == b.str
	case Array:
		if len(a.kids) != len(b.kids) {
			return false
		}
		for i := range a.kids {
			if !Equal(&a.kids[i], &b.kids[i]) {
				return false
			}
		}
		return true
	case Object:
		if len(a.kids) != len(b.kids) {
			return false
		}
		for i := range a.kids {
			m, ok := b.Member(a.kids[i].key)
			if !ok || !Equal(&a.kids[i], m) {
				return false
			}
		}
		return true
	}
	return false
}

// CompareNumbers compares two number values exactly and returns -1, 0 or +1.
func CompareNumbers(a, b *Value) int {
	switch {
	case a.num < b.num:
		return -1
	case a.num > b.num:
		return 1
	}
	// Rounding to float64 keeps order, so only equal floats can hide a
	// difference; settle those on the decimal text.
	if a.str == b.str {
		return 0
	}
	return compareDecimal(a.str, b.str)
}

// Interface converts v to the plain Go values encoding/json produces with
// UseNumber: map[string]any, []any, json.Number, string, bool and nil.
func (v *Value) Interface() any {
	switch v.Kind() {
	case Null, Undefined:
		return nil
	case Bool:
		return v.b
	case Number:
		return json.Number(v.str)
	case String:
		return v.str
	case Array:
		out := make([]any, len(v.kids))
		for i := range v.kids {
			out[i] = v.kids[i].Interface()
		}
		return out
	}
	out := make(map[string]any, len(v.kids))
	for i := range v.kids {
		out[v.kids[i].key] = v.kids[i].Interface()
	}
	return out
}

// MarshalJSON writes v as compact JSON, members in document order and
// numbers as written.
func (v *Value) MarshalJSON() ([]byte, error) {
	return v.AppendJSON(nil), nil
}

// AppendJSON appends the compact JSON form of v to dst.
func (v *Value) AppendJSON(dst []byte) []byte {
	switch v.Kind() {
	case Undefined, Null:
		return append(dst, "null"...)
	case Bool:
		if v.b {
			return append(dst, "true"...)
		}
		return append(dst, "false"...)
	case Number:
		return append(dst, v.str...)
	case String:
		return AppendQuoted(dst, v.str)
	case Array:
		dst = append(dst, '[')
		for i := range v.kids {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = v.kids[i].AppendJSON(dst)
		}
		return append(dst, ']')
	}
	dst = append(dst, '{')
	for i := range v.kids {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = AppendQuoted(dst, v.kids[i].key)
		dst = append(dst, ':')
		dst = v.kids[i].AppendJSON(dst)
	}
	return append(dst, '}')
}

// String returns the compact JSON form of v.
func (v *Value) String() string { return string(v.AppendJSON(nil)) }

const hexDigits = "0123456789abcdef"

// plainASCII marks the ASCII bytes AppendQuoted copies as they are.
var plainASCII = func() (t [utf8.RuneSelf]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return t
}()

// AppendQuoted appends s as a JSON string literal, escaping what JSON
// requires plus <, > and & so the output is safe to embed in HTML.
func AppendQuoted(dst []byte, s string) []byte {
	dst = append(dst, '"')
	// Most strings have nothing to escape: they are copied whole.
	i := 0
	for i < len(s) && s[i] < utf8.RuneSelf && plainASCII[s[i]] {
		i++
	}
	if i == len(s) {
		dst = append(dst, s...)
		return append(dst, '"')
	}
	start := 0
	for i < len(s) {
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

// Describe says what v is, for a message: "an object", "an array",
// "null", or its kind and its JSON, cut to 40 bytes ("string \"abc\"").
func (v *Value) Describe() string {
	switch v.Kind() {
	case Object:
		return "an object"
	case Array:
		return "an array"
	case Null:
		return "null"
	}
	s := v.String()
	if len(s) > 40 {
		s = s[:37] + "..."
	}
	return v.Kind().String() + " " + s
}
