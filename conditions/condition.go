package conditions

import (
	"encoding/json"
	"slices"

	"github.com/verdict-rules/verdict/document"
	"github.com/verdict-rules/verdict/internal/jsonw"
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
	Label      string          // words for people: what the condition checks
	ReasonCode string          // a stable code for systems, e.g. CREDIT_SCORE_LOW
	// Params holds the properties of condition types registered by the
	// user, beyond the ones above.
	Params map[string]json.RawMessage
}

// MarshalJSON writes the condition with only the members its type uses.
func (c Condition) MarshalJSON() ([]byte, error) {
	var o jsonw.Object
	o.Member("type", c.Type)
	o.String("field", c.Field)
	o.String("path", c.Path)
	if c.Value != nil {
		o.Member("value", c.Value)
	}
	o.String("match", c.Match)
	if c.Conditions != nil {
		o.Member("conditions", c.Conditions)
	}
	if c.Condition != nil {
		o.Member("condition", c.Condition)
	}
	o.String("expression", c.Expression)
	o.String("label", c.Label)
	o.String("reason_code", c.ReasonCode)
	o.Members(c.Params)
	return o.Bytes()
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
	Compile    func(c Condition) (func(v document.Value) bool, error)
}
