// Package event reads the events that start automations, and checks an
// event a person gives for what looks like a mistake.
//
// An event is what happened to a case: case_status_updated (or its alias
// case_status_change) with the status it changed to and from, or a type a
// registered trigger type knows. Evaluation takes any event: one whose type
// no trigger knows is simply not triggered. Check is for tools that take
// an event from a person.
package event

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/verdict-rules/verdict/cases"
	"github.com/verdict-rules/verdict/diag"
	"github.com/verdict-rules/verdict/document"
	"github.com/verdict-rules/verdict/internal/jsonw"
	"github.com/verdict-rules/verdict/internal/suggest"
)

// Event is what happened to a case: its status changed.
type Event struct {
	// Type is "case_status_updated" (or its alias "case_status_change"),
	// or a type that a registered trigger type knows.
	Type string
	// Status is the status the case changed to.
	Status string
	// PreviousStatus is the status it changed from.
	PreviousStatus string
	// Data holds any other members of the event, for registered trigger
	// types and expressions (event.<name>). Parse also keeps here a
	// previous_status given as "" (PreviousStatus cannot tell it from no
	// previous status), so that Check reports it and MarshalJSON writes
	// the event back as it was.
	Data map[string]json.RawMessage
}

// MarshalJSON writes the event as one flat object.
func (e Event) MarshalJSON() ([]byte, error) { return flat(e.Type, e.Status, e.PreviousStatus, e.Data) }

// flat writes type, status and previous_status, those that are set, and
// the other members.
func flat(typ, status, previous string, others map[string]json.RawMessage) ([]byte, error) {
	var o jsonw.Object
	o.Member("type", typ)
	o.String("status", status)
	o.String("previous_status", previous)
	o.Members(others)
	return o.Bytes()
}

// Trigger says which events start an automation: those of its Type
// (case_status_updated, its alias case_status_change, or a registered
// type) that change the case to Status and from PreviousStatus, when set.
type Trigger struct {
	Type, Status, PreviousStatus string
	Params                       map[string]json.RawMessage // a registered type's properties
}

// MarshalJSON writes the trigger with the members it has.
func (t Trigger) MarshalJSON() ([]byte, error) {
	return flat(t.Type, t.Status, t.PreviousStatus, t.Params)
}

// Matches reports whether ev starts an automation with the trigger, when
// it is of a built-in type; a registered type's Match decides for its own.
// No trigger matches a nil event.
func (t Trigger) Matches(ev *Event) bool {
	return ev != nil && caseStatus(t.Type) && caseStatus(ev.Type) &&
		(t.Status == "" || t.Status == ev.Status) &&
		(t.PreviousStatus == "" || t.PreviousStatus == ev.PreviousStatus)
}

// caseStatus reports whether a type is case_status_updated, or
// case_status_change, the changelog's name for it.
func caseStatus(typ string) bool { return typ == "case_status_updated" || typ == "case_status_change" }

// TriggerType is a trigger type of one's own (rules.WithTriggerType):
// Match reports whether an event starts an automation with the trigger;
// Properties are as rules.Properties says.
type TriggerType struct {
	Name       string
	Properties map[string]json.RawMessage
	Required   []string
	Match      func(t Trigger, ev *Event) bool
}

// maxBytes bounds the size of an event document.
const maxBytes = 1 << 20

// UnmarshalJSON reads an event as Parse does.
func (e *Event) UnmarshalJSON(data []byte) error {
	ev, err := Parse(data)
	if err != nil {
		return err
	}
	*e = *ev
	return nil
}

// AppendDescription appends the event as notes describe it: its type,
// then "from" the previous status (when there is a status too) and "to"
// the status. A nil event appends nothing.
func (e *Event) AppendDescription(b []byte) []byte {
	if e == nil {
		return b
	}
	b = append(b, e.Type...)
	if e.PreviousStatus != "" && e.Status != "" {
		b = append(b, " from "...)
		b = append(b, e.PreviousStatus...)
	}
	if e.Status != "" {
		b = append(b, " to "...)
		b = append(b, e.Status...)
	}
	return b
}

// Parse reads an event: an object whose type, status and previous_status
// are strings, its other members going to Data. Malformed JSON and a
// repeated member are a *document.SyntaxError (with the line and column);
// an event of the wrong shape (not an object, a member that is not a
// string) an *Error. It does not check the event against automations:
// that is Check.
func Parse(data []byte) (*Event, error) {
	doc, err := document.Decoder{Strict: true, MaxBytes: maxBytes, MaxDepth: 64}.Decode(data)
	if err != nil {
		return nil, fmt.Errorf("event: %w", err)
	}
	if doc.Kind() != document.Object {
		return nil, &Error{Problems: diag.List{{Offset: -1, Code: diag.NotAnObject,
			Msg: "expected an object {\"type\", \"status\", \"previous_status\"}, found " + doc.Describe()}}}
	}
	ev := &Event{}
	var problems diag.List
	for i := 0; i < doc.Len(); i++ {
		name, v := doc.Key(i), doc.Index(i)
		var dst *string
		switch name {
		case "type":
			dst = &ev.Type
		case "status":
			dst = &ev.Status
		case "previous_status":
			dst = &ev.PreviousStatus
		default:
			if ev.Data == nil {
				ev.Data = map[string]json.RawMessage{}
			}
			ev.Data[name] = v.AppendJSON(nil)
			continue
		}
		if v.Kind() != document.String {
			problems = append(problems, problem(name, diag.WrongType, "expected a string, found "+v.Describe()))
			continue
		}
		*dst = v.Text()
		if name == "previous_status" && v.Text() == "" {
			if ev.Data == nil {
				ev.Data = map[string]json.RawMessage{}
			}
			ev.Data[name] = json.RawMessage(`""`)
		}
	}
	if len(problems) > 0 {
		return nil, &Error{Problems: problems}
	}
	return ev, nil
}

