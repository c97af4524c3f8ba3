package rules

import (
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"github.com/verdict-rules/verdict/conditions"
	casectx "github.com/verdict-rules/verdict/context"
	"github.com/verdict-rules/verdict/document"
	"github.com/verdict-rules/verdict/schema"
)

// WithContextField adds a computed context field written in expr-lang,
// readable as $.context.<name> by conditions and as context.<name> by other
// expressions. The expression sees the case (case), the clock's time (now)
// and the other context fields (context), plus the date helpers parseDate,
// yearsBetween and daysBetween. It is compiled once, when the automation is;
// typos, unknown context fields and fields that depend on each other in a
// cycle are errors with the expression's byte offset. It is evaluated
// lazily, at most once per case. A field of the same name as a built-in
// replaces it.
func WithContextField(name, expression string) Option {
	return func(c *config) {
		reg, err := c.context.WithExpression(name, expression)
		if err != nil {
			c.errs = append(c.errs, err.Error())
			return
		}
		c.context = reg
		c.markUserField(name)
	}
}

// WithContextFunc adds a computed context field computed by a Go function.
// doc says what it holds and where from. The function must only read the
// case.
func WithContextFunc(name, doc string, fn func(c *document.Value, now time.Time) (any, bool)) Option {
	return func(c *config) {
		reg, err := c.context.WithFunc(name, doc, fn)
		if err != nil {
			c.errs = append(c.errs, err.Error())
			return
		}
		c.context = reg
		c.markUserField(name)
	}
}

// WithExprBudget bounds the work of one expression evaluation, in units:
// one per array element or map entry it creates (expr-lang's memory
// count), and, counted apart, one per loop step and per 64 bytes of text
// or element of a list that + and the builtins build; default
// casectx.DefaultExprBudget. An expression that goes over fails the
// evaluation with an error.
func WithExprBudget(units int) Option {
	return func(c *config) {
		if units <= 0 {
			c.errs = append(c.errs, "WithExprBudget: the budget must be positive")
			return
		}
		c.exprBudget = units
	}
}

// Properties declares the properties of a registered type besides "type",
// each with a JSON Schema. A nil schema takes the usual one for field,
// path, value, match, status and check, and accepts anything otherwise.
type Properties map[string]json.RawMessage

// ConditionType is a condition type registered with WithConditionType. It
// gets a field and the "all"/"any" match like the built-in comparisons,
// the same errors when its properties are wrong, and the same trace.
type ConditionType struct {
	Name string
	// Properties lists the properties the type takes; "field" is needed
	// for the type to test values.
	Properties Properties
	// Required lists the properties that must be given.
	Required []string
	// Compile checks a condition of this type and returns the test each
	// value its field yields must pass.
	Compile func(c Condition) (func(v *document.Value) bool, error)
}

// ActionType is an action type registered with WithActionType.
type ActionType struct {
	Name       string
	Properties Properties
	Required   []string
	// Compile checks an action of this type and returns the function
	// that computes its changes.
	Compile func(a Action) (ActionFunc, error)
}

// TriggerType is a trigger type registered with WithTriggerType.
type TriggerType struct {
	Name       string
	Properties Properties
	Required   []string
	// Match reports whether an event starts an automation with this
	// trigger.
	Match func(t Trigger, ev *Event) bool
}

// WithConditionType registers a condition type.
func WithConditionType(t ConditionType) Option {
	return func(c *config) {
		switch {
		case t.Name == "" || t.Compile == nil:
			c.errs = append(c.errs, "WithConditionType: a condition type needs a name and a Compile function")
			return
		case isBuiltin(t.Name, conditions.Builtins()):
			c.errs = append(c.errs, fmt.Sprintf("WithConditionType: %q is a built-in condition type", t.Name))
			return
		}
		if c.conditionTypes == nil {
			c.conditionTypes = map[string]ConditionType{}
		}
		c.conditionTypes[t.Name] = t
		c.schemaTypes = append(c.schemaTypes, schemaType{kind: "condition", name: t.Name, props: t.Properties, required: t.Required})
	}
}

