package document

import "strings"

// Span returns where v lies in the input (Key -1). It costs a step per
// child of the containers that end where v ends, and nothing for scalars.
// The zero Value has the span {0, 0, -1}.
func (v Value) Span() Span {
	if v.d == nil {
		return Span{Key: -1}
	}
	return Span{Start: offOf(v.word()), End: v.d.end(int(v.i)), Key: -1}
}

// end returns the offset after the value at tape position q.
func (d *Doc) end(q int) int {
	// Down the last children to a scalar or an empty container, then up
	// again past each container's closing bracket.
	closing := 0
	for {
		w := d.tape[q]
		switch tagOf(w) {
		case tagString:
			return d.close(offOf(w)+nOf(w)+2, closing)
		case tagEscaped:
			return d.close(trustedString(d.src, offOf(w)), closing)
		case tagArray, tagObject, tagArrayShort, tagObjectShort:
			closing++
			size := nOf(w)
			if size == 1 {
				return d.close(offOf(w)+1, closing)
			}
			end := q + size // after the last child, or after the trailer
			if tagOf(w) == tagArray || tagOf(w) == tagObject {
				end--
			}
			object := isObject(tagOf(w))
			c := q + 1
			for {
				next := c
				if object {
					next++
				}
				if next += width(d.tape, next); next >= end {
					break
				}
				c = next
			}
			if object {
				c++
			}
			q = c
		default:
			return d.close(offOf(w)+nOf(w), closing)
		}
	}
}

// close returns the offset after n closing brackets that follow offset i,
// with spaces before each.
func (d *Doc) close(i, n int) int {
	for ; n > 0; n-- {
		i = space(d.src, i) + 1
	}
	return i
}

// At returns the value the JSON Pointer (RFC 6901) p refers to within v.
// A pointer into a Skipped value finds nothing: see Doc.Covers.
func (v Value) At(p string) (Value, bool) {
	v, _, ok := v.at(p)
	return v, ok
}

// at is At that also returns the tape position of the member name of the
// last step, or -1.
func (v Value) at(p string) (Value, int, bool) {
	if p == "" {
		return v, -1, v.d != nil
	}
	if p[0] != '/' {
		return Value{}, -1, false
	}
	key := -1
	for p != "" {
		p = p[1:]
		t := p
		if i := strings.IndexByte(p, '/'); i >= 0 {
			t, p = p[:i], p[i:]
		} else {
			p = ""
		}
		if strings.IndexByte(t, '~') >= 0 {
			var ok bool
			if t, ok = unescapeToken(t); !ok {
				return Value{}, -1, false
			}
		}
		switch v.Kind() {
		case Object:
			m, ok := v.Member(t)
			if !ok {
				return Value{}, -1, false
			}
			v, key = m, int(m.i)-1
		case Array:
			i, ok := indexName(t)
			if !ok || i >= v.Len() {
				return Value{}, -1, false
			}
			v, key = v.Index(i), -1
		default:
			return Value{}, -1, false
		}
	}
	return v, key, true
}

func unescapeToken(t string) (string, bool) {
	for j := 0; j < len(t); j++ {
		if t[j] == '~' && (j+1 >= len(t) || (t[j+1] != '0' && t[j+1] != '1')) {
			return "", false
		}
	}
	t = strings.ReplaceAll(t, "~1", "/")
	return strings.ReplaceAll(t, "~0", "~"), true
}

// Locate finds the value the JSON Pointer p refers to and returns where it
// lies in the input; Key is where its member name starts when the last
// step of p is a member name. A repeated member name resolves to its last
// occurrence, the one the document keeps.
func (d *Doc) Locate(p string) (Span, bool) {
	v, key, ok := d.Root().at(p)
	if !ok {
		return Span{}, false
	}
	sp := v.Span()
	if key >= 0 {
		sp.Key = offOf(d.tape[key])
	}
	return sp, true
}
