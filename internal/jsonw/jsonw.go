// Package jsonw writes JSON objects member by member, in the order they
// are given, each value as encoding/json writes it: for types whose JSON
// form leaves out the members they do not have, or puts extra ones
// inline.
package jsonw

import (
	"encoding/json"
	"maps"
	"slices"
)

// Object is a JSON object being written. The zero Object is empty.
type Object struct {
	b   []byte
	err error
}

// Member writes a member; the first error encoding a value is kept for
// Bytes.
func (o *Object) Member(name string, v any) {
	if o.err != nil {
		return
	}
	enc, err := json.Marshal(v)
	if err != nil {
		o.err = err
		return
	}
	if len(o.b) == 0 {
		o.b = append(o.b, '{')
	} else {
		o.b = append(o.b, ',')
	}
	k, _ := json.Marshal(name)
	o.b = append(o.b, k...)
	o.b = append(o.b, ':')
	o.b = append(o.b, enc...)
}

// String writes a string member, or nothing when s is empty.
func (o *Object) String(name, s string) {
	if s != "" {
		o.Member(name, s)
	}
}

// Members writes the members of m, sorted by name.
func (o *Object) Members(m map[string]json.RawMessage) {
	for _, k := range slices.Sorted(maps.Keys(m)) {
		o.Member(k, m[k])
	}
}

// Bytes returns the object, or the first error of its values.
func (o *Object) Bytes() ([]byte, error) {
	if o.err != nil {
		return nil, o.err
	}
	if len(o.b) == 0 {
		return []byte("{}"), nil
	}
	return append(o.b, '}'), nil
}
