package rules_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/verdict-rules/verdict/cases"
	"github.com/verdict-rules/verdict/changeset"
	"github.com/verdict-rules/verdict/diag"
	"github.com/verdict-rules/verdict/rules"
)

// TestZeroValuesReturnErrors calls every entry point that takes a Program,
// a Set or a context with the values a caller may hold by mistake: each
// returns an error, and none panics.
func TestZeroValuesReturnErrors(t *testing.T) {
	c := parseCase(t, goodCase)
	p := compile(t, docsAutomation)
	defs, err := rules.Parse([]byte(docsAutomation))
	if err != nil {
		t.Fatal(err)
	}
	set, err := rules.CompileSet(defs)
	if err != nil {
		t.Fatal(err)
	}
	var (
		zeroProgram rules.Program
		nilProgram  *rules.Program
		zeroSet     rules.Set
		nilSet      *rules.Set
		nilCtx      context.Context
		ctx         = context.Background()
	)
	calls := map[string]func() error{
		"zero Program": func() error { _, err := zeroProgram.Evaluate(ctx, c, nil); return err },
		"nil Program":  func() error { _, err := nilProgram.Evaluate(ctx, c, nil); return err },
		"zero Set":     func() error { _, err := zeroSet.Evaluate(ctx, c, nil); return err },
		"nil Set":      func() error { _, err := nilSet.Evaluate(ctx, c, nil); return err },
		"nil context":  func() error { _, err := p.Evaluate(nilCtx, c, nil); return err },
		"nil context, set": func() error {
			_, err := set.Evaluate(nilCtx, c, nil)
			return err
		},
		"nil case":         func() error { _, err := p.Evaluate(ctx, nil, nil); return err },
		"zero case":        func() error { _, err := p.Evaluate(ctx, &rules.Case{}, nil); return err },
		"nil case, set":    func() error { _, err := set.Evaluate(ctx, nil, nil); return err },
		"nil case, Query":  func() error { _, err := rules.Query(nil, "$.status"); return err },
		"zero case, Query": func() error { _, err := rules.Query(&rules.Case{}, "$.status"); return err },
	}
	// The accessors of a zero or nil value give empty results.
	if zeroProgram.Warnings() != nil || nilProgram.Warnings() != nil || nilProgram.Automation().Name != "" ||
		zeroProgram.Automation().Name != "" || nilSet.Programs() != nil || nilSet.Len() != 0 || zeroSet.Len() != 0 {
		t.Error("an accessor of a zero or nil value gave a non-empty result")
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if r := recover(); r != nil {
					t.Fatalf("panic: %v", r)
				}
			}()
			if err := call(); err == nil {
				t.Error("no error")
			}
		})
	}
}

// TestExponentsCompareExactly compares numbers whose exponents do not fit
// an int64: 1e10995116277760 is not 1e1099511627776.
func TestExponentsCompareExactly(t *testing.T) {
	def := `{"name": "eq", "trigger": [{"type": "case_status_updated"}], "conditions": [{"type": "equal", "field": "$.n", "value": 1e1099511627776}], "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`
	p := compile(t, def)
	for doc, want := range map[string]bool{
		`{"n": 1e10995116277760}`:   false,
		`{"n": 10e1099511627775}`:   true,
		`{"n": 1e1099511627776}`:    true,
		`{"n": "1e1099511627776"}`:  true,
		`{"n": 1e1099511627777}`:    false,
		`{"n": -1e10995116277760}`:  false,
		`{"n": 1.0e1099511627776}`:  true,
		`{"n": 1e-10995116277760}`:  false,
		`{"n": 1e+1099511627776}`:   true,
		`{"n": 0.1e1099511627777}`:  true,
		`{"n": 100e1099511627774}`:  true,
		`{"n": 1e01099511627776}`:   true,
		`{"n": 1e001099511627776}`:  true,
		`{"n": 1e1099511627776000}`: false,
	} {
		r, err := p.Evaluate(context.Background(), parseCase(t, doc), nil)
		if err != nil {
			t.Fatal(err)
		}
		if r.Matched != want {
			t.Errorf("%s equal 1e1099511627776: matched %v, want %v", doc, r.Matched, want)
		}
	}
}

