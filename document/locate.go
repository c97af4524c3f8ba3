package document

import (
	"strings"
	"unsafe"
)

// Span locates a value in the text of a JSON document.
type Span struct {
	Start, End int // the value's bytes are doc[Start:End]
	// Key is the offset of the member name's opening quote when the value
	// was found as an object member (by Locate or Doc.Locate), else -1.
	Key int
}

// Locate finds the value that the JSON Pointer p refers to in the JSON text
// doc, without decoding the whole document. A repeated member name resolves
// to its last occurrence, the one a decoder keeps. doc must be valid JSON.
func Locate(doc []byte, p string) (Span, bool) {
	tokens, err := SplitPointer(p)
	if err != nil {
		return Span{}, false
	}
	s := string(doc)
	sc := scanner{s: s}
	if strings.HasPrefix(s, "\xef\xbb\xbf") {
		sc.i = 3
	}
	sc.space()
	span := Span{Start: sc.i, Key: -1}
	for _, t := range tokens {
		sc.i = span.Start
		switch {
		case sc.i < len(s) && s[sc.i] == '{':
			found := false
			sc.i++
			for {
				sc.space()
				if sc.i >= len(s) || s[sc.i] == '}' {
					break
				}
				keyAt := sc.i
				key, ok := sc.str()
				if !ok {
					return Span{}, false
				}
				sc.space()
				sc.i++ // :
				sc.space()
				start := sc.i
				if !sc.skip() {
					return Span{}, false
				}
				if key == t {
					span, found = Span{Start: start, End: sc.i, Key: keyAt}, true
				}
				sc.space()
				if sc.i < len(s) && s[sc.i] == ',' {
					sc.i++
				}
			}
			if !found {
				return Span{}, false
			}
		case sc.i < len(s) && s[sc.i] == '[':
			want, ok := arrayIndex(t)
			if !ok {
				return Span{}, false
			}
			sc.i++
			found := false
			for n := 0; ; n++ {
				sc.space()
				if sc.i >= len(s) || s[sc.i] == ']' {
					break
				}
				start := sc.i
				if !sc.skip() {
					return Span{}, false
				}
				if n == want {
					span, found = Span{Start: start, End: sc.i, Key: -1}, true
					break
				}
				sc.space()
				if sc.i < len(s) && s[sc.i] == ',' {
					sc.i++
				}
			}
			if !found {
				return Span{}, false
			}
		default:
			return Span{}, false
		}
	}
	if len(tokens) == 0 {
		if !sc.skip() {
			return Span{}, false
		}
		span.End = sc.i
	}
	return span, true
}

// LocateAll is Locate for many pointers at once: it reads doc once, going
// into the values the pointers lead through and skipping the others, so
// its cost is that of one reading of the document however many pointers
// there are. found[i] reports whether pointers[i] was found, spans[i]
// where. doc must be valid JSON and must not change during the call.
func LocateAll(doc []byte, pointers []string) (spans []Span, found []bool) {
	spans, found = make([]Span, len(pointers)), make([]bool, len(pointers))
	if len(doc) == 0 || len(pointers) == 0 {
		return spans, found
	}
	root := &locNode{}
	nodes := make([]*locNode, len(pointers))
	for i, p := range pointers {
		tokens, err := SplitPointer(p)
		if err != nil {
			continue
		}
		n := root
		for _, t := range tokens {
			n = n.child(t)
		}
		nodes[i] = n
	}
	l := locator{sc: scanner{s: unsafe.String(&doc[0], len(doc))}}
	if strings.HasPrefix(l.sc.s, "\xef\xbb\xbf") {
		l.sc.i = 3
	}
	l.sc.space()
	root.span.Key = -1
	l.visit(root, 0)
	for i, n := range nodes {
		if n != nil && n.valid() {
			spans[i], found[i] = n.span, true
		}
	}
	return spans, found
}

// locNode is a reference token of the pointers LocateAll looks for.
type locNode struct {
	parent  *locNode
	members map[string]*locNode // by member name
	indexes map[int]*locNode    // by array index, for the tokens that are one
	span    Span
	// seen counts the node's visits; at is the seen of its parent's visit
	// during which it was last visited. With repeated member names, the
	// last one counts, and so do only the nodes found inside it.
	seen, at int
}

