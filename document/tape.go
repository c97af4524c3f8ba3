package document

import "math/bits"

// The tape: one 64-bit word per scalar and per member name, two per array
// or object, in document order (a pre-order walk of the value tree).
//
//	bits 60-63  tag (what the word is)
//	bits 32-59  n   (a length, a count or a subtree size; 28 bits)
//	bits  0-31  off (a byte offset into the input, or an index)
//
// Scalars: n is the length of the literal's text and off its offset in the
// input (for strings, the offset of the opening quote; the text follows).
// A string with escapes has tag tagEscaped, off its quote's offset and n an
// index into Doc.esc, which holds where its unescaped text lies in Doc.text.
// A member name is a string word directly before its value's first word.
//
// Containers: the first word holds in n the number of words of the whole
// subtree, so the next sibling starts at the word after it, and in off the
// offset of the opening bracket. Children follow it. An array or object of
// two children or more ends with a trailer word: the layout in its top
// bits, the number of elements or members in n and an offset into Doc.aux
// in off. One of no child or one child has none (tagArrayShort,
// tagObjectShort: a subtree of one word is empty), so that nesting, which
// costs two input bytes a level, costs one word a level.
//
// Layouts say how the i-th child is found:
//
//	layoutDirect  every child is one word (a member two: name and value),
//	              so child i sits at a fixed distance
//	layoutWalk    up to walkMax children, some of them containers: found by
//	              stepping over the ones before it
//	layoutSparse  more children, some of them containers: Doc.aux[off+k]
//	              is the tape position of child k*walkMax, and the others
//	              are found by stepping from there
//	layoutKids    Doc.aux[off:off+count] lists the tape position of each
//	              child (of each member's name), in order
//
// An object with repeated names (first position, last value) or with names
// that are array indexes out of order (JavaScript puts those first) always
// uses layoutKids, since its members' order differs from the tape's. An
// object of hashMin members or more also has a hash table in Doc.aux,
// before the positions of the layout: tableSize(count) slots, each 0 or the
// tape position of a member name plus one.
//
// So a word stands for two input bytes at least ("1," or "[]" or "":),
// a trailer for three (the brackets and a comma), a list entry for eight
// children and a table slot for a member of six bytes or more: a document
// holds at most about 5.5 bytes per input byte, 6.5 with its copy of the
// input (see TestMemoryBound).
const (
	tagShift = 60
	nShift   = 32
	nMask    = 1<<28 - 1
	offMask  = 1<<32 - 1

	tagNull    = 1
	tagFalse   = 2
	tagTrue    = 3
	tagNumber  = 4
	tagString  = 5
	tagEscaped = 6
	tagArray   = 7
	tagObject  = 8
	tagSkipped = 9
	// arrays and objects of no child or one child, with no trailer
	tagArrayShort  = 10
	tagObjectShort = 11

	layoutDirect = 0
	layoutWalk   = 1
	layoutKids   = 2
	layoutSparse = 3
	flagHashed   = 4

	walkMax = 8  // children a container may have with neither list, and the step of layoutSparse
	hashMin = 12 // members an object needs for a hash table
)

func word(tag, n, off int) uint64 {
	return uint64(tag)<<tagShift | uint64(n)<<nShift | uint64(off)
}

func tagOf(w uint64) int { return int(w >> tagShift) }

// isContainer reports whether a tag is an array's or an object's.
func isContainer(tag int) bool {
	const containers = 1<<tagArray | 1<<tagObject | 1<<tagArrayShort | 1<<tagObjectShort
	return containers>>tag&1 != 0
}

// isObject reports whether a tag is an object's.
func isObject(tag int) bool { return tag == tagObject || tag == tagObjectShort }

// width is the number of tape words of the value at position q.
func width(t []uint64, q int) int {
	if w := t[q]; isContainer(tagOf(w)) {
		return nOf(w)
	}
	return 1
}

// shape returns the number of children of the array or object at q and its
// trailer, 0 (layoutDirect, no table) when it has none.
func shape(t []uint64, q int) (int, uint64) {
	w := t[q]
	switch tagOf(w) {
	case tagArray, tagObject:
		b := t[q+nOf(w)-1]
		return nOf(b), b
	case tagArrayShort, tagObjectShort:
		if nOf(w) == 1 {
			return 0, 0
		}
		return 1, 0
	}
	return 0, 0
}
func nOf(w uint64) int   { return int(w>>nShift) & nMask }
func offOf(w uint64) int { return int(w & offMask) }

// tableSize is the number of slots of the hash table of an object with n
// members: a power of two at least 1.5 times n.
func tableSize(n int) int {
	return max(16, 1<<bits.Len(uint(n+n/2)))
}

// escRef places the unescaped text of a string with escapes: Doc.text[off:
// off+n]. Where its literal ends in the input is found again when asked.
type escRef struct {
	off, n uint32
}
