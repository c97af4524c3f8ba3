package changeset

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"
	"unicode/utf8"

	"github.com/verdict-rules/verdict/document"
	"github.com/verdict-rules/verdict/internal/suggest"
)

// Error reports a change that cannot be applied, at its field. The values
// its message shows, and the field, are cut to their first 100 characters,
// with their length.
type Error struct {
	Field string // the change's JSON Pointer
	Msg   string
}

// Error writes "apply", the field (cut to 100 characters) and the message.
func (e *Error) Error() string { return fmt.Sprintf("apply %s: %s", suggest.Cut(e.Field), e.Msg) }

// Apply returns the case document after the changes of a changeset. It never
// changes doc: the result is a new slice in which only the changed values
// differ, so formatting, member order and every other byte are kept.
//
// Each change is checked against the document first: the value at its field
// must still equal its old_value (null meaning the member is absent), so a
// changeset computed on an older version of the case is refused rather than
// applied over newer data. Changes apply in order: a change to a field that
// an earlier change set, or to a value inside it, sees that change.
//
// Apply decodes the document once, checks and records the changes against
// it, then writes the result in one pass over the document: its cost is
// linear in the size of the document and of the changeset.
func Apply(doc []byte, changeset []Entry) ([]byte, error) {
	root, err := document.Decode(doc)
	if err != nil {
		return nil, fmt.Errorf("apply: the case is not valid JSON: %w", err)
	}
	if root.Kind() != document.Object {
		return nil, fmt.Errorf("apply: the case is not a JSON object")
	}
	a := applier{root: root, top: &edit{}}
	last := ""
	for _, entry := range changeset {
		for _, c := range entry.Changes {
			if err := a.change(c); err != nil {
				return nil, err
			}
			last = c.Field
		}
	}
	if len(a.top.kids) == 0 {
		return bytes.Clone(doc), nil
	}
	out := a.emit(make([]byte, 0, len(doc)+len(doc)/8), doc, a.top)
	if len(out) > document.DefaultMaxBytes {
		return nil, &Error{Field: last, Msg: "the change made the case invalid"}
	}
	return out, nil
}

// edit is what the changes did at one place in the document: set it to a
// value, change values inside it, add members to it.
type edit struct {
	value document.Value // the value a change set here, or the zero Value: the document's, changed inside
	enc   []byte         // value as JSON
	kids  map[string]*edit
	added []string // the names of the members changes added, in order (their edits are in kids)
	isNew bool     // a member a change added
}

type applier struct {
	root document.Value
	top  *edit
	// names index the members of objects too large for the document's own
	// index, as changes look them up.
	names map[document.Value]map[string]int
}

func (a *applier) change(c Change) error {
	if _, err := document.SplitPointer(c.Field); err != nil || c.Field == "" || !utf8.ValidString(c.Field) {
		return &Error{Field: c.Field, Msg: "a change must name a value inside the case with a JSON pointer such as /status"}
	}
	tokens, _ := document.SplitPointer(c.Field)
	newValue, err := document.Decode(c.NewValue)
	if err != nil {
		return &Error{Field: c.Field, Msg: "new_value is not valid JSON"}
	}
	oldValue, err := document.Decode(c.OldValue)
	if err != nil {
		return &Error{Field: c.Field, Msg: "old_value is not valid JSON"}
	}
	cur, at, exists := a.at(tokens)
	switch {
	case exists && !a.equal(at, cur, oldValue):
		return &Error{Field: c.Field, Msg: fmt.Sprintf("the case holds %s there, not the old value %s", suggest.Cut(a.current(at, cur)), suggest.Cut(oldValue.String()))}
	case !exists && oldValue.Kind() != document.Null:
		return &Error{Field: c.Field, Msg: fmt.Sprintf("the case has no value there, not the old value %s", suggest.Cut(oldValue.String()))}
	}
	// The decoder refuses documents nested deeper than its limit.
	if len(tokens)+nesting(newValue) > document.DefaultMaxDepth {
		return &Error{Field: c.Field, Msg: "the change made the case invalid"}
	}
	enc := newValue.AppendJSON(nil)
	if exists {
		e := a.edit(tokens)
		e.value, e.enc, e.kids, e.added = newValue, enc, nil, nil
		return nil
	}
	parent, _, ok := a.at(tokens[:len(tokens)-1])
	if !ok || parent.Kind() != document.Object {
		return &Error{Field: c.Field, Msg: "its parent is not an object of the case"}
	}
	p := a.edit(tokens[:len(tokens)-1])
	name := tokens[len(tokens)-1]
	if p.kids == nil {
		p.kids = map[string]*edit{}
	}
	p.kids[name] = &edit{value: newValue, enc: enc, isNew: true}
	p.added = append(p.added, name)
	return nil
}

// at returns the value at tokens as the changes so far left it (its base:
// the value set there, or the document's, to be read with the edits below
// it), and the edit there, if any.
func (a *applier) at(tokens []string) (document.Value, *edit, bool) {
	cur, e := a.root, a.top
	for _, t := range tokens {
		var kid *edit
		if e != nil {
			kid = e.kids[t]
		}
		if kid != nil && kid.value.Exists() {
			cur = kid.value
		} else {
			next, ok := a.lookup(cur, t)
			if !ok {
				return document.Value{}, nil, false
			}
			cur = next
		}
		e = kid
	}
	return cur, e, true
}

