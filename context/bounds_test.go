package context

import (
	stdctx "context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/expr-lang/expr"

	"github.com/verdict-rules/verdict/diag"
	"github.com/verdict-rules/verdict/document"
)

// fieldError compiles one expression field and returns its error.
func fieldError(t *testing.T, src string, l Limits) *diag.Problem {
	t.Helper()
	reg, err := Builtins().WithExpression("x", src)
	if err != nil {
		t.Fatal(err)
	}
	_, errs := reg.Compile(l)
	if len(errs) != 1 {
		t.Fatalf("%.40q: got %v, want one error", src, errs)
	}
	return errs[0]
}

// TestExpressionSizeLimits refuses expressions longer or nested deeper
// than the limits before expr-lang parses them (its parser recurses once
// per level: a million levels overflowed the stack), at the byte where the
// limit is passed.
func TestExpressionSizeLimits(t *testing.T) {
	nest := func(open, close string, n int) string {
		return strings.Repeat(open, n) + "true" + strings.Repeat(close, n)
	}
	tests := []struct {
		name   string
		src    string
		l      Limits
		code   string
		offset int
	}{
		{"length", nest("(", ")", 1_000_000), Limits{}, "too_long", DefaultExprBytes},
		{"length, lowered", "1 + 2 + 3", Limits{MaxBytes: 5}, "too_long", 5},
		{"parentheses", nest("(", ")", 1_000_000), Limits{MaxBytes: 4 << 20}, "too_deep", DefaultExprDepth},
		{"brackets", nest("[", "]", 100), Limits{}, "too_deep", DefaultExprDepth},
		{"braces", strings.Repeat("{a: ", 100) + "1" + strings.Repeat("}", 100), Limits{}, "too_deep", 4 * DefaultExprDepth},
		{"!", strings.Repeat("!", 10_000_000) + "true", Limits{MaxBytes: 11 << 20}, "too_deep", DefaultExprDepth},
		{"-", strings.Repeat("-", 1_000_000) + "1 > 0", Limits{MaxBytes: 2 << 20}, "too_deep", DefaultExprDepth},
		{"- with spaces", strings.Repeat("- ", 100) + "1 > 0", Limits{}, "too_deep", 2 * DefaultExprDepth},
		{"not", strings.Repeat("not ", 100) + "true", Limits{}, "too_deep", 4 * DefaultExprDepth},
		{"! and (", nest("!(", ")", 100), Limits{}, "too_deep", DefaultExprDepth},
		{"depth, lowered", "((1)) > 0", Limits{MaxDepth: 1}, "too_deep", 1},
	}
	for _, tc := range tests {
		e := fieldError(t, tc.src, tc.l)
		if string(e.Code) != tc.code || e.Offset != tc.offset || e.Field != "x" {
			t.Errorf("%s: got %s at %d (%s), want %s at %d", tc.name, e.Code, e.Offset, e.Msg, tc.code, tc.offset)
		}
	}
	// At the limits, and with brackets in strings and comments, they compile.
	for _, src := range []string{
		nest("(", ")", DefaultExprDepth),
		strings.Repeat("!", DefaultExprDepth) + "true",
		strings.Repeat("1111111111 + ", (DefaultExprBytes-5)/13) + "1 > 0",
		`"((((((((((((((((((((((((((((((((((((" != '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[' /* (((((((((((((((((((((((((((((((((( */`,
		"1 - -1 - -1 - -1 - -1 - -1 - -1 - -1 - -1 - -1 - -1 - -1 - -1 - -1 - -1 - -1 - -1 - -1 - -1 - -1 - -1 - -1 - -1 - -1 - -1 - -1 - -1 - -1 - -1 - -1 - -1 - -1 - -1 - -1 > 0",
	} {
		reg, _ := Builtins().WithExpression("x", src)
		if _, errs := reg.Compile(Limits{}); errs != nil {
			t.Errorf("%.40q: %v", src, errs[0].Msg)
		}
	}
}

