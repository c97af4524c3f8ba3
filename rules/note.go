package rules

import "strconv"

func appendTopReason(b []byte, n, failed int) []byte {
	switch {
	case n == 0:
		return append(b, "no conditions: the automation always matches"...)
	case failed >= 0:
		b = append(b, "condition "...)
		b = strconv.AppendInt(b, int64(failed+1), 10)
		b = append(b, " of "...)
		b = strconv.AppendInt(b, int64(n), 10)
		return append(b, " does not hold"...)
	case n == 1:
		return append(b, "the condition holds"...)
	}
	b = append(b, "all "...)
	b = strconv.AppendInt(b, int64(n), 10)
	return append(b, " conditions hold"...)
}

// note is appendNote in a string of its own.
func (p *Program) note(r *Result, ev *Event, failed int) string {
	return string(p.appendNote(nil, r, ev, failed))
}

// appendNote writes the body of the note an evaluation adds to the case:
// what was decided and why.
func (p *Program) appendNote(b []byte, r *Result, ev *Event, failed int) []byte {
	b = append(b, "Automation "...)
	b = append(b, p.quotedName...)
	if p.ref.ID != "" {
		b = append(b, " ("...)
		b = append(b, p.ref.ID...)
		b = append(b, ')')
	}
	switch {
	case r.Fired:
		b = append(b, " fired"...)
		if ev == nil {
			b = append(b, " in a conditions-only dry run (no event)"...)
		} else {
			b = append(b, " on "...)
			b = ev.AppendDescription(b)
		}
		b = append(b, ": "...)
		b = appendTopReason(b, len(p.def.Conditions), -1)
		b = append(b, '.')
		next := 0 // the changeset entry of the next action that changed something
		for _, a := range r.Actions {
			b = append(b, ' ')
			var changes []Change
			if !a.Noop && next < len(r.Changeset) {
				changes = r.Changeset[next].Changes
				next++
			}
			b = appendAction(b, a, changes)
			b = append(b, '.')
		}
	case !r.Matched:
		b = append(b, " did not fire: "...)
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

func appendAction(b []byte, a ActionResult, changes []Change) []byte {
	switch a.Type {
	case "set_case_status":
		b = append(b, "Set the case status to "...)
		b = append(b, a.Status...)
	case "set_check_status":
		b = append(b, "Set the "...)
		b = append(b, a.Check...)
		b = append(b, " check status to "...)
		b = append(b, a.Status...)
	default:
		b = append(b, "Ran "...)
		b = append(b, a.Type...)
	}
	if a.Noop {
		b = append(b, ": no change, "...)
		return append(b, a.Reason...)
	}
	b = append(b, " ("...)
	for i, c := range changes {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, c.Field...)
		b = append(b, ' ')
		b = append(b, c.OldValue...)
		b = append(b, " → "...)
		b = append(b, c.NewValue...)
	}
	return append(b, ')')
}