// automation returns a definition with one condition, written as JSON.
func automation(condition string) string {
	return `{"name": "hostile", "trigger": [{"type": "case_status_updated"}], "conditions": [` + condition +
		`], "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`
}

// compileError parses and compiles a definition and returns its one error.
func compileError(t *testing.T, def string, opts ...rules.Option) *rules.Error {
	t.Helper()
	defs, err := rules.Parse([]byte(def), opts...)
	if err == nil {
		_, err = rules.Compile(defs[0], opts...)
	}
	var list rules.ErrorList
	if !errors.As(err, &list) || len(list) != 1 {
		t.Fatalf("got %v, want one error", err)
	}
	return list[0]
}

// TestDeepFiltersAreRefused compiles a filter nested a million levels deep
// and one with ten million !: both are refused with a located error, the
// first by the length of the path, then, with the length limit raised, by
// its nesting. (They used to overflow the stack, which no recover catches.)
func TestDeepFiltersAreRefused(t *testing.T) {
	for name, field := range map[string]string{
		"parentheses": "$.a[?(" + strings.Repeat("(", 1_000_000) + "@.a" + strings.Repeat(")", 1_000_000) + ")]",
		"!":           "$.a[?(" + strings.Repeat("!", 10_000_000) + "@.a)]",
	} {
		def := automation(`{"type": "equal", "field": "` + field + `", "value": 1}`)
		e := compileError(t, def)
		if e.Pointer != "/conditions/0/field" || e.Code != "too_long" || e.Offset != rules.DefaultLimits().PathBytes ||
			!strings.Contains(e.Msg, "more than the limit of 4096") {
			t.Errorf("%s: got %+v", name, e)
		}
		e = compileError(t, def, rules.WithLimits(rules.Limits{PathBytes: 16 << 20}))
		if e.Pointer != "/conditions/0/field" || e.Code != "too_deep" || e.Offset != 6+rules.DefaultLimits().FilterDepth {
			t.Errorf("%s, longer paths allowed: got %+v", name, e)
		}
		if r := e.Render("f.json", []byte(def)); len(r) > 1000 {
			t.Errorf("%s: the rendered error is %d bytes long", name, len(r))
		}
	}
	// The limits are options.
	e := compileError(t, automation(`{"type": "equal", "field": "$.a[?(((((@.b)))))]", "value": 1}`), rules.WithLimits(rules.Limits{FilterDepth: 3}))
	if e.Code != "too_deep" || e.Offset != 9 {
		t.Errorf("FilterDepth 3: got %+v", e)
	}
}

