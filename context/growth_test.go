package context

import (
	stdctx "context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
)

// TestAddingFieldsIsLinear adds n fields one after another and looks each
// up: a registry made by adding a field is worked out once, when read,
// and finds a field by its name in a map, so the bytes allocated grow as
// n, not n².
func TestAddingFieldsIsLinear(t *testing.T) {
	alloc := func(n int) uint64 {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		reg := Builtins()
		for i := 0; i < n; i++ {
			var err error
			if reg, err = reg.WithExpression(fmt.Sprintf("f%d", i), "1"); err != nil {
				t.Fatal(err)
			}
		}
		for i := 0; i < n; i++ {
			if _, ok := reg.Lookup(fmt.Sprintf("f%d", i)); !ok {
				t.Fatalf("f%d is missing", i)
			}
		}
		runtime.ReadMemStats(&after)
		if got := len(reg.Names()); got != n+len(Builtins().Names()) {
			t.Fatalf("%d names", got)
		}
		return after.TotalAlloc - before.TotalAlloc
	}
	a, b := alloc(4000), alloc(8000)
	if ratio := float64(b) / float64(a); ratio > 2.2 {
		t.Errorf("adding 4,000 fields allocates %d bytes, 8,000 %d (%.2f times as much, want at most 2.2)", a, b, ratio)
	}
}

// TestRegistriesStayImmutable: adding to a registry, or replacing one of
// its fields, leaves it as it was, whichever is read first, and
// registries read from many goroutines at once agree.
func TestRegistriesStayImmutable(t *testing.T) {
	must := func(r *Registry, err error) *Registry {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	base := Builtins()
	a := must(base.WithExpression("x", "1"))
	b := must(a.WithExpression("company_age", "2")) // replaces a built-in, in its place
	c := must(a.WithExpression("y", "3"))           // another branch from a
	d := must(b.WithExpression("x", "4"))
	// Read in an order other than the one they were made in.
	names := func(r *Registry) []string { return r.Names() }
	expr := func(r *Registry, name string) string {
		f, _ := r.Lookup(name)
		return f.Expression
	}
	builtins := names(base)
	if got := names(d); !slices.Equal(got, append(slices.Clone(builtins), "x")) || expr(d, "x") != "4" || expr(d, "company_age") != "2" {
		t.Errorf("d: %v, x = %q, company_age = %q", got, expr(d, "x"), expr(d, "company_age"))
	}
	if got := names(c); !slices.Equal(got, append(slices.Clone(builtins), "x", "y")) || expr(c, "x") != "1" || expr(c, "company_age") != "" {
		t.Errorf("c: %v", got)
	}
	if got := names(a); !slices.Equal(got, append(slices.Clone(builtins), "x")) || expr(a, "x") != "1" {
		t.Errorf("a: %v", got)
	}
	if expr(b, "x") != "1" || expr(b, "company_age") != "2" || !slices.Equal(names(base), builtins) {
		t.Errorf("b: x = %q, company_age = %q; builtins %v", expr(b, "x"), expr(b, "company_age"), names(base))
	}
	var zero Registry
	if got := must(zero.WithExpression("z", "1")).Names(); !slices.Equal(got, []string{"z"}) || len(zero.Names()) != 0 {
		t.Errorf("from a zero registry: %v", got)
	}
	// Many goroutines read a registry that was never read (go test -race).
	reg := base
	for i := 0; i < 100; i++ {
		reg = must(reg.WithExpression(fmt.Sprintf("f%d", i), "1"))
	}
	var wg sync.WaitGroup
	got := make([][]string, 8)
	for g := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[g] = reg.Names()
		}()
	}
	wg.Wait()
	for g := range got {
		if !slices.Equal(got[g], got[0]) || len(got[g]) != len(builtins)+100 {
			t.Errorf("goroutine %d read %d names", g, len(got[g]))
		}
	}
}

