package rules

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/verdict-rules/verdict/document"
	"github.com/verdict-rules/verdict/internal/suggest"
)

// ActionFunc computes the changes an action makes to a case, which it
// must only read; without changes, reason says why.
type ActionFunc func(c *Case) (changes []Change, reason string, err error)

// compiledAction is an action ready to run: set_case_status, whose change
// goes in the room the result gives it, or another.
type compiledAction struct {
	def    Action
	status *statusChange
	run    ActionFunc
	head   string // what notes say it does: "Set the case status to ACTIVE"
}

// compileAction prepares a built-in or registered action.
func (cfg *config) compileAction(a Action) (compiledAction, error) {
	ca := compiledAction{def: a, head: actionHead(a)}
	switch a.Type {
	case "set_case_status":
		ca.status = newStatusChange(a.Status)
		return ca, nil
	case "set_check_status":
		ca.run = setCheckStatus(a.Check, a.Status)
		return ca, nil
	}
	t, ok := cfg.actionTypes[a.Type]
	if !ok {
		return ca, errors.New("unknown action type " + suggest.Quote(a.Type))
	}
	run, err := t.Compile(a)
	ca.run = run
	return ca, err
}

// statusChange is set_case_status: it changes /status, and does not touch
// agent_determined_status or the status_updated_* fields. Its change is
// written in room the caller gives, so that a fired result and its change
// take one allocation.
type statusChange struct {
	status   string
	newValue json.RawMessage
	noop     string
}

// changeRoom holds one change and its old value.
type changeRoom struct {
	changes [1]Change
	buf     [48]byte
}

func newStatusChange(status string) *statusChange {
	return &statusChange{status: status, newValue: quoted(status), noop: "the case status is already " + status}
}

func (sc *statusChange) into(c *Case, room *changeRoom) ([]Change, string) {
	// A status is never empty, so the case's is the same only when it is
	// a string of the same text.
	status := c.Status()
	if status == sc.status {
		return nil, sc.noop
	}
	// The old value is written in the room too (absent, it is null).
	var oldValue json.RawMessage
	switch {
	case status != "":
		oldValue = document.AppendQuoted(room.buf[:0], status)
	case c.HasStatus():
		oldValue = c.Value().Get("status").AppendJSON(room.buf[:0])
	default:
		oldValue = append(room.buf[:0], "null"...)
	}
	room.changes[0] = Change{Field: "/status", OldValue: oldValue, NewValue: sc.newValue}
	return room.changes[:], ""
}

// setCheckStatus changes the status of every check of the given type where
// the case keeps it: the check's own status (case lists) and each result's
// status (case details). A check with neither gets its own status.
func setCheckStatus(check, status string) ActionFunc {
	newValue := quoted(status)
	return func(c *Case) ([]Change, string, error) {
		checks, ok := c.Value().Member("checks")
		if !ok || checks.Kind() != document.Array {
			return nil, "the case has no checks", nil
		}
		var changes []Change
		found := 0
		consider := func(field string, holder document.Value) {
			old, ok := holder.Member("status")
			if ok && old.Kind() == document.String && old.Text() == status {
				return
			}
			oldValue := json.RawMessage("null")
			if ok {
				oldValue = old.AppendJSON(nil)
			}
			changes = append(changes, Change{Field: field, OldValue: oldValue, NewValue: newValue})
		}
		for i := 0; i < checks.Len(); i++ {
			chk := checks.Index(i)
			if chk.Get("type").Text() != check {
				continue
			}
			found++
			base := document.IndexPointer("/checks", i)
			_, own := chk.Member("status")
			data, _ := chk.Member("data")
			results := 0
			for j := 0; j < data.Len() && data.Kind() == document.Array; j++ {
				if rec := data.Index(j); rec.Kind() == document.Object {
					if _, has := rec.Member("status"); has {
						results++
						consider(document.IndexPointer(base+"/data", j)+"/status", rec)
					}
				}
			}
			if own || results == 0 {
				consider(base+"/status", chk)
			}
		}
		switch {
		case found == 0:
			return nil, fmt.Sprintf("the case has no %s check", check), nil
		case len(changes) == 0:
			return nil, fmt.Sprintf("the %s check status is already %s", check, status), nil
		}
		return changes, "", nil
	}
}

func quoted(s string) json.RawMessage { return document.AppendQuoted(nil, s) }
