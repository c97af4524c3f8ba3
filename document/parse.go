package document

import (
	"fmt"
	"hash/maphash"
	"math/bits"
	"slices"
	"strings"
	"sync"
	"unsafe"
)

// Default limits of a Decoder, and the largest MaxBytes it accepts.
const (
	DefaultMaxDepth = 512
	DefaultMaxBytes = 32 << 20
	// MaxBytesLimit is the largest document the tape can describe: its
	// offsets are 32 bits and its lengths and counts 28.
	MaxBytesLimit = 1<<28 - 1
)

// Decoder decodes JSON documents. The zero Decoder decodes whole documents
// with the default limits.
type Decoder struct {
	// MaxDepth bounds the nesting of arrays and objects (default 512).
	MaxDepth int
	// MaxBytes bounds the size of the input (default 32 MiB, at most
	// MaxBytesLimit).
	MaxBytes int
	// Strict rejects repeated member names instead of applying
	// JavaScript's rule (first position, last value).
	Strict bool
	// Reach, when not nil, keeps only the values it reaches: every other
	// array and object is skipped, and reads as Skipped (other values cost
	// no more to keep than to skip, and are kept). Skipped values are still
	// checked (JSON grammar, UTF-8, depth, and repeated names when Strict),
	// so a document decodes with a Reach exactly when it decodes without,
	// with the same errors.
	Reach *Reach
	// Trusted skips the values outside Reach without checking them: only
	// their ends are found. Use it for input that was checked before.
	Trusted bool
	// Borrow decodes the input in place instead of copying it: the
	// document's strings and numbers are read from the caller's slice, so
	// it must not change while the document, any of its values or any
	// string read from them is in use. It saves a copy of the input, which
	// is most of what a decode allocates.
	Borrow bool
}

// Decode decodes one JSON document with the default limits and returns its
// top-level value.
func Decode(data []byte) (Value, error) {
	return Decoder{}.Decode(data)
}

// Decode decodes one JSON document and returns its top-level value; Doc
// gives the document. The input is copied, unless Borrow is set, so the
// caller may change it once Decode has returned. A UTF-8 byte order mark is skipped;
// invalid UTF-8 is an error. Repeated member names keep the first position
// and the last value, as JavaScript's JSON.parse does. Errors are
// *SyntaxError, except for a MaxBytes beyond MaxBytesLimit.
func (dc Decoder) Decode(data []byte) (Value, error) {
	d, err := dc.parse(data)
	if err != nil {
		return Value{}, err
	}
	return d.Root(), nil
}

func (dc Decoder) parse(data []byte) (*Doc, error) {
	maxBytes := dc.MaxBytes
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBytes
	}
	if maxBytes > MaxBytesLimit {
		return nil, fmt.Errorf("document: "+fmtLimitTooBig, maxBytes, MaxBytesLimit)
	}
	if len(data) > maxBytes {
		return nil, syntaxError("", 0, fmt.Sprintf(fmtTooBig, len(data), maxBytes))
	}
	maxDepth := dc.MaxDepth
	if maxDepth <= 0 {
		maxDepth = DefaultMaxDepth
	}
	// Inputs up to bigInput bytes are read in place and copied only once
	// the decode has succeeded, into the document's one block (see
	// pack); larger ones are copied first, since their tape is handed
	// over rather than copied.
	big := len(data) > bigInput
	var s string
	switch {
	case big && !dc.Borrow:
		s = string(data)
	case len(data) > 0:
		s = unsafe.String(&data[0], len(data))
	}
	i := 0
	if strings.HasPrefix(s, "\xef\xbb\xbf") {
		i = 3
	}
	i = space(s, i)
	if i >= len(s) {
		return nil, syntaxError(s, i, msgEmpty)
	}
	p := parsers.Get().(*parser)
	defer p.release()
	p.s, p.maxDepth, p.strict, p.trusted = s, maxDepth, dc.Strict, dc.Trusted
	switch {
	case big:
		p.tape = make([]uint64, 0, wordBound(s))
	case cap(p.tape) < len(s)/8+64:
		// Most documents need a word per 9 to 16 bytes.
		p.tape = make([]uint64, 0, len(s)/8+64)
	}
	end, err := p.value(i, dc.Reach.root())
	if err != nil {
		return nil, err
	}
	if end = space(s, end); end < len(s) {
		return nil, syntaxError(s, end, fmt.Sprintf(fmtAfterTop, found(s, end)))
	}
	d := &Doc{src: s, reach: dc.Reach, borrowed: dc.Borrow}
	if !big {
		p.pack(d, !dc.Borrow)
		return d, nil
	}
	if cap(p.tape)-len(p.tape) <= len(p.tape)/8 {
		d.tape, p.tape = p.tape, nil
	} else {
		d.tape = append([]uint64(nil), p.tape...)
	}
	switch {
	case cap(p.aux)-len(p.aux) <= len(p.aux)/8:
		d.aux, p.aux = p.aux, nil
	case len(p.aux) > 0:
		d.aux = append([]uint32(nil), p.aux...)
	}
	if len(p.esc) > 0 {
		d.esc = append([]escRef(nil), p.esc...)
		d.text = string(p.text)
	}
	return d, nil
}

