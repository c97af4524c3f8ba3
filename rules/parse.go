package rules

import (
	"encoding/json"
	"errors"

	"github.com/verdict-rules/verdict/document"
	"github.com/verdict-rules/verdict/internal/check"
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
	doc, err := document.Decoder{MaxDepth: cfg.limits.DefinitionDepth * 2, Strict: true, MaxBytes: cfg.limits.CaseBytes}.Decode(data)
	if err != nil {
		var se *document.SyntaxError
		if errors.As(err, &se) {
			return nil, ErrorList{{Offset: -1, Code: "json_syntax", Msg: se.Msg, Line: se.Line, Column: se.Column}}
		}
		return nil, err
	}
	type item struct {
		pointer string
		v       *document.Value
	}
	var items []item
	switch doc.Kind() {
	case document.Object:
		_, hasName := doc.Member("name")
		if list, ok := doc.Member("data"); ok && !hasName && allowList {
			if list.Kind() != document.Array {
				return nil, located(data, ErrorList{{Pointer: "/data", Offset: -1, Code: "type",
					Msg: "expected an array of automations in the list response, found " + describeValue(list)}})
			}
			for i := 0; i < list.Len(); i++ {
				items = append(items, item{document.IndexPointer("/data", i), list.Index(i)})
			}
		} else {
			items = append(items, item{"", doc})
		}
	case document.Array:
		if !allowList {
			return nil, located(data, ErrorList{{Offset: -1, Code: "root",
				Msg: "expected one automation object, found an array"}})
		}
		for i := 0; i < doc.Len(); i++ {
			items = append(items, item{document.IndexPointer("", i), doc.Index(i)})
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
		checked, problems := check.Check(it.v, cfg.check)
		if len(problems) > 0 {
			errs = append(errs, rebase(problems, it.pointer)...)
			continue
		}
		a := toAutomation(it.v)
		a.origin = origin{doc: data, pointer: it.pointer, value: it.v, checked: checked, key: cfg.key}
		a.origin.keep(a)
		defs = append(defs, a)
	}
	if len(errs) > 0 {
		return defs, located(data, errs)
	}
	return defs, nil
}

// rebase turns problems relative to an automation into problems in the
// document at base.
func rebase(problems ErrorList, base string) ErrorList {
	for _, p := range problems {
		p.Pointer = base + p.Pointer
	}
	return problems
}

func located(doc []byte, errs ErrorList) ErrorList {
	errs.Locate(doc)
	return errs.Finish()
}

func describeValue(v *document.Value) string {
	switch v.Kind() {
	case document.Object:
		return "an object"
	case document.Array:
		return "an array"
	case document.Null:
		return "null"
	}
	s := v.String()
	if len(s) > 40 {
		s = s[:37] + "..."
	}
	return v.Kind().String() + " " + s
}

// toAutomation converts a definition that passed the schema.
func toAutomation(v *document.Value) Automation {
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

func toConditions(v *document.Value) []Condition {
	out := make([]Condition, v.Len())
	for i := range out {
		out[i] = check.ConditionOf(v.Index(i))
	}
	return out
}

func toAction(v *document.Value) Action {
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

func toTrigger(v *document.Value) Trigger {
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