// edit returns the edit at tokens, making the ones on the way.
func (a *applier) edit(tokens []string) *edit {
	e := a.top
	for _, t := range tokens {
		kid := e.kids[t]
		if kid == nil {
			kid = &edit{}
			if e.kids == nil {
				e.kids = map[string]*edit{}
			}
			e.kids[t] = kid
		}
		e = kid
	}
	return e
}

// lookup reads a member of an object or an element of an array, as a JSON
// Pointer's reference token names it.
func (a *applier) lookup(v document.Value, t string) (document.Value, bool) {
	switch v.Kind() {
	case document.Object:
		if v.Len() <= 32767 {
			return v.Member(t)
		}
		// Past the size the document indexes, keep an index of its own.
		idx, ok := a.names[v]
		if !ok {
			idx = make(map[string]int, v.Len())
			for i := 0; i < v.Len(); i++ {
				idx[v.Key(i)] = i
			}
			if a.names == nil {
				a.names = map[document.Value]map[string]int{}
			}
			a.names[v] = idx
		}
		if i, ok := idx[t]; ok {
			return v.Index(i), true
		}
	case document.Array:
		return v.Child(t)
	}
	return document.Value{}, false
}

// equal reports whether the value with base base and edit e equals x, as
// document.Equal does, reading the edits without building the value.
func (a *applier) equal(e *edit, base, x document.Value) bool {
	if e != nil && e.value.Exists() {
		base = e.value
	}
	if e == nil || len(e.kids) == 0 {
		return document.Equal(base, x)
	}
	switch base.Kind() {
	case document.Object:
		if x.Kind() != document.Object || base.Len()+len(e.added) != x.Len() {
			return false
		}
		for i := 0; i < x.Len(); i++ {
			name := x.Key(i)
			kid := e.kids[name]
			var m document.Value
			if kid == nil || !kid.value.Exists() {
				var ok bool
				if m, ok = a.lookup(base, name); !ok {
					return false
				}
			}
			if !a.equal(kid, m, x.Index(i)) {
				return false
			}
		}
		return true
	case document.Array:
		if x.Kind() != document.Array || base.Len() != x.Len() {
			return false
		}
		for i := 0; i < x.Len(); i++ {
			if !a.equal(e.kids[strconv.Itoa(i)], base.Index(i), x.Index(i)) {
				return false
			}
		}
		return true
	}
	return false
}

// current writes the value with base base and edit e as JSON, for errors.
func (a *applier) current(e *edit, base document.Value) string {
	if e == nil || (len(e.kids) == 0 && !e.value.Exists()) {
		return base.String()
	}
	text := base.AppendJSON(nil)
	v, err := document.Decode(a.emit(nil, text, e))
	if err != nil {
		return base.String()
	}
	return v.String()
}

// nesting is how many levels of arrays and objects v holds.
func nesting(v document.Value) int {
	if k := v.Kind(); k != document.Array && k != document.Object {
		return 0
	}
	deepest := 0
	for i := 0; i < v.Len(); i++ {
		deepest = max(deepest, nesting(v.Index(i)))
	}
	return 1 + deepest
}

// splice is a part of a text that emit writes differently: a value set by
// a change, or the members changes added to an object, at their place.
type splice struct {
	start, end int
	e          *edit // the value set, or the object added to
	add        bool  // the members added to e go in at start (= end)
	comma      bool  // the object already has members: the first added one takes a comma
}

// emit appends the text of the value with base text text and edit e:
// the text as it is, except where the edits are. It reads text once.
func (a *applier) emit(dst, text []byte, e *edit) []byte {
	if e.value.Exists() {
		text = e.enc
	}
	if len(e.kids) == 0 {
		return append(dst, text...)
	}
	var ptrs []string
	var targets []*edit
	var collect func(e *edit, prefix string)
	collect = func(e *edit, prefix string) {
		if len(e.added) > 0 {
			ptrs, targets = append(ptrs, prefix), append(targets, e)
		}
		for name, kid := range e.kids {
			if kid.isNew {
				continue // written with the other members added to e
			}
			p := document.JoinPointer(prefix, name)
			if kid.value.Exists() {
				ptrs, targets = append(ptrs, p), append(targets, kid)
				continue
			}
			collect(kid, p)
		}
	}
	collect(e, "")
	spans, _ := document.LocateAll(text, ptrs)
	splices := make([]splice, len(targets))
	for i, t := range targets {
		sp := spans[i]
		if t.value.Exists() && t != e {
			splices[i] = splice{start: sp.Start, end: sp.End, e: t}
			continue
		}
		// New members go after the last member, before the space and the
		// closing brace; in an empty object, just before the brace.
		at := sp.End - 1
		for at > sp.Start && isSpace(text[at-1]) {
			at--
		}
		comma := text[at-1] != '{'
		if !comma {
			at = sp.End - 1
		}
		splices[i] = splice{start: at, end: at, e: t, add: true, comma: comma}
	}
	sort.Slice(splices, func(i, j int) bool { return splices[i].start < splices[j].start })
	pos := 0
	for _, s := range splices {
		dst = append(dst, text[pos:s.start]...)
		if !s.add {
			dst = a.emit(dst, nil, s.e)
			pos = s.end
			continue
		}
		for i, name := range s.e.added {
			if i > 0 || s.comma {
				dst = append(dst, ',')
			}
			dst = document.AppendQuoted(dst, name)
			dst = append(dst, ':')
			dst = a.emit(dst, nil, s.e.kids[name])
		}
		pos = s.start
	}
	return append(dst, text[pos:]...)
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