// pack copies the decoded tape, aux, esc and text into d, and the input
// too when own is set, all in one allocation: a document is then two
// objects (the Doc and its block), and the block holds no pointers, so
// the collector never scans it. The input is copied after it was read,
// from the caller's slice, which Decode's caller must not change while it
// runs, as with any function that reads a slice.
func (p *parser) pack(d *Doc, own bool) {
	const escSize = int(unsafe.Sizeof(escRef{}))
	nt, ne, na := len(p.tape), len(p.esc), len(p.aux)
	size := 8*nt + escSize*ne + 4*na + len(p.text)
	if own {
		size += len(p.s)
	}
	// A Builder allocates without clearing, where make would clear what
	// is written next. A multiple of eight bytes is aligned for the tape.
	var b strings.Builder
	b.Grow((size + 7) &^ 7)
	b.Write(bytesOf(p.tape))
	b.Write(bytesOf(p.esc))
	b.Write(bytesOf(p.aux))
	b.Write(p.text)
	if own {
		b.WriteString(p.s)
	}
	block := unsafe.Pointer(unsafe.StringData(b.String()))
	d.tape = unsafe.Slice((*uint64)(block), nt)
	off := 8 * nt
	if ne > 0 {
		d.esc = unsafe.Slice((*escRef)(unsafe.Add(block, off)), ne)
		off += escSize * ne
	}
	if na > 0 {
		d.aux = unsafe.Slice((*uint32)(unsafe.Add(block, off)), na)
		off += 4 * na
	}
	if len(p.text) > 0 {
		d.text = unsafe.String((*byte)(unsafe.Add(block, off)), len(p.text))
		off += len(p.text)
	}
	if own {
		d.src = unsafe.String((*byte)(unsafe.Add(block, off)), len(p.s))
	}
}

// bytesOf returns the bytes of the elements of s, which hold no pointers.
func bytesOf[T uint64 | uint32 | escRef](s []T) []byte {
	if len(s) == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(&s[0])), len(s)*int(unsafe.Sizeof(s[0])))
}

// Inputs up to bigInput bytes are decoded into the parser's own arrays,
// which stay warm in the cache from one decode to the next, and the
// document gets exact copies. Larger inputs are decoded into a tape sized
// by wordBound, so that it is never grown (a grown array leaves its old
// self behind as garbage, which the memory bound of a large document
// cannot afford).
const bigInput = 1 << 20

// push appends w to the tape, doubling its capacity when it is full: a
// doubled array leaves as many bytes of garbage as it had, where append's
// smaller steps would leave four times as many.
func push(t []uint64, w uint64) []uint64 {
	if len(t) == cap(t) {
		t = slices.Grow(t, cap(t)+64)
	}
	return append(t, w)
}

// room returns s with room for n more elements, doubling its capacity
// when it grows, for the reason push does.
func room[T any](s []T, n int) []T {
	if len(s)+n <= cap(s) {
		return s
	}
	return slices.Grow(s, max(n, cap(s)))
}

// wordBound returns a number of tape words no decode of s can exceed.
// Every value and member name but the top-level value follows a '[', '{',
// ':' or ',', and arrays and objects take one word more than other values.
func wordBound(s string) int {
	c := func(b byte) int { return strings.Count(s, string(b)) }
	return 1 + 2*c('[') + 2*c('{') + c(':') + c(',')
}

