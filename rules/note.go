package rules

import (
	"encoding/json"
	"strconv"
)

// allHold is what the note of a firing says of n conditions.
func allHold(n int) string {
	switch n {
	case 0:
		return ": no conditions: the automation always matches."
	case 1:
		return ": the condition holds."
	}
	return ": all " + strconv.Itoa(n) + " conditions hold."
}

// note is appendNote in a string of its own.
func (p *Program) note(r *Result, ev *Event, failed int) string {
	return string(p.appendNote(nil, r, ev, failed, nil))
}

// appendNote writes the body of the note an evaluation adds to the case:
// what was decided and why.
func (p *Program) appendNote(b []byte, r *Result, ev *Event, failed int, masked maskedAt) []byte {
	b = append(b, p.noteHead...)
	switch {
	case r.Fired:
		b = append(b, " fired"...)
		if ev == nil {
			b = append(b, " in a conditions-only dry run (no event)"...)
		} else {
			b = append(b, " on "...)
			b = ev.AppendDescription(b)
		}
		b = append(b, p.allHold...)
		next := 0 // the changeset entry of the next action that changed something
		for i, a := range r.Actions {
			b = append(b, ' ')
			b = append(b, p.actions[i].head...)
			if a.Noop {
				b = append(b, ": no change, "...)
				b = append(b, a.Reason...)
			} else if next < len(r.Changeset) {
				b = appendChanges(b, r.Changeset[next].Changes, masked)
				next++
			} else {
				b = appendChanges(b, nil, nil)
			}
			b = append(b, '.')
		}
	case !r.Matched:
		b = append(b, " did not fire: "...)
		if l, ok := p.root.Labelled(r.DecidedBy); ok {
			// The reason first, as systems and people name it.
			b = append(b, l.Code...)
			if l.Code != "" && l.Text != "" {
				b = append(b, " — "...)
			}
			b = append(b, l.Text...)
			b = append(b, ": "...)
		}
		if n := len(p.def.Conditions); n > 1 {
			b = append(b, "condition "...)
			b = strconv.AppendInt(b, int64(failed+1), 10)
			b = append(b, " of "...)
			b = strconv.AppendInt(b, int64(n), 10)
		} else {
			b = append(b, "its condition"...)
		}
		b = append(b, " ("...)
		b = append(b, p.def.Conditions[failed].Type...)
		b = append(b, ", "...)
		b = append(b, "/conditions/"...)
		b = strconv.AppendInt(b, int64(failed), 10)
		b = append(b, ") does not hold"...)
		if ev == nil {
			b = append(b, " (conditions-only dry run, no event)"...)
		} else if !r.Triggered {
			b = append(b, ", and "...)
			b = ev.AppendDescription(b)
			b = append(b, " matches none of its triggers"...)
		}
		b = append(b, '.')
	default:
		b = append(b, " did not fire: "...)
		b = ev.AppendDescription(b)
		b = append(b, " matches none of its triggers; the conditions hold."...)
	}
	return b
}

// actionHead says what an action does, as notes say it.
func actionHead(a Action) string {
	switch a.Type {
	case "set_case_status":
		return "Set the case status to " + a.Status
	case "set_check_status":
		return "Set the " + a.Check + " check status to " + a.Status
	}
	return "Ran " + a.Type
}

// maskedAt gives the JSON of the case's value at a pointer with what a
// mask hides as tokens, and whether it hides any of it (nil: no mask).
type maskedAt func(pointer string) (json.RawMessage, bool)

// appendChanges writes the changes an action made: " (/status "A" → "B")";
// the value a change replaces is the case's, so masked writes what a mask
// hides of it as tokens.
func appendChanges(b []byte, changes []Change, masked maskedAt) []byte {
	b = append(b, " ("...)
	for i, c := range changes {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, c.Field...)
		b = append(b, ' ')
		if raw, ok := masked.at(c.Field); ok {
			b = append(b, raw...)
		} else {
			b = append(b, c.OldValue...)
		}
		b = append(b, " → "...)
		b = append(b, c.NewValue...)
	}
	return append(b, ')')
}

// appendCounterfactuals writes what would change a refused outcome, after
// its note: each change a condition needs, and whether it alone would
// make the automation fire.
func appendCounterfactuals(b []byte, cfs []*Trace) []byte {
	if len(cfs) == 0 {
		return b
	}
	b = append(b, " What would change it:"...)
	enough, unsure := false, false
	for i, t := range cfs {
		if i > 0 {
			b = append(b, ';')
		}
		b = append(b, ' ')
		b = append(b, t.Pointer...)
		b = append(b, " ("...)
		b = append(b, t.Type...)
		b = append(b, "): "...)
		b = append(b, t.Counterfactual.Sentence...)
		switch {
		case t.Counterfactual.Sufficient:
			b = append(b, " (this alone makes it fire)"...)
			enough = true
		case t.Counterfactual.Unsure:
			b = append(b, " (this may not be enough alone: other conditions read the same value)"...)
			unsure = true
		}
	}
	switch {
	case enough:
	case unsure:
		b = append(b, ". No one of these changes is known to make it fire alone"...)
	default:
		b = append(b, ". No one of these changes alone makes it fire"...)
	}
	return append(b, '.')
}

func (m maskedAt) at(pointer string) (json.RawMessage, bool) {
	if m == nil {
		return nil, false
	}
	return m(pointer)
}
