package rules_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/verdict-rules/verdict/cases"
	"github.com/verdict-rules/verdict/conditions"
	"github.com/verdict-rules/verdict/document"
	"github.com/verdict-rules/verdict/internal/golden"
	"github.com/verdict-rules/verdict/rules"
)

// counterfactualCases are the counterfactuals of each kind of condition,
// each kept as the trace (with its counterfactuals) and the note in
// ../testdata/counterfactuals/NAME.json.
var counterfactualCases = []struct {
	name       string
	conditions string // the automation's conditions
	caseJSON   string
	now        string // default 2026-11-24
	event      string // default a status change to READY_FOR_REVIEW; "none" for a dry run
}{
	// Comparisons with a literal: the bound, the value, the list, the
	// pattern.
	{name: "at-least", conditions: `[{"type": "greater_than_or_equal", "field": "$.credit_score", "value": "70"}]`,
		caseJSON: `{"credit_score": 69}`},
	{name: "more-than", conditions: `[{"type": "greater_than", "field": "$.credit_score", "value": 70}]`,
		caseJSON: `{"credit_score": 70}`},
	{name: "at-most", conditions: `[{"type": "less_than_or_equal", "field": "$.ubo_count", "value": "4"}]`,
		caseJSON: `{"ubo_count": 7}`},
	{name: "less-than", conditions: `[{"type": "less_than", "field": "$.risk", "value": 0.5}]`,
		caseJSON: `{"risk": "0.75"}`},
	{name: "equal", conditions: `[{"type": "equal", "field": "$.flags.length", "value": "0"}]`,
		caseJSON: `{"flags": [{"code": "PEP"}]}`},
	{name: "equal-string", conditions: `[{"type": "equal", "field": "$.country", "value": "NO"}]`,
		caseJSON: `{"country": "SE"}`},
	{name: "not-equal", conditions: `[{"type": "not_equal", "field": "$.status", "value": "DECLINED"}]`,
		caseJSON: `{"status": "DECLINED"}`},
	{name: "in", conditions: `[{"type": "in", "field": "$.country", "value": ["NO", "SE", "DK"]}]`,
		caseJSON: `{"country": "DE"}`},
	{name: "contains", conditions: `[{"type": "contains", "field": "$.tags", "value": "verified"}]`,
		caseJSON: `{"tags": ["new"]}`},
	{name: "matches", conditions: `[{"type": "matches", "field": "$.org_number", "value": "^[0-9]{9}$"}]`,
		caseJSON: `{"org_number": "12345678X"}`},
	// Bounds are written from the definition's exact decimal.
	{name: "exact-bound", conditions: `[{"type": "greater_than", "field": "$.x", "value": "0.30000000000000001"},
		{"type": "greater_than_or_equal", "field": "$.y", "value": 9007199254740993}]`,
		caseJSON: `{"x": 0.3, "y": 9007199254740992}`},
	// Several values: each failing one with its pointer under all, any one
	// of them under match any.
	{name: "several-all", conditions: `[{"type": "equal", "field": "$.owners[*].country", "value": "NO"}]`,
		caseJSON: `{"owners": [{"country": "NO"}, {"country": "SE"}, {"country": "NO"}, {"country": "DK"}]}`},
	{name: "several-any", conditions: `[{"type": "greater_than_or_equal", "field": "$.scores[*]", "value": 70, "match": "any"}]`,
		caseJSON: `{"scores": [12, 45, 69]}`},
	// A path that yields nothing.
	{name: "missing", conditions: `[{"type": "greater_than_or_equal", "field": "$.current_credit_score.value", "value": "70"}]`,
		caseJSON: `{"current_credit_score": {}}`},
	// Null tests.
	{name: "equal-to-null", conditions: `[{"type": "equal_to_null", "field": "$.owners[*].country"}]`,
		caseJSON: `{"owners": [{"country": null}, {"country": "SE"}]}`},
	{name: "not-equal-to-null-missing", conditions: `[{"type": "not_equal_to_null", "field": "$.company.country"}]`,
		caseJSON: `{"company": {}}`},
	{name: "not-equal-to-null", conditions: `[{"type": "not_equal_to_null", "field": "$.owners[*].country"}]`,
		caseJSON: `{"owners": [{"country": null}, {"country": "SE"}]}`},
	// every: the values missing from the allowed set.
	{name: "every", conditions: `[{"type": "every", "field": "$.owners[*].country", "path": "$.company.countries[*]"}]`,
		caseJSON: `{"company": {"countries": ["NO", "SE"]}, "owners": [{"country": "NO"}, {"country": "DE"}, {"country": "US"}]}`},
	{name: "every-nothing-allowed", conditions: `[{"type": "every", "field": "$.owners[*].country", "path": "$.company.countries[*]"}]`,
		caseJSON: `{"company": {}, "owners": [{"country": "NO"}]}`},
	// Fields counted from a date: the date on which they hold.
	{name: "company-age", conditions: `[{"type": "greater_than_or_equal", "field": "$.context.company_age", "value": "2"}]`,
		caseJSON: `{"sections": [{"type": "company", "additional_data": [{"registration_date": "2025-03-14"}]}]}`},
	{name: "company-age-leap-day", conditions: `[{"type": "greater_than", "field": "$.context.company_age", "value": 2.5}]`,
		caseJSON: `{"sections": [{"type": "company", "additional_data": [{"registration_date": "2024-02-29"}]}]}`},
	{name: "company-age-never", conditions: `[{"type": "less_than", "field": "$.context.company_age", "value": "2"}]`,
		caseJSON: `{"sections": [{"type": "company", "additional_data": [{"registration_date": "2012-02-14"}]}]}`},
	{name: "company-age-absent", conditions: `[{"type": "greater_than_or_equal", "field": "$.context.company_age", "value": "2"}]`,
		caseJSON: `{"sections": []}`},
	{name: "case-age-days", conditions: `[{"type": "greater_than_or_equal", "field": "$.context.case_age_days", "value": 30}]`,
		caseJSON: `{"created_at": "2026-11-10T08:00:00Z"}`},
	// or: each branch's, any one enough; not: the negation of its child's.
	{name: "or", conditions: `[{"type": "or", "conditions": [
		{"type": "equal", "field": "$.sanction.flags.length", "value": "0"},
		{"type": "equal", "field": "$.sanction.data.length", "value": "0"}]}]`,
		caseJSON: `{"sanction": {"flags": ["PEP"], "data": [{}]}}`},
	{name: "not", conditions: `[{"type": "not", "condition": {"type": "equal", "field": "$.country", "value": "NO"}}]`,
		caseJSON: `{"country": "NO"}`},
	{name: "not-or", conditions: `[{"type": "not", "condition": {"type": "or", "conditions": [
		{"type": "in", "field": "$.country", "value": ["IR", "KP"]},
		{"type": "greater_than", "field": "$.owners[*].pep_hits", "value": 0, "match": "any"}]}}]`,
		caseJSON: `{"country": "KP", "owners": [{"pep_hits": 0}, {"pep_hits": 2}, {"pep_hits": 1}]}`},
	{name: "not-and", conditions: `[{"type": "not", "condition": {"type": "and", "conditions": [
		{"type": "equal_to_null", "field": "$.website"},
		{"type": "every", "field": "$.owners[*].country", "path": "$.countries[*]"}]}}]`,
		caseJSON: `{"countries": ["NO"], "owners": [{"country": "NO"}]}`},
	// Whether one change alone makes it fire, with and, or and not around
	// it: the credit score alone does not while the or fails too; either
	// branch of the or does not while the credit score fails.
	{name: "sufficient-nested", conditions: `[
		{"type": "greater_than_or_equal", "field": "$.credit_score", "value": 70},
		{"type": "or", "conditions": [
			{"type": "equal", "field": "$.flags.length", "value": 0},
			{"type": "not", "condition": {"type": "equal", "field": "$.checked", "value": true}}]},
		{"type": "not", "condition": {"type": "not_equal_to_null", "field": "$.declined_at"}}]`,
		caseJSON: `{"credit_score": 90, "flags": ["PEP"], "checked": true, "declined_at": null}`},
	{name: "sufficient-none", conditions: `[
		{"type": "greater_than_or_equal", "field": "$.credit_score", "value": 70},
		{"type": "or", "conditions": [
			{"type": "equal", "field": "$.flags.length", "value": 0},
			{"type": "equal", "field": "$.checked", "value": false}]}]`,
		caseJSON: `{"credit_score": 45, "flags": ["PEP"], "checked": true}`},
	// Another condition reads the value the change touches: the credit
	// score at 70 fails the or's first branch, so the change alone is
	// not known to be enough (unsure), never claimed sufficient.
	{name: "sufficient-shared-value", conditions: `[
		{"type": "greater_than_or_equal", "field": "$.score", "value": 70},
		{"type": "or", "conditions": [
			{"type": "less_than", "field": "$.score", "value": 50},
			{"type": "equal", "field": "$.manual_ok", "value": true}]}]`,
		caseJSON: `{"score": 40, "manual_ok": false}`},
	// Other conditions read the value, but none whose outcome counts: the
	// branches of an or that must hold, one of which is enough.
	{name: "sufficient-shared-or", conditions: `[
		{"type": "or", "conditions": [
			{"type": "greater_than_or_equal", "field": "$.score", "value": 70},
			{"type": "equal", "field": "$.score", "value": 100}]},
		{"type": "equal", "field": "$.country", "value": "NO"}]`,
		caseJSON: `{"score": 40, "country": "NO"}`},
	// An event that matches no trigger: no change to the case is enough.
	{name: "not-triggered", conditions: `[{"type": "greater_than_or_equal", "field": "$.credit_score", "value": "70"}]`,
		caseJSON: `{"credit_score": 69}`, event: `{"type": "case_status_updated", "status": "ACTIVE"}`},
	{name: "dry-run", conditions: `[{"type": "greater_than_or_equal", "field": "$.credit_score", "value": "70"}]`,
		caseJSON: `{"credit_score": 69}`, event: "none"},
	// Where verdict cannot compute the change, it says so.
	{name: "expression", conditions: `[{"type": "expression", "expression": "len(context.flags) == 0"}]`,
		caseJSON: `{"checks": [{"type": "sanction", "data": [{"flags": [{"code": "PEP"}]}]}]}`},
	{name: "custom", conditions: `[{"type": "within_list", "field": "$.country", "list": ["NO", "SE"]}]`,
		caseJSON: `{"country": "DE"}`},
}