// parser holds the state of one decode. Its slices are kept for the next
// decode: the document gets copies (see bigInput).
type parser struct {
	s        string
	maxDepth int
	strict   bool
	trusted  bool

	tape []uint64
	aux  []uint32
	esc  []escRef
	text []byte

	stack   []frame
	reaches []*Reach    // the reaches of the open containers that have one
	kinds   []bool      // the skipping scanner's open containers: true for objects
	pos     []uint32    // an object's member names, while it is closed
	seen    []seenEntry // Strict: the names of the open objects
	nseen   int
	serial  uint32
	trailer uint64 // finishObject's result
}

// frame is an array or object being decoded. It holds no pointers, so
// that the decode loop, which pushes and updates frames, stores none into
// the heap and runs no write barriers while the collector marks.
type frame struct {
	open   int    // tape position of its first word
	count  int    // children so far
	bloom  uint64 // objects: a bit per name, set from its hash
	serial uint32 // objects, when Strict: which object, for p.seen
	object bool
	multi  bool // a child took more than one word
	again  bool // a name repeats (only looked for while count < hashMin)
	index  bool // a name is an array index, which JavaScript puts first
	reach  int  // what is kept below: p.reaches[reach-1]; 0 keeps everything
}

var parsers = sync.Pool{New: func() any { return new(parser) }}

func (p *parser) release() {
	p.s = ""
	p.stack = p.stack[:0]
	if len(p.reaches) > 0 {
		clear(p.reaches)
		p.reaches = p.reaches[:0]
	}
	// Keep the arrays for the next decode, unless a large input made them
	// large.
	const keep = 1 << 16
	if cap(p.tape) > keep {
		p.tape = nil
	}
	if cap(p.aux) > keep || cap(p.esc) > keep || cap(p.text) > keep {
		p.aux, p.esc, p.text = nil, nil, nil
	}
	if cap(p.pos) > keep {
		p.pos = nil
	}
	p.tape, p.aux, p.esc, p.text = p.tape[:0], p.aux[:0], p.esc[:0], p.text[:0]
	if p.seen != nil {
		p.seen, p.nseen, p.serial = nil, 0, 0
	}
	parsers.Put(p)
}

