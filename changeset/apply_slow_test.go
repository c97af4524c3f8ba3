package changeset

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/verdict-rules/verdict/document"
	"github.com/verdict-rules/verdict/internal/suggest"
)

// slowApply is Apply as it was first written: each change is spliced into
// the text, which is then decoded again. It is simple and quadratic; the
// test below checks that Apply does exactly what it does.
func slowApply(doc []byte, changeset []Entry) ([]byte, error) {
	out := bytes.Clone(doc)
	root, err := document.Decode(out)
	if err != nil {
		return nil, fmt.Errorf("apply: the case is not valid JSON: %w", err)
	}
	if root.Kind() != document.Object {
		return nil, fmt.Errorf("apply: the case is not a JSON object")
	}
	for _, entry := range changeset {
		for _, c := range entry.Changes {
			if _, err := document.SplitPointer(c.Field); err != nil || c.Field == "" || !utf8.ValidString(c.Field) {
				return nil, &Error{Field: c.Field, Msg: "a change must name a value inside the case with a JSON pointer such as /status"}
			}
			newValue, err := document.Decode(c.NewValue)
			if err != nil {
				return nil, &Error{Field: c.Field, Msg: "new_value is not valid JSON"}
			}
			oldValue, err := document.Decode(c.OldValue)
			if err != nil {
				return nil, &Error{Field: c.Field, Msg: "old_value is not valid JSON"}
			}
			cur, exists := root.At(c.Field)
			switch {
			case exists && !document.Equal(cur, oldValue):
				return nil, &Error{Field: c.Field, Msg: fmt.Sprintf("the case holds %s there, not the old value %s", suggest.Cut(cur.String()), suggest.Cut(oldValue.String()))}
			case !exists && oldValue.Kind() != document.Null:
				return nil, &Error{Field: c.Field, Msg: fmt.Sprintf("the case has no value there, not the old value %s", suggest.Cut(oldValue.String()))}
			}
			enc := newValue.AppendJSON(nil)
			if exists {
				span, ok := document.Locate(out, c.Field)
				if !ok {
					return nil, &Error{Field: c.Field, Msg: "cannot locate the value"}
				}
				out = slowSplice(out, span.Start, span.End, enc)
			} else {
				if out, err = slowAddMember(out, root, c.Field, enc); err != nil {
					return nil, err
				}
			}
			if root, err = document.Decode(out); err != nil {
				return nil, &Error{Field: c.Field, Msg: "the change made the case invalid"}
			}
		}
	}
	return out, nil
}

func slowSplice(doc []byte, start, end int, repl []byte) []byte {
	out := make([]byte, 0, len(doc)-(end-start)+len(repl))
	out = append(out, doc[:start]...)
	out = append(out, repl...)
	return append(out, doc[end:]...)
}

// addMember adds a new last member to the object that holds field.
func slowAddMember(doc []byte, root document.Value, field string, enc []byte) ([]byte, error) {
	i := strings.LastIndexByte(field, '/')
	if i < 0 {
		return nil, &Error{Field: field, Msg: "not a JSON pointer"}
	}
	parentPtr, last := field[:i], field[i+1:]
	parent, ok := root.At(parentPtr)
	if !ok || parent.Kind() != document.Object {
		return nil, &Error{Field: field, Msg: "its parent is not an object of the case"}
	}
	tokens, err := document.SplitPointer("/" + last)
	if err != nil || len(tokens) != 1 {
		return nil, &Error{Field: field, Msg: "not a JSON pointer"}
	}
	span, ok := document.Locate(doc, parentPtr)
	if !ok {
		return nil, &Error{Field: field, Msg: "cannot locate its parent"}
	}
	member := document.AppendQuoted(nil, tokens[0])
	member = append(member, ':')
	member = append(member, enc...)
	closing := span.End - 1 // the parent's '}'
	if parent.Len() > 0 {
		member = append([]byte{','}, member...)
		// After the last member's value, before any space and the '}'.
		at := closing
		for at > span.Start && isSpace(doc[at-1]) {
			at--
		}
		return slowSplice(doc, at, at, member), nil
	}
	return slowSplice(doc, closing, closing, member), nil
}