// TestCounterfactuals keeps, for each kind of condition, the trace with
// its counterfactuals and the note, and checks that the note is the same
// untraced, and that a program compiled without the option says nothing
// of them.
func TestCounterfactuals(t *testing.T) {
	for _, tc := range counterfactualCases {
		t.Run(tc.name, func(t *testing.T) {
			now := fixedNow
			if tc.now != "" {
				now, _ = time.Parse("2006-01-02", tc.now)
			}
			def := `{"name": "cf", "triggers": [{"type": "case_status_updated", "status": "READY_FOR_REVIEW"}],
			  "conditions": ` + tc.conditions + `, "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`
			opts := []rules.Option{rules.WithClock(func() time.Time { return now }), rules.WithConditionType(withinList()),
				rules.WithCaseSchema(nil)}
			plain := rules.MustCompile(must(rules.Parse([]byte(def), opts...))[0], opts...)
			cf := rules.MustCompile(must(rules.Parse([]byte(def), opts...))[0], append(opts, rules.WithCounterfactuals())...)
			c := parseCase(t, tc.caseJSON)
			ev := &rules.Event{Type: "case_status_updated", Status: "READY_FOR_REVIEW"}
			switch tc.event {
			case "none":
				ev = nil
			case "":
			default:
				if err := json.Unmarshal([]byte(tc.event), &ev); err != nil {
					t.Fatal(err)
				}
			}
			ctx := context.Background()
			traced := must(cf.Evaluate(ctx, c, ev, rules.WithTrace()))
			untraced := must(cf.Evaluate(ctx, c, ev))
			before := must(plain.Evaluate(ctx, c, ev, rules.WithTrace()))
			if traced.Matched {
				t.Fatal("the conditions hold: nothing to change")
			}
			if traced.Note != untraced.Note || untraced.Trace != nil || traced.DecidedBy != untraced.DecidedBy {
				t.Errorf("traced and untraced differ:\n%q\n%q", traced.Note.Body, untraced.Note.Body)
			}
			if !strings.HasPrefix(traced.Note.Body, before.Note.Body+" What would change it: ") {
				t.Errorf("the note %q does not extend the note without counterfactuals %q", traced.Note.Body, before.Note.Body)
			}
			if strings.Contains(string(mustJSON(t, before)), "counterfactual") {
				t.Errorf("without the option, the result has counterfactuals: %s", mustJSON(t, before))
			}
			// Apart from the counterfactuals, the trace is the same.
			stripped := mustJSON(t, traced.Trace)
			var tr conditions.Trace
			if err := json.Unmarshal(stripped, &tr); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(mustJSON(t, strip(&tr)), mustJSON(t, before.Trace)) {
				t.Errorf("the traces differ beyond their counterfactuals:\n%s\n%s", mustJSON(t, strip(&tr)), mustJSON(t, before.Trace))
			}
			out := map[string]any{"note": traced.Note.Body, "trace": traced.Trace}
			b, err := json.MarshalIndent(out, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			golden.Check(t, filepath.Join("..", "testdata", "counterfactuals", tc.name+".json"), append(b, '\n'))
		})
	}
}

// strip removes the counterfactuals of a trace.
func strip(t *conditions.Trace) *conditions.Trace {
	t.Counterfactual = nil
	for _, k := range t.Children {
		strip(k)
	}
	return t
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestCounterfactualsOfTheDocsCompanies keeps the counterfactuals of the
// corrected automation for each of the docs' four companies it refuses,
// as verdict run shows them; the two it approves have none.
func TestCounterfactualsOfTheDocsCompanies(t *testing.T) {
	auto, err := os.ReadFile("../testdata/automations/auto-approve.json")
	if err != nil {
		t.Fatal(err)
	}
	set := must(rules.Load(auto, rules.WithClock(clock), rules.WithCounterfactuals()))
	ev := &rules.Event{Type: "case_status_updated", Status: "READY_FOR_REVIEW"}
	refused := 0
	for _, name := range []string{"ecbert-holdings", "floki-shipbuilders", "ragnarok-as", "rollo-the-warrior"} {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("../testdata/cases/quickr", name+".json"))
			if err != nil {
				t.Fatal(err)
			}
			rs := must(set.Evaluate(context.Background(), must(cases.Parse(data)), ev, rules.WithTrace()))
			b, err := json.MarshalIndent(rs, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			if rs[0].Fired {
				if bytes.Contains(b, []byte("counterfactual")) || strings.Contains(rs[0].Note.Body, "What would change it") {
					t.Errorf("a fired result has counterfactuals: %s", b)
				}
				return
			}
			refused++
			golden.Check(t, filepath.Join("..", "testdata", "counterfactuals", "companies", name+".json"), append(b, '\n'))
		})
	}
	if refused != 2 {
		t.Errorf("%d companies refused, want 2 (Ecbert Holdings and Rollo the Warrior)", refused)
	}
}

