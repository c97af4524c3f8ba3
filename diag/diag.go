// Package diag is how every stage of verdict says what is wrong with what
// it was given, and where: one Problem type, with a stable Code, for
// definitions, paths, regular expressions, expressions, schemas, context
// fields and evaluations alike.
//
// A Problem points at a node with a JSON Pointer, and inside the string
// there (a JSONPath, a pattern, an expression) at a byte offset. Stages
// create problems with pointers relative to what they check; the code that
// knows the document adds the base pointer and locates them in its text
// (List.Locate: line and column, in one reading of the document), then
// shows them with the line or the string and a caret under the place
// (Problem.Render).
//
//	var list diag.List
//	if errors.As(err, &list) {
//		for _, p := range list {
//			fmt.Print(p.Render("auto-approve.json", data))
//		}
//	}
//
// errors.As also opens an error to a single *Problem, since a List
// unwraps to its problems.
package diag

import (
	"fmt"
	"sort"
	"strings"

	"github.com/verdict-rules/verdict/document"
	"github.com/verdict-rules/verdict/internal/suggest"
)

// Problem is one problem, or one warning, about a document: where it is
// and what was expected. Its JSON form has pointer (when there is one),
// offset, code and message, and line, column and field when they are set.
type Problem struct {
	// Pointer is the JSON Pointer (RFC 6901) of the node concerned:
	// "/conditions/1/conditions/0/field". It is empty for the document as a
	// whole, such as malformed JSON.
	Pointer string `json:"pointer,omitempty"`
	// Offset is the byte offset of the problem inside the string at
	// Pointer (a JSONPath, a regular expression, an expression), or -1.
	Offset int `json:"offset"`
	// Code is a stable, machine-readable kind; see the Code constants.
	Code Code `json:"code"`
	// Msg says what was found and what was expected.
	Msg string `json:"message"`
	// Line and Column locate the node in the document text (1-based,
	// column in bytes) once it is located, else 0.
	Line   int `json:"line,omitempty"`
	Column int `json:"column,omitempty"`
	// Source is the string at Pointer that Offset is in, for showing a
	// caret under the place.
	Source string `json:"-"`
	// Field names the context field a problem of its expression concerns.
	Field string `json:"field,omitempty"`
	// Err is the cause when it is an error callers test for (a context's
	// deadline, say), or nil.
	Err error `json:"-"`
}

// Error says where and what: "/pointer (byte 7): message", or
// "line:column: message" for a problem without a pointer, led by the
// context field when there is one.
func (p *Problem) Error() string {
	var b strings.Builder
	if p.Field != "" {
		fmt.Fprintf(&b, "context field %s: ", suggest.Quote(p.Field))
	}
	switch {
	case p.Pointer != "":
		b.WriteString(p.Pointer)
		if p.Offset >= 0 {
			fmt.Fprintf(&b, " (byte %d)", p.Offset)
		}
		b.WriteString(": ")
	case p.Line > 0:
		fmt.Fprintf(&b, "%d:%d: ", p.Line, p.Column)
	}
	b.WriteString(p.Msg)
	return b.String()
}

// Unwrap returns Err.
func (p *Problem) Unwrap() error { return p.Err }

// Syntax is the problem of malformed JSON, or of a document beyond a
// decoder's limits, at the line and column the decoder found it.
func Syntax(err *document.SyntaxError) *Problem {
	return &Problem{Offset: -1, Code: JSONSyntax, Msg: err.Msg, Line: err.Line, Column: err.Column}
}

// MaxProblems caps the problems a List reports once it is finished; the
// rest are counted in a final entry.
const MaxProblems = 100

// List is every problem found in a document, in the order of their place
// in it once finished. errors.As opens an error to a List, and, through
// Unwrap, to its first *Problem.
type List []*Problem

// Error writes the first problem and how many more there are.
func (l List) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	return fmt.Sprintf("%s (and %d more errors)", l[0].Error(), len(l)-1)
}

// Unwrap returns the problems, for errors.Is and errors.As.
func (l List) Unwrap() []error {
	out := make([]error, len(l))
	for i, p := range l {
		out[i] = p
	}
	return out
}

// Err returns l as an error, or nil when it is empty.
func (l List) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// Sort orders the list by place in the document: line, then pointer, then
// offset.
func (l List) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.Line != b.Line && a.Line > 0 && b.Line > 0 {
			return a.Line < b.Line
		}
		if c := document.ComparePointers(a.Pointer, b.Pointer); c != 0 {
			return c < 0
		}
		if a.Offset != b.Offset {
			return a.Offset < b.Offset
		}
		return a.Msg < b.Msg
	})
}

// Finish sorts the list, drops problems repeated at one place and caps it
// at MaxProblems, counting the rest in a last problem (TooManyErrors).
func (l List) Finish() List {
	l.Sort()
	out := l[:0]
	for i, p := range l {
		if i > 0 {
			q := l[i-1]
			if q.Pointer == p.Pointer && q.Offset == p.Offset && q.Msg == p.Msg {
				continue
			}
		}
		out = append(out, p)
	}
	if len(out) > MaxProblems {
		rest := len(out) - MaxProblems
		out = append(out[:MaxProblems], &Problem{Offset: -1, Code: TooManyErrors,
			Msg: fmt.Sprintf("%d more errors were not reported", rest)})
	}
	return out
}

// CapWarnings keeps the first MaxProblems warnings and counts the rest in a
// last one (TooManyWarnings), so that what carries them stays small.
func CapWarnings(ws []Problem) []Problem {
	if len(ws) <= MaxProblems {
		return ws
	}
	rest := len(ws) - MaxProblems
	return append(ws[:MaxProblems:MaxProblems], Problem{Offset: -1, Code: TooManyWarnings,
		Msg: fmt.Sprintf("%d more warnings were not reported", rest)})
}
