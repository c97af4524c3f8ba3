package rules_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/verdict-rules/verdict/diag"
	"github.com/verdict-rules/verdict/rules"
)

// allocated returns the bytes f allocates.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// union is a union that names element 0 k times.
func union(k int) string {
	return "[" + strings.TrimSuffix(strings.Repeat("0,", k), ",") + "]"
}

// exprCondition writes an expression condition.
func exprCondition(src string) string {
	quoted, _ := json.Marshal(src)
	return `{"type": "expression", "expression": ` + string(quoted) + `}`
}

// problem returns the *rules.Error err opens to, failing when it does not
// have the code.
func problem(t *testing.T, name string, err error, code diag.Code) *rules.Error {
	t.Helper()
	var e *rules.Error
	if !errors.As(err, &e) || e.Code != code {
		t.Fatalf("%s: got %v, want a *rules.Error of code %s", name, err, code)
	}
	return e
}

// TestTraceValuesAreCut traces a path that yields one value of 100 KB
// 90,000 times: the trace keeps values up to Limits.TraceBytes and says how
// many it left out, where it used to write them all (9 GB).
func TestTraceValuesAreCut(t *testing.T) {
	c := parseCase(t, `{"status": "READY_FOR_REVIEW", "a": [["`+strings.Repeat("x", 100_000)+`"]]}`)
	for _, limit := range []int{0, 1 << 20} {
		p := compile(t, automation(`{"type": "equal", "field": "$.a`+union(300)+union(300)+`", "value": "y"}`),
			rules.WithLimits(rules.Limits{TraceBytes: limit}))
		want := limit
		if want == 0 {
			want = rules.DefaultLimits().TraceBytes
		}
		var r rules.Result
		var err error
		bytes := allocated(func() { r, err = p.Evaluate(context.Background(), c, nil, rules.WithTrace()) })
		if err != nil {
			t.Fatal(err)
		}
		leaf := r.Trace.Children[0]
		kept := 0
		for _, v := range leaf.Values {
			kept += len(v)
		}
		if kept > want || len(leaf.Values) == 0 {
			t.Errorf("limit %d: the trace keeps %d values of %d bytes", want, len(leaf.Values), kept)
		}
		if say := fmt.Sprintf("the trace shows %d of the 90000 values", len(leaf.Values)); !strings.Contains(leaf.Reason, say) {
			t.Errorf("limit %d: the reason %q does not say %q", want, leaf.Reason, say)
		}
		if bytes > uint64(4*want+8<<20) {
			t.Errorf("limit %d: tracing allocated %d bytes", want, bytes)
		}
	}
}

// TestQueryBytesAreBounded queries $..* on a string of 1 MB under 500
// arrays, which yields it 501 times (501 MB written out): Query refuses it
// with an error that errors.As opens, having read about as many bytes as
// its limit.
func TestQueryBytesAreBounded(t *testing.T) {
	doc := `{"status": "READY_FOR_REVIEW", "a": ` + strings.Repeat("[", 500) + `"` + strings.Repeat("x", 1<<20) + `"` + strings.Repeat("]", 500) + `}`
	c := parseCase(t, doc)
	var err error
	bytes := allocated(func() { _, err = rules.Query(c, "$..*") })
	e := problem(t, "$..*", err, diag.TooManyBytes)
	if !strings.Contains(e.Msg, "more than 4194304 bytes") {
		t.Errorf("the message %q does not name the limit", e.Msg)
	}
	if bytes > 1<<20 {
		t.Errorf("Query allocated %d bytes", bytes)
	}
	if _, err := rules.Query(c, "$..*", rules.WithLimits(rules.Limits{TraceBytes: 1 << 30})); err != nil {
		t.Errorf("with the limit raised: %v", err)
	}
}

// selfReferring writes lets that build lists holding the list before them
// twice, to depth n: a list of 2^n leaves in n small steps.
func selfReferring(name string, n int) string {
	s := fmt.Sprintf("let %s0 = [1]; ", name)
	for i := 1; i <= n; i++ {
		s += fmt.Sprintf("let %s%d = [%s%d, %s%d]; ", name, i, name, i-1, name, i-1)
	}
	return s
}