// TestCounterfactualsInASet evaluates a set of a refused automation and a
// fired one, sharing their paths and context, from several goroutines at
// once (run with -race): each result is what the program alone gives.
func TestCounterfactualsInASet(t *testing.T) {
	defs := `[{"name": "refused", "triggers": [{"type": "case_status_updated"}],
	    "conditions": [{"type": "greater_than_or_equal", "field": "$.scores[*]", "value": 70},
	      {"type": "greater_than_or_equal", "field": "$.context.company_age", "value": 20}],
	    "actions": [{"type": "set_case_status", "status": "ACTIVE"}]},
	  {"name": "fired", "triggers": [{"type": "case_status_updated"}],
	    "conditions": [{"type": "greater_than_or_equal", "field": "$.scores[0]", "value": 70}],
	    "actions": [{"type": "set_case_status", "status": "REVIEW_IN_PROGRESS"}]}]`
	opts := []rules.Option{rules.WithClock(clock), rules.WithCounterfactuals(), rules.WithCaseSchema(nil)}
	set := must(rules.Load([]byte(defs), opts...))
	c := parseCase(t, `{"status": "READY_FOR_REVIEW", "scores": [80, 60],
	  "sections": [{"type": "company", "additional_data": [{"registration_date": "2009-05-04"}]}]}`)
	ev := &rules.Event{Type: "case_status_updated", Status: "READY_FOR_REVIEW"}
	want := must(set.Evaluate(context.Background(), c, ev, rules.WithTrace()))
	for i, p := range set.Programs() {
		alone := must(p.Evaluate(context.Background(), c, ev, rules.WithTrace()))
		if !bytes.Equal(mustJSON(t, alone), mustJSON(t, want[i])) {
			t.Errorf("in the set:\n%s\nalone:\n%s", mustJSON(t, want[i]), mustJSON(t, alone))
		}
	}
	if want[0].Fired || !want[1].Fired {
		t.Fatalf("fired: %v, %v", want[0].Fired, want[1].Fired)
	}
	note := want[0].Note.Body
	for _, s := range []string{"1 of the 2 values must be at least 70: /scores/1 is 60",
		"company_age reaches 20 on 2029-05-04", "No one of these changes alone makes it fire."} {
		if !strings.Contains(note, s) {
			t.Errorf("the note lacks %q: %s", s, note)
		}
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 20; i++ {
				got, err := set.Evaluate(context.Background(), c, ev, rules.WithTrace())
				if err != nil || !bytes.Equal(mustJSON(t, got), mustJSON(t, want)) {
					t.Errorf("a concurrent evaluation differs (%v)", err)
					return
				}
			}
		}()
	}
	wg.Wait()
}

