package rules_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/verdict-rules/verdict/cases"
	"github.com/verdict-rules/verdict/changeset"
	"github.com/verdict-rules/verdict/diag"
	"github.com/verdict-rules/verdict/event"
	"github.com/verdict-rules/verdict/rules"
)

var fixedNow = time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)

func clock() time.Time { return fixedNow }

const docsAutomation = `{
  "name": "Auto approve",
  "description": "Auto approve simple cases",
  "trigger": [{"type": "case_status_updated", "status": "READY_FOR_REVIEW"}],
  "conditions": [
    {"type": "or", "conditions": [
      {"type": "equal", "field": "$.checks[?(@.type==='sanction')].data[0].flags.length", "value": "0"},
      {"type": "equal", "field": "$.checks[?(@.type==='sanction')].data.length", "value": "0"}]},
    {"type": "greater_than_or_equal", "field": "$.current_information[?(@.type==='credit_score')].data[*].current_credit_score.value", "value": "70"},
    {"type": "greater_than_or_equal", "field": "$.context.company_age", "value": "2"},
    {"type": "every", "field": "$.prefills[?(@.type==='ultimate_beneficial_ownership')].data[*].country",
     "path": "$.prefills[?(@.type==='company')].data[*].country"}
  ],
  "actions": [{"type": "set_case_status", "status": "ACTIVE"}]
}`

const goodCase = `{
  "status": "READY_FOR_REVIEW",
  "sections": [{"type": "company", "additional_data": [{"registration_date": "2009-05-04"}]}],
  "prefills": [
    {"type": "company", "data": [{"name": "Ragnarok AS", "country": "NO"}]},
    {"type": "ultimate_beneficial_ownership", "data": [{"name": "Ragnar", "country": "NO"}, {"name": "Lagertha", "country": "NO"}]}
  ],
  "checks": [{"type": "sanction", "data": [{"flags": [], "status": "COMPLETED"}]}],
  "current_information": [{"type": "credit_score", "data": [{"current_credit_score": {"grade": "A", "value": 92}}]}]
}`