// TestBuiltinsPayBeforeTheyBuild: split, splitAfter and concat are charged
// for what they would build before they build it, so an expression whose
// result is past the budget is refused having allocated little (split of
// 2 MB of text by "" allocated 45 MB, and 220 MB for 10 MB, before the
// budget refused it).
func TestBuiltinsPayBeforeTheyBuild(t *testing.T) {
	text := `{"s": "` + strings.Repeat("x", 2<<20) + `"}`
	list := `{"l": [` + strings.TrimSuffix(strings.Repeat("1,", 20_000), ",") + `]}`
	for _, tc := range []struct{ name, src, doc string }{
		{"split", `len(split(case.s, "")) > 0`, text},
		{"split by a separator", `len(split(case.s, "x")) > 0`, text},
		{"splitAfter", `len(splitAfter(case.s, "")) > 0`, text},
		{"splitAfter, counted", `len(splitAfter(case.s, "", 1000000)) > 0`, text},
		{"concat", `len(concat(` + strings.TrimSuffix(strings.Repeat("case.l, ", 50), ", ") + `)) > 0`, list},
	} {
		_, alloc, err := evalField(t, tc.src, tc.doc, Limits{}, nil)
		var be *BudgetError
		if !errors.As(err, &be) {
			t.Errorf("%s: got %v, want a BudgetError", tc.name, err)
		}
		// The case itself, converted for expressions, is most of it.
		if limit := uint64(len(tc.doc)) + 4<<20; alloc > limit {
			t.Errorf("%s: allocated %d bytes before stopping, more than %d", tc.name, alloc, limit)
		}
	}
	for src, want := range map[string]string{
		`split("a,b,,c", ",")`:              `["a","b","","c"]`,
		`split("a,b,,c", ",", 2)`:           `["a","b,,c"]`,
		`split("a,b", ",", 0)`:              `[]`,
		`split("ab✓", "")`:                  `["a","b","✓"]`,
		`splitAfter("a,b,c", ",")`:          `["a,","b,","c"]`,
		`splitAfter("a,b,c", ",", -1)`:      `["a,","b,","c"]`,
		`concat([1], [], [[2]], ["x"])`:     `[1,[2],"x"]`,
		`len(split(case.s, ""))`:            "90000",
		`len(concat(1..30000, 1..30000))`:   "60000",
		`len(uniq(concat(1..500, 1..500)))`: "500",
	} {
		got, _, err := evalField(t, src, `{"s": "`+strings.Repeat("y", 90_000)+`"}`, Limits{}, nil)
		if err != nil || got.String() != want {
			t.Errorf("%s = %v (%v), want %s", src, got, err, want)
		}
	}
}

// TestUniqIsLinear: uniq finds the numbers, strings, booleans and times it
// has kept with a map, so the bytes it allocates grow as its list (the
// pairwise comparisons of expr-lang's own uniq allocated as its square).
func TestUniqIsLinear(t *testing.T) {
	alloc := func(n int) uint64 {
		got, alloc, err := evalField(t, fmt.Sprintf("len(uniq(1..%d))", n), `{}`, Limits{}, nil)
		if err != nil || got.String() != fmt.Sprint(n) {
			t.Fatalf("uniq of %d: %v (%v)", n, got, err)
		}
		return alloc
	}
	a, b := min(alloc(4000), alloc(4000)), min(alloc(8000), alloc(8000))
	if ratio := float64(b) / float64(a); ratio > 2.2 {
		t.Errorf("uniq of 4,000 numbers allocates %d bytes, of 8,000 %d (%.2f times as much, want at most 2.2)", a, b, ratio)
	}
}

// TestUniqPaysAsItGoes: uniq pays for each element it reads, so it looks at
// the context while it works and stops at the budget; values it cannot
// find with a map (lists, maps) are compared one by one, each comparison
// paid for.
func TestUniqPaysAsItGoes(t *testing.T) {
	doc := `{"l": [` + strings.TrimSuffix(strings.Repeat("1,", 90_000), ",") + `]}`
	ctx := &deadlineAfter{Context: stdctx.Background(), n: 3}
	if _, _, err := evalField(t, `len(uniq(case.l)) > 0`, doc, Limits{Budget: 1_000_000}, ctx); !errors.Is(err, stdctx.DeadlineExceeded) {
		t.Errorf("got %v, want the context's deadline", err)
	}
	var be *BudgetError
	if _, _, err := evalField(t, `len(uniq(case.l)) > 0`, doc, Limits{Budget: 50_000}, nil); !errors.As(err, &be) {
		t.Errorf("a budget of 50,000 for a list of 90,000: got %v", err)
	}
	// 1,000 distinct lists: half a million comparisons.
	lists := `{"l": [` + strings.TrimSuffix(strings.Repeat("[1, 2],", 1), ",")
	for i := 0; i < 1000; i++ {
		lists += fmt.Sprintf(", [%d]", i)
	}
	lists += "]}"
	if _, _, err := evalField(t, `len(uniq(case.l)) > 0`, lists, Limits{}, nil); !errors.As(err, &be) {
		t.Errorf("1,000 distinct lists: got %v, want a BudgetError", err)
	}
	got, _, err := evalField(t, `len(uniq(case.l))`, lists, Limits{Budget: 1_000_000}, nil)
	if err != nil || got.String() != "1001" {
		t.Errorf("1,000 distinct lists with a larger budget: %v (%v)", got, err)
	}
}
