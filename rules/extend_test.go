package rules_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/verdict-rules/verdict/cases"
	"github.com/verdict-rules/verdict/conditions"
	casectx "github.com/verdict-rules/verdict/context"
	"github.com/verdict-rules/verdict/document"
	"github.com/verdict-rules/verdict/event"
	"github.com/verdict-rules/verdict/mask"
	"github.com/verdict-rules/verdict/rules"
)

// withinList registers "within_list": each value the field yields is one of
// the strings in "list".
func withinList() conditions.Type {
	return conditions.Type{
		Name:       "within_list",
		Properties: rules.Properties{"field": nil, "match": nil, "list": json.RawMessage(`{"type": "array", "items": {"type": "string"}, "minItems": 1}`)},
		Required:   []string{"field", "list"},
		Compile: func(c rules.Condition) (func(v document.Value) bool, error) {
			var list []string
			if err := json.Unmarshal(c.Params["list"], &list); err != nil {
				return nil, err
			}
			return func(v document.Value) bool {
				for _, s := range list {
					if v.Text() == s {
						return true
					}
				}
				return false
			}, nil
		},
	}
}

func TestRegisteredConditionType(t *testing.T) {
	opt := rules.WithConditionType(withinList())
	def := `{"name": "Nordic", "triggers": [{"type": "case_status_updated"}],
	  "conditions": [{"type": "within_list", "field": "$.owners[*].country", "list": ["NO", "SE"]}],
	  "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`
	p := compile(t, def, opt)
	for _, tc := range []struct {
		doc  string
		want bool
	}{
		{`{"owners": [{"country": "NO"}, {"country": "SE"}]}`, true},
		{`{"owners": [{"country": "NO"}, {"country": "DK"}]}`, false},
		{`{"owners": []}`, false},
	} {
		r, err := p.Evaluate(context.Background(), parseCase(t, tc.doc), nil, rules.WithTrace())
		if err != nil {
			t.Fatal(err)
		}
		if r.Fired != tc.want {
			t.Errorf("%s: fired %v, want %v (%s)", tc.doc, r.Fired, tc.want, r.Trace.Children[0].Reason)
		}
	}
	// The schema knows the new type: a misspelt property is an error.
	bad := strings.Replace(def, `"list"`, `"lsit"`, 1)
	_, err := rules.Parse([]byte(bad), opt)
	var list rules.ErrorList
	if !errors.As(err, &list) || !strings.Contains(err.Error(), `missing required property "list"`) ||
		!strings.Contains(list[1].Msg, `did you mean "list"?`) {
		t.Errorf("got %v", err)
	}
	// Without the option the type is unknown.
	if _, err := rules.Parse([]byte(def)); err == nil || !strings.Contains(err.Error(), `unknown condition type "within_list"`) {
		t.Errorf("without the option: %v", err)
	}
	// A built-in name cannot be taken.
	ct := withinList()
	ct.Name = "equal"
	if _, err := rules.Parse([]byte(def), rules.WithConditionType(ct)); err == nil || !strings.Contains(err.Error(), "built-in") {
		t.Errorf("built-in name: %v", err)
	}
}

func TestRegisteredTriggerType(t *testing.T) {
	opt := rules.WithTriggerType(event.TriggerType{
		Name:       "check_completed",
		Properties: rules.Properties{"check": nil},
		Required:   []string{"check"},
		Match: func(tr rules.Trigger, ev *rules.Event) bool {
			var check string
			json.Unmarshal(tr.Params["check"], &check)
			var got string
			json.Unmarshal(ev.Data["check"], &got)
			return ev.Type == "check_completed" && got == check
		},
	})
	def := `{"name": "On sanction check", "triggers": [{"type": "check_completed", "check": "sanction"}],
	  "conditions": [], "actions": [{"type": "set_case_status", "status": "REVIEW_IN_PROGRESS"}]}`
	p := compile(t, def, opt)
	var ev rules.Event
	if err := json.Unmarshal([]byte(`{"type": "check_completed", "check": "sanction"}`), &ev); err != nil {
		t.Fatal(err)
	}
	r, err := p.Evaluate(context.Background(), parseCase(t, `{"status": "READY_FOR_REVIEW"}`), &ev)
	if err != nil || !r.Fired {
		t.Fatalf("fired %v, err %v", r.Fired, err)
	}
	ev.Data["check"] = json.RawMessage(`"company"`)
	if r, _ := p.Evaluate(context.Background(), parseCase(t, `{}`), &ev); r.Triggered {
		t.Error("an event for another check triggered it")
	}
	if out, _ := json.Marshal(ev); string(out) != `{"type":"check_completed","check":"company"}` {
		t.Errorf("event JSON %s", out)
	}
}

