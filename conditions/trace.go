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
	Label      string            // the condition's label, if it has one
	ReasonCode string            // the condition's reason code, if it has one
	Field      string            // the JSONPath tested, for conditions with a field
	Values     []json.RawMessage // what Field yielded, in order
	Path       string            // every: the JSONPath of the allowed values
	PathValues []json.RawMessage // every: what Path yielded
	// Sources and PathSources give, when asked for (rules.WithEvidence),
	// the JSON Pointer in the case of each of Values and PathValues, or
	// Computed.
	Sources, PathSources []string
	// Omitted and PathOmitted are how many of the values Field and Path
	// yielded the trace leaves out, past rules.Limits.TraceBytes (the
	// reason says so too); 0 when it keeps them all.
	Omitted, PathOmitted int
	Value                json.RawMessage // the value compared with, as written
	Match                string          // "any" when one value is enough
	Expression           string          // expression conditions: the source
	Outcome              bool            // whether the condition holds
	Reason               string          // why, in words
	Children             []*Trace        // and, or, not
	// Counterfactual says what would change the outcome, on the
	// conditions that keep an automation from firing; asked for with
	// rules.WithCounterfactuals.
	Counterfactual *Counterfactual
}

// Computed is the source of a value that is not a node of the case: a
// context field's, the number .length gives.
const Computed = "computed"

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
	o.String("label", t.Label)
	o.String("reason_code", t.ReasonCode)
	if t.Field != "" {
		o.Member("field", t.Field)
		o.Member("values", values(t.Values))
		if t.Sources != nil {
			o.Member("sources", sources(t.Sources))
		}
	}
	if t.Path != "" {
		o.Member("path", t.Path)
		o.Member("path_values", values(t.PathValues))
		if t.PathSources != nil {
			o.Member("path_sources", sources(t.PathSources))
		}
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

// sources writes the sources of values: a pointer, or null for Computed.
func sources(ss []string) []*string {
	out := make([]*string, len(ss))
	for i := range ss {
		if ss[i] != Computed {
			out[i] = &ss[i]
		}
	}
	return out
}

// unsources reads what sources writes.
func unsources(ps []*string) []string {
	if ps == nil {
		return nil
	}
	out := make([]string, len(ps))
	for i, p := range ps {
		if p == nil {
			out[i] = Computed
		} else {
			out[i] = *p
		}
	}
	return out
}

// UnmarshalJSON reads what MarshalJSON writes.
func (t *Trace) UnmarshalJSON(data []byte) error {
	var s struct {
		Type        string            `json:"type"`
		Pointer     string            `json:"pointer"`
		Label       string            `json:"label"`
		ReasonCode  string            `json:"reason_code"`
		Field       string            `json:"field"`
		Values      []json.RawMessage `json:"values"`
		Sources     []*string         `json:"sources"`
		Path        string            `json:"path"`
		PathValues  []json.RawMessage `json:"path_values"`
		PathSources []*string         `json:"path_sources"`
		Value       json.RawMessage   `json:"value"`
		Match       string            `json:"match"`
		Expression  string            `json:"expression"`
		Outcome     bool              `json:"outcome"`
		Reason      string            `json:"reason"`
		Children    []*Trace          `json:"conditions"`
		Counter     *Counterfactual   `json:"counterfactual"`
	}
	if err := json.Unmarshal(data, &s); err != nil {
		return err
	}
	*t = Trace{Type: s.Type, Pointer: s.Pointer, Label: s.Label, ReasonCode: s.ReasonCode, Field: s.Field, Values: s.Values,
		Path: s.Path, PathValues: s.PathValues, Sources: unsources(s.Sources), PathSources: unsources(s.PathSources),
		Value: s.Value, Match: s.Match, Expression: s.Expression, Outcome: s.Outcome, Reason: s.Reason, Children: s.Children,
		Counterfactual: s.Counter}
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