// value decodes the value at s[i] (spaces skipped) and the values inside
// it, keeping what reach reaches, and returns the offset after it. It is a
// loop over an explicit stack of open containers rather than a recursion.
// The tape and the stack live in locals, stored back into p around the
// calls that read them.
func (p *parser) value(i int, reach *Reach) (int, error) {
	s := p.s
	tape, stack := p.tape, p.stack
	base := len(stack)
	var (
		err    error
		f      *frame
		keyAt  int
		cr     = reach // the reach of the next value
		name   string
		member *Reach
		j      int
		ok     bool
	)
value:
	if i >= len(s) {
		return i, syntaxError(s, i, msgEndValue)
	}
	switch c := s[i]; {
	case c == '"':
		// Plain ASCII strings, most of them, are read here; any other
		// string is read again by str.
		for j = i + 1; j+8 <= len(s); j += 8 {
			if m := stops(load64(s, j)); m != 0 {
				j += bits.TrailingZeros64(m) >> 3
				break
			}
		}
		if j < len(s) && s[j] == '"' {
			tape = push(tape, word(tagString, j-i-1, i))
			i = j + 1
			// A member's value followed by a comma, the most common
			// case, goes straight to the next member; f is the
			// innermost container whenever there is one.
			if i < len(s) && s[i] == ',' && len(stack) != base && f.object {
				i++
				goto member
			}
			break
		}
		if tape, i, err = p.str(tape, i); err != nil {
			return i, err
		}
	case c == '{' || c == '[':
		if len(stack) >= p.maxDepth {
			return i, errDepth(s, i, p.maxDepth)
		}
		tag := tagArray
		if c == '{' {
			tag = tagObject
		}
		stack = append(stack, frame{open: len(tape), object: c == '{'})
		if cr != nil {
			p.reaches = append(p.reaches, cr)
			stack[len(stack)-1].reach = len(p.reaches)
		}
		tape = push(tape, word(tag, 0, i))
		f = &stack[len(stack)-1]
		if i++; i < len(s) && s[i] <= ' ' {
			i = space(s, i)
		}
		if c == '{' {
			if p.strict {
				p.serial++
				f.serial = p.serial
			}
			if i < len(s) && s[i] == '}' {
				i++
				tape = p.closeObject(tape, stack)
				stack = stack[:len(stack)-1]
				goto after
			}
			goto member
		}
		if i < len(s) && s[i] == ']' {
			i++
			tape = p.closeArray(tape, stack)
			stack = stack[:len(stack)-1]
			goto after
		}
		goto element
	case c-'0' < 10 || c == '-':
		if j, ok = scanNumber(s, i); !ok {
			return j, errNumber(s, j)
		}
		tape = push(tape, word(tagNumber, j-i, i))
		i = j
	case c == 't' || c == 'f' || c == 'n':
		tag, n, spelt := literalAt(s, i)
		if !spelt {
			return i, errLiteral(s, i)
		}
		tape = push(tape, word(tag, n, i))
		i += n
	default:
		return i, errValue(s, i)
	}
after:
	if len(stack) == base {
		p.tape, p.stack = tape, stack
		return i, nil
	}
	if i < len(s) && s[i] <= ' ' {
		if s[i] == '\n' {
			for i++; i+8 <= len(s); i += 8 {
				if x := load64(s, i) ^ ones*' '; x != 0 {
					i += bits.TrailingZeros64(x) >> 3
					break
				}
			}
		}
		if i < len(s) && s[i] <= ' ' {
			i = space(s, i)
		}
	}
	f = &stack[len(stack)-1]
	if i < len(s) {
		switch c := s[i]; {
		case c == ',':
			i++
			if f.object {
				goto member
			}
			if i < len(s) && s[i] <= ' ' {
				i = space(s, i)
			}
			goto element
		case c == '}' && f.object:
			i++
			tape = p.closeObject(tape, stack)
			stack = stack[:len(stack)-1]
			goto after
		case c == ']' && !f.object:
			i++
			tape = p.closeArray(tape, stack)
			stack = stack[:len(stack)-1]
			goto after
		}
	}
	if f.object {
		return i, errAfterMember(s, i)
	}
	return i, errAfterElement(s, i)
member:
	// f is the object; i is after its '{' or a ','.
	if i < len(s) && s[i] <= ' ' {
		// An indented document's newline and indentation are measured
		// here rather than in a call to space, which would cost the
		// loop the registers it holds (here and after a value).
		if s[i] == '\n' {
			for i++; i+8 <= len(s); i += 8 {
				if x := load64(s, i) ^ ones*' '; x != 0 {
					i += bits.TrailingZeros64(x) >> 3
					break
				}
			}
		}
		if i < len(s) && s[i] <= ' ' {
			i = space(s, i)
		}
	}
	if i >= len(s) || s[i] != '"' {
		return i, errName(s, i)
	}
	keyAt = i
	for j = i + 1; j+8 <= len(s); j += 8 {
		if m := stops(load64(s, j)); m != 0 {
			j += bits.TrailingZeros64(m) >> 3
			break
		}
	}
	if j < len(s) && s[j] == '"' {
		tape = push(tape, word(tagString, j-i-1, i))
		name = s[i+1 : j]
		i = j + 1
	} else {
		if tape, i, err = p.str(tape, i); err != nil {
			return i, err
		}
		name = p.nameIn(tape, len(tape)-1)
	}
	f.count++
	if bit := uint64(1) << bloomHash(name); f.bloom&bit == 0 {
		f.bloom |= bit
	} else if !f.again && f.count < hashMin {
		// Two names of a small object set the same bit, as one object
		// in four of seven members does: the names before are
		// compared now, so that only a real repeat sends the object
		// to finishObject. An object of hashMin members goes there
		// anyway.
		f.again = p.repeats(tape, f, name)
	}
	if name != "" && name[0]-'0' < 10 {
		if _, index := arrayIndexName(name); index {
			f.index = true
		}
	}
	if p.strict {
		p.tape = tape
		if p.repeated(f, name) {
			return keyAt, syntaxError(s, keyAt, fmt.Sprintf(fmtDuplicate, name))
		}
	}
	if i < len(s) && s[i] <= ' ' {
		i = space(s, i)
	}
	if i >= len(s) || s[i] != ':' {
		return i, errColon(s, i)
	}
	if i++; i < len(s) && s[i] <= ' ' {
		// Indented documents put one space after the colon.
		if s[i] == ' ' && i+1 < len(s) && s[i+1] > ' ' {
			i++
		} else {
			i = space(s, i)
		}
	}
	cr = nil
	// Only arrays and objects are skipped: scalars cost no more to keep
	// than to skip, so their reach is not looked up.
	if f.reach != 0 && i < len(s) && (s[i] == '{' || s[i] == '[') {
		if member = p.reaches[f.reach-1].member(name); member == nil {
			goto skip
		}
		if !member.all {
			cr = member
		}
		goto value
	}
	// A plain string value is read here, which spares the jump to value,
	// and with it the shuffling of registers that a merge of many paths
	// costs.
	if i < len(s) && s[i] == '"' {
		for j = i + 1; j+8 <= len(s); j += 8 {
			if m := stops(load64(s, j)); m != 0 {
				j += bits.TrailingZeros64(m) >> 3
				break
			}
		}
		if j < len(s) && s[j] == '"' {
			tape = push(tape, word(tagString, j-i-1, i))
			if i = j + 1; i < len(s) && s[i] == ',' {
				i++
				goto member
			}
			goto after
		}
	}
	goto value
element:
	// f is the array; i is at the element.
	f.count++
	cr = nil
	if f.reach != 0 && i < len(s) && (s[i] == '{' || s[i] == '[') {
		if member = p.reaches[f.reach-1].element(f.count - 1); member == nil {
			goto skip
		}
		if !member.all {
			cr = member
		}
	}
	goto value
skip:
	p.tape, p.stack = tape, stack
	if i, err = p.skip(i, len(stack)); err != nil {
		return i, err
	}
	tape, stack = p.tape, p.stack
	goto after
}

