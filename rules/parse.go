package rules

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/verdict-rules/verdict/conditions"
	"github.com/verdict-rules/verdict/conditions/jsonpath"
)

// Parse reads automation definitions: one automation object, an array of
// them, or an API list response {"data": [...]}. Every definition is checked
// against the automation schema (with the condition, trigger and action
// types that the options register), and every problem is reported, each
// with its JSON Pointer in data and its line and column.
//
// On error, Parse returns an ErrorList and the automations that had no
// problems.
func Parse(data []byte, opts ...Option) ([]Automation, error) {
	cfg, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	return cfg.parse(data, true)
}

func parse(data []byte, allowList bool) ([]Automation, error) {
	cfg, err := newConfig(nil)
	if err != nil {
		return nil, err
	}
	return cfg.parse(data, allowList)
}

func (cfg *config) parse(data []byte, allowList bool) ([]Automation, error) {
	doc, err := jsonpath.Decoder{MaxDepth: cfg.limits.DefinitionDepth * 2, Strict: true, MaxBytes: cfg.limits.CaseBytes}.Decode(data)
	if err != nil {
		var se *jsonpath.SyntaxError
		if errors.As(err, &se) {
			return nil, ErrorList{{Offset: -1, Code: "json_syntax", Msg: se.Msg, Line: se.Line, Column: se.Column}}
		}
		return nil, err
	}
	type item struct {
		pointer string
		v       *jsonpath.Value
	}
	var items []item
	switch doc.Kind() {
	case jsonpath.Object:
		_, hasName := doc.Member("name")
		if list, ok := doc.Member("data"); ok && !hasName && allowList {
			if list.Kind() != jsonpath.Array {
				return nil, located(data, ErrorList{{Pointer: "/data", Offset: -1, Code: "type",
					Msg: "expected an array of automations in the list response, found " + describeValue(list)}})
			}
			for i := 0; i < list.Len(); i++ {
				items = append(items, item{jsonpath.IndexPointer("/data", i), list.Index(i)})
			}
		} else {
			items = append(items, item{"", doc})
		}
	case jsonpath.Array:
		if !allowList {
			return nil, located(data, ErrorList{{Offset: -1, Code: "root",
				Msg: "expected one automation object, found an array"}})
		}
		for i := 0; i < doc.Len(); i++ {
			items = append(items, item{jsonpath.IndexPointer("", i), doc.Index(i)})
		}
	default:
		return nil, located(data, ErrorList{{Offset: -1, Code: "root",
			Msg: "expected an automation object, an array of automations or an API list response {\"data\": [...]}, found " + describeValue(doc)}})
	}
	if len(items) == 0 {
		return nil, located(data, ErrorList{{Pointer: "", Offset: -1, Code: "empty",
			Msg: "the document holds no automations"}})
	}
	var errs ErrorList
	defs := make([]Automation, 0, len(items))
	for _, it := range items {
		problems := cfg.validateDefinition(it.v, it.pointer)
		if len(problems) > 0 {
			errs = append(errs, problems...)
			errs = append(errs, cfg.checkCleanConditions(it.v, it.pointer, problems)...)
			continue
		}
		a := toAutomation(it.v)
		a.origin = origin{doc: data, pointer: it.pointer}
		defs = append(defs, a)
	}
	if len(errs) > 0 {
		return defs, located(data, errs)
	}
	return defs, nil
}

