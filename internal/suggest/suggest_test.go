package suggest

import (
	"strings"
	"testing"
)

func TestClosest(t *testing.T) {
	fields := []string{"type", "field", "value", "match", "path", "conditions", "condition"}
	tests := []struct {
		name, in string
		cands    []string
		want     string
	}{
		{"swap", "feild", fields, "field"},
		{"case", "Field", fields, "field"},
		{"missing letter", "vaue", fields, "value"},
		{"plural", "condtions", fields, "conditions"},
		{"too far", "banana", fields, ""},
		{"short names need exact-ish", "ty", fields, ""},
		{"statuses", "READY_FOR_REVEIW", []string{"ACTIVE", "READY_FOR_REVIEW", "DECLINED"}, "READY_FOR_REVIEW"},
		{"check type", "sanctions", []string{"sanction", "company", "credit_score"}, "sanction"},
		{"exact is not a suggestion", "type", fields, ""},
		{"empty", "", fields, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Closest(tc.in, tc.cands); got != tc.want {
				t.Errorf("Closest(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"a", "", 1}, {"", "abc", 3}, {"feild", "field", 1},
		{"kitten", "sitting", 3}, {"ca", "abc", 3}, {"Ørsted", "Orsted", 1},
	}
	for _, tc := range tests {
		if got := Distance(tc.a, tc.b); got != tc.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestQuote(t *testing.T) {
	long := strings.Repeat("é", 150)
	tests := []struct{ in, want string }{
		{"", `""`},
		{"READY", `"READY"`},
		{"a\x1b[2Jb", `"a\x1b[2Jb"`},
		{strings.Repeat("x", MaxQuoted), `"` + strings.Repeat("x", MaxQuoted) + `"`},
		{strings.Repeat("x", 30_000_000), `"` + strings.Repeat("x", MaxQuoted) + `"… (30000000 bytes)`},
		{long, `"` + strings.Repeat("é", MaxQuoted) + `"… (300 bytes)`},
	}
	for _, tc := range tests {
		if got := Quote(tc.in); got != tc.want {
			t.Errorf("Quote(%.20q) = %.200s, want %.200s", tc.in, got, tc.want)
		}
	}
}