// str decodes the string literal at s[i] and appends its word to tape.
func (p *parser) str(tape []uint64, i int) ([]uint64, int, error) {
	s := p.s
	j, bad := plainRun(s, i+1)
	if j < len(s) && s[j] == '"' {
		if bad {
			return tape, j, errUTF8(s, i+1, j)
		}
		return push(tape, word(tagString, j-i-1, i)), j + 1, nil
	}
	if j >= len(s) {
		return tape, j, syntaxError(s, j, msgUnterminated)
	}
	if s[j] != '\\' {
		return tape, j, syntaxError(s, j, fmt.Sprintf(fmtControl, rune(s[j])))
	}
	t0 := len(p.text)
	var end int
	var err error
	p.text = room(p.text, j-i)
	if p.text, end, err = unescape(p.text, s, i+1, j, bad, true); err != nil {
		return tape, end, err
	}
	p.esc = append(room(p.esc, 1), escRef{off: uint32(t0), n: uint32(len(p.text) - t0)})
	return push(tape, word(tagEscaped, len(p.esc)-1, i)), end, nil
}

// nameAt returns the text of the string word at tape position q while the
// document is being decoded. It does not copy: use it before p.text grows.
func (p *parser) nameAt(q int) string { return p.nameIn(p.tape, q) }

// nameIn is nameAt on the tape being decoded.
func (p *parser) nameIn(tape []uint64, q int) string {
	w := tape[q]
	if tagOf(w) == tagString {
		off := offOf(w) + 1
		return p.s[off : off+nOf(w)]
	}
	e := p.esc[nOf(w)]
	if e.n == 0 {
		return ""
	}
	return unsafe.String(&p.text[e.off], int(e.n))
}

// repeats reports whether the object f, whose last name is the tape's
// last word, has name before it.
func (p *parser) repeats(tape []uint64, f *frame, name string) bool {
	for q := f.open + 1; q < len(tape)-1; q += 1 + width(tape, q+1) {
		if p.nameIn(tape, q) == name {
			return true
		}
	}
	return false
}

// bloomHash mixes a member name's length and three of its bytes into six
// bits: two names of an object that differ there set different bits of the
// object's bloom word, so repeated names are looked for only in the rare
// objects where two names set the same bit.
func bloomHash(s string) uint {
	n := len(s)
	if n == 0 {
		return 0
	}
	v := uint64(n) | uint64(s[0])<<8 | uint64(s[n-1])<<16 | uint64(s[n>>1])<<24
	return uint(v*0x9e3779b97f4a7c15) >> 58
}

// arrayIndexName reports whether a member name is an array index as
// JavaScript orders properties: a canonical integer below 2^32-1.
func arrayIndexName(k string) (uint64, bool) {
	if k == "" || len(k) > 10 || (len(k) > 1 && k[0] == '0') {
		return 0, false
	}
	var n uint64
	for i := 0; i < len(k); i++ {
		if k[i]-'0' >= 10 {
			return 0, false
		}
		n = n*10 + uint64(k[i]-'0')
	}
	return n, n < 1<<32-1
}

