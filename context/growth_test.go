package context

import (
	"fmt"
	"runtime"
	"slices"
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
