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
func (p *Problem) Render(name string, doc []byte) string {
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
	return head + "\n" + p.Excerpt(doc)
}

// RenderWarning is Render for a warning, "name: /pointer: warning:
// message". A warning about a string shows the string; the document is
// read to find the node only when its line is what is shown.
func (p Problem) RenderWarning(name string, doc []byte) string {
	p.Msg = "warning: " + p.Msg
	if p.Source == "" {
		p.Offset = -1
	}
	if p.Offset < 0 || strings.Contains(p.Source, "\n") || p.Pointer == "" {
		p.Locate(doc)
	}
	return p.Render(name, doc)
}

// Excerpt returns the lines that show where the problem is: the string at
// Pointer with a caret under Offset, or else the line of the document text
// doc with a caret under the node. It returns "" when there is nothing to
// show.
func (p *Problem) Excerpt(doc []byte) string {
	if p.Offset >= 0 && p.Source != "" && !strings.Contains(p.Source, "\n") {
		shown, caret := Caret(p.Source, p.Offset)
		return "  | " + shown + "\n  | " + caret + "\n"
	}
	if p.Line <= 0 || len(doc) == 0 {
		return ""
	}
	// The line, found without splitting the whole document.
	rest := doc
	for n := 1; n < p.Line; n++ {
		i := bytes.IndexByte(rest, '\n')
		if i < 0 {
			return ""
		}
		rest = rest[i+1:]
	}
	if i := bytes.IndexByte(rest, '\n'); i >= 0 {
		rest = rest[:i]
	}
	line := strings.TrimRight(string(rest), "\r")
	shown, caret := Caret(line, p.Column-1)
	num := strconv.Itoa(p.Line)
	gutter := strings.Repeat(" ", len(num))
	return fmt.Sprintf(" %s | %s\n %s | %s\n", num, shown, gutter, caret)
}

// Caret returns a line of text as it can be shown and, beneath it, a line
// with a caret under byte off of it (clamped to the line). What a
// terminal would act on is escaped, tabs apart, which the caret line
// repeats so the caret stays under its place; a line too long to show is
// cut around off, "..." marking the cut.
func Caret(line string, off int) (shown, caret string) {
	off = max(0, min(off, len(line)))
	part, start := window(line, off)
	prefix := ""
	if start > 0 {
		prefix = "..."
	}
	k := min(off-start, len(part))
	before, after := term.SafeLine(part[:k]), term.SafeLine(part[k:])
	return prefix + before + after, strings.Repeat(" ", len(prefix)) + pad(before) + "^"
}

// window cuts a long line around byte off so that a caret under it stays
// visible: it returns the part shown and where it starts in line.
func window(line string, off int) (string, int) {
	const width = 100
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