// seed makes the hashes of member names unpredictable, so that no input can
// make lookups collide. It is made once and never changed.
var seed = maphash.MakeSeed()

// seenEntry is a name of an open object, when Strict.
type seenEntry struct {
	hash   uint64
	serial uint32 // 0 for an empty slot
	pos    uint32 // the name's tape position
}

// repeated reports whether the object f already has a member name, and
// remembers it. The table holds the names of every object of the decode,
// told apart by their serial numbers, so a check costs the same in large
// objects as in small ones.
func (p *parser) repeated(f *frame, name string) bool {
	if 2*(p.nseen+1) > len(p.seen) {
		old := p.seen
		p.seen = make([]seenEntry, max(64, 2*len(old)))
		for _, e := range old {
			if e.serial != 0 {
				p.seenSlot(e)
			}
		}
	}
	h := maphash.String(seed, name)
	mask := len(p.seen) - 1
	for j := int(mix(h, f.serial)) & mask; ; j = (j + 1) & mask {
		e := &p.seen[j]
		if e.serial == 0 {
			*e = seenEntry{hash: h, serial: f.serial, pos: uint32(len(p.tape) - 1)}
			p.nseen++
			return false
		}
		if e.serial == f.serial && e.hash == h && p.nameAt(int(e.pos)) == name {
			return true
		}
	}
}

func (p *parser) seenSlot(e seenEntry) {
	mask := len(p.seen) - 1
	for j := int(mix(e.hash, e.serial)) & mask; ; j = (j + 1) & mask {
		if p.seen[j].serial == 0 {
			p.seen[j] = e
			return
		}
	}
}

func mix(h uint64, serial uint32) uint64 {
	return h ^ uint64(serial)*0x9e3779b97f4a7c15
}

// pop closes the innermost container of stack with trailer b, which
// holds the number of its elements or members: a container of two
// children or more in the tape gets it, and its first word gets the size
// of the subtree. It returns the tape; the caller drops the frame.
func (p *parser) pop(tape []uint64, stack []frame, b uint64) []uint64 {
	f := &stack[len(stack)-1]
	tag := tagArrayShort
	switch {
	case f.object && f.count >= 2:
		tag = tagObject
	case f.object:
		tag = tagObjectShort
	case f.count >= 2:
		tag = tagArray
	}
	if f.count >= 2 {
		tape = push(tape, b)
	}
	size := len(tape) - f.open
	tape[f.open] = word(tag, size, offOf(tape[f.open]))
	if f.reach != 0 {
		p.reaches = p.reaches[:f.reach-1]
	}
	if n := len(stack) - 1; n > 0 && size > 1 {
		stack[n-1].multi = true
	}
	return tape
}

// closeArray closes the innermost container of stack, an array, and
// returns the tape.
func (p *parser) closeArray(tape []uint64, stack []frame) []uint64 {
	f := &stack[len(stack)-1]
	layout, aux := layoutDirect, 0
	if f.multi {
		if f.count <= walkMax {
			layout = layoutWalk
		} else {
			layout, aux = layoutSparse, len(p.aux)
			p.aux = room(p.aux, f.count/walkMax+1)
			for k, q := 0, f.open+1; q < len(tape); k, q = k+1, q+width(tape, q) {
				if k%walkMax == 0 {
					p.aux = append(p.aux, uint32(q))
				}
			}
		}
	}
	return p.pop(tape, stack, word(layout, f.count, aux))
}

// closeObject closes the innermost container of stack, an object, and
// returns the tape.
func (p *parser) closeObject(tape []uint64, stack []frame) []uint64 {
	f := &stack[len(stack)-1]
	if f.count >= hashMin || f.again || f.index {
		p.tape = tape
		p.finishObject(f)
		return p.pop(p.tape, stack, p.trailer)
	}
	layout, aux := layoutDirect, 0
	if f.multi {
		if f.count <= walkMax {
			layout = layoutWalk
		} else {
			layout, aux = layoutSparse, len(p.aux)
			p.aux = room(p.aux, f.count/walkMax+1)
			for k, q := 0, f.open+1; q < len(tape); k, q = k+1, q+1+width(tape, q+1) {
				if k%walkMax == 0 {
					p.aux = append(p.aux, uint32(q))
				}
			}
		}
	}
	return p.pop(tape, stack, word(layout, f.count, aux))
}

