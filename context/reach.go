package context

import (
	"time"

	"github.com/verdict-rules/verdict/document"
)

// growth is how a field counted from a date of the case changes with the
// clock: its value on a day is the whole years (or days) from that date.
type growth struct {
	origin func(c document.Value) (civil, string, bool) // the date, and its pointer in the case
	years  bool
}

// count is the field's value on day.
func (g *growth) count(from, day civil) int {
	if g.years {
		return yearsBetween(from, day)
	}
	return civilDays(civilTime(day)) - civilDays(civilTime(from))
}

// reached is the first day on which the field's value is n: the n-th
// anniversary of from (a 29 February completes its year on 1 March in
// other years), or the day n days after it.
func (g *growth) reached(from civil, n int) civil {
	if !g.years {
		return civilOf(time.Date(from.y, time.Month(from.m), from.d+n, 0, 0, 0, 0, time.UTC))
	}
	y := from.y + n
	if from.m == 2 && from.d == 29 && daysIn(y, 2) == 28 {
		return civil{y, 3, 1}
	}
	return civil{y, from.m, from.d}
}

func civilTime(d civil) time.Time { return time.Date(d.y, time.Month(d.m), d.d, 0, 0, 0, 0, time.UTC) }

// maxReachSteps is how many values of a field Reaches tries, one per year
// or day after now, before it gives up.
const maxReachSteps = 100_000

// Reaches returns the first date after now on which a field counted from
// a date of the case (company_age, case_age_days) takes a value n for
// which holds is true, the case otherwise as it is, and the pointer of the
// date it counts from. It tries each value the field takes on the way, at
// most 100,000 of them, and ok is false when none holds (a field that
// grows never comes down to a bound below it). from is empty, and ok
// false, when the field is absent for this case, and for other fields:
// their definition says nothing of how they change with the clock.
func (v *Values) Reaches(name string, holds func(document.Value) bool) (n int, date time.Time, from string, ok bool) {
	i := v.reg.find(name)
	if i < 0 || v.reg.fields[i].growth == nil {
		return 0, time.Time{}, "", false
	}
	g := v.reg.fields[i].growth
	origin, at, found := g.origin(v.Case)
	if !found {
		return 0, time.Time{}, "", false
	}
	cur := g.count(origin, civilOf(v.Now))
	for n := cur + 1; n <= cur+maxReachSteps; n++ {
		val := document.NewInt(int64(n))
		if holds(val) {
			return n, civilTime(g.reached(origin, n)), at, true
		}
	}
	return 0, time.Time{}, at, false
}

// Alters reports whether a change of the case at pointer may change the
// value of the field name: for company_age and case_age_days, a change on
// the way to or at the date they count from; for other fields (their
// definitions do not say what they read), any change.
func (v *Values) Alters(name, pointer string) bool {
	i := v.reg.find(name)
	if i < 0 || v.reg.fields[i].alters == nil {
		return true
	}
	tokens, err := document.SplitPointer(pointer)
	return err != nil || v.reg.fields[i].alters(tokens)
}