// TestSelfReferringListsAreCharged compares, searches, deduplicates and
// returns lists that hold one list many times over: each reads what it
// compares or converts at every level, which is charged to the budget
// before it runs (they used to run for minutes or take gigabytes).
func TestSelfReferringListsAreCharged(t *testing.T) {
	c := parseCase(t, `{"status": "READY_FOR_REVIEW"}`)
	for name, src := range map[string]string{
		"==":     selfReferring("a", 40) + selfReferring("b", 40) + "a40 == b40",
		"!=":     selfReferring("a", 40) + selfReferring("b", 40) + "a40 != b40",
		"in":     selfReferring("a", 30) + selfReferring("b", 30) + "a30 in [b30]",
		"uniq":   selfReferring("a", 40) + "len(uniq(a40)) > 0",
		"and":    selfReferring("a", 40) + `len(case.s ?? "") >= 0 && a40 == a40`,
		"nested": selfReferring("a", 40) + "[a40] == [a40]",
	} {
		p := compile(t, automation(exprCondition(src)))
		var err error
		bytes := allocated(func() { _, err = p.Evaluate(context.Background(), c, nil) })
		if err == nil || !strings.Contains(err.Error(), "/conditions/0: expression budget exceeded") {
			t.Errorf("%s: got %v, want the budget error", name, err)
		}
		if bytes > 16<<20 {
			t.Errorf("%s: allocated %d bytes", name, bytes)
		}
	}
	// Comparisons of ordinary lists stay within the budget: a value in a
	// list of 100,000, uniq of 1,000, a list equal to itself.
	vals := make([]string, 100_000)
	for i := range vals {
		vals[i] = fmt.Sprintf(`"v%d"`, i)
	}
	long := parseCase(t, `{"a": [`+strings.Join(vals, ",")+`]}`)
	for _, src := range []string{`"v99999" in case.a`, `len(uniq(1..1000)) == 1000`, `case.a == case.a`, `indexOf(case.s ?? "", "x") < 0`} {
		p := compile(t, automation(exprCondition(src)))
		if r, err := p.Evaluate(context.Background(), long, nil); err != nil || !r.Matched {
			t.Errorf("%s: got %v, %v; want a match within the budget", src, r.Matched, err)
		}
	}
	// A context field whose value is such a list is charged for what it is
	// written out to.
	field := selfReferring("a", 26) + "a26"
	var err error
	bytes := allocated(func() {
		_, err = rules.Query(c, "$.context.f", rules.WithContextField("f", field))
	})
	if err == nil || !strings.Contains(err.Error(), `context field "f": expression budget exceeded`) {
		t.Errorf("context field: got %v, want the budget error", err)
	}
	if bytes > 16<<20 {
		t.Errorf("context field: allocated %d bytes", bytes)
	}
}

// TestComparisonsAreCharged: a string contains, a match and .length on a
// long string cost by its length, an array's contains by its elements, and
// the steps of all conditions add up against Limits.EvalSteps.
func TestComparisonsAreCharged(t *testing.T) {
	long := `"` + strings.Repeat("é", 1_000_000) + `"`
	for name, tc := range map[string]struct {
		doc, condition string
	}{
		"contains in a string": {`{"a": [` + long + `]}`,
			`{"type": "contains", "field": "$.a` + union(300) + `", "value": "z", "match": "any"}`},
		"contains in an array": {`{"a": [[` + strings.TrimSuffix(strings.Repeat("1,", 100_000), ",") + `]]}`,
			`{"type": "contains", "field": "$.a` + union(300) + `", "value": 2, "match": "any"}`},
		"matches": {`{"a": [` + long + `]}`,
			`{"type": "matches", "field": "$.a` + union(300) + `", "value": "z", "match": "any"}`},
		"length of two strings in turn": {`{"a": [` + long + `,` + long + `]}`,
			`{"type": "equal", "field": "$.a[` + strings.TrimSuffix(strings.Repeat("0,1,", 150), ",") + `].length", "value": 1}`},
	} {
		p := compile(t, automation(tc.condition), rules.WithLimits(rules.Limits{EvalSteps: 1_000_000}))
		c := parseCase(t, tc.doc)
		_, err := p.Evaluate(context.Background(), c, nil)
		e := problem(t, name, err, diag.TooManySteps)
		if !strings.HasPrefix(e.Pointer, "/conditions/0") || !strings.Contains(e.Msg, "more than 1000000 steps") {
			t.Errorf("%s: got %v at %q", name, e.Msg, e.Pointer)
		}
		_, err = p.Evaluate(context.Background(), c, nil, rules.WithTrace())
		if traced := problem(t, name+", traced", err, diag.TooManySteps); traced.Pointer != e.Pointer {
			t.Errorf("%s: traced, the error is at %q, untraced at %q", name, traced.Pointer, e.Pointer)
		}
	}
}

// TestLengthOfOneStringIsReadOnce reads .length of one 2 MB string 90,000
// times through unions: it is counted once (it used to be counted 90,000
// times, over 100 s), so the evaluation stays within a small budget.
func TestLengthOfOneStringIsReadOnce(t *testing.T) {
	c := parseCase(t, `{"a": [["`+strings.Repeat("é", 1_000_000)+`"]]}`)
	p := compile(t, automation(`{"type": "equal", "field": "$.a`+union(300)+union(300)+`.length", "value": 1000000}`),
		rules.WithLimits(rules.Limits{EvalSteps: 400_000}))
	r, err := p.Evaluate(context.Background(), c, nil)
	if err != nil || !r.Matched {
		t.Errorf("got %+v, %v; want a match within the budget", r.Matched, err)
	}
}