func (n *locNode) child(t string) *locNode {
	if c, ok := n.members[t]; ok {
		return c
	}
	c := &locNode{parent: n}
	if n.members == nil {
		n.members = map[string]*locNode{}
	}
	n.members[t] = c
	if i, ok := arrayIndex(t); ok {
		if n.indexes == nil {
			n.indexes = map[int]*locNode{}
		}
		n.indexes[i] = c
	}
	return c
}

// valid reports whether the node was found inside the last visit of each
// of its ancestors.
func (n *locNode) valid() bool {
	for ; n.parent != nil; n = n.parent {
		if n.seen == 0 || n.at != n.parent.seen {
			return false
		}
	}
	return true
}

type locator struct {
	sc scanner
}

// visit reads the value at the scanner as the node's, going into the
// members and elements that lead to other nodes; at is the parent's
// visit.
func (l *locator) visit(n *locNode, at int) bool {
	sc := &l.sc
	start := sc.i
	n.seen++
	n.at = at
	if len(n.members) == 0 || sc.i >= len(sc.s) || (sc.s[sc.i] != '{' && sc.s[sc.i] != '[') {
		if !sc.skip() {
			return false
		}
		n.span = Span{Start: start, End: sc.i, Key: n.span.Key}
		return true
	}
	s := sc.s
	if s[sc.i] == '{' {
		sc.i++
		for {
			sc.space()
			if sc.i >= len(s) {
				return false
			}
			if s[sc.i] == '}' {
				sc.i++
				break
			}
			keyAt := sc.i
			key, ok := sc.str()
			if !ok {
				return false
			}
			sc.space()
			sc.i++ // :
			sc.space()
			if c, ok := n.members[key]; ok {
				c.span.Key = keyAt
				if !l.visit(c, n.seen) {
					return false
				}
			} else if !sc.skip() {
				return false
			}
			sc.space()
			if sc.i < len(s) && s[sc.i] == ',' {
				sc.i++
			}
		}
	} else {
		sc.i++
		for k := 0; ; k++ {
			sc.space()
			if sc.i >= len(s) {
				return false
			}
			if s[sc.i] == ']' {
				sc.i++
				break
			}
			if c, ok := n.indexes[k]; ok {
				c.span.Key = -1
				if !l.visit(c, n.seen) {
					return false
				}
			} else if !sc.skip() {
				return false
			}
			sc.space()
			if sc.i < len(s) && s[sc.i] == ',' {
				sc.i++
			}
		}
	}
	n.span = Span{Start: start, End: sc.i, Key: n.span.Key}
	return true
}

// scanner skips over JSON values in text already known to be valid.
type scanner struct {
	s string
	i int
}

func (sc *scanner) space() {
	for sc.i < len(sc.s) {
		switch sc.s[sc.i] {
		case ' ', '\t', '\n', '\r':
			sc.i++
		default:
			return
		}
	}
}

// str reads a string literal and returns its decoded content.
func (sc *scanner) str() (string, bool) {
	if sc.i >= len(sc.s) || sc.s[sc.i] != '"' {
		return "", false
	}
	start := sc.i
	if !sc.skip() {
		return "", false
	}
	raw := sc.s[start+1 : sc.i-1]
	if !strings.Contains(raw, `\`) {
		return raw, true
	}
	j := start + 1 + strings.IndexByte(raw, '\\')
	out, _, err := unescape(nil, sc.s, start+1, j, false, true)
	if err != nil {
		return "", false
	}
	return string(out), true
}

// skip moves past one value.
func (sc *scanner) skip() bool {
	if sc.i >= len(sc.s) {
		return false
	}
	switch c := sc.s[sc.i]; c {
	case '"':
		for j := sc.i + 1; j < len(sc.s); j++ {
			switch sc.s[j] {
			case '\\':
				j++
			case '"':
				sc.i = j + 1
				return true
			}
		}
		return false
	case '{', '[':
		depth := 0
		for j := sc.i; j < len(sc.s); j++ {
			switch sc.s[j] {
			case '"':
				sc.i = j
				if !sc.skip() {
					return false
				}
				j = sc.i - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					sc.i = j + 1
					return true
				}
			}
		}
		return false
	default:
		j := sc.i
	scalar:
		for ; j < len(sc.s); j++ {
			switch sc.s[j] {
			case ',', '}', ']', ' ', '\t', '\n', '\r':
				break scalar
			}
		}
		ok := j > sc.i
		sc.i = j
		return ok
	}
}
