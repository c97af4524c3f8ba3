package suggest

import (
	"math/rand/v2"
	"strconv"
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

// naiveDistance is the optimal string alignment distance computed on the
// whole table, to check DistanceAtMost against.
func naiveDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}

func TestDistanceAtMost(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	word := func() string {
		b := make([]rune, rng.IntN(12))
		for i := range b {
			b[i] = []rune("abcé")[rng.IntN(4)]
		}
		return string(b)
	}
	for range 20_000 {
		a, b := word(), word()
		limit := rng.IntN(6)
		want := min(naiveDistance(a, b), limit+1)
		if got := DistanceAtMost(a, b, limit); got != want {
			t.Fatalf("DistanceAtMost(%q, %q, %d) = %d, want %d", a, b, limit, got, want)
		}
		if got := Distance(a, b); got != naiveDistance(a, b) {
			t.Fatalf("Distance(%q, %q) = %d, want %d", a, b, got, naiveDistance(a, b))
		}
	}
}

// TestSuggestionsAreBounded: a name or candidate longer than MaxCompared
// costs nothing, and lengths that differ by more than the distance allowed
// are not compared, so the steps of a suggestion do not grow with the
// lengths of what it is given. Counted in bytes allocated: comparing two
// strings allocates their runes and three rows of the table.
func TestSuggestionsAreBounded(t *testing.T) {
	cands := make([]string, 100)
	for i := range cands {
		cands[i] = strings.Repeat("n", 1000) + strconv.Itoa(i)
	}
	for _, tc := range []struct {
		name  string
		cands []string
	}{
		{strings.Repeat("y", 7000), cands},
		{strings.Repeat("A", 1<<20), []string{"ACTIVE", "ARCHIVED"}},
		{"READY_FOR_REVIEW", cands},
		{strings.Repeat("n", 200), []string{strings.Repeat("n", 100), strings.Repeat("n", 150)}},
	} {
		if allocs := testing.AllocsPerRun(10, func() { Closest(tc.name, tc.cands) }); allocs > 1 {
			t.Errorf("Closest of %d bytes among %d candidates: %.0f allocations, want at most 1", len(tc.name), len(tc.cands), allocs)
		}
	}
	if got := Closest("READY_FOR_REVEIW", append(cands, "READY_FOR_REVIEW")); got != "READY_FOR_REVIEW" {
		t.Errorf("among long candidates: %q", got)
	}
}

func TestList(t *testing.T) {
	names := make([]string, 20)
	for i := range names {
		names[i] = strconv.Itoa(i)
	}
	names[1] = strings.Repeat("x", 500)
	want := "0, " + strings.Repeat("x", MaxQuoted) + "… (500 bytes), 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, … (20 in all)"
	if got := List(names); got != want {
		t.Errorf("List = %q\nwant %q", got, want)
	}
	if got := List([]string{"ACTIVE", "DECLINED"}); got != "ACTIVE, DECLINED" {
		t.Errorf("List = %q", got)
	}
}