// TestLongListsAreCompared evaluates in and every of n values against n
// allowed ones: the steps they take grow with n, not n², so doubling n
// stays within the budget of twice the steps (they used to compare each
// value with each allowed one: 48 s and 25 s at n = 99,000).
func TestLongListsAreCompared(t *testing.T) {
	build := func(n int) (*rules.Case, string, string) {
		vals := make([]string, n)
		for i := range vals {
			vals[i] = fmt.Sprintf(`"v%d"`, i)
		}
		list := "[" + strings.Join(vals, ",") + "]"
		doc := `{"a": ` + list + `, "b": ` + list + `}`
		// The list in reverse, so that each value is found late.
		for i, j := 0, len(vals)-1; i < j; i, j = i+1, j-1 {
			vals[i], vals[j] = vals[j], vals[i]
		}
		return parseCase(t, doc), `{"type": "in", "field": "$.a[*]", "value": [` + strings.Join(vals, ",") + `]}`,
			`{"type": "every", "field": "$.a[*]", "path": "$.b[*]"}`
	}
	for _, n := range []int{10_000, 20_000} {
		c, in, every := build(n)
		for name, cond := range map[string]string{"in": in, "every": every} {
			// 4 steps per value is plenty for a set, and far from n².
			p := compile(t, automation(cond), rules.WithLimits(rules.Limits{EvalSteps: 4 * n}))
			r, err := p.Evaluate(context.Background(), c, nil)
			if err != nil || !r.Matched {
				t.Errorf("%s, n = %d: got %v, %v; want a match within %d steps", name, n, r.Matched, err, 4*n)
			}
		}
	}
}

// TestRegexpWorkIsChargedBeforeMatching matches a pattern of 4,000
// instructions against a 1 MB string: the work it may take is charged
// before the match, which is refused at once (it used to run 32 s,
// whatever the deadline); in an expression too.
func TestRegexpWorkIsChargedBeforeMatching(t *testing.T) {
	c := parseCase(t, `{"s": "`+strings.Repeat("a", 1_000_000)+`"}`)
	pattern := `(?:[ab]?){1000}(?:[ab]?){1000}c`
	p := compile(t, automation(`{"type": "matches", "field": "$.s", "value": "`+pattern+`"}`))
	ctx := &deadlineAfter{Context: context.Background(), n: 1 << 30}
	_, err := p.Evaluate(ctx, c, nil)
	e := problem(t, "matches", err, diag.TooManySteps)
	if e.Pointer != "/conditions/0" {
		t.Errorf("matches: the error is at %q", e.Pointer)
	}
	p = compile(t, automation(exprCondition(`case.s matches "`+pattern+`"`)))
	if _, err := p.Evaluate(ctx, c, nil); err == nil || !strings.Contains(err.Error(), "/conditions/0: expression budget exceeded") {
		t.Errorf("expression: got %v, want the budget error", err)
	}
	// A match the budget allows still matches.
	p = compile(t, automation(`{"type": "matches", "field": "$.s", "value": "^a+$"}`))
	if r, err := p.Evaluate(ctx, c, nil); err != nil || !r.Matched {
		t.Errorf("^a+$: got %v, %v", r.Matched, err)
	}
}

// TestEvaluationStopsAtTheFirstError evaluates 500 expression conditions
// in an or, and a context that ends after its third look: the evaluation
// stops at the condition where it ended, where it used to go on through
// the other 499, each looking at the context again.
func TestEvaluationStopsAtTheFirstError(t *testing.T) {
	c := parseCase(t, `{"s": "`+strings.Repeat("x", 100_000)+`"}`)
	conds := make([]string, 500)
	for i := range conds {
		conds[i] = exprCondition(fmt.Sprintf(`reduce(1..50, #acc + len(case.s), 0) == %d`, i))
	}
	p := compile(t, automation(`{"type": "or", "conditions": [`+strings.Join(conds, ",")+`]}`))
	for _, trace := range []bool{false, true} {
		var opts []rules.EvalOption
		if trace {
			opts = append(opts, rules.WithTrace())
		}
		ctx := &deadlineAfter{Context: context.Background(), n: 3}
		if _, err := p.Evaluate(ctx, c, nil, opts...); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("trace %v: got %v, want the deadline", trace, err)
		}
		if ctx.calls > 10 {
			t.Errorf("trace %v: the context was looked at %d times after it ended", trace, ctx.calls-3)
		}
	}
}