func TestExpressionCondition(t *testing.T) {
	def := `{"name": "Expr", "triggers": [{"type": "case_status_updated"}],
	  "conditions": [{"type": "expression", "expression": "yearsBetween(case.founded, now) >= 2 && event.status == 'READY_FOR_REVIEW' && context.ubo_count == 2"}],
	  "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`
	p := compile(t, def)
	doc := `{"founded": "2020-01-01", "prefills": [{"type": "ultimate_beneficial_ownership", "data": [{}, {}]}]}`
	r, err := p.Evaluate(context.Background(), parseCase(t, doc), &rules.Event{Type: "case_status_updated", Status: "READY_FOR_REVIEW"})
	if err != nil || !r.Fired {
		t.Fatalf("fired %v err %v: %s", r.Fired, err, r.Note.Body)
	}
	// In a dry run event is nil, and event.status reads as nil: false.
	r, err = p.Evaluate(context.Background(), parseCase(t, doc), nil)
	if err != nil || r.Matched {
		t.Errorf("dry run: matched %v err %v", r.Matched, err)
	}
	// Located compile errors, which Parse reports.
	bad := strings.Replace(def, "yearsBetween(case.founded, now)", "yearsBetwen(case.founded, now)", 1)
	_, err = rules.Parse([]byte(bad))
	var list rules.ErrorList
	if !errors.As(err, &list) || list[0].Pointer != "/conditions/0/expression" || list[0].Offset != 0 || !strings.Contains(list[0].Msg, "yearsBetwen") {
		t.Errorf("got %v", err)
	}
}

func TestExprBudgetLimit(t *testing.T) {
	def := `{"name": "Costly", "triggers": [{"type": "case_status_updated"}],
	  "conditions": [{"type": "expression", "expression": "len(map(1..100000, # * 2)) > 0"}],
	  "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`
	p := compile(t, def, rules.WithExprBudget(1000))
	_, err := p.Evaluate(context.Background(), parseCase(t, `{}`), nil)
	if err == nil || !strings.Contains(err.Error(), "memory budget exceeded") || !strings.Contains(err.Error(), "/conditions/0") {
		t.Errorf("got %v, want the budget error located at /conditions/0", err)
	}
}

func TestLimits(t *testing.T) {
	// Nesting of definitions.
	deep := `{"type": "equal", "field": "$.a", "value": 1}`
	for i := 0; i < 6; i++ {
		deep = `{"type": "not", "condition": ` + deep + `}`
	}
	def := `{"name": "Deep", "triggers": [{"type": "case_status_updated"}], "conditions": [` + deep + `], "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`
	_, err := rules.Parse([]byte(def), rules.WithLimits(rules.Limits{DefinitionDepth: 5}))
	if err == nil || !strings.Contains(err.Error(), "conditions nest 7 levels deep, more than the limit of 5") {
		t.Errorf("definition depth: %v", err)
	}
	if _, err := rules.Parse([]byte(def), rules.WithLimits(rules.Limits{DefinitionDepth: 7})); err != nil {
		t.Errorf("depth 7 within a limit of 7: %v", err)
	}
	// Nesting and size of cases.
	nested := strings.Repeat(`{"a":`, 30) + "1" + strings.Repeat("}", 30)
	_, err = cases.Decoder{MaxDepth: 20}.Parse([]byte(nested))
	var ce *cases.Error
	if !errors.As(err, &ce) || !strings.Contains(ce.Msg, "nesting deeper than the limit of 20") {
		t.Errorf("case depth: %v", err)
	}
	_, err = cases.Decoder{MaxBytes: 100}.Parse([]byte(`{"status": "READY_FOR_REVIEW", "pad": "` + strings.Repeat("x", 200) + `"}`))
	if !errors.As(err, &ce) || !strings.Contains(ce.Msg, "more than the limit of 100") {
		t.Errorf("case size: %v", err)
	}
	// Bad limits are refused.
	if _, err := rules.Parse([]byte(def), rules.WithLimits(rules.Limits{PathValues: -1})); err == nil {
		t.Error("a negative limit was accepted")
	}
}

// TestExpressionFailureIsLocated: an expression that fails as it runs
// gives an error at its expression and the byte where it failed, as a
// compile error does; it said only "/conditions/0: division by zero".
func TestExpressionFailureIsLocated(t *testing.T) {
	def := `{"name": "Share", "triggers": [{"type": "case_status_updated"}],
	  "conditions": [{"type": "expression", "expression": "case.n > 1 && case.foreign / case.n > 0.5"}],
	  "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`
	p := compile(t, def)
	_, err := p.Evaluate(context.Background(), parseCase(t, `{"n": 0, "foreign": 0}`), nil)
	if err != nil {
		t.Fatalf("case.n > 1 is false first: %v", err)
	}
	_, err = p.Evaluate(context.Background(), parseCase(t, `{"n": 2, "foreign": "x"}`), nil)
	var re *rules.Error
	if !errors.As(err, &re) || re.Pointer != "/conditions/0/expression" || re.Offset != 27 || re.Code != "evaluation_failed" ||
		err.Error() != `automation "Share": /conditions/0/expression (byte 27): invalid operation: string / int` {
		t.Errorf("got %v (%#v)", err, re)
	}
}

