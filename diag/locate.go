package diag

import (
	"bytes"
	"sort"
	"strings"

	"github.com/verdict-rules/verdict/document"
)

// Locate fills in Line and Column from the document text doc, which
// Pointer points into; a pointer to a member that is missing locates its
// parent. A Line already set is kept.
func (p *Problem) Locate(doc []byte) {
	if len(doc) == 0 || p.Line > 0 {
		return
	}
	span, ok := document.Locate(doc, p.Pointer)
	if !ok {
		// A missing member: point at its parent.
		ptr := p.Pointer
		for !ok && ptr != "" {
			ptr = ptr[:strings.LastIndexByte(ptr, '/')]
			span, ok = document.Locate(doc, ptr)
		}
		if !ok {
			return
		}
	}
	p.Line, p.Column = lineColumn(doc, p.offsetIn(doc, span), nil)
}

// offsetIn is where in doc the problem points, given the span of its node:
// the name of an unknown property, the byte Offset names inside a string
// written without escapes, else the node.
func (p *Problem) offsetIn(doc []byte, span document.Span) int {
	off := span.Start
	if span.Key >= 0 && p.Code == UnknownProperty {
		off = span.Key
	}
	if p.Offset >= 0 && doc[span.Start] == '"' && bytes.IndexByte(doc[span.Start:span.End], '\\') < 0 {
		off = span.Start + 1 + p.Offset
	}
	return off
}

// Locate fills in the lines and columns of the problems from the document
// text, reading it once whatever their number.
func (l List) Locate(doc []byte) {
	if len(doc) == 0 {
		return
	}
	// Each pointer and its parents, which a problem falls back to when
	// its node is missing.
	index := map[string]int{}
	var ptrs []string
	for _, p := range l {
		if p.Line > 0 {
			continue
		}
		for ptr := p.Pointer; ; ptr = ptr[:strings.LastIndexByte(ptr, '/')] {
			if _, ok := index[ptr]; !ok {
				index[ptr] = len(ptrs)
				ptrs = append(ptrs, ptr)
			}
			if ptr == "" || !strings.Contains(ptr, "/") {
				break
			}
		}
	}
	spans, found := document.LocateAll(doc, ptrs)
	var lines []int
	for _, p := range l {
		if p.Line > 0 {
			continue
		}
		for ptr := p.Pointer; ; ptr = ptr[:strings.LastIndexByte(ptr, '/')] {
			if i := index[ptr]; found[i] {
				if lines == nil {
					lines = lineStarts(doc)
				}
				p.Line, p.Column = lineColumn(doc, p.offsetIn(doc, spans[i]), lines)
				break
			}
			if ptr == "" || !strings.Contains(ptr, "/") {
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
