package rules

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/verdict-rules/verdict/conditions/jsonpath"
	"github.com/verdict-rules/verdict/internal/suggest"
	"github.com/verdict-rules/verdict/internal/term"
	"github.com/verdict-rules/verdict/schema"
)

// Error is one problem in an automation definition.
type Error struct {
	// Pointer is the JSON Pointer (RFC 6901) of the offending node in the
	// definition document: "/conditions/1/conditions/0/field". It is empty
	// for problems with the document as a whole, such as malformed JSON.
	Pointer string
	// Offset is the byte offset of the problem inside the string at
	// Pointer (a JSONPath, a regular expression, an expression), or -1.
	Offset int
	// Code is a stable, machine-readable kind: "json_syntax", "required",
	// "unknown_property", "unknown_condition_type", "path_syntax", ...
	Code string
	// Msg says what was found and what was expected.
	Msg string
	// Line and Column locate the node in the document text (1-based,
	// column in bytes) when the definition was parsed from text, else 0.
	Line, Column int
	// Source is the string at Pointer when Offset applies to it.
	Source string
	// Field names the context field an error concerns, for errors in the
	// expression of WithContextField.
	Field string

	// found is where locateAll found the node, its line starting at
	// found.start in the document text: while Line and Column are still
	// the ones found, the excerpt reads that line alone.
	found struct{ start, line, column int }
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.Field != "" {
		fmt.Fprintf(&b, "context field %s: ", suggest.Quote(e.Field))
	}
	switch {
	case e.Pointer != "":
		b.WriteString(e.Pointer)
		if e.Offset >= 0 {
			fmt.Fprintf(&b, " (byte %d)", e.Offset)
		}
		b.WriteString(": ")
	case e.Line > 0:
		fmt.Fprintf(&b, "%d:%d: ", e.Line, e.Column)
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Excerpt returns the lines that show where the problem is: the string at
// Pointer with a caret under Offset, or else the line of the document text
// doc with a caret under the node. It returns "" when there is nothing to
// show.
func (e *Error) Excerpt(doc []byte) string {
	if e.Offset >= 0 && e.Source != "" && !strings.Contains(e.Source, "\n") {
		shown, start := window(e.Source, e.Offset)
		prefix := ""
		if start > 0 {
			prefix = "..."
		}
		before, after := safeCut(shown, e.Offset-start)
		return "  | " + prefix + before + after + "\n  | " + strings.Repeat(" ", len(prefix)) + caretPad(before, len(before)) + "^\n"
	}
	if e.Line <= 0 || len(doc) == 0 {
		return ""
	}
	// The line, found without splitting the whole document, and read only
	// as far as the window shown around the column.
	var rest []byte
	clean := 0 // how much of rest is known to be on the line
	if f := e.found; f.line == e.Line && f.column == e.Column && f.start <= len(doc) && (f.start == 0 || doc[f.start-1] == '\n') {
		rest = doc[f.start:]
		clean = min(e.Column-1, len(rest))
	} else {
		rest = doc
		for n := 1; n < e.Line; n++ {
			i := bytes.IndexByte(rest, '\n')
			if i < 0 {
				return ""
			}
			rest = rest[i+1:]
		}
	}
	cut := false
	if limit := max(e.Column, 1) + excerptWidth + utf8.UTFMax; len(rest) > limit {
		rest, cut = rest[:limit], true
	}
	if i := bytes.IndexByte(rest[min(clean, len(rest)):], '\n'); i >= 0 {
		rest, cut = rest[:clean+i], false
	}
	if !cut {
		rest = bytes.TrimRight(rest, "\r")
	}
	col := max(0, min(e.Column-1, len(rest)))
	// Only the bytes the window may show are copied.
	skip := max(0, col-(excerptWidth-20)-utf8.UTFMax)
	line := string(rest[skip:])
	shown, start := window(line, col-skip)
	start += skip
	prefix := ""
	if start > 0 {
		prefix = "..."
	}
	num := strconv.Itoa(e.Line)
	gutter := strings.Repeat(" ", len(num))
	before, after := safeCut(shown, col-start)
	return fmt.Sprintf(" %s | %s%s%s\n %s | %s%s^\n", num, prefix, before, after, gutter, strings.Repeat(" ", len(prefix)), caretPad(before, len(before)))
}

// safeCut splits s at byte offset off (clamped to s) and escapes what a
// terminal would act on in each part, so the caret goes under the escaped
// text where it belongs.
func safeCut(s string, off int) (string, string) {
	off = max(0, min(off, len(s)))
	return term.SafeLine(s[:off]), term.SafeLine(s[off:])
}

// excerptWidth is how many bytes of a line an excerpt shows.
const excerptWidth = 100

// window cuts a long line around byte col so that a caret under it stays
// visible: it returns the part shown and where it starts in line.
func window(line string, col int) (string, int) {
	const width = excerptWidth
	start := 0
	if col > width-20 {
		start = col - (width - 20)
		for start < len(line) && !utf8.RuneStart(line[start]) {
			start++
		}
	}
	shown := line[start:]
	if len(shown) > width {
		end := width
		for end > 0 && !utf8.RuneStart(shown[end]) {
			end--
		}
		shown = shown[:end]
	}
	return shown, start
}

// caretPad returns the spaces (and tabs, to keep alignment) that put a
// caret under byte offset off of s.
func caretPad(s string, off int) string {
	if off > len(s) {
		off = len(s)
	}
	var b strings.Builder
	for i, r := range s {
		if i >= off {
			break
		}
		if r == '\t' {
			b.WriteByte('\t')
		} else {
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// Render formats the error as the CLI prints it, "name: /pointer: message"
// ("name:line:col: message" for malformed JSON, "name: message" for the
// document root), followed by the excerpt.
func (e *Error) Render(name string, doc []byte) string {
	var head string
	name, msg := term.Safe(name), term.Safe(e.Msg)
	switch {
	case e.Pointer != "":
		head = fmt.Sprintf("%s: %s: %s", name, term.Safe(e.Pointer), msg)
	case e.Code == "json_syntax" && e.Line > 0:
		head = fmt.Sprintf("%s:%d:%d: %s", name, e.Line, e.Column, msg)
	default:
		head = fmt.Sprintf("%s: %s", name, msg)
	}
	return head + "\n" + e.Excerpt(doc)
}

// ErrorList is every problem found in a definition, sorted by their place in
// the document. errors.As opens a returned error to it.
type ErrorList []*Error

// MaxErrors caps the problems one ErrorList reports; the rest are counted in
// a final entry.
const MaxErrors = 100

func (l ErrorList) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	return fmt.Sprintf("%s (and %d more errors)", l[0].Error(), len(l)-1)
}

// Err returns l as an error, or nil when it is empty.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// Sort orders the list by place in the document: line, then pointer, then
// offset.
func (l ErrorList) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.Line != b.Line && a.Line > 0 && b.Line > 0 {
			return a.Line < b.Line
		}
		if c := schema.ComparePointers(a.Pointer, b.Pointer); c != 0 {
			return c < 0
		}
		if a.Offset != b.Offset {
			return a.Offset < b.Offset
		}
		return a.Msg < b.Msg
	})
}

// finish sorts, removes repeats and caps the list.
func (l ErrorList) finish() ErrorList {
	l.Sort()
	out := l[:0]
	for i, e := range l {
		if i > 0 {
			p := l[i-1]
			if p.Pointer == e.Pointer && p.Offset == e.Offset && p.Msg == e.Msg {
				continue
			}
		}
		out = append(out, e)
	}
	if len(out) > MaxErrors {
		rest := len(out) - MaxErrors
		out = append(out[:MaxErrors], &Error{Offset: -1, Code: "too_many_errors",
			Msg: fmt.Sprintf("%d more errors were not reported", rest)})
	}
	return out
}

// Locate fills in Line and Column from the document text doc, for an
// error built outside Parse and Compile (a pointer into a test suite, say);
// a pointer to a member that is missing locates its parent. It keeps a
// Line already set.
func (e *Error) Locate(doc []byte) { e.locate(doc) }

// locate fills in Line and Column from the document text.
func (e *Error) locate(doc []byte) {
	if len(doc) == 0 || e.Line > 0 {
		return
	}
	span, ok := jsonpath.Locate(doc, e.Pointer)
	if !ok {
		// A missing member: point at its parent.
		p := e.Pointer
		for !ok && p != "" {
			p = p[:strings.LastIndexByte(p, '/')]
			span, ok = jsonpath.Locate(doc, p)
		}
		if !ok {
			return
		}
	}
	e.Line, e.Column = lineColumn(doc, e.offsetIn(doc, span), nil)
}

// offsetIn is where in doc the error points, given the span of its node.
func (e *Error) offsetIn(doc []byte, span jsonpath.Span) int {
	off := span.Start
	if span.Key >= 0 && e.Code == "unknown_property" {
		off = span.Key
	}
	if e.Offset >= 0 && doc[span.Start] == '"' && bytes.IndexByte(doc[span.Start:span.End], '\\') < 0 {
		off = span.Start + 1 + e.Offset
	}
	return off
}

// locateAll fills in the lines and columns of errors from the document
// text, reading it once whatever the number of errors.
func locateAll(doc []byte, errs []*Error) {
	if len(doc) == 0 {
		return
	}
	// Each pointer and its parents, which an error falls back to when its
	// node is missing.
	index := map[string]int{}
	var ptrs []string
	for _, e := range errs {
		if e.Line > 0 {
			continue
		}
		for p := e.Pointer; ; p = p[:strings.LastIndexByte(p, '/')] {
			if _, ok := index[p]; !ok {
				index[p] = len(ptrs)
				ptrs = append(ptrs, p)
			}
			if p == "" || !strings.Contains(p, "/") {
				break
			}
		}
	}
	spans, found := jsonpath.LocateAll(doc, ptrs)
	var lines []int
	for _, e := range errs {
		if e.Line > 0 {
			continue
		}
		for p := e.Pointer; ; p = p[:strings.LastIndexByte(p, '/')] {
			if i := index[p]; found[i] {
				if lines == nil {
					lines = lineStarts(doc)
				}
				off := e.offsetIn(doc, spans[i])
				e.Line, e.Column = lineColumn(doc, off, lines)
				e.found.start, e.found.line, e.found.column = min(off, len(doc))-(e.Column-1), e.Line, e.Column
				break
			}
			if p == "" || !strings.Contains(p, "/") {
				break
			}
		}
	}
}

// lineStarts returns the offset of the start of each line of doc.
func lineStarts(doc []byte) []int {
	starts := []int{0}
	for i, c := range doc {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// lineColumn converts a byte offset in doc to a 1-based line and byte
// column, with the line starts when they are known.
func lineColumn(doc []byte, off int, starts []int) (line, col int) {
	off = min(off, len(doc))
	if starts == nil {
		line = 1 + bytes.Count(doc[:off], []byte("\n"))
		return line, off - bytes.LastIndexByte(doc[:off], '\n')
	}
	line = sort.Search(len(starts), func(i int) bool { return starts[i] > off })
	return line, off - starts[line-1] + 1
}
