package conditions

import (
	"bytes"
	"encoding/json"
)

// Trace explains the outcome of one condition: the values its path
// yielded, what they were compared with, the outcome and why. Groups hold
// the traces of their conditions.
type Trace struct {
	Type       string            // condition type
	Pointer    string            // JSON Pointer of the condition in the definition
	Field      string            // the JSONPath tested, for conditions with a field
	Values     []json.RawMessage // what Field yielded, in order
	Path       string            // every: the JSONPath of the allowed values
	PathValues []json.RawMessage // every: what Path yielded
	Value      json.RawMessage   // the value compared with, as written
	Match      string            // "any" when one value is enough
	Expression string            // expression conditions: the source
	Outcome    bool              // whether the condition holds
	Reason     string            // why, in words
	Children   []*Trace          // and, or, not
}

// MarshalJSON writes the trace with the members its type has; a condition
// with a field always has "values", [] when the path yielded nothing.
func (t *Trace) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	first := true
	put := func(name string, v any) {
		if !first {
			b.WriteByte(',')
		}
		first = false
		k, _ := json.Marshal(name)
		b.Write(k)
		b.WriteByte(':')
		enc, err := json.Marshal(v)
		if err != nil {
			enc = []byte("null")
		}
		b.Write(enc)
	}
	values := func(vs []json.RawMessage) []json.RawMessage {
		if vs == nil {
			return []json.RawMessage{}
		}
		return vs
	}
	put("type", t.Type)
	put("pointer", t.Pointer)
	if t.Field != "" {
		put("field", t.Field)
		put("values", values(t.Values))
	}
	if t.Path != "" {
		put("path", t.Path)
		put("path_values", values(t.PathValues))
	}
	if t.Value != nil {
		put("value", t.Value)
	}
	if t.Match != "" {
		put("match", t.Match)
	}
	if t.Expression != "" {
		put("expression", t.Expression)
	}
	put("outcome", t.Outcome)
	put("reason", t.Reason)
	if t.Children != nil {
		put("conditions", t.Children)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// UnmarshalJSON reads what MarshalJSON writes.
func (t *Trace) UnmarshalJSON(data []byte) error {
	var s struct {
		Type       string            `json:"type"`
		Pointer    string            `json:"pointer"`
		Field      string            `json:"field"`
		Values     []json.RawMessage `json:"values"`
		Path       string            `json:"path"`
		PathValues []json.RawMessage `json:"path_values"`
		Value      json.RawMessage   `json:"value"`
		Match      string            `json:"match"`
		Expression string            `json:"expression"`
		Outcome    bool              `json:"outcome"`
		Reason     string            `json:"reason"`
		Children   []*Trace          `json:"conditions"`
	}
	if err := json.Unmarshal(data, &s); err != nil {
		return err
	}
	*t = Trace(s)
	return nil
}

// Decider returns the trace of the condition that settled the outcome: in
// an and that failed, the first condition that failed (and, within it, its
// own decider); in an or that held, the first that held; otherwise the
// trace itself.
func (t *Trace) Decider() *Trace {
	cur := t
	for len(cur.Children) > 0 {
		var next *Trace
		switch cur.Type {
		case "and":
			if !cur.Outcome {
				next = firstWith(cur.Children, false)
			}
		case "or":
			if cur.Outcome {
				next = firstWith(cur.Children, true)
			}
		case "not":
			next = cur.Children[0]
		}
		if next == nil {
			return cur
		}
		cur = next
	}
	return cur
}

func firstWith(ts []*Trace, outcome bool) *Trace {
	for _, t := range ts {
		if t.Outcome == outcome {
			return t
		}
	}
	return nil
}
