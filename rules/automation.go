package rules

import (
	"bytes"
	"encoding/json"
	"errors"
	"maps"
	"reflect"
	"slices"

	"github.com/verdict-rules/verdict/conditions"
	"github.com/verdict-rules/verdict/diag"
	"github.com/verdict-rules/verdict/document"
	"github.com/verdict-rules/verdict/event"
	"github.com/verdict-rules/verdict/internal/check"
	"github.com/verdict-rules/verdict/internal/jsonw"
)

// Automation is one automation definition: when a trigger matches the
// event and the conditions hold, its actions run. Its JSON is the API's
// (read-only fields kept for round trips, otherwise ignored).
type Automation struct {
	ID          string            // e.g. "PQ1230483.automation.13294829"
	Name        string            // required, non-empty
	Description string            // optional
	Triggers    []Trigger         // at least one
	Conditions  []Condition       // all must hold; none means always
	Actions     []Action          // at least one
	Metadata    map[string]string // owner's key-value pairs

	Object, AccountID, CreatedAt, CreatedBy, UpdatedAt, UpdatedBy string // read-only fields of the API
	TriggerKey                                                    string // "trigger" (the guide's spelling) or "triggers" (the API's, the default)

	origin origin // where the definition was parsed from, for errors
}

// origin ties a parsed automation to its document, so that compile errors
// point into the file the user wrote, and keeps what Parse found, so that
// Compile does not check it again while it is as Parse made it.
type origin struct {
	doc     []byte         // the whole document text
	pointer string         // this automation's place in it: "", "/2", "/data/2"
	value   document.Value // the automation in the decoded document
	checked *check.Definition
	key     string      // the options it was checked with (config.key)
	made    *Automation // a deep copy of the automation as made, to tell when it has changed
}

// keep records a as made, after it is decoded.
func (o *origin) keep(a Automation) {
	c := a.clone()
	o.made = &c
}

// unchanged reports whether a is still as it was made from the document.
func (o *origin) unchanged(a Automation) bool {
	if !o.value.Exists() || o.made == nil {
		return false
	}
	a.origin = origin{}
	return reflect.DeepEqual(a, *o.made)
}

// clone copies an automation deeply, without its origin.
func (a Automation) clone() Automation {
	c := a
	c.origin = origin{}
	c.Triggers = slices.Clone(a.Triggers)
	for i := range c.Triggers {
		c.Triggers[i].Params = cloneParams(a.Triggers[i].Params)
	}
	c.Conditions = cloneConditions(a.Conditions)
	c.Actions = slices.Clone(a.Actions)
	for i := range c.Actions {
		c.Actions[i].Params = cloneParams(a.Actions[i].Params)
	}
	c.Metadata = maps.Clone(a.Metadata)
	return c
}

func cloneConditions(cs []Condition) []Condition {
	if cs == nil {
		return nil
	}
	out := make([]Condition, len(cs))
	for i, c := range cs {
		out[i] = c
		out[i].Value = bytes.Clone(c.Value)
		out[i].Conditions = cloneConditions(c.Conditions)
		if c.Condition != nil {
			inner := cloneConditions([]Condition{*c.Condition})[0]
			out[i].Condition = &inner
		}
		out[i].Params = cloneParams(c.Params)
	}
	return out
}

func cloneParams(m map[string]json.RawMessage) map[string]json.RawMessage {
	if m == nil {
		return nil
	}
	out := make(map[string]json.RawMessage, len(m))
	for k, v := range m {
		out[k] = bytes.Clone(v)
	}
	return out
}

// Trigger says which events start an automation (see package event).
type Trigger = event.Trigger

// Condition is one node of a condition tree (see package conditions).
type Condition = conditions.Condition

// Action is what an automation does when it fires: set_case_status,
// set_check_status of the checks of type Check, or a registered type.
type Action struct {
	Type, Status, Check string
	Params              map[string]json.RawMessage // a registered type's properties
}

// MarshalJSON writes the automation in the API's member order.
func (a Automation) MarshalJSON() ([]byte, error) {
	type shape struct {
		Object      string            `json:"object,omitempty"`
		ID          string            `json:"id,omitempty"`
		AccountID   string            `json:"account_id,omitempty"`
		Name        string            `json:"name"`
		Description string            `json:"description,omitempty"`
		Trigger     []Trigger         `json:"trigger,omitempty"`
		Triggers    []Trigger         `json:"triggers,omitempty"`
		Conditions  []Condition       `json:"conditions"`
		Actions     []Action          `json:"actions"`
		Metadata    map[string]string `json:"metadata,omitempty"`
		CreatedAt   string            `json:"created_at,omitempty"`
		CreatedBy   string            `json:"created_by,omitempty"`
		UpdatedAt   string            `json:"updated_at,omitempty"`
		UpdatedBy   string            `json:"updated_by,omitempty"`
	}
	s := shape{Object: a.Object, ID: a.ID, AccountID: a.AccountID, Name: a.Name, Description: a.Description,
		Conditions: a.Conditions, Actions: a.Actions, Metadata: a.Metadata,
		CreatedAt: a.CreatedAt, CreatedBy: a.CreatedBy, UpdatedAt: a.UpdatedAt, UpdatedBy: a.UpdatedBy}
	if s.Conditions == nil {
		s.Conditions = []Condition{}
	}
	if s.Actions == nil {
		s.Actions = []Action{}
	}
	if a.TriggerKey == "trigger" {
		s.Trigger = a.Triggers
	} else {
		s.Triggers = a.Triggers
	}
	return json.Marshal(s)
}

// UnmarshalJSON reads an automation's shape; Compile checks the rest.
func (a *Automation) UnmarshalJSON(data []byte) error {
	data = bytes.Clone(data)
	v, err := document.Decoder{MaxDepth: 2 * DefaultLimits().DefinitionDepth, Strict: true}.Decode(data)
	if err != nil {
		var se *document.SyntaxError
		if errors.As(err, &se) {
			return ErrorList{diag.Syntax(se)}
		}
		return err
	}
	if v.Kind() != document.Object {
		return located(data, ErrorList{{Offset: -1, Code: diag.Root, Msg: "expected one automation object, found " + v.Describe()}})
	}
	var s shape
	def := s.automation(v)
	if len(s.errs) > 0 {
		return located(data, s.errs)
	}
	def.origin = origin{doc: data, value: v}
	def.origin.keep(def)
	*a = def
	return nil
}

// MarshalJSON writes the action with only the members it has.
func (a Action) MarshalJSON() ([]byte, error) {
	var o jsonw.Object
	o.Member("type", a.Type)
	o.String("check", a.Check)
	o.String("status", a.Status)
	o.Members(a.Params)
	return o.Bytes()
}