// TestSufficientIsTrue makes, for each counterfactual claimed sufficient
// whose change is one value set to the bound it names, that change, and
// checks that the automation then fires; and that where another condition
// reads the same value, the claim is unsure rather than sufficient.
func TestSufficientIsTrue(t *testing.T) {
	defs := []struct{ conditions, caseJSON string }{
		{`[{"type": "greater_than_or_equal", "field": "$.score", "value": 70},
		   {"type": "or", "conditions": [{"type": "less_than", "field": "$.score", "value": 50},
		     {"type": "equal", "field": "$.manual_ok", "value": true}]}]`, `{"score": 40, "manual_ok": false}`},
		{`[{"type": "greater_than_or_equal", "field": "$.score", "value": 70},
		   {"type": "not_equal", "field": "$.score", "value": 70}]`, `{"score": 40}`},
		{`[{"type": "equal", "field": "$.a.b", "value": 1},
		   {"type": "equal_to_null", "field": "$.a.c"}]`, `{"a": {"b": 2}}`},
		{`[{"type": "equal", "field": "$.a.b", "value": 1},
		   {"type": "not_equal", "field": "$.a", "value": {"b": 1}}]`, `{"a": {"b": 2}}`},
		{`[{"type": "equal", "field": "$.a[0]", "value": 1},
		   {"type": "less_than", "field": "$.a[*]", "value": 2}]`, `{"a": [5]}`},
		{`[{"type": "less_than_or_equal", "field": "$.n", "value": 3},
		   {"type": "or", "conditions": [{"type": "equal", "field": "$.n", "value": 3}, {"type": "equal", "field": "$.m", "value": 1}]}]`, `{"n": 9, "m": 1}`},
	}
	ev := &rules.Event{Type: "case_status_updated", Status: "READY_FOR_REVIEW"}
	unsure := 0
	for i, d := range defs {
		def := `{"name": "cf", "triggers": [{"type": "case_status_updated", "status": "READY_FOR_REVIEW"}],
		  "conditions": ` + d.conditions + `, "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`
		opts := []rules.Option{rules.WithCaseSchema(nil)}
		p := rules.MustCompile(must(rules.Parse([]byte(def), opts...))[0], append(opts, rules.WithCounterfactuals())...)
		r := must(p.Evaluate(context.Background(), parseCase(t, d.caseJSON), ev, rules.WithTrace()))
		var visit func(tr *conditions.Trace)
		visit = func(tr *conditions.Trace) {
			for _, k := range tr.Children {
				visit(k)
			}
			cf := tr.Counterfactual
			if cf == nil {
				return
			}
			if cf.Sufficient && cf.Unsure {
				t.Errorf("%d %s: both sufficient and unsure", i, tr.Pointer)
			}
			if cf.Unsure {
				unsure++
			}
			if !cf.Sufficient || len(cf.Targets) != 1 || (cf.Kind != "at_least" && cf.Kind != "at_most" && cf.Kind != "equal") {
				return
			}
			var doc any
			if err := json.Unmarshal([]byte(d.caseJSON), &doc); err != nil {
				t.Fatal(err)
			}
			var val any
			if err := json.Unmarshal(cf.Value, &val); err != nil {
				t.Fatal(err)
			}
			doc = setAt(t, doc, cf.Targets[0].Pointer, val)
			changed := must(p.Evaluate(context.Background(), parseCase(t, string(mustJSON(t, doc))), ev))
			if !changed.Fired {
				t.Errorf("%d %s: claimed sufficient, but with %s at %s it does not fire: %s", i, tr.Pointer,
					cf.Value, cf.Targets[0].Pointer, changed.Note.Body)
			}
		}
		visit(r.Trace)
	}
	if unsure < 3 {
		t.Errorf("%d counterfactuals unsure, want at least 3 (the shared values of the first, second and fourth)", unsure)
	}
}

