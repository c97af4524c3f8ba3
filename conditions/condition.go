package conditions

import (
	"bytes"
	"encoding/json"
	"slices"
	"sort"

	"github.com/verdict-rules/verdict/document"
)

// builtins are the built-in condition types.
var builtins = []string{"and", "or", "not", "equal", "not_equal", "greater_than", "greater_than_or_equal",
	"less_than", "less_than_or_equal", "equal_to_null", "not_equal_to_null", "every", "contains", "in",
	"matches", "expression"}

// Builtins returns the names of the built-in condition types.
func Builtins() []string { return slices.Clone(builtins) }

// Condition is one node of an automation's condition tree, as the automation
// API writes it. Which fields apply depends on Type; the package
// documentation describes each type.
type Condition struct {
	Type       string          // "and", "or", "not", "equal", "greater_than_or_equal", "every", ...
	Field      string          // the JSONPath whose values are tested
	Path       string          // every: the JSONPath of the allowed values
	Value      json.RawMessage // the value compared with, as JSON ("\"70\"", "70", "[\"NO\",\"SE\"]")
	Match      string          // "all" (the default) or "any"
	Conditions []Condition     // and, or
	Condition  *Condition      // not
	Expression string          // expression: an expr-lang boolean expression
	// Params holds the properties of condition types registered by the
	// user, beyond the ones above.
	Params map[string]json.RawMessage
}

// MarshalJSON writes the condition with only the members its type uses.
func (c Condition) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	n := 0
	member := func(name string, v any) {
		if n > 0 {
			b.WriteByte(',')
		}
		n++
		k, _ := json.Marshal(name)
		b.Write(k)
		b.WriteByte(':')
		enc, _ := json.Marshal(v)
		b.Write(enc)
	}
	member("type", c.Type)
	if c.Field != "" {
		member("field", c.Field)
	}
	if c.Path != "" {
		member("path", c.Path)
	}
	if c.Value != nil {
		member("value", c.Value)
	}
	if c.Match != "" {
		member("match", c.Match)
	}
	if c.Conditions != nil {
		member("conditions", c.Conditions)
	}
	if c.Condition != nil {
		member("condition", c.Condition)
	}
	if c.Expression != "" {
		member("expression", c.Expression)
	}
	for _, k := range sortedKeys(c.Params) {
		member(k, c.Params[k])
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func sortedKeys(m map[string]json.RawMessage) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Type is a condition type of one's own (rules.WithConditionType): like
// the built-in comparisons, it tests each value its field yields ("field"
// among its Properties), with "all" or "any", and gets their checks and
// traces. Compile returns the test, or why the condition is wrong;
// Properties are as rules.Properties says.
type Type struct {
	Name       string
	Properties map[string]json.RawMessage
	Required   []string // the properties that must be given
	Compile    func(c Condition) (func(v *document.Value) bool, error)
}
