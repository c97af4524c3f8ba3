package rules

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/verdict-rules/verdict/conditions/jsonpath"
	"github.com/verdict-rules/verdict/internal/suggest"
)

// ActionFunc computes the changes an action makes to a case. It must only
// read the case. Returning no changes makes the action a no-op; reason
// then says why.
type ActionFunc func(c *Case) (changes []Change, reason string, err error)

// compiledAction is an action ready to run.
type compiledAction struct {
	def    Action
	run    ActionFunc
	status *statusChange // set_case_status, run in the result's own room
}

// compileAction prepares a built-in or registered action.
func (cfg *config) compileAction(a Action) (ActionFunc, error) {
	switch a.Type {
	case "set_case_status":
		return setCaseStatus(a.Status), nil
	case "set_check_status":
		return setCheckStatus(a.Check, a.Status), nil
	}
	if t, ok := cfg.actionTypes[a.Type]; ok {
		return t.Compile(a)
	}
	return nil, errors.New("unknown action type " + suggest.Quote(a.Type))
}

func quoted(s string) json.RawMessage { return jsonpath.AppendQuoted(nil, s) }

// setCaseStatus changes /status. It does not touch agent_determined_status
// or the status_updated_* fields.
func setCaseStatus(status string) ActionFunc {
	sc := newStatusChange(status)
	return func(c *Case) ([]Change, string, error) {
		// The change and its old value in one allocation.
		blk := new(changeRoom)
		changes, reason := sc.into(c, blk)
		return changes, reason, nil
	}
}

// statusChange is the work of set_case_status, done in room the caller
// gives: a fired result and its change then take one allocation.
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
	old := c.status
	ok := old != nil
	if ok && old.Kind() == jsonpath.String && old.Text() == sc.status {
		return nil, sc.noop
	}
	var oldValue json.RawMessage
	switch {
	case c.statusJSON != nil:
		oldValue = append(room.buf[:0], c.statusJSON...)
	case ok:
		oldValue = old.AppendJSON(room.buf[:0])
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
		checks, ok := c.root.Member("checks")
		if !ok || checks.Kind() != jsonpath.Array {
			return nil, "the case has no checks", nil
		}
		var changes []Change
		found := 0
		consider := func(field string, holder *jsonpath.Value) {
			old, ok := holder.Member("status")
			if ok && old.Kind() == jsonpath.String && old.Text() == status {
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
			base := jsonpath.IndexPointer("/checks", i)
			_, own := chk.Member("status")
			data, _ := chk.Member("data")
			results := 0
			for j := 0; j < data.Len() && data.Kind() == jsonpath.Array; j++ {
				if rec := data.Index(j); rec.Kind() == jsonpath.Object {
					if _, has := rec.Member("status"); has {
						results++
						consider(jsonpath.IndexPointer(base+"/data", j)+"/status", rec)
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