// TestLongRegexpIsRefused compiles a matches condition with a 10 MB
// pattern: it is refused by its length, located, and the bytes allocated
// to parse and compile the definition are a small multiple of its size
// (compiling the pattern took 1.5 GB).
func TestLongRegexpIsRefused(t *testing.T) {
	def := automation(`{"type": "matches", "field": "$.s", "value": "` + strings.Repeat("a", 10_000_000) + `"}`)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	defs, err := rules.Parse([]byte(def))
	if err == nil {
		_, err = rules.Compile(defs[0])
	}
	runtime.ReadMemStats(&after)
	var list rules.ErrorList
	if !errors.As(err, &list) || list[0].Pointer != "/conditions/0/value" || list[0].Code != "too_long" || list[0].Offset != 4096 {
		t.Errorf("got %v, want too_long at /conditions/0/value, byte 4096", err)
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > 50*uint64(len(def)) {
		t.Errorf("parsing and compiling a %d-byte definition allocated %d bytes, more than 50 times its size", len(def), got)
	}
	// A pattern that is short but expands past the limit is refused too,
	// and RegexpBytes is the option.
	e := compileError(t, automation(`{"type": "matches", "field": "$.s", "value": "((abcd){100}){10}"}`))
	if e.Code != "too_large" || e.Pointer != "/conditions/0/value" {
		t.Errorf("expanded pattern: got %+v", e)
	}
	p := compile(t, automation(`{"type": "matches", "field": "$.s", "value": "((abcd){100}){10}"}`), rules.WithLimits(rules.Limits{RegexpBytes: 10_000}))
	r, err := p.Evaluate(context.Background(), parseCase(t, `{"s": "`+strings.Repeat("abcd", 1000)+`"}`), nil)
	if err != nil || !r.Matched {
		t.Errorf("with RegexpBytes 10,000: matched %v, %v", r.Matched, err)
	}
}

// TestManyErrorsAreLocatedInOnePass compiles definitions with thousands of
// errors and counts the bytes allocated: locating them reads the document
// once, so twice the errors cost about twice as much, not four times.
func TestManyErrorsAreLocatedInOnePass(t *testing.T) {
	alloc := func(n int) uint64 {
		conds := make([]string, n)
		for i := range conds {
			conds[i] = `{"type": "equal", "field": "$.a[", "value": 1}`
		}
		def := automation(strings.Join(conds, ", "))
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		defs, err := rules.Parse([]byte(def))
		if err == nil {
			_, err = rules.CompileSet(defs)
		}
		runtime.ReadMemStats(&after)
		var list rules.ErrorList
		if !errors.As(err, &list) || len(list) != diag.MaxProblems+1 || list[0].Pointer != "/conditions/0/field" || list[0].Line != 1 ||
			list[diag.MaxProblems].Code != "too_many_errors" {
			t.Fatalf("%d errors: got %v", n, err)
		}
		return after.TotalAlloc - before.TotalAlloc
	}
	small, large := alloc(4000), alloc(8000)
	if ratio := float64(large) / float64(small); ratio > 2.2 {
		t.Errorf("4,000 errors: %d bytes allocated; 8,000: %d (%.1f times as much, want at most 2.2)", small, large, ratio)
	}
}

// TestDeepExpressionsAreRefused compiles expressions nested a million
// levels deep: expr-lang's parser used to overflow the stack on them. They
// are refused, located, by their length and, with the length limit raised,
// by their nesting.
func TestDeepExpressionsAreRefused(t *testing.T) {
	const n = 1_000_000
	for name, src := range map[string]string{
		"(": strings.Repeat("(", n) + "true" + strings.Repeat(")", n),
		"!": strings.Repeat("!", n) + "true",
		"-": strings.Repeat("-", n) + "1 > 0",
		"[": strings.Repeat("[", n) + "1" + strings.Repeat("]", n) + " != nil",
	} {
		def := automation(`{"type": "expression", "expression": "` + src + `"}`)
		e := compileError(t, def)
		if e.Pointer != "/conditions/0/expression" || e.Code != "too_long" || e.Offset != 8192 {
			t.Errorf("%s: got %+v", name, e)
		}
		e = compileError(t, def, rules.WithLimits(rules.Limits{ExpressionBytes: 4 << 20}))
		if e.Pointer != "/conditions/0/expression" || e.Code != "too_deep" || e.Offset != rules.DefaultLimits().ExpressionDepth {
			t.Errorf("%s, longer expressions allowed: got %+v", name, e)
		}
		// The same in a context field.
		_, err := rules.Compile(rules.Automation{}, rules.WithContextField("deep", src))
		var list rules.ErrorList
		if !errors.As(err, &list) || list[0].Field != "deep" || list[0].Code != "too_long" {
			t.Errorf("%s, context field: got %v", name, err)
		}
	}
	e := compileError(t, automation(`{"type": "expression", "expression": "!(!(true))"}`), rules.WithLimits(rules.Limits{ExpressionDepth: 3}))
	if e.Code != "too_deep" || e.Offset != 3 {
		t.Errorf("ExpressionDepth 3: got %+v", e)
	}
}

// TestExpressionCostIsBounded evaluates the expressions that built a
// gigabyte of text, and that looped for 49 seconds: each ends with an
// error, having allocated little.
func TestExpressionCostIsBounded(t *testing.T) {
	doubling := "let a0 = case.s; "
	for i := 1; i <= 20; i++ {
		doubling += fmt.Sprintf("let a%d = a%d + a%d; ", i, i-1, i-1)
	}
	c := parseCase(t, `{"status": "READY_FOR_REVIEW", "s": "`+strings.Repeat("x", 1000)+`"}`)
	for name, src := range map[string]string{
		"let doubling": doubling + "len(a20) > 0",
		"reduce":       `len(reduce(1..20000, #acc + case.s, "")) > 0`,
	} {
		quoted, _ := json.Marshal(src)
		p := compile(t, automation(`{"type": "expression", "expression": `+string(quoted)+`}`))
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, err := p.Evaluate(context.Background(), c, nil)
		runtime.ReadMemStats(&after)
		if err == nil || !strings.Contains(err.Error(), "/conditions/0: expression budget exceeded") {
			t.Errorf("%s: got %v, want the budget error", name, err)
		}
		if got := after.TotalAlloc - before.TotalAlloc; got > 64<<20 {
			t.Errorf("%s: allocated %d bytes before stopping", name, got)
		}
	}
}

// deadlineAfter is a context whose deadline passes at the n-th call of Err;
// it counts the calls.
type deadlineAfter struct {
	context.Context
	n, calls int
}

func (c *deadlineAfter) Err() error {
	c.calls++
	if c.calls >= c.n {
		return context.DeadlineExceeded
	}
	return nil
}

// TestEvaluationWatchesTheContext evaluates a path that descends through a
// deeply nested case, and an expression that loops, with a context whose
// deadline passes after the evaluation has started: both end with the
// context's error at the next look at it, not when they are done.
func TestEvaluationWatchesTheContext(t *testing.T) {
	deep := strings.Repeat(`{"a": [1, `, 250) + "2" + strings.Repeat(`]}`, 250)
	c := parseCase(t, `{"status": "READY_FOR_REVIEW", "d": `+deep+`}`)
	for name, cond := range map[string]string{
		"path":       `{"type": "equal_to_null", "field": "$..a..a..a..a..x"}`,
		"expression": `{"type": "expression", "expression": "all(1..90000, true)"}`,
	} {
		p := compile(t, automation(cond), rules.WithExprBudget(1_000_000))
		ctx := &deadlineAfter{Context: context.Background(), n: 3}
		_, err := p.Evaluate(ctx, c, nil)
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("%s: got %v, want the context's deadline", name, err)
		}
		if ctx.calls > 4 {
			t.Errorf("%s: the context was looked at %d times after its deadline", name, ctx.calls-3)
		}
		defs, _ := rules.Parse([]byte(automation(cond)))
		set, err := rules.CompileSet([]rules.Automation{defs[0], defs[0]}, rules.WithExprBudget(1_000_000))
		if err != nil {
			t.Fatal(err)
		}
		ctx = &deadlineAfter{Context: context.Background(), n: 3}
		if _, err := set.Evaluate(ctx, c, nil); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("%s, set: got %v, want the context's deadline", name, err)
		}
	}
}

