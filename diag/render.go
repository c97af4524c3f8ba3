package diag

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/verdict-rules/verdict/internal/term"
)

// Render formats the problem as the CLI prints it, "name: /pointer:
// message" ("name:line:col: message" for malformed JSON, "name: message"
// for the document as a whole), followed by the excerpt. Everything from
// the document is escaped, so it cannot act on a terminal.
func (p *Problem) Render(name string, doc []byte) string { return p.render(name, doc, nil) }

// render is Render with the starts of the lines of doc, when they are
// known.
func (p *Problem) render(name string, doc []byte, starts []int) string {
	var head string
	name, msg := term.Safe(name), term.Safe(p.Msg)
	switch {
	case p.Pointer != "":
		head = fmt.Sprintf("%s: %s: %s", name, term.Safe(p.Pointer), msg)
	case p.Code == JSONSyntax && p.Line > 0:
		head = fmt.Sprintf("%s:%d:%d: %s", name, p.Line, p.Column, msg)
	default:
		head = fmt.Sprintf("%s: %s", name, msg)
	}
	return head + "\n" + p.excerpt(doc, starts)
}

// RenderWarning is Render for a warning, "name: /pointer: warning:
// message". A warning about a string shows the string; the document is
// read to find the node only when its line is what is shown.
func (p Problem) RenderWarning(name string, doc []byte) string {
	w := p.asWarning()
	if w.Offset < 0 || strings.Contains(w.Source, "\n") || w.Pointer == "" {
		w.Locate(doc)
	}
	return w.Render(name, doc)
}

// asWarning returns the warning as RenderWarning shows it: its message
// led by "warning: ", its offset kept only for a string it shows.
func (p Problem) asWarning() *Problem {
	p.Msg = "warning: " + p.Msg
	if p.Source == "" {
		p.Offset = -1
	}
	return &p
}

// Warnings returns the warnings as a list, in their order, each with its
// message led by "warning: ": located and rendered as a list (List.Locate,
// List.Render), each reads as RenderWarning writes it, for any number of
// warnings in one reading of the document.
func Warnings(ws []Problem) List {
	out := make(List, len(ws))
	for i := range ws {
		out[i] = ws[i].asWarning()
	}
	return out
}

// Render returns what Problem.Render gives for each problem, in their
// order, finding the lines it shows in one reading of doc whatever the
// number of problems.
func (l List) Render(name string, doc []byte) []string {
	var starts []int
	out := make([]string, len(l))
	for i, p := range l {
		if starts == nil && p.Line > 0 && len(doc) > 0 {
			starts = lineStarts(doc)
		}
		out[i] = p.render(name, doc, starts)
	}
	return out
}

// Excerpt returns the lines that show where the problem is: the string at
// Pointer with a caret under Offset, or else the line of the document text
// doc with a caret under the node. It returns "" when there is nothing to
// show.
func (p *Problem) Excerpt(doc []byte) string { return p.excerpt(doc, nil) }

// excerpt is Excerpt with the starts of the lines of doc, when they are
// known. Only the part of the line an excerpt may show is read and
// copied, so the excerpts of many problems on one long line cost what
// they show.
func (p *Problem) excerpt(doc []byte, starts []int) string {
	if p.Offset >= 0 && p.Source != "" && !strings.Contains(p.Source, "\n") {
		shown, caret := Caret(p.Source, p.Offset)
		return "  | " + shown + "\n  | " + caret + "\n"
	}
	if p.Line <= 0 || len(doc) == 0 {
		return ""
	}
	var rest []byte // from the start of the line
	end := -1       // where the line ends in rest, when known
	switch {
	case starts != nil:
		if p.Line > len(starts) {
			return ""
		}
		rest = doc[starts[p.Line-1]:]
		if p.Line < len(starts) {
			end = starts[p.Line] - 1 - starts[p.Line-1]
		}
	default:
		// The line, found without splitting the whole document.
		rest = doc
		for n := 1; n < p.Line; n++ {
			i := bytes.IndexByte(rest, '\n')
			if i < 0 {
				return ""
			}
			rest = rest[i+1:]
		}
	}
	// What a window around the column may show, and a rune more.
	limit := max(p.Column, 1) + excerptWidth + utf8.UTFMax
	cut := false
	switch {
	case end >= 0 && end <= limit:
		rest = rest[:end]
	case end >= 0 || len(rest) > limit:
		rest, cut = rest[:limit], true
	}
	if i := bytes.IndexByte(rest, '\n'); end < 0 && i >= 0 {
		rest, cut = rest[:i], false
	}
	if !cut {
		rest = bytes.TrimRight(rest, "\r")
	}
	col := max(0, min(p.Column-1, len(rest)))
	// Only the bytes the window may show are copied.
	skip := max(0, col-(excerptWidth-20)-utf8.UTFMax)
	shown, caret := caretFrom(string(rest[skip:]), col-skip, skip)
	num := strconv.Itoa(p.Line)
	gutter := strings.Repeat(" ", len(num))
	return fmt.Sprintf(" %s | %s\n %s | %s\n", num, shown, gutter, caret)
}

// excerptWidth is how many bytes of a line an excerpt shows.
const excerptWidth = 100

// Caret returns a line of text as it can be shown and, beneath it, a line
// with a caret under byte off of it (clamped to the line). What a
// terminal would act on is escaped, tabs apart, which the caret line
// repeats so the caret stays under its place; a line too long to show is
// cut around off, "..." marking the cut.
func Caret(line string, off int) (shown, caret string) { return caretFrom(line, off, 0) }

// caretFrom is Caret for the part of a line that starts at its byte skip,
// off being in the part.
func caretFrom(part string, off, skip int) (shown, caret string) {
	off = max(0, min(off, len(part)))
	w, start := window(part, off)
	prefix := ""
	if start+skip > 0 {
		prefix = "..."
	}
	k := min(off-start, len(w))
	before, after := term.SafeLine(w[:k]), term.SafeLine(w[k:])
	return prefix + before + after, strings.Repeat(" ", len(prefix)) + pad(before) + "^"
}

// window cuts a long line around byte off so that a caret under it stays
// visible: it returns the part shown and where it starts in line.
func window(line string, off int) (string, int) {
	const width = excerptWidth
	start := 0
	if off > width-20 {
		start = off - (width - 20)
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

// pad returns the spaces (and tabs, to keep alignment) that put a caret
// after s.
func pad(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r == '\t' {
			b.WriteByte('\t')
		} else {
			b.WriteByte(' ')
		}
	}
	return b.String()
}
