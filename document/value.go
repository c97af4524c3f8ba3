package document

import (
	"hash/maphash"
	"strconv"
	"unsafe"
)

// Doc is a decoded JSON document. It is immutable and may be read by many
// goroutines at once. The nil Doc, the zero Value's, reads as empty.
type Doc struct {
	src   string   // the input, copied
	tape  []uint64 // see tape.go
	aux   []uint32 // child lists and hash tables of containers
	esc   []escRef // strings with escapes
	text  string   // their unescaped text
	reach *Reach   // what was kept; nil for everything
	// borrowed: src is the caller's input, not a copy (Decoder.Borrow)
	borrowed bool
}

// Root returns the top-level value.
func (d *Doc) Root() Value { return Value{d: d} }

// Source returns the input the document was decoded from: its own copy,
// or the caller's bytes when it was decoded with Borrow. Spans are offsets
// into it.
func (d *Doc) Source() string {
	if d == nil {
		return ""
	}
	return d.src
}

// Reach returns the reach the document was decoded with; nil means the
// whole document (and the nil Doc of the zero Value).
func (d *Doc) Reach() *Reach {
	if d == nil {
		return nil
	}
	return d.reach
}

// Covers returns nil when the document keeps everything r reaches, and
// else a *ReachError naming a path it was decoded without: a program that
// reads more than a document was decoded for must not take a skipped value
// for a missing one. The nil Doc skipped nothing.
func (d *Doc) Covers(r *Reach) error {
	if d == nil || d.reach.Covers(r) {
		return nil
	}
	if path, ok := d.reach.missing(r, "$"); !ok {
		return &ReachError{Path: path}
	}
	return nil
}

// ReachError reports a document decoded without values a reader needs.
type ReachError struct {
	// Path is the first path that is needed and was skipped, written as
	// in Reach.String.
	Path string
}

// Error names the path the document was decoded without.
func (e *ReachError) Error() string {
	return "document: decoded without " + e.Path + ", which is needed"
}

// Size returns the number of bytes the decoded document holds: its copy of
// the input (none when it was decoded with Borrow) and its arrays.
func (d *Doc) Size() int {
	if d == nil {
		return 0
	}
	n := len(d.src)
	if d.borrowed {
		n = 0
	}
	return n + 8*cap(d.tape) + 4*cap(d.aux) + int(unsafe.Sizeof(escRef{}))*cap(d.esc) + len(d.text)
}

// Kind is the JSON type of a Value.
type Kind uint8

// The kinds of Value. The zero Kind, Undefined, is what a lookup that found
// nothing reports; it never appears inside a decoded document. Skipped is
// a value outside the Reach a document was decoded with: only its place in
// the input is known.
const (
	Undefined Kind = iota
	Null
	Bool
	Number
	String
	Array
	Object
	Skipped
)

var kindNames = [...]string{"undefined", "null", "boolean", "number", "string", "array", "object", "skipped"}

// String returns the JSON name of the kind ("number", "object", ...).
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

var kindOfTag = [16]Kind{
	tagNull: Null, tagFalse: Bool, tagTrue: Bool, tagNumber: Number, tagString: String,
	tagEscaped: String, tagArray: Array, tagObject: Object, tagSkipped: Skipped,
	tagArrayShort: Array, tagObjectShort: Object,
}

// Value is a value of a Doc: the document and the value's position in its
// tape. It is small enough to pass and return by value, and reading it
// never allocates. The zero Value is Undefined: lookups that find nothing
// return it, and every method accepts it.
type Value struct {
	d *Doc
	i uint32
}

func (v Value) word() uint64 { return v.d.tape[v.i] }

// Doc returns the document v belongs to (nil for the zero Value).
func (v Value) Doc() *Doc { return v.d }

// Kind reports the JSON type of v.
func (v Value) Kind() Kind {
	if v.d == nil {
		return Undefined
	}
	return kindOfTag[tagOf(v.word())]
}

// Exists reports whether v is a value (not the result of a lookup that
// found nothing).
func (v Value) Exists() bool { return v.d != nil }

// Bool returns the value of a boolean (false for other kinds).
func (v Value) Bool() bool { return v.d != nil && tagOf(v.word()) == tagTrue }

// Text returns the content of a string ("" for other kinds), with its
// escapes decoded. It does not allocate: the text is part of the document,
// and keeping it keeps the document's memory alive (see Memory in the
// package documentation).
func (v Value) Text() string {
	if v.d == nil {
		return ""
	}
	return v.d.textAt(int(v.i))
}

// textAt returns the text of the string word at q, "" for other words.
func (d *Doc) textAt(q int) string {
	w := d.tape[q]
	switch tagOf(w) {
	case tagString:
		off := offOf(w) + 1
		return d.src[off : off+nOf(w)]
	case tagEscaped:
		e := d.esc[nOf(w)]
		return d.text[e.off : e.off+e.n]
	}
	return ""
}

