package context

import (
	"fmt"
	"testing"
	"time"
)

// TestCivilString checks the hand-written date text against fmt and
// time.Format, which explanations used before, at the edges of the
// four-digit years and on every day of two years.
func TestCivilString(t *testing.T) {
	var dates []civil
	for _, y := range []int{-10000, -1, 0, 1, 9, 10, 99, 100, 999, 1000, 1999, 2024, 9999, 10000, 123456} {
		dates = append(dates, civil{y, 1, 1}, civil{y, 12, 31})
	}
	for day := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC); day.Year() < 2025; day = day.AddDate(0, 0, 1) {
		dates = append(dates, civilOf(day))
	}
	for _, c := range dates {
		if got, want := c.String(), fmt.Sprintf("%04d-%02d-%02d", c.y, c.m, c.d); got != want {
			t.Errorf("%v: String() = %q, want %q", c, got, want)
		}
		at := time.Date(c.y, time.Month(c.m), c.d, 23, 30, 0, 0, time.FixedZone("", -2*3600))
		if got, want := dayText(at), at.UTC().Format("2006-01-02"); got != want {
			t.Errorf("%v: dayText = %q, want %q", at, got, want)
		}
	}
}