// Error lists every problem found in an event, each at the pointer of its
// member ("/status"), or at "" for the event as a whole. errors.As opens
// the errors of Parse and Check to it, and to its first *diag.Problem.
type Error struct {
	Problems diag.List
}

// Error writes "invalid event: " and every problem, each after its
// member's name.
func (e *Error) Error() string {
	parts := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		parts[i] = p.Msg
		if member := Member(p); member != "" {
			parts[i] = member + ": " + p.Msg
		}
	}
	return "invalid event: " + strings.Join(parts, "; ")
}

// Unwrap returns the problems.
func (e *Error) Unwrap() []error { return e.Problems.Unwrap() }

// Member returns the name of the member a problem of an event is about, or
// "" for the event as a whole.
func Member(p *diag.Problem) string {
	tokens, err := document.SplitPointer(p.Pointer)
	if err != nil || len(tokens) != 1 {
		return ""
	}
	return tokens[0]
}

func problem(member string, code diag.Code, msg string) *diag.Problem {
	return &diag.Problem{Pointer: document.JoinPointer("", member), Offset: -1, Code: code, Msg: msg}
}

// members are the members an event has besides Data.
var members = []string{"type", "status", "previous_status"}

// Check reports what in an event looks like a mistake, as an *Error listing
// every problem: no type; a type close to, but not, one the triggers know
// (the case status types and the registered ones, types): "case_status_update",
// "CASE_STATUS_UPDATED"; for a case status event, a missing or empty
// status, a previous_status given as "", and a status or previous_status
// outside the vocabulary statuses ("READY_FOR_REVEIW",
// "ready_for_review"); a member whose name is close to type, status or
// previous_status ("stauts"), or, in a case status event without a
// previous_status, one of the names people give it ("prev_status",
// "old_status", "from"). Types far from every trigger type (Quickr's
// CASE_CREATED) and other members are fine: they match no trigger, or are
// read by expressions as event.<name>. A nil event, a dry run, has no
// problems.
func Check(ev *Event, statuses, types []string) error {
	if ev == nil {
		return nil
	}
	var problems diag.List
	known := append([]string{"case_status_updated", "case_status_change"}, types...)
	slices.Sort(known)
	statusEvent := caseStatus(ev.Type)
	switch {
	case ev.Type == "":
		problems = append(problems, problem("type", diag.NoType, "the event has no type; expected one of: "+suggest.List(known)))
	case !slices.Contains(known, ev.Type):
		if near := suggest.Closest(ev.Type, known); near != "" {
			problems = append(problems, problem("type", diag.UnknownEventType,
				fmt.Sprintf("no trigger knows the event type %s (did you mean %s?)", suggest.Quote(ev.Type), suggest.Quote(near))))
		}
	}
	if statusEvent {
		if ev.Status == "" {
			problems = append(problems, problem("status", diag.NoStatus,
				fmt.Sprintf("a %s event needs a status, the status the case changed to", ev.Type)))
		}
		if given, ok := ev.Data["previous_status"]; ok && ev.PreviousStatus == "" && string(given) == `""` {
			problems = append(problems, problem("previous_status", diag.EmptyPreviousStatus,
				"the previous status is empty; leave the member out when there is none"))
		}
		for _, m := range []struct{ name, value string }{{"status", ev.Status}, {"previous_status", ev.PreviousStatus}} {
			if m.value != "" && !slices.Contains(statuses, m.value) {
				problems = append(problems, problem(m.name, diag.UnknownStatus, suggest.Unknown("case status", m.value, statuses)))
			}
		}
	}
	names := make([]string, 0, len(ev.Data))
	for name := range ev.Data {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if slices.Contains(members, name) {
			continue // an empty previous_status, kept in Data
		}
		near := suggest.Closest(name, members)
		if near == "" && statusEvent && ev.PreviousStatus == "" && previousNames[normalName(name)] {
			near = "previous_status"
		}
		if near != "" {
			problems = append(problems, problem(name, diag.MisspeltMember,
				fmt.Sprintf("unknown member %s (did you mean %s?); other members are read only by expressions, as event.<name>", suggest.Quote(name), suggest.Quote(near))))
		}
	}
	if len(problems) > 0 {
		return &Error{Problems: problems}
	}
	return nil
}

// previousNames are the names, written without case, "_" or "-", that a
// person gives the status a case changed from, too far from
// previous_status for "did you mean": a trigger with a previous_status
// would match no event that names it so.
var previousNames = map[string]bool{
	"prevstatus": true, "oldstatus": true, "fromstatus": true, "priorstatus": true, "laststatus": true,
	"statusbefore": true, "beforestatus": true, "previous": true, "prev": true, "from": true,
	"previouscasestatus": true, "prevcasestatus": true, "oldcasestatus": true,
}

// normalName is a member's name in lower case, without "_" and "-".
func normalName(name string) string {
	return strings.Map(func(r rune) rune {
		if r == '_' || r == '-' {
			return -1
		}
		return r
	}, strings.ToLower(name))
}

// Between derives the events between two versions of a case: a
// case_status_updated event when the status changed, none otherwise.
func Between(before, after *cases.Case) []Event {
	from, to := before.Status(), after.Status()
	if from == to {
		return nil
	}
	return []Event{{Type: "case_status_updated", Status: to, PreviousStatus: from}}
}