// TestUnionVisitsAreCounted evaluates unions that name one element again
// and again before a filter that rejects it: they count against the
// visits a path may make, like descents. (The evaluation's own step budget
// is lifted, so that the path's limit is the one met.)
func TestUnionVisitsAreCounted(t *testing.T) {
	union := "[" + strings.Repeat("0,", 99) + "0]"
	c := parseCase(t, `{"status": "READY_FOR_REVIEW", "a": [[[[[[[1]]]]]]]}`)
	for _, tc := range []struct {
		unions, limit int
	}{{3, 10_000}, {4, 0}} {
		def := automation(`{"type": "equal", "field": "$.a` + strings.Repeat(union, tc.unions) + `[?(@===2)]", "value": 1}`)
		p := compile(t, def, rules.WithLimits(rules.Limits{PathVisits: tc.limit, EvalSteps: 2_000_000_000}))
		_, err := p.Evaluate(context.Background(), c, nil)
		var le *rules.Error
		want := tc.limit
		if want == 0 {
			want = rules.DefaultLimits().PathVisits
		}
		if !errors.As(err, &le) || le.Code != diag.TooManyVisits || !strings.HasSuffix(le.Msg, fmt.Sprintf("visits more than %d nodes", want)) || le.Pointer != "/conditions/0/field" {
			t.Errorf("100^%d unions, limit %d: got %v, want a LimitError on visits", tc.unions, want, err)
		}
	}
}