// TestUnboundedConstructsAreRefused refuses, when compiling, what the
// budget cannot bound: ranges with bounds that are not constants, matches
// with a pattern that is not one, and patterns past the limits.
func TestUnboundedConstructsAreRefused(t *testing.T) {
	tests := []struct {
		src, code, msg string
		offset         int
	}{
		{"len(1..case.n) > 0", "context_field", "a range needs constant bounds", 5},
		{"case.s matches case.p", "context_field", "matches needs a constant pattern", 7},
		{`case.s matches "` + strings.Repeat("a", 5000) + `"`, "too_long", "more than the limit of 4096", 15},
		{`case.s matches "((abcd){100}){10}"`, "too_large", "expands to more than 4096 steps", 15},
		{"__meter != nil", "context_field", "names starting with __ are reserved", 0},
	}
	for _, tc := range tests {
		e := fieldError(t, tc.src, Limits{})
		if string(e.Code) != tc.code || e.Offset != tc.offset || !strings.Contains(e.Msg, tc.msg) {
			t.Errorf("%.40q: got %q at %d (%s), want %q at %d: %s", tc.src, e.Code, e.Offset, e.Msg, tc.code, tc.offset, tc.msg)
		}
	}
	for _, src := range []string{"len(1..10) > 0", "len(-5..-1) == 5", `case.s matches "^[A-Z]{2}$"`} {
		reg, _ := Builtins().WithExpression("x", src)
		if _, errs := reg.Compile(Limits{}); errs != nil {
			t.Errorf("%q: %v", src, errs[0].Msg)
		}
	}
}

