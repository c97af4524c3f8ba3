package rules

import (
	"encoding/json"

	"github.com/verdict-rules/verdict/diag"
	"github.com/verdict-rules/verdict/document"
	"github.com/verdict-rules/verdict/internal/check"
	"github.com/verdict-rules/verdict/internal/suggest"
)

// shape reads an automation into its Go form, member by member, and
// reports a member of the wrong JSON type (a name that is a number, say),
// which the Go form cannot hold. It checks nothing else: unknown members,
// missing ones and everything else are the checks' business.
type shape struct {
	errs diag.List
}

// automation reads the automation v.
func (s *shape) automation(v document.Value) Automation {
	var a Automation
	for i := 0; i < v.Len(); i++ {
		m, key := v.Index(i), v.Key(i)
		p := document.JoinPointer("", key)
		switch key {
		case "id":
			a.ID = s.text(m, p)
		case "name":
			a.Name = s.text(m, p)
		case "description":
			a.Description = s.text(m, p)
		case "trigger", "triggers":
			a.TriggerKey = key
			a.Triggers = make([]Trigger, 0, m.Len())
			for j := 0; j < m.Len() && s.is(m, p, document.Array); j++ {
				a.Triggers = append(a.Triggers, s.trigger(m.Index(j), document.IndexPointer(p, j)))
			}
		case "conditions":
			a.Conditions = s.conditions(m, p)
		case "actions":
			a.Actions = make([]Action, 0, m.Len())
			for j := 0; j < m.Len() && s.is(m, p, document.Array); j++ {
				a.Actions = append(a.Actions, s.action(m.Index(j), document.IndexPointer(p, j)))
			}
		case "metadata":
			if s.is(m, p, document.Object) {
				a.Metadata = make(map[string]string, m.Len())
				for j := 0; j < m.Len(); j++ {
					a.Metadata[m.Key(j)] = s.text(m.Index(j), document.JoinPointer(p, m.Key(j)))
				}
			}
		case "object":
			a.Object = s.text(m, p)
		case "account_id":
			a.AccountID = s.text(m, p)
		case "created_at":
			a.CreatedAt = s.text(m, p)
		case "created_by":
			a.CreatedBy = s.text(m, p)
		case "updated_at":
			a.UpdatedAt = s.text(m, p)
		case "updated_by":
			a.UpdatedBy = s.text(m, p)
		}
	}
	return a
}

// conditions reads a list of conditions.
func (s *shape) conditions(v document.Value, p string) []Condition {
	out := make([]Condition, 0, v.Len())
	for i := 0; i < v.Len() && s.is(v, p, document.Array); i++ {
		if c := v.Index(i); s.condition(c, document.IndexPointer(p, i)) {
			out = append(out, check.ConditionOf(c))
		}
	}
	return out
}

// condition reports whether the condition v has the shape
// check.ConditionOf reads, and else records where it has not.
func (s *shape) condition(v document.Value, p string) bool {
	if !s.is(v, p, document.Object) {
		return false
	}
	ok := true
	for i := 0; i < v.Len(); i++ {
		m, key := v.Index(i), v.Key(i)
		mp := document.JoinPointer(p, key)
		switch key {
		case "type", "field", "path", "match", "expression", "label", "reason_code":
			ok = s.is(m, mp, document.String) && ok
		case "conditions":
			for j := 0; j < m.Len() && s.is(m, mp, document.Array); j++ {
				ok = s.condition(m.Index(j), document.IndexPointer(mp, j)) && ok
			}
			ok = m.Kind() == document.Array && ok
		case "condition":
			ok = s.condition(m, mp) && ok
		}
	}
	return ok
}

func (s *shape) trigger(v document.Value, p string) Trigger {
	var t Trigger
	t.Params = s.members(v, p, map[string]*string{"type": &t.Type, "status": &t.Status, "previous_status": &t.PreviousStatus})
	return t
}

func (s *shape) action(v document.Value, p string) Action {
	var a Action
	a.Params = s.members(v, p, map[string]*string{"type": &a.Type, "status": &a.Status, "check": &a.Check})
	return a
}

// members reads an object whose members named in strings are strings,
// into the places it gives, and returns its other members.
func (s *shape) members(v document.Value, p string, strings map[string]*string) map[string]json.RawMessage {
	var others map[string]json.RawMessage
	for i := 0; i < v.Len() && s.is(v, p, document.Object); i++ {
		m, key := v.Index(i), v.Key(i)
		if dst, ok := strings[key]; ok {
			*dst = s.text(m, document.JoinPointer(p, key))
			continue
		}
		if others == nil {
			others = map[string]json.RawMessage{}
		}
		others[key] = m.AppendJSON(nil)
	}
	return others
}

// text reads a string member.
func (s *shape) text(v document.Value, p string) string {
	if !s.is(v, p, document.String) {
		return ""
	}
	return v.Text()
}

// is reports whether v is of kind k, and else records the problem once.
func (s *shape) is(v document.Value, p string, k document.Kind) bool {
	if v.Kind() == k {
		return true
	}
	for _, e := range s.errs {
		if e.Pointer == p {
			return false
		}
	}
	s.errs = append(s.errs, &diag.Problem{Pointer: p, Offset: -1, Code: diag.WrongType,
		Msg: "expected " + suggest.Article(k.String()) + ", found " + v.Describe()})
	return false
}

// toAction reads an action that the checks accepted.
func toAction(v document.Value) Action {
	var s shape
	return s.action(v, "")
}
