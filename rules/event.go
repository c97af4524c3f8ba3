package rules

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/verdict-rules/verdict/conditions/jsonpath"
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
	// types and expressions (event.<name>). ParseEvent also keeps here a
	// previous_status given as "" (PreviousStatus cannot tell it from no
	// previous status), so that CheckEvent reports it and MarshalJSON
	// writes the event back as it was.
	Data map[string]json.RawMessage
}

// MarshalJSON writes the event as one flat object.
func (e Event) MarshalJSON() ([]byte, error) {
	return marshalFlat([]member{{"type", e.Type, true}, {"status", e.Status, e.Status != ""},
		{"previous_status", e.PreviousStatus, e.PreviousStatus != ""}}, e.Data)
}

// maxEventBytes bounds the size of an event document.
const maxEventBytes = 1 << 20

// UnmarshalJSON reads an event as ParseEvent does.
func (e *Event) UnmarshalJSON(data []byte) error {
	ev, err := ParseEvent(data)
	if err != nil {
		return err
	}
	*e = *ev
	return nil
}

// ParseEvent reads an event: an object whose type, status and
// previous_status are strings, its other members going to Data. Malformed
// JSON and a repeated member are a *jsonpath.SyntaxError (with the line and
// column); an event of the wrong shape (not an object, a member that is not
// a string) an *EventError. It does not check the event against automations:
// that is CheckEvent.
func ParseEvent(data []byte) (*Event, error) {
	doc, err := jsonpath.Decoder{Strict: true, MaxBytes: maxEventBytes, MaxDepth: 64}.Decode(data)
	if err != nil {
		return nil, fmt.Errorf("event: %w", err)
	}
	if doc.Kind() != jsonpath.Object {
		return nil, &EventError{Problems: []EventProblem{{Code: "not_an_object",
			Msg: "expected an object {\"type\", \"status\", \"previous_status\"}, found " + describeValue(doc)}}}
	}
	ev := &Event{}
	var problems []EventProblem
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
			ev.Data[name] = json.RawMessage(v.AppendJSON(nil))
			continue
		}
		if v.Kind() != jsonpath.String {
			problems = append(problems, EventProblem{Member: name, Code: "type",
				Msg: "expected a string, found " + describeValue(v)})
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
		return nil, &EventError{Problems: problems}
	}
	return ev, nil
}

// EventError lists every problem found in an event. errors.As opens the
// errors of ParseEvent and CheckEvent to it.
type EventError struct {
	Problems []EventProblem
}

// EventProblem is one problem of an event.
type EventProblem struct {
	// Member is the member concerned ("type", "status", "stauts"), or ""
	// for the event as a whole.
	Member string
	// Code is a stable kind: "no_type", "unknown_event_type", "no_status",
	// "empty_previous_status", "unknown_status", "misspelt_member", "type",
	// "not_an_object".
	Code string
	// Msg says what was found and what was expected, with a suggestion
	// when a known name is close.
	Msg string
}

func (p EventProblem) String() string {
	if p.Member == "" {
		return p.Msg
	}
	return p.Member + ": " + p.Msg
}

func (e *EventError) Error() string {
	parts := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		parts[i] = p.String()
	}
	return "invalid event: " + strings.Join(parts, "; ")
}

// eventMembers are the members an event has besides Data.
var eventMembers = []string{"type", "status", "previous_status"}

// CheckEvent reports what in an event looks like a mistake, as an
// *EventError listing every problem: no type; a type close to, but not,
// one the set's triggers know ("case_status_update", "CASE_STATUS_UPDATED");
// for a case status event (case_status_updated, case_status_change), a
// missing or empty status, a previous_status given as "", and a status or
// previous_status outside the status vocabulary ("READY_FOR_REVEIW",
// "ready_for_review"); a member whose name is close to type, status or
// previous_status ("stauts"). Types far from
// every trigger type (Quickr's CASE_CREATED) and other members are fine:
// they match no trigger, or are read by expressions as event.<name>. A nil
// event, a dry run, has no problems.
//
// Evaluate does not call it: a service that passes on every event it
// receives gets "not triggered" for those no trigger knows. Tools that take
// an event from a person (the CLI, test suites) should.
func (s *Set) CheckEvent(ev *Event) error {
	if s == nil {
		return errors.New("rules: CheckEvent on a nil Set")
	}
	if s.cfg == nil {
		return errNotCompiled
	}
	return s.cfg.checkEvent(ev)
}

// CheckEvent is Set.CheckEvent for one automation.
func (p *Program) CheckEvent(ev *Event) error {
	if p == nil || p.cfg == nil {
		return errors.New("rules: CheckEvent on a nil Program")
	}
	return p.cfg.checkEvent(ev)
}

func (cfg *config) checkEvent(ev *Event) error {
	if ev == nil {
		return nil
	}
	var problems []EventProblem
	known := []string{"case_status_updated", "case_status_change"}
	for name := range cfg.triggerTypes {
		known = append(known, name)
	}
	slices.Sort(known)
	statusEvent := ev.Type == "case_status_updated" || ev.Type == "case_status_change"
	switch {
	case ev.Type == "":
		problems = append(problems, EventProblem{Member: "type", Code: "no_type",
			Msg: "the event has no type; expected one of: " + suggest.List(known)})
	case !slices.Contains(known, ev.Type):
		if near := suggest.Closest(ev.Type, known); near != "" {
			problems = append(problems, EventProblem{Member: "type", Code: "unknown_event_type",
				Msg: fmt.Sprintf("no trigger knows the event type %s (did you mean %s?)", suggest.Quote(ev.Type), suggest.Quote(near))})
		}
	}
	if statusEvent {
		if ev.Status == "" {
			problems = append(problems, EventProblem{Member: "status", Code: "no_status",
				Msg: fmt.Sprintf("a %s event needs a status, the status the case changed to", ev.Type)})
		}
		if given, ok := ev.Data["previous_status"]; ok && ev.PreviousStatus == "" && string(given) == `""` {
			problems = append(problems, EventProblem{Member: "previous_status", Code: "empty_previous_status",
				Msg: "the previous status is empty; leave the member out when there is none"})
		}
		for _, m := range []struct{ name, value string }{{"status", ev.Status}, {"previous_status", ev.PreviousStatus}} {
			if e := cfg.checkStatus("", m.value); e != nil {
				problems = append(problems, EventProblem{Member: m.name, Code: "unknown_status", Msg: e.Msg})
			}
		}
	}
	names := make([]string, 0, len(ev.Data))
	for name := range ev.Data {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if slices.Contains(eventMembers, name) {
			continue // an empty previous_status, kept in Data
		}
		if near := suggest.Closest(name, eventMembers); near != "" {
			problems = append(problems, EventProblem{Member: name, Code: "misspelt_member",
				Msg: fmt.Sprintf("unknown member %s (did you mean %s?); other members are read only by expressions, as event.<name>", suggest.Quote(name), suggest.Quote(near))})
		}
	}
	if len(problems) > 0 {
		return &EventError{Problems: problems}
	}
	return nil
}