// evalField compiles and computes field x of a registry on a case, with a
// context, and returns the value, the bytes allocated and the error.
func evalField(t *testing.T, src, doc string, l Limits, ctx stdctx.Context) (document.Value, uint64, error) {
	t.Helper()
	reg, err := Builtins().WithExpression("x", src)
	if err != nil {
		t.Fatal(err)
	}
	reg, errs := reg.Compile(l)
	if errs != nil {
		t.Fatalf("%.60q: %v", src, errs[0].Msg)
	}
	root, err := document.Decode([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	v := reg.NewValues(root, time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC))
	v.Ctx = ctx
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	val, _ := v.Get("x")
	runtime.ReadMemStats(&after)
	return val, after.TotalAlloc - before.TotalAlloc, v.Err()
}

// TestExpressionCostIsBounded runs expressions that used to build a
// gigabyte of text or loop for a minute: each ends with a BudgetError
// having allocated a few megabytes at most.
func TestExpressionCostIsBounded(t *testing.T) {
	doubling := "let a0 = case.s; "
	for i := 1; i <= 20; i++ {
		doubling += fmt.Sprintf("let a%d = a%d + a%d; ", i, i-1, i-1)
	}
	doubling += "len(a20) > 0"
	doc := `{"s": "` + strings.Repeat("x", 1000) + `", "arr": [` + strings.Repeat(`"ab",`, 999) + `"ab"]}`
	for name, src := range map[string]string{
		"let doubling":      doubling,
		"reduce":            `len(reduce(1..20000, #acc + case.s, "")) > 0`,
		"nested loops":      `all(1..1000, all(1..1000, true))`,
		"loops over a case": `all(case.arr, all(case.arr, all(case.arr, true)))`,
		"replace":           `let s = case.s + case.s + case.s + case.s; len(replace(s, "", s)) > 0`,
		"replace, counted":  `let s = case.s + case.s + case.s + case.s; len(replace(s, "x", s, 2000)) > 0`,
		"join":              `let s = case.s + case.s; let g = s + s + s + s; len(join(case.arr, g)) > 0`,
		"toJSON":            `len(toJSON(toJSON(toJSON(toJSON(toJSON(toJSON(toJSON(toJSON(toJSON(toJSON(toJSON(toJSON(case.arr))))))))))))) > 0`,
		"map of concat":     `len(map(1..10000, case.s + string(#))) > 0`,
		// A list holding one list twice, itself twice, ...: 2^40 leaves.
		"toJSON of shared lists":  `len(toJSON(reduce(1..40, [#acc, #acc], case.arr))) > 0`,
		"string of shared lists":  `len(string(reduce(1..40, [#acc, #acc], case.arr))) > 0`,
		"flatten of shared lists": `len(flatten(reduce(1..40, [#acc, #acc], case.arr))) > 0`,
		"max of shared lists":     `max(reduce(1..40, [#acc, #acc], [1])) > 0`,
	} {
		_, alloc, err := evalField(t, src, doc, Limits{}, nil)
		var be *BudgetError
		// Ranges are expr-lang's own memory: its error is the other one.
		if (!errors.As(err, &be) || be.Budget != DefaultExprBudget) && (err == nil || !strings.Contains(err.Error(), "memory budget exceeded")) {
			t.Errorf("%s: got %v, want a BudgetError", name, err)
		}
		if alloc > 128<<20 {
			t.Errorf("%s: allocated %d bytes before stopping", name, alloc)
		}
	}
	// Within the budget they run, and the budget is the option.
	for src, want := range map[string]string{
		`len(reduce(1..50, #acc + case.s, ""))`:               "50000",
		`len(replace(case.s, "x", "yy"))`:                     "2000",
		`len(join(case.arr, ","))`:                            "2999",
		`count(case.arr, # == "ab")`:                          "1000",
		`sum(map(1..100, # * 2))`:                             "10100",
		`len(toJSON(case.arr))`:                               "8002",
		`upper(case.s[0:3]) + lower("ABC")`:                   `"XXXabc"`,
		`let a = case.s[0:2] + "y"; a + a`:                    `"xxyxxy"`,
		`1 + 2.5`:                                             "3.5",
		`now + duration("1h") > now`:                          "true",
		`len(fromJSON(toJSON(case.arr)))`:                     "1000",
		`join(split("a,b,c", ","), ";")`:                      `"a;b;c"`,
		`reduce(case.arr, #acc + len(#), 0)`:                  "2000",
		`len(filter(1..1000, # % 7 == 0))`:                    "142",
		`reduce(1..10, #acc + string(#), "")`:                 `"12345678910"`,
		`sortBy(["b", "a", "c"], #)[0] + "!"`:                 `"a!"`,
		`keys({"b": 1, "a": 2})[0] + toPairs({"c": 3})[0][0]`: `"ac"`,
	} {
		got, _, err := evalField(t, src, doc, Limits{}, nil)
		if err != nil || got.String() != want {
			t.Errorf("%s = %v (%v), want %s", src, got, err, want)
		}
	}
	if _, _, err := evalField(t, `len(reduce(1..50, #acc + case.s, "")) > 0`, doc, Limits{Budget: 500}, nil); err == nil {
		t.Error("a budget of 500 units let 50 kB of text be built")
	}
}

// deadlineAfter is a context whose deadline passes at the n-th call of Err;
// it counts the calls.
type deadlineAfter struct {
	stdctx.Context
	n, calls int
}

func (c *deadlineAfter) Err() error {
	c.calls++
	if c.calls >= c.n {
		return stdctx.DeadlineExceeded
	}
	return nil
}

// TestExpressionsWatchTheContext runs a loop of 90,000 steps, within the
// budget, with a context whose deadline passes at its third look: the
// evaluation ends there, 48 steps in, with the context's error.
func TestExpressionsWatchTheContext(t *testing.T) {
	ctx := &deadlineAfter{Context: stdctx.Background(), n: 3}
	_, _, err := evalField(t, `all(1..90000, true)`, `{}`, Limits{Budget: 1_000_000}, ctx)
	if !errors.Is(err, stdctx.DeadlineExceeded) {
		t.Fatalf("got %v, want the context's deadline", err)
	}
	if ctx.calls != 3 {
		t.Errorf("the context was looked at %d times, want 3 (at the start, then every %d steps)", ctx.calls, checkEvery)
	}
	// A context already done stops the expression before it starts.
	done, cancel := stdctx.WithCancel(stdctx.Background())
	cancel()
	if _, _, err := evalField(t, `true`, `{}`, Limits{}, done); !errors.Is(err, stdctx.Canceled) {
		t.Errorf("done context: got %v", err)
	}
}

// TestRewritingKeepsResults evaluates expressions as they are compiled,
// rewritten to pay for their cost, and as expr-lang compiles them plainly:
// the results are the same.
func TestRewritingKeepsResults(t *testing.T) {
	env := map[string]any{"s": "Ørsted AS", "n": 7, "f": 2.5, "arr": []any{"b", "a", "c"}, "nums": []any{3, 1, 2},
		"m": map[string]any{"x": 1, "y": "z"}}
	for _, src := range []string{
		`case.s + "!"`, `case.n + 1`, `case.f + case.n`, `case.n / 2`, `case.f / case.n + 1`, `case.n + case.f + 1`, `"a" + "b" + "c"`,
		`map(case.arr, # + "x")`, `filter(case.nums, # > 1)`, `reduce(case.nums, #acc + #, 0)`,
		`reduce(case.arr, #acc + #, "")`, `sortBy(case.arr, #)`, `len(groupBy(case.nums, # % 2))`,
		`join(case.arr, "-")`, `join(case.arr)`, `replace(case.s, "s", "S")`, `replace(case.s, "", "-")`,
		`replace("aaaa", "a", "b", 2)`, `upper(case.s)`, `lower(case.s)`, `trim("  x  ")`, `split(case.s, " ")`,
		`toJSON(case.m)`, `fromJSON("[1, {\"a\": 2}]")`, `string(case.nums)`, `toBase64(case.s)`,
		`fromBase64(toBase64(case.s))`, `reverse(case.nums)`, `uniq([1, 1, 2])`, `concat(case.arr, case.nums)`,
		`flatten([[1], [2, [3]]])`, `sort(case.nums)`, `take(case.arr, 2)`, `keys(case.m)`, `values(case.m)`,
		`toPairs(case.m)`, `fromPairs([["a", 1]]).a`, `all(case.nums, # > 0)`, `any(case.nums, # > 2)`,
		`one(case.nums, # == 1)`, `none(case.nums, # > 9)`, `count(case.nums, # > 1)`, `sum(case.nums)`,
		`find(case.arr, # == "a")`, `findIndex(case.arr, # == "c")`, `len(1..10)`, `case.missing + "x"`,
		`case.s matches "^Ø"`, `case.n > 5 ? "big" + "!" : "small"`, `let x = case.s; x + x`,
		`map(1..3, map(1..2, # * 10))`, `first(case.arr) + last(case.arr)`, `case.arr[0] + case.arr[1]`,
		`uniq(concat(case.nums, [1.0, 2.5, 2.5, 3], case.arr, case.arr, [true, false, true, nil, nil]))`,
		`uniq([[1], [1.0], [1, 2], [1], {"a": 1}, {"a": 1}, {"b": 1.0}, [], [], case.m, case.m, nil])`,
		`uniq([duration("1h"), duration("60m"), duration("2h"), 1, "1", 1])`, `uniq([])`, `uniq(1..5)`,
		`split("a,b,,c", ",", 2)`, `split(case.s, "")`, `split("", "")`, `split("", ",")`, `split("abc", "", -1)`,
		`splitAfter(case.s, " ")`, `splitAfter("a,b,c", ",", 0)`, `splitAfter("a,b,c", ",", 2)`,
		`concat([1], [], [[2]])`, `concat([])`, `concat(case.nums)`,
	} {
		reg, _ := Builtins().WithExpression("x", src)
		reg, errs := reg.Compile(Limits{})
		if errs != nil {
			t.Errorf("%s: %v", src, errs[0].Msg)
			continue
		}
		root, err := FromGo(env)
		if err != nil {
			t.Fatal(err)
		}
		v := reg.NewValues(root, time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC))
		got, ok := v.Get("x")
		plain, err := expr.Compile(src, exprOptions(false)...)
		if err != nil {
			t.Errorf("%s: plain compile: %v", src, err)
			continue
		}
		out, err := expr.Run(plain, exprEnv{Case: exprValue(root).(map[string]any)})
		if err != nil {
			if v.Err() == nil {
				t.Errorf("%s: plainly an error (%v), rewritten %v", src, err, got)
			}
			continue
		}
		want, werr := FromGo(out)
		if v.Err() != nil || werr != nil || ok != (out != nil) || (ok && got.String() != want.String()) {
			t.Errorf("%s: rewritten %v %v (%v), plainly %s", src, got, ok, v.Err(), want.String())
		}
	}
}

// TestEnvIsRefused: $env, the whole environment, reads context fields
// without naming them, so they were never computed and read as nil
// ($env.context.company_age == nil held on every case), and the case
// without naming it, which projection decoding must know.
func TestEnvIsRefused(t *testing.T) {
	for _, src := range []string{"$env.context.company_age == nil", "len($env.case.checks) == 0", `$env["case"] != nil`} {
		e := fieldError(t, src, Limits{})
		if e.Offset != strings.Index(src, "$env") || !strings.Contains(e.Msg, "$env is not supported") {
			t.Errorf("%q: got %q at %d", src, e.Msg, e.Offset)
		}
	}
}