// randomJSON writes a random value with some spacing, members named like
// the pointers the changes use (and sometimes repeated).
func randomJSON(r *rand.Rand, depth int) string {
	sp := func() string { return []string{"", "", " ", "\n  "}[r.IntN(4)] }
	switch k := r.IntN(8); {
	case depth > 3 || k < 3:
		return []string{`1`, `"x"`, `null`, `true`, `2.50`, `"é\n"`, `-0`, `{}`, `[]`, `{ }`}[r.IntN(10)]
	case k < 6:
		n := r.IntN(4)
		var parts []string
		for i := 0; i < n; i++ {
			parts = append(parts, sp()+fmt.Sprintf("%q", []string{"a", "b", "c", "0", "1", "a~b", "c/d"}[r.IntN(7)])+sp()+":"+sp()+randomJSON(r, depth+1))
		}
		return "{" + strings.Join(parts, ",") + sp() + "}"
	default:
		n := r.IntN(4)
		var parts []string
		for i := 0; i < n; i++ {
			parts = append(parts, sp()+randomJSON(r, depth+1)+sp())
		}
		return "[" + strings.Join(parts, ",") + "]"
	}
}

// pointers lists the pointer of every value in v.
func pointers(v document.Value, base string, out *[]string) {
	*out = append(*out, base)
	for i := 0; i < v.Len(); i++ {
		p := document.IndexPointer(base, i)
		if v.Kind() == document.Object {
			p = document.JoinPointer(base, v.Key(i))
		}
		pointers(v.Index(i), p, out)
	}
}

// TestApplyAgreesWithSlowApply applies random changesets, whose changes
// often touch what earlier ones set, add or replace: Apply gives the bytes
// and the errors slowApply gives.
func TestApplyAgreesWithSlowApply(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for trial := 0; trial < 30_000; trial++ {
		var doc []byte
		if v := randomJSON(r, 1); strings.HasPrefix(v, "{") && r.IntN(2) == 0 {
			doc = []byte(" " + v + "\n")
		} else {
			doc = []byte(`{"a": ` + v + `, "b": {"c": [1, {"a": 2}]}, "a": ` + randomJSON(r, 1) + `}`)
		}
		cur := doc
		var changes []Change
		for i, n := 0, 1+r.IntN(5); i < n; i++ {
			root, err := document.Decode(cur)
			if err != nil {
				t.Fatalf("%s: %v", cur, err)
			}
			var ptrs []string
			pointers(root, "", &ptrs)
			field := ptrs[r.IntN(len(ptrs))]
			switch r.IntN(6) {
			case 0:
				field += "/" + []string{"a", "new", "0", "5", "01", "c~1d"}[r.IntN(6)]
			case 1:
				field = []string{"", "/", "a", "/a/b/c/d", "/~2"}[r.IntN(5)]
			}
			old := json.RawMessage("null")
			if v, ok := root.At(field); ok && utf8.ValidString(field) {
				old = v.AppendJSON(nil)
			}
			if r.IntN(10) == 0 {
				old = json.RawMessage(randomJSON(r, 2))
			}
			c := Change{Field: field, OldValue: old, NewValue: json.RawMessage(randomJSON(r, 1))}
			if r.IntN(40) == 0 {
				c.NewValue = json.RawMessage(`{"x": `)
			}
			changes = append(changes, c)
			if next, err := slowApply(cur, []Entry{{Changes: []Change{c}}}); err == nil {
				cur = next
			}
		}
		cs := []Entry{{ID: "x", Type: "t", Changes: changes}}
		want, wantErr := slowApply(doc, cs)
		got, gotErr := Apply(doc, cs)
		if fmt.Sprint(wantErr) != fmt.Sprint(gotErr) || !bytes.Equal(want, got) {
			js, _ := json.Marshal(changes)
			t.Fatalf("doc %s\nchanges %s\nApply: %s %v\nslow:  %s %v", doc, js, got, gotErr, want, wantErr)
		}
	}
}
