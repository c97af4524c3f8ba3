package document

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// SyntaxError reports malformed JSON, or JSON beyond a Decoder's limits.
type SyntaxError struct {
	Offset int    // byte offset of the problem in the input
	Line   int    // 1-based line
	Column int    // 1-based column, in bytes
	Msg    string // what was found and what was expected
}

// Error writes "line:column: message".
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("%d:%d: %s", e.Line, e.Column, e.Msg)
}

func syntaxError(s string, off int, msg string) *SyntaxError {
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

// found describes the input at offset i for an error message.
func found(s string, i int) string {
	if i >= len(s) {
		return "end of input"
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	if r == utf8.RuneError {
		return fmt.Sprintf("byte 0x%02x", s[i])
	}
	return fmt.Sprintf("%q", r)
}

// The messages of the errors the decoder and the skipping scanner share, so
// that a projected decode fails exactly where and as a full decode does.
const (
	msgEmpty        = "empty document: expected a JSON value"
	msgEndValue     = "unexpected end of input: expected a value"
	msgEndName      = "unexpected end of input: expected a member name or '}'"
	msgEndObject    = "unexpected end of input: expected ',' or '}'"
	msgEndArray     = "unexpected end of input: expected ',' or ']'"
	msgUnterminated = "unexpected end of input: unterminated string"
	msgHex          = `invalid escape: expected four hex digits after \u`
	msgBadUTF8      = "invalid UTF-8 in string"
	fmtTooBig       = "document is %d bytes, more than the limit of %d"
	fmtAfterTop     = "unexpected %s after the top-level value"
	fmtBadNumber    = "invalid number: expected a digit, found %s"
	fmtBadValue     = "unexpected %s: expected a value (object, array, string, number, true, false or null)"
	fmtBadLiteral   = "invalid literal: expected %q"
	fmtTooDeep      = "nesting deeper than the limit of %d"
	fmtBadName      = "unexpected %s: expected a member name in double quotes"
	fmtDuplicate    = "duplicate member name %q"
	fmtBadColon     = "unexpected %s: expected ':' after member name"
	fmtBadObject    = "unexpected %s: expected ',' or '}' after object member"
	fmtBadArray     = "unexpected %s: expected ',' or ']' after array element"
	fmtControl      = "invalid control character %U in string: escape it"
	fmtBadEscape    = `invalid escape %q: expected one of \" \\ \/ \b \f \n \r \t \uXXXX`
	fmtBadUTF8Byte  = "invalid UTF-8 byte 0x%02x in string"
	fmtLimitTooBig  = "MaxBytes %d is more than the decoder supports (%d)"
)

// errValue is the error for a byte that cannot start a value.
func errValue(s string, i int) error {
	if i >= len(s) {
		return syntaxError(s, i, msgEndValue)
	}
	return syntaxError(s, i, fmt.Sprintf(fmtBadValue, found(s, i)))
}

// errLiteral is the error for a bad literal starting with s[i].
func errLiteral(s string, i int) error {
	word := "true"
	switch s[i] {
	case 'f':
		word = "false"
	case 'n':
		word = "null"
	}
	return syntaxError(s, i, fmt.Sprintf(fmtBadLiteral, word))
}

// errAfterMember is the error after a member value when the next byte is
// neither ',' nor '}'.
func errAfterMember(s string, i int) error {
	if i >= len(s) {
		return syntaxError(s, i, msgEndObject)
	}
	return syntaxError(s, i, fmt.Sprintf(fmtBadObject, found(s, i)))
}

// errAfterElement is the error after an array element when the next byte is
// neither ',' nor ']'.
func errAfterElement(s string, i int) error {
	if i >= len(s) {
		return syntaxError(s, i, msgEndArray)
	}
	return syntaxError(s, i, fmt.Sprintf(fmtBadArray, found(s, i)))
}

// errName is the error where a member name was expected.
func errName(s string, i int) error {
	if i >= len(s) {
		return syntaxError(s, i, msgEndName)
	}
	return syntaxError(s, i, fmt.Sprintf(fmtBadName, found(s, i)))
}

func errColon(s string, i int) error {
	return syntaxError(s, i, fmt.Sprintf(fmtBadColon, found(s, i)))
}

func errDepth(s string, i, limit int) error {
	return syntaxError(s, i, fmt.Sprintf(fmtTooDeep, limit))
}

func errNumber(s string, i int) error {
	return syntaxError(s, i, fmt.Sprintf(fmtBadNumber, found(s, i)))
}

// errUTF8 reports the first byte of s[start:end] that is not UTF-8.
func errUTF8(s string, start, end int) error {
	for j := start; j < end; {
		r, size := utf8.DecodeRuneInString(s[j:end])
		if r == utf8.RuneError && size == 1 {
			return syntaxError(s, j, fmt.Sprintf(fmtBadUTF8Byte, s[j]))
		}
		j += size
	}
	return syntaxError(s, start, msgBadUTF8)
}