// finishObject prepares the closing of an object, in p.tape, that may have
// repeated names, has names that JavaScript orders first, or is large
// enough for a hash table: it fills p.aux and sets p.trailer.
func (p *parser) finishObject(f *frame) {
	pos := slices.Grow(p.pos[:0], f.count)
	for q := f.open + 1; q < len(p.tape); q += 1 + width(p.tape, q+1) {
		pos = append(pos, uint32(q))
	}
	n, repeats := len(pos), false
	aux := len(p.aux)
	if n >= hashMin {
		// The table is built in place, with ordinals in its slots while
		// repeated names are found: the first position of a name takes
		// the tape position of its last occurrence.
		size := tableSize(n)
		p.aux = room(p.aux, size)[:aux+size]
		table := p.aux[aux:]
		clear(table)
		mask := size - 1
		out := 0
		for k := range n {
			name := p.nameAt(int(pos[k]))
			for j := int(maphash.String(seed, name)) & mask; ; j = (j + 1) & mask {
				e := table[j]
				if e == 0 {
					table[j] = uint32(out + 1)
					pos[out] = pos[k]
					out++
					break
				}
				if p.nameAt(int(pos[e-1])) == name {
					pos[e-1] = pos[k]
					repeats = true
					break
				}
			}
		}
		n, pos = out, pos[:out]
		if repeats {
			// Fewer members: a table of their size, in the same place.
			p.aux = p.aux[:aux]
			if n >= hashMin {
				p.aux = room(p.aux, tableSize(n))[:aux+tableSize(n)]
				clear(p.aux[aux:])
				p.fillTable(p.aux[aux:], pos)
			}
		} else {
			for j, e := range table {
				if e != 0 {
					table[j] = pos[e-1] + 1
				}
			}
		}
	} else if f.again {
		out := 0
	names:
		for k := range n {
			name := p.nameAt(int(pos[k]))
			for m := range out {
				if p.nameAt(int(pos[m])) == name {
					pos[m] = pos[k]
					repeats = true
					continue names
				}
			}
			pos[out] = pos[k]
			out++
		}
		n, pos = out, pos[:out]
	}
	hashed := 0
	if n >= hashMin {
		hashed = flagHashed
	}
	reordered := f.index && p.jsOrder(pos)
	layout := layoutDirect
	switch {
	case repeats || reordered:
		layout = layoutKids
		p.aux = append(room(p.aux, n), pos...)
	case f.multi && n > walkMax:
		layout = layoutSparse
		p.aux = room(p.aux, n/walkMax+1)
		for k := 0; k < n; k += walkMax {
			p.aux = append(p.aux, pos[k])
		}
	case f.multi:
		layout = layoutWalk
	}
	p.pos = pos
	p.trailer = word(layout|hashed, n, aux)
}

// fillTable fills table, of tableSize(len(pos)) zero slots, with the tape
// positions of the member names at pos.
func (p *parser) fillTable(table []uint32, pos []uint32) {
	mask := len(table) - 1
	for _, q := range pos {
		for j := int(maphash.String(seed, p.nameAt(int(q)))) & mask; ; j = (j + 1) & mask {
			if table[j] == 0 {
				table[j] = q + 1
				break
			}
		}
	}
}

// jsOrder puts the member names at pos in the order JavaScript gives an
// object's own properties: array indexes ("0", "7"; not "07" or "-1")
// first, ascending, then the others in document order. It reports whether
// it changed the order.
func (p *parser) jsOrder(pos []uint32) bool {
	sorted, others := true, false
	var last uint64
	for k, q := range pos {
		n, ok := arrayIndexName(p.nameAt(int(q)))
		switch {
		case !ok:
			others = true
		case others || (k > 0 && n < last):
			sorted = false
		}
		last = n
	}
	if sorted {
		return false
	}
	slices.SortStableFunc(pos, func(a, b uint32) int {
		x, xok := arrayIndexName(p.nameAt(int(a)))
		y, yok := arrayIndexName(p.nameAt(int(b)))
		switch {
		case xok && yok:
			if x < y {
				return -1
			}
			if x > y {
				return 1
			}
			return 0
		case xok:
			return -1
		case yok:
			return 1
		}
		return 0
	})
	return true
}