// WithActionType registers an action type, for example one that assigns
// an agent.
func WithActionType(t ActionType) Option {
	return func(c *config) {
		switch {
		case t.Name == "" || t.Compile == nil:
			c.errs = append(c.errs, "WithActionType: an action type needs a name and a Compile function")
			return
		case t.Name == "set_case_status" || t.Name == "set_check_status":
			c.errs = append(c.errs, fmt.Sprintf("WithActionType: %q is a built-in action type", t.Name))
			return
		}
		if c.actionTypes == nil {
			c.actionTypes = map[string]ActionType{}
		}
		c.actionTypes[t.Name] = t
		c.schemaTypes = append(c.schemaTypes, schemaType{kind: "action", name: t.Name, props: t.Properties, required: t.Required})
	}
}

// WithTriggerType registers a trigger type.
func WithTriggerType(t TriggerType) Option {
	return func(c *config) {
		switch {
		case t.Name == "" || t.Match == nil:
			c.errs = append(c.errs, "WithTriggerType: a trigger type needs a name and a Match function")
			return
		case t.Name == "case_status_updated" || t.Name == "case_status_change":
			c.errs = append(c.errs, fmt.Sprintf("WithTriggerType: %q is a built-in trigger type", t.Name))
			return
		}
		if c.triggerTypes == nil {
			c.triggerTypes = map[string]TriggerType{}
		}
		c.triggerTypes[t.Name] = t
		c.schemaTypes = append(c.schemaTypes, schemaType{kind: "trigger", name: t.Name, props: t.Properties, required: t.Required})
	}
}

func isBuiltin(name string, list []string) bool {
	for _, b := range list {
		if b == name {
			return true
		}
	}
	return false
}

// schemaType is a registered type as the schema sees it.
type schemaType struct {
	kind     string // condition, action, trigger
	name     string
	props    Properties
	required []string
}

var wellKnown = map[string]string{
	"field":  `{"$ref": "#/$defs/jsonpath"}`,
	"path":   `{"$ref": "#/$defs/jsonpath"}`,
	"match":  `{"$ref": "#/$defs/match"}`,
	"status": `{"type": "string", "minLength": 1}`,
	"check":  `{"type": "string", "minLength": 1}`,
	"value":  `true`,
}

// extendedSchema adds the registered types to the automation schema.
func extendedSchema(types []schemaType) (*schema.Validator, error) {
	base := schema.Automation()
	var tree map[string]any
	if err := json.Unmarshal(base.Source(), &tree); err != nil {
		return nil, err
	}
	defs := tree["$defs"].(map[string]any)
	for _, t := range types {
		def := defs[t.kind].(map[string]any)
		typeProp := def["properties"].(map[string]any)["type"].(map[string]any)
		typeProp["enum"] = append(typeProp["enum"].([]any), t.name)
		props := map[string]any{"type": true}
		names := make([]string, 0, len(t.props))
		for name := range t.props {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			raw := t.props[name]
			if len(raw) == 0 || string(raw) == "null" {
				if s, ok := wellKnown[name]; ok {
					raw = json.RawMessage(s)
				} else {
					raw = json.RawMessage("true")
				}
			}
			var v any
			if err := json.Unmarshal(raw, &v); err != nil {
				return nil, fmt.Errorf("%s type %q: the schema of %q is not JSON: %w", t.kind, t.name, name, err)
			}
			props[name] = v
		}
		then := map[string]any{"properties": props, "additionalProperties": false}
		if len(t.required) > 0 {
			req := make([]any, len(t.required))
			for i, r := range t.required {
				req[i] = r
			}
			then["required"] = req
		}
		branch := map[string]any{
			"if":   map[string]any{"required": []any{"type"}, "properties": map[string]any{"type": map[string]any{"const": t.name}}},
			"then": then,
		}
		def["allOf"] = append(def["allOf"].([]any), branch)
	}
	src, err := json.Marshal(tree)
	if err != nil {
		return nil, err
	}
	return schema.Compile(schema.AutomationFile, src)
}

// Registry returns the computed context fields the options define: the
// built-ins plus WithContextField and WithContextFunc fields.
func Registry(opts ...Option) (*casectx.Registry, error) {
	cfg, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	return cfg.context, nil
}

func (c *config) markUserField(name string) {
	if c.userFields == nil {
		c.userFields = map[string]bool{}
	}
	c.userFields[name] = true
}
