// Package document decodes JSON case documents into a compact form that is
// cheap to build, to read and to keep: a tape of 64-bit words that refers
// back into the input, with no pointers for the garbage collector to scan.
// It is the one package that knows how a document is held: cases,
// definitions and events are read through it, by the JSONPath walker,
// context fields, Apply and traces.
//
//	root, err := document.Decode(caseJSON)
//	status := root.Get("status").Text()
//
// # What a document keeps
//
// Everything a reader of JSON can observe: member order (with
// JavaScript's rules: a repeated name keeps its first position and its last
// value, and names that are array indexes come first, ascending), the exact
// text of numbers (9007199254740993 is not 9007199254740992, and exponents
// of any size compare exactly), and strings with their escapes decoded.
// Invalid UTF-8 is an error; a lone UTF-16 surrogate escape becomes U+FFFD;
// a UTF-8 byte order mark is skipped. Errors are *SyntaxError, with the
// byte offset, line and column of the problem.
//
// # Reading
//
// A Value is a document and a position in its tape: 16 bytes, passed by
// value, never allocating when read. Kind, Len, Index, Key and Iter walk
// arrays and objects in document order; Member finds a member by name,
// and MemberKey by a Key prepared once, as compiled paths and context
// fields do. Text, Literal, Float, Int and Bool read scalars; Equal and
// CompareNumbers compare exactly; AppendJSON writes a value back as JSON;
// Span says where a value lies in the input, and At and Doc.Locate follow
// JSON Pointers. The zero Value is Undefined, what lookups that find
// nothing return, and every method accepts it. Documents are immutable and
// safe for concurrent use.
//
// # Pointers
//
// JoinPointer, IndexPointer and SplitPointer build and read JSON Pointers
// (RFC 6901); Value.At follows one in a decoded document, and Locate and
// LocateAll find the text of the values they name without decoding it, so
// errors can give a line and column.
//
// # The tape
//
// One word per scalar and per member name, one per array or object plus a
// trailer for those of two children or more, in document order. A scalar's
// word holds its type, the offset of its text in the input and its length:
// strings are decoded and numbers converted only when read (strings with
// escapes are decoded once, into a buffer of their own). An array's or
// object's word holds the size of its subtree, so readers step over it in
// one move. Children of small containers are found by stepping; large ones
// keep the position of every eighth child, or of every child when their
// order is not the tape's (repeated names, index names); objects of twelve
// members or more keep a hash table whose hash is seeded once per process,
// so no choice of names makes lookups collide (member names that share
// their first eight bytes and their length decode and are found as fast as
// any others).
//
// Because the words hold no pointers, the garbage collector neither scans
// the tape nor runs write barriers while it is built, and a document is a
// few large allocations, however many values it has: two (the Doc and one
// block for its copy of the input, its tape and its lists) up to 1 MiB.
//
// # Memory
//
// A document holds at most about 5.5 bytes per input byte, 6.5 with its
// copy of the input, whatever the input's shape (a 32 MiB array of small
// numbers takes 5 bytes per input byte): so at most 8 times the input plus
// 64 MB, the bound verdict states for decoded cases. Decoding allocates
// the document and, for a parser's first document or an input over 1 MiB,
// at most as much again. The input is copied, so the caller may change its
// slice afterwards; Decoder.Borrow decodes in place instead, which saves
// most of what a decode allocates when the caller keeps the slice as it
// is.
//
// Strings read from a document (Text, AsText, Literal, Key) are not copied:
// they are part of the document, so keeping one keeps the document's memory
// alive (for an input of up to 1 MiB, its one block: the tape and the copy
// of the input), and with Borrow they are the caller's bytes. Copy one with
// strings.Clone to keep it apart from the document.
//
// # Projection
//
// A Reach lists what a program reads: member names, "every element or
// member", and "the whole subtree". A Decoder with a Reach keeps what it
// reaches and skips every other array and object with a scanner that still
// checks them (grammar, UTF-8, depth, and repeated names when Strict), so
// a document decodes with a Reach exactly when it decodes without, with
// the same errors. Skipped values read as Skipped and keep their place:
// lengths, indexes and member order are those of the whole document. A
// document remembers its Reach; Doc.Covers tells whether it can serve a
// program that needs another one, so that a value the decode skipped is
// never taken for a missing one.
package document