// Literal returns a number's text as written in the document ("" for
// other kinds).
func (v Value) Literal() string {
	if v.d == nil {
		return ""
	}
	w := v.word()
	if tagOf(w) != tagNumber {
		return ""
	}
	off := offOf(w)
	return v.d.src[off : off+nOf(w)]
}

// Float returns a number as the nearest float64, ±Inf beyond the range of
// float64 (0 for other kinds).
func (v Value) Float() float64 {
	lit := v.Literal()
	if lit == "" {
		return 0
	}
	return parseFloat(lit)
}

// Len returns the number of elements of an array or members of an object
// (0 for other kinds).
func (v Value) Len() int {
	if v.d == nil {
		return 0
	}
	n, _ := shape(v.d.tape, int(v.i))
	return n
}

// child returns the tape position of the i-th (i < n) element of the array
// at q, or of the i-th member's name of the object at q; b is its trailer.
func (d *Doc) child(q, i, n int, b uint64) int {
	object := isObject(tagOf(d.tape[q]))
	switch tagOf(b) &^ flagHashed {
	case layoutDirect:
		if object {
			return q + 1 + 2*i
		}
		return q + 1 + i
	case layoutWalk:
		return d.walk(q+1, i, object)
	}
	off := offOf(b)
	if tagOf(b)&flagHashed != 0 {
		off += tableSize(n)
	}
	if tagOf(b)&^flagHashed == layoutSparse {
		return d.walk(int(d.aux[off+i/walkMax]), i%walkMax, object)
	}
	return int(d.aux[off+i])
}

// walk steps over n children from the child at tape position c.
func (d *Doc) walk(c, n int, object bool) int {
	for ; n > 0; n-- {
		if object {
			c++
		}
		c += width(d.tape, c)
	}
	return c
}

// Index returns the i-th element of an array or the value of the i-th
// member of an object, in document order; the zero Value when v has no
// such child.
func (v Value) Index(i int) Value {
	if v.d == nil {
		return Value{}
	}
	n, b := shape(v.d.tape, int(v.i))
	if i < 0 || i >= n {
		return Value{}
	}
	c := v.d.child(int(v.i), i, n, b)
	if isObject(tagOf(v.word())) {
		c++
	}
	return Value{v.d, uint32(c)}
}

// Key returns the name of the i-th member of an object ("" when v has no
// such member).
func (v Value) Key(i int) string {
	if v.d == nil || !isObject(tagOf(v.word())) {
		return ""
	}
	n, b := shape(v.d.tape, int(v.i))
	if i < 0 || i >= n {
		return ""
	}
	return v.d.textAt(v.d.child(int(v.i), i, n, b))
}

// Iter returns an iterator over the elements of an array or the members of
// an object, in document order. Stepping costs the same for every layout,
// so a walk over all children is linear.
func (v Value) Iter() Iter {
	if v.d == nil {
		return Iter{}
	}
	n, b := shape(v.d.tape, int(v.i))
	if n == 0 {
		return Iter{}
	}
	it := Iter{d: v.d, n: uint32(n), next: v.i + 1}
	if isObject(tagOf(v.word())) {
		it.name = 1
	}
	if tagOf(b)&^flagHashed == layoutKids {
		off := offOf(b)
		if tagOf(b)&flagHashed != 0 {
			off += tableSize(n)
		}
		it.kids = uint32(off) + 1
	}
	return it
}

// Iter steps through the children of an array or object; see Value.Iter.
//
//	for it := v.Iter(); it.Next(); {
//		use(it.Key(), it.Value())
//	}
type Iter struct {
	// Positions and counts fit in 32 bits (see MaxBytesLimit), which keeps
	// an Iter to four words.
	d    *Doc
	n, k uint32 // children, and how many Next has passed
	next uint32 // the next child's position, when kids is 0
	cur  uint32 // the current child's position (a member's name's)
	name uint32 // the words of a member's name before its value: 1 in an object, 0 in an array
	// kids: 1 + where in Doc.aux the children's positions are listed, when
	// the tape order is not theirs; else 0
	kids uint32
}

// Next moves to the next child and reports whether there is one.
func (it *Iter) Next() bool {
	if it.k >= it.n {
		return false
	}
	if it.kids != 0 {
		it.cur = it.d.aux[it.kids-1+it.k]
	} else {
		it.cur = it.next
		it.next += it.name + uint32(width(it.d.tape, int(it.next+it.name)))
	}
	it.k++
	return true
}

// Index returns the position of the current child (0 for the first).
func (it *Iter) Index() int { return int(it.k) - 1 }

// Value returns the current element, or the current member's value.
func (it *Iter) Value() Value {
	return Value{it.d, it.cur + it.name}
}

