package context

import (
	"testing"
	"time"

	"github.com/verdict-rules/verdict/document"
)

// TestReaches checks the date Reaches gives against the field itself: on
// that date the field has the value Reaches names, and the day before it
// does not hold yet.
func TestReaches(t *testing.T) {
	company := func(d string) string {
		return `{"sections": [{"type": "company", "additional_data": [{"registration_date": "` + d + `"}]}]}`
	}
	atLeast := func(n int64) func(document.Value) bool {
		return func(v document.Value) bool { return v.Kind() == document.Number && v.Float() >= float64(n) }
	}
	tests := []struct {
		name, doc, now, field string
		holds                 func(document.Value) bool
		want                  string // "" when no date comes
		wantN                 int
		from                  string
	}{
		{"company_age 2", company("2025-03-14"), "2026-11-24", "company_age", atLeast(2), "2027-03-14", 2, "/sections/0/additional_data/0/registration_date"},
		{"company_age on a leap day", company("2024-02-29"), "2026-11-24", "company_age", atLeast(3), "2027-03-01", 3, "/sections/0/additional_data/0/registration_date"},
		{"company_age to a leap year", company("2024-02-29"), "2026-11-24", "company_age", atLeast(4), "2028-02-29", 4, "/sections/0/additional_data/0/registration_date"},
		{"company_age never comes down", company("2012-02-14"), "2026-11-24", "company_age",
			func(v document.Value) bool { return v.Float() < 2 }, "", 0, "/sections/0/additional_data/0/registration_date"},
		{"case_age_days", `{"created_at": "2026-11-10T23:30:00-02:00"}`, "2026-11-24", "case_age_days", atLeast(30), "2026-12-10", 30, "/created_at"},
		{"ubo_count does not count time", `{}`, "2026-11-24", "ubo_count", atLeast(1), "", 0, ""},
		{"absent", `{}`, "2026-11-24", "company_age", atLeast(1), "", 0, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := document.Decode([]byte(tc.doc))
			if err != nil {
				t.Fatal(err)
			}
			n, d, from, ok := Builtins().NewValues(c, date(tc.now)).Reaches(tc.field, tc.holds)
			if from != tc.from || ok != (tc.want != "") {
				t.Fatalf("Reaches = %d, %v, %q, %v; want %s from %q", n, d, from, ok, tc.want, tc.from)
			}
			if !ok {
				return
			}
			if got := d.Format("2006-01-02"); got != tc.want || n != tc.wantN {
				t.Errorf("reaches %d on %s, want %d on %s", n, got, tc.wantN, tc.want)
			}
			on, _ := Builtins().NewValues(c, d).Get(tc.field)
			before, _ := Builtins().NewValues(c, d.AddDate(0, 0, -1)).Get(tc.field)
			if on.Float() != float64(n) || !tc.holds(on) || tc.holds(before) {
				t.Errorf("%s on %s is %s, the day before %s", tc.field, tc.want, on, before)
			}
		})
	}
	// A field that replaces a built-in does not count from a date.
	reg, err := Builtins().WithFunc("company_age", "mine", func(document.Value, time.Time) (any, bool) { return 1, true })
	if err != nil {
		t.Fatal(err)
	}
	c, _ := document.Decode([]byte(company("2025-03-14")))
	if _, _, from, ok := reg.NewValues(c, date("2026-11-24")).Reaches("company_age", atLeast(2)); ok || from != "" {
		t.Errorf("a company_age of one's own reaches 2 (from %q)", from)
	}
}