func compile(t *testing.T, def string, opts ...rules.Option) *rules.Program {
	t.Helper()
	defs, err := rules.Parse([]byte(def), opts...)
	if err != nil {
		t.Fatal(err)
	}
	p, err := rules.Compile(defs[0], append([]rules.Option{rules.WithClock(clock)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func parseCase(t *testing.T, doc string) *rules.Case {
	t.Helper()
	c, err := cases.Parse([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestEvaluateFires(t *testing.T) {
	p := compile(t, docsAutomation)
	c := parseCase(t, goodCase)
	ev := &rules.Event{Type: "case_status_updated", Status: "READY_FOR_REVIEW"}
	r, err := p.Evaluate(context.Background(), c, ev)
	if err != nil {
		t.Fatal(err)
	}
	want := []rules.ChangesetEntry{{ID: "Auto approve", Type: "set_case_status", Changes: []rules.Change{
		{Field: "/status", OldValue: json.RawMessage(`"READY_FOR_REVIEW"`), NewValue: json.RawMessage(`"ACTIVE"`)}}}}
	if !r.Triggered || !r.Matched || !r.Fired {
		t.Fatalf("triggered=%v matched=%v fired=%v; note: %s", r.Triggered, r.Matched, r.Fired, r.Note.Body)
	}
	if diff := cmp.Diff(want, r.Changeset); diff != "" {
		t.Errorf("changeset (-want +got):\n%s", diff)
	}
	if r.Note.Section != "automation" || !strings.Contains(r.Note.Body, "fired") {
		t.Errorf("note %+v", r.Note)
	}
}

// TestOldStatusIsItsJSON holds the old value of a status change to the
// case's status as JSON, escapes included, and to null when it has none.
func TestOldStatusIsItsJSON(t *testing.T) {
	p := compile(t, docsAutomation)
	for status, want := range map[string]string{
		`"status": "READY_FOR_REVIEW"`: `"READY_FOR_REVIEW"`,
		`"status": "A\"B\u00e9\n"`:     `"A\"Bé\n"`,
		`"status": 7`:                  `7`,
		`"status": null`:               `null`,
		`"state": "X"`:                 `null`,
	} {
		c := parseCase(t, strings.Replace(goodCase, `"status": "READY_FOR_REVIEW"`, status, 1))
		r, err := p.Evaluate(context.Background(), c, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Changeset) != 1 || string(r.Changeset[0].Changes[0].OldValue) != want {
			t.Errorf("%s: changeset %+v, want old value %s", status, r.Changeset, want)
		}
	}
}

func TestEvaluateTriggers(t *testing.T) {
	p := compile(t, docsAutomation)
	c := parseCase(t, goodCase)
	tests := []struct {
		name      string
		ev        *rules.Event
		triggered bool
		fired     bool
	}{
		{"status matches", &rules.Event{Type: "case_status_updated", Status: "READY_FOR_REVIEW"}, true, true},
		{"alias", &rules.Event{Type: "case_status_change", Status: "READY_FOR_REVIEW"}, true, true},
		{"other status", &rules.Event{Type: "case_status_updated", Status: "FORM_IN_PROGRESS"}, false, false},
		{"other type", &rules.Event{Type: "document_uploaded"}, false, false},
		{"dry run", nil, false, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := p.Evaluate(context.Background(), c, tc.ev)
			if err != nil {
				t.Fatal(err)
			}
			if r.Triggered != tc.triggered || r.Fired != tc.fired || !r.Matched {
				t.Errorf("triggered=%v fired=%v matched=%v, want %v %v true", r.Triggered, r.Fired, r.Matched, tc.triggered, tc.fired)
			}
			if !r.Fired && (len(r.Actions) != 0 || len(r.Changeset) != 0) {
				t.Errorf("a result that did not fire has actions %v or changes %v", r.Actions, r.Changeset)
			}
		})
	}
}

func TestTraceDoesNotChangeTheResult(t *testing.T) {
	p := compile(t, docsAutomation)
	for _, doc := range []string{goodCase, `{"status": "READY_FOR_REVIEW"}`} {
		c := parseCase(t, doc)
		plain, err := p.Evaluate(context.Background(), c, nil)
		if err != nil {
			t.Fatal(err)
		}
		traced, err := p.Evaluate(context.Background(), c, nil, rules.WithTrace())
		if err != nil {
			t.Fatal(err)
		}
		if traced.Trace == nil {
			t.Fatal("no trace")
		}
		traced.Trace = nil
		if diff := cmp.Diff(plain, traced); diff != "" {
			t.Errorf("tracing changed the result (-plain +traced):\n%s", diff)
		}
	}
}

// TestConcurrentEvaluate shares one Program between goroutines; run with
// -race.
func TestConcurrentEvaluate(t *testing.T) {
	p := compile(t, docsAutomation)
	cases := []*rules.Case{parseCase(t, goodCase), parseCase(t, `{"status": "READY_FOR_REVIEW"}`)}
	ev := &rules.Event{Type: "case_status_updated", Status: "READY_FOR_REVIEW"}
	want := make([]string, len(cases))
	for i, c := range cases {
		r, err := p.Evaluate(context.Background(), c, ev, rules.WithTrace())
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(r)
		want[i] = string(b)
	}
	inParallel(t, 8, 200, func(g, i int) string {
		k := (g + i) % len(cases)
		r, err := p.Evaluate(context.Background(), cases[k], ev, rules.WithTrace())
		if err != nil {
			return err.Error()
		}
		if b, _ := json.Marshal(r); string(b) != want[k] {
			return "different result: " + string(b)
		}
		return ""
	})
}

// inParallel calls check iters times from each of n goroutines and
// reports the first problem each of them meets.
func inParallel(t *testing.T, n, iters int, check func(g, i int) string) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make(chan string, n)
	for g := 0; g < n; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < iters; i++ {
				if msg := check(g, i); msg != "" {
					errs <- msg
					return
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func TestEvaluateHonoursContext(t *testing.T) {
	p := compile(t, docsAutomation)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := p.Evaluate(ctx, parseCase(t, goodCase), nil); !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want context.Canceled", err)
	}
	defs, _ := rules.Parse([]byte(docsAutomation))
	set, err := rules.CompileSet([]rules.Automation{defs[0], defs[0]})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := set.Evaluate(ctx, parseCase(t, goodCase), nil); !errors.Is(err, context.Canceled) {
		t.Errorf("set: got %v, want context.Canceled", err)
	}
}

func TestSetConflicts(t *testing.T) {
	approve := `{"id": "a1", "name": "approve", "triggers": [{"type": "case_status_updated"}], "conditions": [], "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`
	decline := `{"id": "a2", "name": "decline", "triggers": [{"type": "case_status_updated"}], "conditions": [], "actions": [{"type": "set_case_status", "status": "DECLINED"}]}`
	defs, err := rules.Parse([]byte("[" + approve + "," + decline + "]"))
	if err != nil {
		t.Fatal(err)
	}
	set, err := rules.CompileSet(defs, rules.WithClock(clock))
	if err != nil {
		t.Fatal(err)
	}
	rs, err := set.Evaluate(context.Background(), parseCase(t, `{"status": "READY_FOR_REVIEW"}`), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 2 || rs[0].Automation.Name != "approve" || rs[1].Automation.Name != "decline" {
		t.Fatalf("results out of order: %+v", rs)
	}
	for i, other := range []string{"decline", "approve"} {
		if len(rs[i].Warnings) != 1 || rs[i].Warnings[0].Code != "conflict" || !strings.Contains(rs[i].Warnings[0].Msg, other) {
			t.Errorf("result %d warnings %+v, want a conflict with %s", i, rs[i].Warnings, other)
		}
	}
}

func TestApply(t *testing.T) {
	doc := []byte("{\n  \"status\": \"READY_FOR_REVIEW\",\n  \"checks\": [{\"type\": \"sanction\", \"data\": [{\"status\": \"IN_PROGRESS\"}]}]\n}\n")
	orig := string(doc)
	cs := []rules.ChangesetEntry{
		{ID: "x", Type: "set_case_status", Changes: []rules.Change{{Field: "/status", OldValue: json.RawMessage(`"READY_FOR_REVIEW"`), NewValue: json.RawMessage(`"ACTIVE"`)}}},
		{ID: "x", Type: "set_check_status", Changes: []rules.Change{{Field: "/checks/0/data/0/status", OldValue: json.RawMessage(`"IN_PROGRESS"`), NewValue: json.RawMessage(`"COMPLETED"`)}}},
		{ID: "x", Type: "custom", Changes: []rules.Change{{Field: "/reviewed_by", OldValue: json.RawMessage(`null`), NewValue: json.RawMessage(`"verdict"`)}}},
	}
	out, err := changeset.Apply(doc, cs)
	if err != nil {
		t.Fatal(err)
	}
	want := "{\n  \"status\": \"ACTIVE\",\n  \"checks\": [{\"type\": \"sanction\", \"data\": [{\"status\": \"COMPLETED\"}]}],\"reviewed_by\":\"verdict\"\n}\n"
	if string(out) != want {
		t.Errorf("Apply:\n got %q\nwant %q", out, want)
	}
	if string(doc) != orig {
		t.Error("Apply changed its input")
	}
	// A stale changeset is refused.
	stale := []rules.ChangesetEntry{{Changes: []rules.Change{{Field: "/status", OldValue: json.RawMessage(`"FORM_IN_PROGRESS"`), NewValue: json.RawMessage(`"ACTIVE"`)}}}}
	var ae *changeset.Error
	if _, err := changeset.Apply(doc, stale); !errors.As(err, &ae) || ae.Field != "/status" {
		t.Errorf("stale changeset: got %v", err)
	}
}

func TestApplyThenEvaluateAgrees(t *testing.T) {
	p := compile(t, docsAutomation)
	before := parseCase(t, goodCase)
	r, err := p.Evaluate(context.Background(), before, &rules.Event{Type: "case_status_updated", Status: "READY_FOR_REVIEW"})
	if err != nil {
		t.Fatal(err)
	}
	next, err := changeset.Apply([]byte(goodCase), r.Changeset)
	if err != nil {
		t.Fatal(err)
	}
	after := parseCase(t, string(next))
	if after.Status() != "ACTIVE" {
		t.Fatalf("status after apply %q", after.Status())
	}
	evs := event.Between(before, after)
	want := []rules.Event{{Type: "case_status_updated", Status: "ACTIVE", PreviousStatus: "READY_FOR_REVIEW"}}
	if diff := cmp.Diff(want, evs); diff != "" {
		t.Errorf("EventsBetween (-want +got):\n%s", diff)
	}
	again, err := p.Evaluate(context.Background(), after, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !again.Fired || len(again.Changeset) != 0 || !again.Actions[0].Noop {
		t.Errorf("re-evaluating the applied case should fire as a no-op: %+v", again)
	}
}

func TestParseShapes(t *testing.T) {
	one := `{"name": "x", "triggers": [{"type": "case_status_updated"}], "conditions": [], "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`
	for name, doc := range map[string]string{
		"object": one,
		"array":  "[" + one + "," + one + "]",
		"list":   `{"data": [` + one + `], "pagination": {"cursor": "c"}}`,
	} {
		defs, err := rules.Parse([]byte(doc))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if len(defs) == 0 || defs[0].Name != "x" {
			t.Errorf("%s: got %+v", name, defs)
		}
	}
}

func TestRoundTrip(t *testing.T) {
	defs, err := rules.Parse([]byte(docsAutomation))
	if err != nil {
		t.Fatal(err)
	}
	enc, err := json.Marshal(defs[0])
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(enc), `"trigger":[`) {
		t.Errorf("the trigger spelling was lost: %s", enc)
	}
	back, err := rules.Parse(enc)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(defs[0], back[0], cmpopts.IgnoreUnexported(rules.Automation{})); diff != "" {
		t.Errorf("round trip (-first +second):\n%s", diff)
	}
	var viaJSON rules.Automation
	if err := json.Unmarshal(enc, &viaJSON); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(defs[0], viaJSON, cmpopts.IgnoreUnexported(rules.Automation{})); diff != "" {
		t.Errorf("json.Unmarshal (-Parse +Unmarshal):\n%s", diff)
	}
}

func TestCaseErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{`[]`, "a case must be a JSON object, found an array"},
		{`{"a": }`, "case: 1:7: unexpected '}'"},
		{"", "empty document"},
	}
	for _, tc := range tests {
		_, err := cases.Parse([]byte(tc.in))
		var ce *cases.Error
		if !errors.As(err, &ce) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseCase(%q) = %v, want a CaseError containing %q", tc.in, err, tc.want)
		}
	}
}

func TestPathValueLimit(t *testing.T) {
	p := compile(t, `{"name": "x", "triggers": [{"type": "case_status_updated"}], "conditions": [{"type": "equal_to_null", "field": "$..*"}], "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`,
		rules.WithLimits(rules.Limits{PathValues: 10}))
	c := parseCase(t, `{"a": [1,2,3,4,5,6,7,8,9,10,11,12]}`)
	_, err := p.Evaluate(context.Background(), c, nil)
	var le *rules.Error
	if !errors.As(err, &le) || le.Code != diag.TooManyValues || !strings.HasSuffix(le.Msg, "yields more than 10 values") || le.Pointer != "/conditions/0/field" {
		t.Errorf("got %v, want a LimitError", err)
	}
	if err == nil || !strings.Contains(err.Error(), "/conditions/0/field: ") {
		t.Errorf("the error %v does not say where the path is", err)
	}
}

// Every spelling of $.context gets the field's explanation in the trace, and
// a warning when the case has its own "context" member; a member merely
// named like it ($.contextual) gets neither.
func TestContextSpellingsInTraces(t *testing.T) {
	for _, tc := range []struct {
		field   string
		context bool
	}{
		{`$.context.company_age`, true},
		{`$['context'].company_age`, true},
		{`$["context"]['company_age']`, true},
		{`$.contextual`, false},
	} {
		def := fmt.Sprintf(`{"name": "a", "trigger": [{"type": "case_status_updated"}],
			"conditions": [{"type": "greater_than_or_equal", "field": %q, "value": "2"}],
			"actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`, tc.field)
		p := compile(t, def)
		doc := strings.Replace(goodCase, `"status"`, `"context": {}, "contextual": 5, "status"`, 1)
		r, err := p.Evaluate(context.Background(), parseCase(t, doc), nil, rules.WithTrace())
		if err != nil {
			t.Fatal(err)
		}
		reason := r.Trace.Children[0].Reason
		if got := strings.Contains(reason, "company_age = 17: from 2009-05-04"); got != tc.context {
			t.Errorf("%s: reason %q explains company_age: %v, want %v", tc.field, reason, got, tc.context)
		}
		shadowed := false
		for _, w := range r.Warnings {
			shadowed = shadowed || w.Code == "context_shadowed"
		}
		if shadowed != tc.context {
			t.Errorf("%s: context_shadowed warning %v, want %v", tc.field, shadowed, tc.context)
		}
	}
}

// TestNotesFollowTheirCase evaluates cases whose notes differ (the status
// before, a no-op, no event, an event no trigger matches) in turns on one
// program, from several goroutines, and holds each note to the one a
// program that never wrote another note gives.
func TestNotesFollowTheirCase(t *testing.T) {
	shared := compile(t, docsAutomation)
	withStatus := func(status string) string {
		return strings.Replace(goodCase, `"status": "READY_FOR_REVIEW"`, status, 1)
	}
	docs := []string{withStatus(`"status": "READY_FOR_REVIEW"`), withStatus(`"status": "ACTIVE"`),
		withStatus(`"status": "FORM_IN_PROGRESS"`), withStatus(`"status": null`), withStatus(`"state": 1`)}
	events := []*rules.Event{nil, {Type: "case_status_updated", Status: "READY_FOR_REVIEW"},
		{Type: "case_status_updated", PreviousStatus: "FORM_IN_PROGRESS", Status: "READY_FOR_REVIEW"},
		{Type: "document_uploaded"}}
	type run struct {
		c    *rules.Case
		ev   *rules.Event
		want string
	}
	var runs []run
	seen := map[string]bool{}
	for _, doc := range docs {
		c := parseCase(t, doc)
		for _, ev := range events {
			r, err := compile(t, docsAutomation).Evaluate(context.Background(), c, ev)
			if err != nil {
				t.Fatal(err)
			}
			seen[r.Note.Body] = true
			runs = append(runs, run{c, ev, r.Note.Body})
		}
	}
	if len(seen) < 8 {
		t.Fatalf("only %d different notes; the test needs cases whose notes differ", len(seen))
	}
	inParallel(t, 4, 300, func(g, i int) string {
		k := (g*7 + i*3) % len(runs)
		r, err := shared.Evaluate(context.Background(), runs[k].c, runs[k].ev)
		if err != nil {
			return err.Error()
		}
		if r.Note.Body != runs[k].want {
			return fmt.Sprintf("note %q, want %q", r.Note.Body, runs[k].want)
		}
		return ""
	})
}

// TestPathVisitLimit stops a path that descends again and again on a
// deeply nested case: with the default limit it fails with an error
// instead of running for seconds, and a lower limit is named in the error.
// The bound is the count the error names, not the clock, which the race
// detector and a loaded machine slow down.
func TestPathVisitLimit(t *testing.T) {
	deep := strings.Repeat(`{"a": [1, `, 250) + "2" + strings.Repeat(`]}`, 250)
	c := parseCase(t, `{"status": "READY_FOR_REVIEW", "d": `+deep+`}`)
	def := `{"name": "x", "trigger": [{"type": "case_status_updated"}], "conditions": [{"type": "equal_to_null", "field": "$..a..a..a..a..x"}], "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`
	for _, limit := range []int{0, 1000} {
		p := compile(t, def, rules.WithLimits(rules.Limits{PathVisits: limit}))
		_, err := p.Evaluate(context.Background(), c, nil)
		var le *rules.Error
		if !errors.As(err, &le) || le.Code != diag.TooManyVisits {
			t.Fatalf("limit %d: got %v, want a LimitError on visits", limit, err)
		}
		want := limit
		if want == 0 {
			want = rules.DefaultLimits().PathVisits
		}
		if !strings.HasSuffix(le.Msg, fmt.Sprintf("visits more than %d nodes", want)) {
			t.Errorf("limit %d: the error says %q, want %d", limit, le.Msg, want)
		}
		if !strings.Contains(err.Error(), "/conditions/0/field: jsonpath: $..a..a..a..a..x visits more than") {
			t.Errorf("limit %d: error %q", limit, err)
		}
	}
	// An ordinary descent of the same case is within the default.
	p := compile(t, `{"name": "y", "trigger": [{"type": "case_status_updated"}], "conditions": [{"type": "equal_to_null", "field": "$..x"}], "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`)
	if _, err := p.Evaluate(context.Background(), c, nil); err != nil {
		t.Errorf("$..x: %v", err)
	}
}

// TestErrorsOpenToOneError: errors.As reaches a single *rules.Error through
// the ErrorList that Parse and Compile return.
func TestErrorsOpenToOneError(t *testing.T) {
	_, err := rules.Parse([]byte(`{"name": "x", "trigger": [{"type": "case_status_updated"}], "conditions": [{"type": "equal", "field": "$.a[", "value": 1}], "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`))
	var e *rules.Error
	if !errors.As(err, &e) {
		t.Fatalf("errors.As(%v, *rules.Error) found nothing", err)
	}
	if e.Pointer != "/conditions/0/field" || e.Code != diag.PathSyntax || e.Line != 1 {
		t.Errorf("got %+v", e)
	}
}