// TestStaticChecksOfUnionsAreBounded compiles a definition whose path has
// four unions before a filter: the static checks used to walk the schema
// once for every combination of their parts (k^4; 12 GB at k = 40). They
// walk it once per step, so the bytes allocated hardly grow with k.
func TestStaticChecksOfUnionsAreBounded(t *testing.T) {
	def := func(k int) string {
		idx := "[" + strings.TrimSuffix(strings.Repeat("0,", k), ",") + "]"
		name := func(n string) string { return "[" + strings.TrimSuffix(strings.Repeat("'"+n+"',", k), ",") + "]" }
		return `{"name": "unions", "trigger": [{"type": "case_status_updated", "status": "READY_FOR_REVIEW"}], "conditions": [{"type": "equal_to_null",
		  "field": "$.checks` + idx + name("data") + idx + name("flags") + `[?(@.code==='NEVER')]"}], "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`
	}
	alloc := func(k int, opts ...rules.Option) (uint64, []rules.Warning) {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		p := compile(t, def(k), opts...)
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc, p.Warnings()
	}
	small, warnings := alloc(5)
	large, _ := alloc(15)
	if large > 4*small || large > 30<<20 {
		t.Errorf("k=5: %d bytes allocated; k=15: %d", small, large)
	}
	if len(warnings) != 1 || warnings[0].Code != "not_in_enum" {
		t.Errorf("warnings %+v, want the flag code outside the enum", warnings)
	}
	// The walk's limit is an option; past it the path is not checked
	// further, and a warning says so.
	_, warnings = alloc(5, rules.WithLimits(rules.Limits{SchemaVisits: 20}))
	if len(warnings) != 1 || warnings[0].Code != "too_complex" || warnings[0].Pointer != "/conditions/0/field" {
		t.Errorf("SchemaVisits 20: warnings %+v, want too_complex", warnings)
	}
}

// TestApplyIsLinear applies set_check_status to cases with 4,000, 8,000
// and 16,000 results of the check, as Evaluate writes it: twice the case
// and changes cost about twice the bytes allocated (Apply used to decode
// the whole case again after each change: four times, and 100 s at
// 16,000).
func TestApplyIsLinear(t *testing.T) {
	def := `{"name": "x", "trigger": [{"type": "case_status_updated"}], "conditions": [],
	  "actions": [{"type": "set_check_status", "check": "sanction", "status": "COMPLETED"}]}`
	p := compile(t, def)
	alloc := func(n int) uint64 {
		doc := []byte(`{"status":"READY_FOR_REVIEW","checks":[{"type":"sanction","data":[` +
			strings.TrimSuffix(strings.Repeat(`{"status":"PENDING"},`, n), ",") + `]}]}`)
		r, err := p.Evaluate(context.Background(), parseCase(t, string(doc)), nil)
		if err != nil || len(r.Changeset) != 1 || len(r.Changeset[0].Changes) != n {
			t.Fatalf("%d results: %v, %+v", n, err, r.Actions)
		}
		var before, after runtime.MemStats
		// Two collections empty the decoder's pool, so that each run
		// starts alike.
		runtime.GC()
		runtime.GC()
		runtime.ReadMemStats(&before)
		out, err := changeset.Apply(doc, r.Changeset)
		runtime.ReadMemStats(&after)
		if err != nil {
			t.Fatal(err)
		}
		if want := strings.ReplaceAll(string(doc), "PENDING", "COMPLETED"); string(out) != want {
			t.Fatalf("%d results: Apply wrote %.200s", n, out)
		}
		return after.TotalAlloc - before.TotalAlloc
	}
	// What the second 8,000 changes add is compared with what the first
	// 4,000 add, so the cost that does not grow with the case cancels out.
	least := func(n int) float64 { return float64(min(alloc(n), alloc(n))) }
	a, b, c := least(4000), least(8000), least(16000)
	if ratio := (c - b) / (b - a); ratio > 2.2 {
		t.Errorf("4,000 to 8,000 changes add %.0f bytes allocated; 8,000 to 16,000 add %.0f (%.2f times as much, want at most 2.2)", b-a, c-b, ratio)
	}
}

