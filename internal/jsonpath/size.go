package jsonpath

import "unsafe"

// Size returns about how many bytes the parsed path holds: its steps, the
// parts of its unions, its filters and its text.
func (p *Path) Size() int {
	n := 2 * len(p.src)
	for i := range p.segs {
		n += segmentSize(&p.segs[i])
	}
	return n
}

func segmentSize(s *segment) int {
	const filterBytes = 32 // a filter's expression nodes, per byte of its text, about
	n := int(unsafe.Sizeof(*s)) + len(s.name) + len(s.tok)
	for i := range s.parts {
		n += segmentSize(&s.parts[i])
	}
	if s.expr != nil {
		n += filterBytes * len(s.raw)
	}
	return n
}
