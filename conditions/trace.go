package conditions

import (
	"encoding/json"

	"github.com/verdict-rules/verdict/internal/jsonw"
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
	// Counterfactual says what would change the outcome, on the
	// conditions that keep an automation from firing; asked for with
	// rules.WithCounterfactuals.
	Counterfactual *Counterfactual
}

// MarshalJSON writes the trace with the members its type has; a condition
// with a field always has "values", [] when the path yielded nothing.
func (t *Trace) MarshalJSON() ([]byte, error) {
	var o jsonw.Object
	values := func(vs []json.RawMessage) []json.RawMessage {
		if vs == nil {
			return []json.RawMessage{}
		}
		return vs
	}
	o.Member("type", t.Type)
	o.Member("pointer", t.Pointer)
	if t.Field != "" {
		o.Member("field", t.Field)
		o.Member("values", values(t.Values))
	}
	if t.Path != "" {
		o.Member("path", t.Path)
		o.Member("path_values", values(t.PathValues))
	}
	if t.Value != nil {
		o.Member("value", t.Value)
	}
	o.String("match", t.Match)
	o.String("expression", t.Expression)
	o.Member("outcome", t.Outcome)
	o.Member("reason", t.Reason)
	if t.Counterfactual != nil {
		o.Member("counterfactual", t.Counterfactual)
	}
	if t.Children != nil {
		o.Member("conditions", t.Children)
	}
	return o.Bytes()
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
		Counter    *Counterfactual   `json:"counterfactual"`
	}
	if err := json.Unmarshal(data, &s); err != nil {
		return err
	}
	*t = Trace{Type: s.Type, Pointer: s.Pointer, Field: s.Field, Values: s.Values, Path: s.Path,
		PathValues: s.PathValues, Value: s.Value, Match: s.Match, Expression: s.Expression, Outcome: s.Outcome,
		Reason: s.Reason, Children: s.Children, Counterfactual: s.Counter}
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