// TestWarningsAreCapped compiles a definition with 5,000 conditions that
// each earn a warning: the program keeps the first hundred and counts the
// rest, so each result stays small, and rendering them does not read the
// document once per warning.
func TestWarningsAreCapped(t *testing.T) {
	conds := make([]string, 5000)
	for i := range conds {
		conds[i] = `{"type": "equal", "field": "$.statsu", "value": "READY"}`
	}
	def := strings.Replace(automation(strings.Join(conds, ", ")), `"trigger": [{"type": "case_status_updated"}]`,
		`"trigger": [{"type": "case_status_updated", "status": "READY_FOR_REVIEW"}]`, 1)
	p := compile(t, def)
	ws := p.Warnings()
	if len(ws) != diag.MaxProblems+1 || ws[diag.MaxProblems].Code != "too_many_warnings" ||
		ws[diag.MaxProblems].Msg != "4900 more warnings were not reported" {
		t.Fatalf("%d warnings, the last %+v", len(ws), ws[len(ws)-1])
	}
	r, err := p.Evaluate(context.Background(), parseCase(t, `{"statsu": "READY"}`), nil)
	if err != nil || len(r.Warnings) != diag.MaxProblems+1 {
		t.Errorf("the result has %d warnings (%v)", len(r.Warnings), err)
	}
	if got := ws[0].RenderWarning("f.json", []byte(def)); !strings.Contains(got, `did you mean "status"?`) || !strings.Contains(got, "  | $.statsu") {
		t.Errorf("rendered %q", got)
	}
}

// TestBoundsCostNoAllocations counts the allocations of an untraced
// evaluation, with a context that can be cancelled: the checks of the
// context and of the limits add none (a refused evaluation allocates
// nothing, a fired one its result).
func TestBoundsCostNoAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	p := compile(t, docsAutomation)
	ev := &rules.Event{Type: "case_status_updated", Status: "READY_FOR_REVIEW"}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for doc, want := range map[string]float64{
		goodCase: 1,
		strings.Replace(goodCase, `"value": 92`, `"value": 12`, 1): 0,
	} {
		c := parseCase(t, doc)
		if _, err := p.Evaluate(ctx, c, ev); err != nil {
			t.Fatal(err)
		}
		if got := testing.AllocsPerRun(200, func() { p.Evaluate(ctx, c, ev) }); got != want {
			t.Errorf("%v allocations per evaluation, want %v", got, want)
		}
	}
}

// TestBoundsTracedAllocations counts the allocations of the traced
// evaluation the CLI makes, of the corrected automation on each of the
// docs' companies: the trace's nodes, values and reasons, whose sentences
// are put together without fmt (which boxed every number and took a
// quarter of the evaluation's instructions).
func TestBoundsTracedAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	auto, err := os.ReadFile("../testdata/automations/auto-approve.json")
	if err != nil {
		t.Fatal(err)
	}
	set := must(rules.Load(auto, rules.WithClock(clock)))
	p := set.Programs()[0]
	ev := &rules.Event{Type: "case_status_updated", Status: "READY_FOR_REVIEW"}
	ctx := context.Background()
	// What each company's traced evaluation allocates (68, 69, 59 and 59),
	// with room for a few more from another Go release; with fmt it was
	// 90, 91, 81 and 81.
	for name, most := range map[string]float64{"ragnarok-as": 72, "ecbert-holdings": 73, "floki-shipbuilders": 63, "rollo-the-warrior": 63} {
		data, err := os.ReadFile(filepath.Join("../testdata/cases/quickr", name+".json"))
		if err != nil {
			t.Fatal(err)
		}
		c := must(cases.Parse(data))
		if got := testing.AllocsPerRun(50, func() { p.Evaluate(ctx, c, ev, rules.WithTrace()) }); got > most {
			t.Errorf("%s: %v allocations per traced evaluation, want at most %v", name, got, most)
		}
	}
}
