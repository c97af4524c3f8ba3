package rules

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/verdict-rules/verdict/conditions/jsonpath"
)

// ApplyError reports a change that cannot be applied.
type ApplyError struct {
	Field string // the change's JSON Pointer
	Msg   string
}

func (e *ApplyError) Error() string { return fmt.Sprintf("apply %s: %s", e.Field, e.Msg) }

// Apply returns the case document after the changes of a changeset. It never
// changes doc: the result is a new slice in which only the changed values
// differ, so formatting, member order and every other byte are kept.
//
// Each change is checked against the document first: the value at its field
// must still equal its old_value (null meaning the member is absent), so a
// changeset computed on an older version of the case is refused rather than
// applied over newer data.
func Apply(doc []byte, changeset []ChangesetEntry) ([]byte, error) {
	out := bytes.Clone(doc)
	root, err := jsonpath.Decode(out)
	if err != nil {
		return nil, fmt.Errorf("apply: the case is not valid JSON: %w", err)
	}
	if root.Kind() != jsonpath.Object {
		return nil, fmt.Errorf("apply: the case is not a JSON object")
	}
	for _, entry := range changeset {
		for _, c := range entry.Changes {
			if _, err := jsonpath.SplitPointer(c.Field); err != nil || c.Field == "" || !utf8.ValidString(c.Field) {
				return nil, &ApplyError{Field: c.Field, Msg: "a change must name a value inside the case with a JSON pointer such as /status"}
			}
			newValue, err := jsonpath.Decode(c.NewValue)
			if err != nil {
				return nil, &ApplyError{Field: c.Field, Msg: "new_value is not valid JSON"}
			}
			oldValue, err := jsonpath.Decode(c.OldValue)
			if err != nil {
				return nil, &ApplyError{Field: c.Field, Msg: "old_value is not valid JSON"}
			}
			cur, exists := root.At(c.Field)
			switch {
			case exists && !jsonpath.Equal(cur, oldValue):
				return nil, &ApplyError{Field: c.Field, Msg: fmt.Sprintf("the case holds %s there, not the old value %s", cur.String(), oldValue.String())}
			case !exists && oldValue.Kind() != jsonpath.Null:
				return nil, &ApplyError{Field: c.Field, Msg: fmt.Sprintf("the case has no value there, not the old value %s", oldValue.String())}
			}
			enc := newValue.AppendJSON(nil)
			if exists {
				span, ok := jsonpath.Locate(out, c.Field)
				if !ok {
					return nil, &ApplyError{Field: c.Field, Msg: "cannot locate the value"}
				}
				out = splice(out, span.Start, span.End, enc)
			} else {
				if out, err = addMember(out, root, c.Field, enc); err != nil {
					return nil, err
				}
			}
			if root, err = jsonpath.Decode(out); err != nil {
				return nil, &ApplyError{Field: c.Field, Msg: "the change made the case invalid"}
			}
		}
	}
	return out, nil
}

func splice(doc []byte, start, end int, repl []byte) []byte {
	out := make([]byte, 0, len(doc)-(end-start)+len(repl))
	out = append(out, doc[:start]...)
	out = append(out, repl...)
	return append(out, doc[end:]...)
}

// addMember adds a new last member to the object that holds field.
func addMember(doc []byte, root *jsonpath.Value, field string, enc []byte) ([]byte, error) {
	i := strings.LastIndexByte(field, '/')
	if i < 0 {
		return nil, &ApplyError{Field: field, Msg: "not a JSON pointer"}
	}
	parentPtr, last := field[:i], field[i+1:]
	parent, ok := root.At(parentPtr)
	if !ok || parent.Kind() != jsonpath.Object {
		return nil, &ApplyError{Field: field, Msg: "its parent is not an object of the case"}
	}
	tokens, err := jsonpath.SplitPointer("/" + last)
	if err != nil || len(tokens) != 1 {
		return nil, &ApplyError{Field: field, Msg: "not a JSON pointer"}
	}
	span, ok := jsonpath.Locate(doc, parentPtr)
	if !ok {
		return nil, &ApplyError{Field: field, Msg: "cannot locate its parent"}
	}
	member := jsonpath.AppendQuoted(nil, tokens[0])
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
		return splice(doc, at, at, member), nil
	}
	return splice(doc, closing, closing, member), nil
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
