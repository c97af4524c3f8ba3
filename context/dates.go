package context

import (
	"fmt"
	"time"
)

// ParseDate reads a date written as YYYY-MM-DD or as an RFC 3339 timestamp
// and returns its calendar date at midnight UTC. A timestamp counts on the
// date it shows in its own offset ("2019-01-01T23:30:00-02:00" is
// 2019-01-01).
func ParseDate(s string) (time.Time, bool) {
	d, ok := parseCivil(s)
	if !ok {
		return time.Time{}, false
	}
	return time.Date(d.y, time.Month(d.m), d.d, 0, 0, 0, 0, time.UTC), true
}

// civil is a calendar date.
type civil struct{ y, m, d int }

// String writes the date as YYYY-MM-DD (as fmt's %04d-%02d-%02d, which it
// calls only for a year outside 0 to 9999): an explanation writes dates on
// every traced evaluation, and fmt took most of the explanation's cost.
func (c civil) String() string {
	if c.y < 0 || c.y > 9999 || c.m < 1 || c.m > 12 || c.d < 1 || c.d > 31 {
		return fmt.Sprintf("%04d-%02d-%02d", c.y, c.m, c.d)
	}
	b := [10]byte{
		byte('0' + c.y/1000), byte('0' + c.y/100%10), byte('0' + c.y/10%10), byte('0' + c.y%10), '-',
		byte('0' + c.m/10), byte('0' + c.m%10), '-', byte('0' + c.d/10), byte('0' + c.d%10),
	}
	return string(b[:])
}

// dayText writes the UTC date of t as YYYY-MM-DD, as t.UTC().Format
// ("2006-01-02") does.
func dayText(t time.Time) string {
	if c := civilOf(t); c.y >= 0 && c.y <= 9999 {
		return c.String()
	}
	return t.UTC().Format("2006-01-02")
}

func civilOf(t time.Time) civil {
	y, m, d := t.UTC().Date()
	return civil{y, int(m), d}
}

// parseCivil is ParseDate without building a time.Time for the common
// YYYY-MM-DD form.
func parseCivil(s string) (civil, bool) {
	if len(s) == 10 {
		y, ok1 := digits(s[0:4])
		m, ok2 := digits(s[5:7])
		d, ok3 := digits(s[8:10])
		if !ok1 || !ok2 || !ok3 || s[4] != '-' || s[7] != '-' {
			return civil{}, false
		}
		if m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
			return civil{}, false // 2019-02-30 and the like
		}
		return civil{y, m, d}, true
	}
	if len(s) < 20 {
		return civil{}, false
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return civil{}, false
	}
	y, m, d := t.Date()
	return civil{y, int(m), d}, true
}

// daysIn returns the number of days of month m (1-12) of year y.
func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

// YearsBetween returns the whole years completed from the date of from to
// the date of to, as a person's age is counted: a year completes on the
// anniversary, and a 29 February start completes on 1 March in years
// without one. Both times are taken as calendar dates in UTC. It is
// negative when to is before from.
func YearsBetween(from, to time.Time) int {
	return yearsBetween(civilOf(from), civilOf(to))
}

// before reports whether a is an earlier date than b.
func (a civil) before(b civil) bool {
	return a.y < b.y || (a.y == b.y && (a.m < b.m || (a.m == b.m && a.d < b.d)))
}

func yearsBetween(from, to civil) int {
	if to.before(from) {
		return -yearsBetween(to, from)
	}
	years := to.y - from.y
	if to.m < from.m || (to.m == from.m && to.d < from.d) {
		years--
	}
	return years
}

// DaysBetween returns the whole calendar days from the date of from to the
// date of to, in UTC; negative when to is before from.
func DaysBetween(from, to time.Time) int {
	return civilDays(to.UTC()) - civilDays(from.UTC())
}

// civilDays counts the days from 1970-01-01 to t's date (proleptic
// Gregorian calendar), without the range limits of time.Duration.
func civilDays(t time.Time) int {
	y, m, d := t.Year(), int(t.Month()), t.Day()
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era = (y - 399) / 400
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}