// TestStepsAddUpAcrossConditions evaluates 50 different union paths in an
// or, each within its own limit of visits; together they pass the
// evaluation's budget, which stops them (they used to run 50 s).
func TestStepsAddUpAcrossConditions(t *testing.T) {
	c := parseCase(t, `{"a": [[[[[[1]]]]]]}`)
	conds := make([]string, 50)
	for i := range conds {
		conds[i] = `{"type": "equal", "field": "$.a` + union(100) + union(100) + union(10+i) + `[?(@===2)]", "value": 2}`
	}
	p := compile(t, automation(`{"type": "or", "conditions": [`+strings.Join(conds, ",")+`]}`),
		rules.WithLimits(rules.Limits{EvalSteps: 10_000_000}))
	_, err := p.Evaluate(context.Background(), c, nil)
	e := problem(t, "50 paths", err, diag.TooManySteps)
	// Each path visits 100·100·(10+i) + 100·100 + 100 nodes, and tests
	// what the last union visits with its filter: the budget runs out in
	// the first few.
	var n int
	if _, err := fmt.Sscanf(e.Pointer, "/conditions/0/conditions/%d/field", &n); err != nil || n < 2 || n > 20 {
		t.Errorf("the budget ran out at %s", e.Pointer)
	}
}

// TestExpressionsShareTheBudget computes 300 context fields that each build
// a 6 MB string, within the budget of one expression: together they pass
// the evaluation's budget, which stops them before they take gigabytes.
func TestExpressionsShareTheBudget(t *testing.T) {
	c := parseCase(t, `{"s": "`+strings.Repeat("x", 3_000_000)+`"}`)
	opts := []rules.Option{rules.WithExprBudget(200_000)}
	conds := make([]string, 300)
	for i := range conds {
		name := fmt.Sprintf("f%d", i)
		opts = append(opts, rules.WithContextField(name, "case.s + case.s"))
		conds[i] = `{"type": "equal_to_null", "field": "$.context.` + name + `"}`
	}
	p := compile(t, automation(`{"type": "or", "conditions": [`+strings.Join(conds, ",")+`]}`), opts...)
	var err error
	bytes := allocated(func() { _, err = p.Evaluate(context.Background(), c, nil) })
	if e := problem(t, "300 fields", err, diag.TooManySteps); !strings.Contains(e.Error(), "20000000 steps") {
		t.Errorf("got %v", e)
	}
	// 20,000,000 steps are 1,250,000 units, 80 MB of text.
	if bytes > 200<<20 {
		t.Errorf("allocated %d bytes", bytes)
	}
}

// TestCompiledSizeIsBounded compiles definitions whose compiled form is
// hundreds of times their size — regular expressions of Unicode classes,
// long paths, long expressions: what they compile to is counted against
// Limits.CompileBytes, the first part past it is a located error, and what
// compiling allocates stops growing with the definition.
func TestCompiledSizeIsBounded(t *testing.T) {
	class := `[\\p{L}\\p{N}\\p{S}\\p{P}]`
	regexp := strings.Repeat(class, 4000/(len(class)-2))
	path := "$" + strings.Repeat(".a", 1000)
	var or []string
	for i := 0; len(strings.Join(or, " || ")) < 4300; i++ {
		or = append(or, fmt.Sprintf("case.a%d == 'x'", i))
	}
	expression := strings.Join(or, " || ")
	for name, cond := range map[string]func(i int) string{
		"regular expressions": func(int) string { return `{"type": "matches", "field": "$.s", "value": "` + regexp + `"}` },
		"paths":               func(i int) string { return fmt.Sprintf(`{"type": "equal", "field": "%s.b%d", "value": 1}`, path, i) },
		"expressions":         func(int) string { return exprCondition(expression) },
	} {
		def := func(n int) string {
			conds := make([]string, n)
			for i := range conds {
				conds[i] = cond(i)
			}
			return automation(`{"type": "or", "conditions": [` + strings.Join(conds, ",") + `]}`)
		}
		var sizes []uint64
		for _, n := range []int{200, 400} {
			var err error
			sizes = append(sizes, allocated(func() { _, err = rules.Parse([]byte(def(n))) }))
			var list rules.ErrorList
			if !errors.As(err, &list) || len(list) != 1 || list[0].Code != diag.TooLarge ||
				!strings.HasPrefix(list[0].Pointer, "/conditions/0/conditions/") ||
				!strings.Contains(list[0].Msg, "more than 16777216 bytes") {
				t.Fatalf("%s, %d: got %v, want one too_large error", name, n, err)
			}
		}
		// Twice the definition: the schema check reads twice as much, the
		// compiled parts stop at the limit.
		if sizes[1] > sizes[0]*3/2+8<<20 {
			t.Errorf("%s: compiling allocated %d bytes, then %d for twice the definition", name, sizes[0], sizes[1])
		}
	}
}