// Key returns the current member's name ("" in an array).
func (it *Iter) Key() string {
	if it.name == 0 {
		return ""
	}
	return it.d.textAt(int(it.cur))
}

// Key is a member name prepared for lookups: code that reads the same
// members of many documents (compiled paths, context fields) makes its
// keys once. The zero Key is the empty name. Keys are not compared with
// ==: two NewKey of one name are different Keys; compare their String.
type Key struct{ p *key }

// key is what a lookup compares, worked out from the name once.
type key struct {
	name string
	hash uint64
	head uint64 // the first eight bytes of name (fewer, zero-padded)
	mask uint64 // the bits of head a name's bytes fill
	tail uint64 // the last eight bytes of a name of 9 to 16
	want uint64 // the tape word of the name unescaped, less its offset
	// unhashed: hash is not set (Member hashes a name only for an object
	// that has a table)
	unhashed bool
}

// emptyKey is the zero Key's name. It is never changed.
var emptyKey = NewKey("")

// NewKey prepares a member name for MemberKey.
func NewKey(name string) Key {
	k := newKey(name)
	k.hash, k.unhashed = maphash.String(seed, name), false
	return Key{&k}
}

// newKey is NewKey without the hash.
func newKey(name string) key {
	k := key{name: name, head: headOf(name), mask: ^uint64(0), unhashed: true}
	if len(name) < 8 {
		k.mask = 1<<(8*len(name)) - 1
	}
	if len(name) > 8 {
		k.tail = load64(name, len(name)-8)
	}
	if len(name) <= nMask {
		k.want = uint64(tagString)<<tagShift | uint64(len(name))<<nShift
	}
	return k
}

// headOf returns the first eight bytes of a name as a little-endian word,
// zero-padded, so that a lookup compares most names with one load.
func headOf(name string) uint64 {
	if len(name) >= 8 {
		return load64(name, 0)
	}
	var w uint64
	for i := len(name) - 1; i >= 0; i-- {
		w = w<<8 | uint64(name[i])
	}
	return w
}

// String returns the name.
func (k Key) String() string {
	if k.p == nil {
		return ""
	}
	return k.p.name
}

// Member returns the value of the member of an object with the given name.
func (v Value) Member(name string) (Value, bool) {
	k := newKey(name)
	return v.d.member(v.i, &k)
}

// MemberKey is Member with a prepared name.
func (v Value) MemberKey(k Key) (Value, bool) { return v.d.member(v.i, k.p) }

// Get returns the member of an object with the given name, or the zero
// Value, so lookups can be chained.
func (v Value) Get(name string) Value {
	m, _ := v.Member(name)
	return m
}

// GetKey is Get with a prepared name.
func (v Value) GetKey(k Key) Value {
	m, _ := v.MemberKey(k)
	return m
}

// member finds the member named k of the value at i, if it is an object:
// through its hash table when it has one, else by reading its names. A
// nil d is the zero Value's, a nil k the zero Key's.
func (d *Doc) member(i uint32, k *key) (Value, bool) {
	if d == nil {
		return Value{}, false
	}
	t, q := d.tape, int(i)
	w := t[q]
	n, b := 1, uint64(0)
	switch tagOf(w) {
	case tagObject:
		b = t[q+nOf(w)-1]
		n = nOf(b)
	case tagObjectShort:
		if nOf(w) == 1 {
			return Value{}, false
		}
	default:
		return Value{}, false
	}
	if k == nil {
		k = emptyKey.p
	}
	// An unescaped name of the key's length is compared in words, inline:
	// up to eight bytes as one masked word where eight bytes can be read,
	// longer ones by their first and last eight bytes (which overlap up to
	// sixteen), and beyond sixteen whole by memberLong when those match.
	// Escaped names and short names at the end of the input send the
	// lookup to memberSlow. So the loop calls nothing that returns to it,
	// and keeps its values in registers. It serves the three layouts
	// whose children are in tape order (a scalar is one word wide).
	if tagOf(b) > layoutWalk && tagOf(b) != layoutSparse {
		if tagOf(b)&flagHashed != 0 {
			return d.lookup(n, b, k)
		}
		return d.memberSlow(q, b, k)
	}
	src, size := d.src, len(k.name)
	const tagLen = ^uint64(offMask)
	for c := q + 1; n > 0; n, c = n-1, c+1+width(t, c+1) {
		w := t[c]
		if w&tagLen == k.want {
			off := offOf(w) + 1
			if size <= 8 && off+8 <= len(src) {
				if load64(src, off)&k.mask == k.head {
					return Value{d, uint32(c + 1)}, true
				}
				continue
			}
			if size > 8 {
				if load64(src, off) == k.head && load64(src, off+size-8) == k.tail {
					if size <= 16 {
						return Value{d, uint32(c + 1)}, true
					}
					return d.memberLong(q, b, c, k)
				}
				continue
			}
			return d.memberSlow(q, b, k)
		}
		if tagOf(w) != tagString {
			return d.memberSlow(q, b, k)
		}
	}
	return Value{}, false
}

