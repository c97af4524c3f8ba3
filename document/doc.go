// Package document decodes JSON documents — cases, definitions, events —
// into Values that keep what JavaScript and jsonpath-plus observe, and
// finds places in their text by JSON Pointer. It is the one package that
// knows how a document is held; every stage reads documents through it.
//
//	doc, err := document.Decode(caseJSON)
//	status := doc.Get("status").Text()
//
// # What a document keeps
//
// Objects keep their members in JavaScript's order (names that are array
// indexes first, ascending, then the others in document order; a repeated
// name keeps its first position and its last value, unless the Decoder is
// Strict, which refuses it) and numbers their exact text beside the nearest
// float64, so 9007199254740993 and 0.30000000000000001 compare exactly.
// Invalid UTF-8 is an error; a lone UTF-16 surrogate escape becomes U+FFFD;
// a UTF-8 byte order mark is skipped. Malformed JSON, and a document beyond
// a Decoder's limits, is a *SyntaxError with its byte offset, line and
// column.
//
// A Value is immutable once decoded and may be read by many goroutines at
// once. A nil *Value reads as Undefined, so lookups can be chained.
//
// # Pointers
//
// JoinPointer, IndexPointer and SplitPointer build and read JSON Pointers
// (RFC 6901); Value.At follows one in a decoded document, and Locate and
// LocateAll find the text of the values they name without decoding it, so
// errors can give a line and column.
package document
