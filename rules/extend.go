package rules

import (
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"github.com/verdict-rules/verdict/conditions"
	casectx "github.com/verdict-rules/verdict/context"
	"github.com/verdict-rules/verdict/document"
	"github.com/verdict-rules/verdict/event"
	"github.com/verdict-rules/verdict/schema"
)

// WithContextField adds a context field computed by an expr-lang
// expression (see package context), replacing a built-in of its name.
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

// WithContextFunc adds a context field a Go function computes, reading only.
func WithContextFunc(name, doc string, fn func(c document.Value, now time.Time) (any, bool)) Option {
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

// WithExprBudget bounds each expression's work (casectx.DefaultExprBudget).
func WithExprBudget(units int) Option {
	return func(c *config) {
		if units <= 0 {
			c.errs = append(c.errs, "WithExprBudget: the budget must be positive")
			return
		}
		c.exprBudget = units
	}
}

// Properties are a registered type's properties besides "type", each with
// its JSON Schema; nil is the built-in one of a name like field or status.
type Properties map[string]json.RawMessage

// ActionType is an action type of one's own; Compile returns the function
// that computes its changes, or why the action is wrong.
type ActionType struct {
	Name       string
	Properties Properties
	Required   []string
	Compile    func(a Action) (ActionFunc, error)
}

// WithConditionType registers a condition type.
func WithConditionType(t conditions.Type) Option {
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
			c.conditionTypes = map[string]conditions.Type{}
		}
		c.conditionTypes[t.Name] = t
		c.schemaTypes = append(c.schemaTypes, schemaType{kind: "condition", name: t.Name, props: t.Properties, required: t.Required})
	}
}

// WithActionType registers an action type.
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
func WithTriggerType(t event.TriggerType) Option {
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
			c.triggerTypes = map[string]event.TriggerType{}
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
		if t.kind == "condition" {
			props["label"] = map[string]any{"$ref": "#/$defs/label"}
			props["reason_code"] = map[string]any{"$ref": "#/$defs/reason_code"}
		}
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

// Registry returns the context fields the options define.
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