// memberLong is member once the unescaped name at c, longer than sixteen
// bytes, matched the first and last eight bytes of k: it compares the whole
// name, and on a difference looks through the object again.
func (d *Doc) memberLong(q int, b uint64, c int, k *key) (Value, bool) {
	if off := offOf(d.tape[c]) + 1; d.src[off:off+len(k.name)] == k.name {
		return Value{d, uint32(c + 1)}, true
	}
	return d.memberSlow(q, b, k)
}

// memberSlow is member for the objects and names its loops do not
// compare inline: it compares every name with nameIs.
func (d *Doc) memberSlow(q int, b uint64, k *key) (Value, bool) {
	n := 1
	if b != 0 {
		n = nOf(b)
	}
	if tagOf(b)&flagHashed != 0 {
		return d.lookup(n, b, k)
	}
	if tagOf(b) == layoutKids {
		for _, c := range d.aux[offOf(b) : offOf(b)+n] {
			if d.nameIs(int(c), k) {
				return Value{d, c + 1}, true
			}
		}
		return Value{}, false
	}
	for c := q + 1; n > 0; n, c = n-1, c+1+width(d.tape, c+1) {
		if d.nameIs(c, k) {
			return Value{d, uint32(c + 1)}, true
		}
	}
	return Value{}, false
}

// lookup finds a member through the hash table of an object of n members
// with trailer b. It compares names as member does, and sends the names
// member sends to memberSlow to lookupSlow.
func (d *Doc) lookup(n int, b uint64, k *key) (Value, bool) {
	h := k.hash
	if k.unhashed {
		h = maphash.String(seed, k.name)
	}
	size := tableSize(n)
	table := d.aux[offOf(b) : offOf(b)+size]
	mask := size - 1
	t, src := d.tape, d.src
	const tagLen = ^uint64(offMask)
	for j := int(h) & mask; ; j = (j + 1) & mask {
		e := table[j]
		if e == 0 {
			return Value{}, false
		}
		w := t[e-1]
		if w&tagLen == k.want {
			off := offOf(w) + 1
			if len(k.name) <= 8 && off+8 <= len(src) {
				if load64(src, off)&k.mask == k.head {
					return Value{d, e}, true
				}
				continue
			}
			if len(k.name) > 8 {
				if load64(src, off) == k.head && load64(src, off+len(k.name)-8) == k.tail {
					if len(k.name) <= 16 || src[off:off+len(k.name)] == k.name {
						return Value{d, e}, true
					}
					return d.lookupSlow(table, h, k)
				}
				continue
			}
			return d.lookupSlow(table, h, k)
		}
		if tagOf(w) != tagString {
			return d.lookupSlow(table, h, k)
		}
	}
}

// lookupSlow is lookup comparing every name with nameIs.
func (d *Doc) lookupSlow(table []uint32, h uint64, k *key) (Value, bool) {
	mask := len(table) - 1
	for j := int(h) & mask; ; j = (j + 1) & mask {
		e := table[j]
		if e == 0 {
			return Value{}, false
		}
		if d.nameIs(int(e-1), k) {
			return Value{d, e}, true
		}
	}
}

// nameIs reports whether the string word at q has the text of k.
func (d *Doc) nameIs(q int, k *key) bool {
	w := d.tape[q]
	if tagOf(w) == tagString {
		if nOf(w) != len(k.name) {
			return false
		}
		off := offOf(w) + 1
		// A name is followed by its closing quote, a colon and a value, so
		// eight bytes can be read from where a name of five or more starts;
		// the bytes past a shorter name are masked off.
		if off+8 <= len(d.src) {
			if load64(d.src, off)&k.mask != k.head {
				return false
			}
			if len(k.name) <= 8 {
				return true
			}
		}
		return d.src[off:off+len(k.name)] == k.name
	}
	return d.textAt(q) == k.name
}

// AsText returns the content of a string, and false for other kinds.
func (v Value) AsText() (string, bool) {
	if v.d == nil {
		return "", false
	}
	// Unescaped strings, the most, without a second call.
	w := v.word()
	switch tagOf(w) {
	case tagString:
		off := offOf(w) + 1
		return v.d.src[off : off+nOf(w)], true
	case tagEscaped:
		return v.d.textAt(int(v.i)), true
	}
	return "", false
}

// Describe says what v is, for a message: "an object", "an array",
// "null", or its kind and its JSON, cut to 40 bytes ("string \"abc\"").
func (v Value) Describe() string {
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