// TestMaskedEvaluationError: with WithMask, the error of an evaluation
// that fails hides what the mask hides, as its trace does; it quoted the
// value in clear ("int(CRMSECRET1)"), in the message and in its cause.
func TestMaskedEvaluationError(t *testing.T) {
	m, err := mask.New([]byte("a key of sixteen bytes or more"), "$.metadata")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, def string }{
		{"condition", `{"name": "CRM", "triggers": [{"type": "case_status_updated"}],
		  "conditions": [{"type": "expression", "expression": "int(case.metadata.crm_id) > 0"}],
		  "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`},
		{"context field", `{"name": "CRM", "triggers": [{"type": "case_status_updated"}],
		  "conditions": [{"type": "greater_than", "field": "$.context.crm", "value": 0}],
		  "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			field := rules.WithContextField("crm", "int(case.metadata.crm_id)")
			defs, err := rules.Parse([]byte(tc.def), field)
			if err != nil {
				t.Fatal(err)
			}
			p, err := rules.Compile(defs[0], field)
			if err != nil {
				t.Fatal(err)
			}
			// A word, and a string of several words with a quote, which
			// the error quotes as it is.
			for _, secret := range []string{"CRMSECRET1", `CRM SECRET "1"`} {
				raw, _ := json.Marshal(secret)
				c := parseCase(t, `{"metadata": {"crm_id": `+string(raw)+`}, "status": "NEW"}`)
				_, plain := p.Evaluate(context.Background(), c, nil)
				if plain == nil || !strings.Contains(plain.Error(), secret) {
					t.Fatalf("unmasked: %v, want %s quoted (else the test cannot see a leak)", plain, secret)
				}
				_, err = p.Evaluate(context.Background(), c, nil, rules.WithMask(m))
				var re *rules.Error
				if err == nil || !errors.As(err, &re) || re.Code != "evaluation_failed" {
					t.Fatalf("got %v, want an *Error of code evaluation_failed", err)
				}
				for _, text := range []string{err.Error(), re.Error(), re.Msg, fmt.Sprint(errors.Unwrap(re))} {
					if strings.Contains(text, secret) || strings.Contains(text, "SECRET") {
						t.Errorf("%s: the masked value is in clear: %s", secret, text)
					}
				}
				if !strings.Contains(err.Error(), "hmac-sha256:") {
					t.Errorf("%v: want the value's token in its place", err)
				}
			}
		})
	}
}

// TestMaskedErrorOpens: a masked evaluation error still says where it
// failed and still opens with errors.Is and errors.As to its cause when
// its text quotes a masked value, here the masked number 0, which the
// pointer /conditions/0 holds as a word: the pointer was garbled into a
// token, and errors.Is lost the deadline and errors.As the BudgetError.
func TestMaskedErrorOpens(t *testing.T) {
	m, err := mask.New([]byte("a key of sixteen bytes or more"), "$.n")
	if err != nil {
		t.Fatal(err)
	}
	c := parseCase(t, `{"status": "READY_FOR_REVIEW", "n": 0, "s": "`+strings.Repeat("x", 1000)+`"}`)
	loop := automation(`{"type": "expression", "expression": "all(1..90000, true)"}`)

	p := compile(t, loop, rules.WithExprBudget(1_000_000))
	_, err = p.Evaluate(&deadlineAfter{Context: context.Background(), n: 3}, c, nil, rules.WithMask(m))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("deadline: got %v, want errors.Is the context's deadline", err)
	}
	if err == nil || !strings.Contains(err.Error(), "/conditions/0: ") {
		t.Errorf("deadline: got %v, want the pointer /conditions/0 as it is", err)
	}

	build := automation(`{"type": "expression", "expression": "len(reduce(1..20000, #acc + case.s, \"\")) > 0"}`)
	_, err = compile(t, build).Evaluate(context.Background(), c, nil, rules.WithMask(m))
	var be *casectx.BudgetError
	if !errors.As(err, &be) {
		t.Errorf("budget: got %v, want errors.As a BudgetError", err)
	}
	var re *rules.Error
	if !errors.As(err, &re) || re.Pointer != "/conditions/0" {
		t.Errorf("budget: got %v, want an *Error at /conditions/0", err)
	}
	if err == nil || !strings.Contains(err.Error(), "/conditions/0: expression budget exceeded") {
		t.Errorf("budget: got %v, want the pointer as it is", err)
	}
}

// TestMaskedCaseAutomations: with WithCaseAutomations, the error of a
// case whose automations list is malformed hides what the mask hides; it
// quoted the list or the id in clear.
func TestMaskedCaseAutomations(t *testing.T) {
	m, err := mask.New([]byte("a key of sixteen bytes or more"), "$.automations")
	if err != nil {
		t.Fatal(err)
	}
	p := compile(t, automation(`{"type": "equal", "field": "$.status", "value": "NEW"}`))
	defs, err := rules.Parse([]byte(automation(`{"type": "equal", "field": "$.status", "value": "NEW"}`)))
	if err != nil {
		t.Fatal(err)
	}
	set, err := rules.CompileSet(defs)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ doc, secret string }{
		{`{"status": "NEW", "automations": "SECRETLIST"}`, "SECRETLIST"},
		{`{"status": "NEW", "automations": [{"id": 77123}]}`, "77123"},
	} {
		c := parseCase(t, tc.doc)
		_, plain := p.Evaluate(context.Background(), c, nil, rules.WithCaseAutomations())
		if plain == nil || !strings.Contains(plain.Error(), tc.secret) {
			t.Fatalf("unmasked: %v, want the value quoted (else the test cannot see a leak)", plain)
		}
		_, perr := p.Evaluate(context.Background(), c, nil, rules.WithCaseAutomations(), rules.WithMask(m))
		_, serr := set.Evaluate(context.Background(), c, nil, rules.WithCaseAutomations(), rules.WithMask(m))
		for _, err := range []error{perr, serr} {
			if err == nil || strings.Contains(err.Error(), tc.secret) || !strings.Contains(err.Error(), "hmac-sha256:") {
				t.Errorf("%s: got %v, want the error with the value's token in its place", tc.doc, err)
			}
		}
	}
}

// An event's members reach expressions as the case's values do, and type,
// status and previous_status as the triggers read them.
func TestExpressionEventValues(t *testing.T) {
	ev := func(s string) *rules.Event {
		var e rules.Event
		if err := json.Unmarshal([]byte(s), &e); err != nil {
			t.Fatal(err)
		}
		return &e
	}
	for _, tc := range []struct {
		expr string
		ev   *rules.Event
		want bool
		err  string
	}{
		// No float64 tells 9007199254740993 from 9007199254740992: an
		// integer is read from its text.
		{"event.n == 9007199254740992", ev(`{"type": "case_status_updated", "status": "ACTIVE", "n": 9007199254740993}`), false, ""},
		{"event.n == 9007199254740993", ev(`{"type": "case_status_updated", "status": "ACTIVE", "n": 9007199254740993}`), true, ""},
		{"event.k % 2 == 1", ev(`{"type": "case_status_updated", "status": "ACTIVE", "k": 5}`), true, ""},
		{"event.k == case.k", ev(`{"type": "case_status_updated", "status": "ACTIVE", "k": 5.0}`), true, ""},
		// A number no float64 is cannot be ordered, rather than vanish.
		{"event.big == nil", ev(`{"type": "case_status_updated", "status": "ACTIVE", "big": 1e400}`), false, ""},
		{"event.big > 1", ev(`{"type": "case_status_updated", "status": "ACTIVE", "big": 1e400}`), false, "/conditions/0/expression"},
		{"event.list[1].a == 2", ev(`{"type": "case_status_updated", "status": "ACTIVE", "list": [1, {"a": 2}]}`), true, ""},
		// Data cannot give an expression another status than the trigger's.
		{"event.status == 'ACTIVE' && event.type == 'case_status_updated'", &rules.Event{Type: "case_status_updated", Status: "ACTIVE",
			Data: map[string]json.RawMessage{"status": json.RawMessage(`"DECLINED"`), "type": json.RawMessage(`"x"`)}}, true, ""},
	} {
		def := `{"name": "Expr", "triggers": [{"type": "case_status_updated"}],
		  "conditions": [{"type": "expression", "expression": ` + strconv.Quote(tc.expr) + `}],
		  "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`
		p := compile(t, def)
		r, err := p.Evaluate(context.Background(), parseCase(t, `{"k": 5}`), tc.ev)
		switch {
		case tc.err != "":
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s: err %v, want %q", tc.expr, err, tc.err)
			}
		case err != nil:
			t.Errorf("%s: %v", tc.expr, err)
		case r.Fired != tc.want:
			t.Errorf("%s: fired %v, want %v", tc.expr, r.Fired, tc.want)
		}
	}
}