// validateDefinition checks one automation against the schema and the
// nesting limit.
func (cfg *config) validateDefinition(v *jsonpath.Value, base string) ErrorList {
	var errs ErrorList
	if d, p := conditionDepth(v, ""); d > cfg.limits.DefinitionDepth {
		errs = append(errs, &Error{Pointer: base + p, Offset: -1, Code: "too_deep",
			Msg: fmt.Sprintf("conditions nest %d levels deep, more than the limit of %d", d, cfg.limits.DefinitionDepth)})
		return errs
	}
	for _, e := range cfg.validator().Validate(v.Interface()) {
		errs = append(errs, &Error{Pointer: base + e.Pointer, Offset: -1, Code: e.Code, Msg: e.Msg})
	}
	for _, key := range [...]string{"trigger", "triggers"} {
		list, _ := v.Member(key)
		for i := 0; i < list.Len() && list.Kind() == jsonpath.Array; i++ {
			if t := text(list.Index(i), "type"); t != "case_status_updated" && t != "case_status_change" {
				continue
			}
			for _, f := range [...]string{"status", "previous_status"} {
				if e := cfg.checkStatus(jsonpath.JoinPointer(jsonpath.IndexPointer(base+"/"+key, i), f), text(list.Index(i), f)); e != nil {
					errs = append(errs, e)
				}
			}
		}
	}
	if list, ok := v.Member("actions"); ok && list.Kind() == jsonpath.Array {
		for i := 0; i < list.Len(); i++ {
			if a := list.Index(i); text(a, "type") == "set_case_status" {
				if e := cfg.checkStatus(jsonpath.IndexPointer(base+"/actions", i)+"/status", text(a, "status")); e != nil {
					errs = append(errs, e)
				}
			}
		}
	}
	return errs
}

// checkCleanConditions compiles the conditions of a definition that has
// schema errors elsewhere, so that path, regular expression and expression
// errors are reported along with them.
func (cfg *config) checkCleanConditions(v *jsonpath.Value, base string, problems ErrorList) ErrorList {
	list, ok := v.Member("conditions")
	if !ok || list.Kind() != jsonpath.Array {
		return nil
	}
	var out ErrorList
	opts := conditions.Options{ContextFields: cfg.fieldNames, Types: cfg.conditionTypes, Expression: cfg.expressionCompiler(),
		Paths: cfg.paths(), MaxRegexp: cfg.limits.RegexpBytes}
	for i := 0; i < list.Len(); i++ {
		p := jsonpath.IndexPointer(base+"/conditions", i)
		if touches(problems, p) || list.Index(i).Kind() != jsonpath.Object {
			continue
		}
		opts.Pointer = p
		_, cerrs := conditions.Compile(toCondition(list.Index(i)), opts)
		for _, e := range cerrs {
			out = append(out, &Error{Pointer: e.Pointer, Offset: e.Offset, Code: e.Code, Msg: e.Msg, Source: e.Source})
		}
	}
	return out
}

// touches reports whether an error concerns the node at p or inside it.
func touches(errs ErrorList, p string) bool {
	for _, e := range errs {
		if e.Pointer == p || strings.HasPrefix(e.Pointer, p+"/") {
			return true
		}
	}
	return false
}

// conditionDepth measures how deep conditions nest under a definition,
// returning the depth and the pointer of the deepest condition.
func conditionDepth(v *jsonpath.Value, p string) (int, string) {
	best, at := 0, p
	for _, key := range [...]string{"conditions", "condition"} {
		m, ok := v.Member(key)
		if !ok {
			continue
		}
		switch m.Kind() {
		case jsonpath.Array:
			for i := 0; i < m.Len(); i++ {
				cp := jsonpath.IndexPointer(p+"/"+key, i)
				if d, dp := conditionDepth(m.Index(i), cp); d+1 > best {
					best, at = d+1, dp
				}
			}
		case jsonpath.Object:
			if d, dp := conditionDepth(m, p+"/"+key); d+1 > best {
				best, at = d+1, dp
			}
		}
	}
	return best, at
}

func located(doc []byte, errs ErrorList) ErrorList {
	locateAll(doc, errs)
	return errs.finish()
}

func describeValue(v *jsonpath.Value) string {
	switch v.Kind() {
	case jsonpath.Object:
		return "an object"
	case jsonpath.Array:
		return "an array"
	case jsonpath.Null:
		return "null"
	}
	s := v.String()
	if len(s) > 40 {
		s = s[:37] + "..."
	}
	return v.Kind().String() + " " + s
}