// setAt sets the value at a JSON pointer of plain members and indexes.
func setAt(t *testing.T, doc any, ptr string, val any) any {
	t.Helper()
	if ptr == "" {
		return val
	}
	i := strings.IndexByte(ptr[1:], '/') + 1
	tok, rest := ptr[1:], ""
	if i > 0 {
		tok, rest = ptr[1:i], ptr[i:]
	}
	switch x := doc.(type) {
	case map[string]any:
		x[tok] = setAt(t, x[tok], rest, val)
	case []any:
		n, err := strconv.Atoi(tok)
		if err != nil {
			t.Fatal(err)
		}
		x[n] = setAt(t, x[n], rest, val)
	default:
		t.Fatalf("no member %q to set", tok)
	}
	return doc
}

// TestCounterfactualsCostGrowsLinearly counts the conditions tested while
// a refused or of n registered conditions, none of which holds, gets its
// counterfactuals: as n doubles, the count at most doubles (plus a
// margin), where evaluating the conditions again for each counterfactual
// made it grow fourfold.
func TestCounterfactualsCostGrowsLinearly(t *testing.T) {
	var calls atomic.Int64
	ct := conditions.Type{
		Name:       "counted",
		Properties: rules.Properties{"field": nil},
		Required:   []string{"field"},
		Compile: func(rules.Condition) (func(v document.Value) bool, error) {
			return func(document.Value) bool { calls.Add(1); return false }, nil
		},
	}
	count := func(n int) int64 {
		var b strings.Builder
		b.WriteString(`{"name": "wide", "triggers": [{"type": "case_status_updated"}], "conditions": [{"type": "or", "conditions": [`)
		for i := 0; i < n; i++ {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(`{"type": "counted", "field": "$.v"}`)
		}
		b.WriteString(`]}], "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`)
		opts := []rules.Option{rules.WithConditionType(ct), rules.WithCaseSchema(nil)}
		p := rules.MustCompile(must(rules.Parse([]byte(b.String()), opts...))[0], append(opts, rules.WithCounterfactuals())...)
		calls.Store(0)
		r := must(p.Evaluate(context.Background(), parseCase(t, `{"v": 1}`), nil))
		if r.Matched || !strings.Contains(r.Note.Body, "What would change it") {
			t.Fatalf("n=%d: want a refusal with counterfactuals, got %q", n, r.Note.Body)
		}
		return calls.Load()
	}
	prev := count(500)
	for n := 1000; n <= 4000; n *= 2 {
		got := count(n)
		if float64(got) > 2.2*float64(prev) {
			t.Errorf("n=%d: %d conditions tested, %.1f times the %d at n=%d", n, got, float64(got)/float64(prev), prev, n/2)
		}
		prev = got
	}
}

// TestCounterfactualsNoValueMeets checks that a condition no value can
// meet — a count of whole years or days compared with a fraction or a
// word, a value less than the empty string — is said to be out of reach,
// and never claimed to be enough alone: no date and no value makes it
// hold.
func TestCounterfactualsNoValueMeets(t *testing.T) {
	opts := []rules.Option{rules.WithClock(func() time.Time { return fixedNow }), rules.WithCaseSchema(nil)}
	company := `"sections": [{"type": "company", "additional_data": [{"registration_date": "2020-03-01"}]}], "created_at": "2026-11-01"`
	for _, tc := range []struct {
		conditions, caseJSON, sentence string
	}{
		{`[{"type": "equal", "field": "$.context.company_age", "value": 6.5}]`, `{` + company + `}`,
			`company_age is 6; it must equal 6.5, which no whole number does, whatever the date it counts from`},
		{`[{"type": "in", "field": "$.context.case_age_days", "value": [1.5, "a"]}]`, `{` + company + `}`,
			`case_age_days is 23; it must be one of 1.5, "a", which no whole number does, whatever the date it counts from`},
		{`[{"type": "contains", "field": "$.context.company_age", "value": 6}]`, `{` + company + `}`,
			`company_age is 6; it must contain 6, which no whole number does, whatever the date it counts from`},
		{`[{"type": "greater_than", "field": "$.context.company_age", "value": "x"}]`, `{` + company + `}`,
			`company_age is 6; it must be more than "x", which no whole number does, whatever the date it counts from`},
		{`[{"type": "less_than", "field": "$.score", "value": ""}]`, `{"score": 5}`,
			`/score is 5; it must be less than "", which no value is`},
		{`[{"type": "not", "condition": {"type": "greater_than_or_equal", "field": "$.score", "value": ""}}]`, `{"score": "a"}`,
			`the inner condition must stop holding, where now "a" is at least "", which it cannot`},
		// An or whose conditions no value meets cannot be made to hold.
		{`[{"type": "or", "conditions": [{"type": "less_than", "field": "$.score", "value": ""},
		    {"type": "equal", "field": "$.context.company_age", "value": 6.5}]}]`, `{"score": 5, ` + company + `}`,
			`any one of its 2 conditions must hold, which none of them can`},
	} {
		def := `{"name": "cf", "triggers": [{"type": "case_status_updated"}], "conditions": ` + tc.conditions +
			`, "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`
		p := rules.MustCompile(must(rules.Parse([]byte(def), opts...))[0], append(opts, rules.WithCounterfactuals())...)
		r := must(p.Evaluate(context.Background(), parseCase(t, tc.caseJSON), nil, rules.WithTrace()))
		cf := r.Trace.Children[0].Counterfactual
		if cf == nil {
			t.Errorf("%s: no counterfactual", tc.conditions)
			continue
		}
		if cf.Sentence != tc.sentence {
			t.Errorf("%s:\ngot  %q\nwant %q", tc.conditions, cf.Sentence, tc.sentence)
		}
		var each func(tr *rules.Trace)
		each = func(tr *rules.Trace) {
			if c := tr.Counterfactual; c != nil && (c.Sufficient || c.Unsure) {
				t.Errorf("%s: %s is said to be enough alone (sufficient %v, unsure %v)", tc.conditions, tr.Pointer, c.Sufficient, c.Unsure)
			}
			for _, k := range tr.Children {
				each(k)
			}
		}
		each(r.Trace)
		if !strings.Contains(r.Note.Body, "No one of these changes alone makes it fire.") {
			t.Errorf("%s: the note %q claims a change is enough", tc.conditions, r.Note.Body)
		}
	}
}