// toAutomation converts a definition that passed the schema.
func toAutomation(v *jsonpath.Value) Automation {
	var a Automation
	for i := 0; i < v.Len(); i++ {
		m := v.Index(i)
		switch v.Key(i) {
		case "id":
			a.ID = m.Text()
		case "name":
			a.Name = m.Text()
		case "description":
			a.Description = m.Text()
		case "trigger", "triggers":
			a.TriggerKey = v.Key(i)
			a.Triggers = make([]Trigger, m.Len())
			for j := range a.Triggers {
				a.Triggers[j] = toTrigger(m.Index(j))
			}
		case "conditions":
			a.Conditions = toConditions(m)
		case "actions":
			a.Actions = make([]Action, m.Len())
			for j := range a.Actions {
				a.Actions[j] = toAction(m.Index(j))
			}
		case "metadata":
			a.Metadata = make(map[string]string, m.Len())
			for j := 0; j < m.Len(); j++ {
				a.Metadata[m.Key(j)] = m.Index(j).Text()
			}
		case "object":
			a.Object = m.Text()
		case "account_id":
			a.AccountID = m.Text()
		case "created_at":
			a.CreatedAt = m.Text()
		case "created_by":
			a.CreatedBy = m.Text()
		case "updated_at":
			a.UpdatedAt = m.Text()
		case "updated_by":
			a.UpdatedBy = m.Text()
		}
	}
	return a
}

func toConditions(v *jsonpath.Value) []Condition {
	out := make([]Condition, v.Len())
	for i := range out {
		out[i] = toCondition(v.Index(i))
	}
	return out
}

func toCondition(v *jsonpath.Value) Condition {
	var c Condition
	for i := 0; i < v.Len(); i++ {
		m := v.Index(i)
		switch v.Key(i) {
		case "type":
			c.Type = m.Text()
		case "field":
			c.Field = m.Text()
		case "path":
			c.Path = m.Text()
		case "value":
			c.Value = json.RawMessage(m.AppendJSON(nil))
		case "match":
			c.Match = m.Text()
		case "conditions":
			c.Conditions = toConditions(m)
		case "condition":
			inner := toCondition(m)
			c.Condition = &inner
		case "expression":
			c.Expression = m.Text()
		default:
			if c.Params == nil {
				c.Params = map[string]json.RawMessage{}
			}
			c.Params[v.Key(i)] = json.RawMessage(m.AppendJSON(nil))
		}
	}
	return c
}

func toAction(v *jsonpath.Value) Action {
	var a Action
	for i := 0; i < v.Len(); i++ {
		m := v.Index(i)
		switch v.Key(i) {
		case "type":
			a.Type = m.Text()
		case "status":
			a.Status = m.Text()
		case "check":
			a.Check = m.Text()
		default:
			if a.Params == nil {
				a.Params = map[string]json.RawMessage{}
			}
			a.Params[v.Key(i)] = json.RawMessage(m.AppendJSON(nil))
		}
	}
	return a
}

func toTrigger(v *jsonpath.Value) Trigger {
	var t Trigger
	for i := 0; i < v.Len(); i++ {
		m := v.Index(i)
		switch v.Key(i) {
		case "type":
			t.Type = m.Text()
		case "status":
			t.Status = m.Text()
		case "previous_status":
			t.PreviousStatus = m.Text()
		default:
			if t.Params == nil {
				t.Params = map[string]json.RawMessage{}
			}
			t.Params[v.Key(i)] = json.RawMessage(m.AppendJSON(nil))
		}
	}
	return t
}

func text(v *jsonpath.Value, name string) string {
	m, ok := v.Member(name)
	if !ok || m.Kind() != jsonpath.String {
		return ""
	}
	return m.Text()
}
