package rules_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/verdict-rules/verdict/cases"
	"github.com/verdict-rules/verdict/conditions"
	"github.com/verdict-rules/verdict/document"
	"github.com/verdict-rules/verdict/rules"
)

// TestParseReportsWhatCompileWould: a definition whose only problem is in a
// path, a pattern, an expression, a context field or a registered type is
// refused by Parse, with the error Compile gives the same definition
// built in Go.
func TestParseReportsWhatCompileWould(t *testing.T) {
	picky := rules.WithConditionType(conditions.Type{Name: "picky", Properties: rules.Properties{"field": nil, "limit": nil},
		Compile: func(c rules.Condition) (func(document.Value) bool, error) {
			if string(c.Params["limit"]) != "1" {
				return nil, errors.New("limit must be 1")
			}
			return func(document.Value) bool { return true }, nil
		}})
	tests := []struct {
		name, condition string
		pointer         string
	}{
		{"path", `{"type": "equal", "field": "$.a[?(@.b.c())]", "value": 1}`, "/conditions/0/field"},
		{"regular expression", `{"type": "matches", "field": "$.a", "value": "(x"}`, "/conditions/0/value"},
		{"expression", `{"type": "expression", "expression": "case.a >"}`, "/conditions/0/expression"},
		{"context field", `{"type": "equal", "field": "$.context.compny_age", "value": 1}`, "/conditions/0/field"},
		{"registered type", `{"type": "picky", "field": "$.a", "limit": 2}`, "/conditions/0"},
		{"nested", `{"type": "not", "condition": {"type": "or", "conditions": [{"type": "in", "field": "$.a", "value": "x"}]}}`, "/conditions/0/condition/conditions/0/value"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc := fmt.Sprintf(`{"name": "x", "triggers": [{"type": "case_status_updated"}], "conditions": [%s], "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`, tc.condition)
			defs, err := rules.Parse([]byte(doc), picky)
			var parsed rules.ErrorList
			if !errors.As(err, &parsed) || len(defs) != 0 {
				t.Fatalf("Parse: %d automations, error %v; want an ErrorList", len(defs), err)
			}
			if parsed[0].Pointer != tc.pointer || parsed[0].Line != 1 {
				t.Errorf("Parse: %+v, want it at %s on line 1", parsed[0], tc.pointer)
			}
			// The same definition built in Go.
			var a rules.Automation
			a.Name, a.Triggers = "x", []rules.Trigger{{Type: "case_status_updated"}}
			a.Actions = []rules.Action{{Type: "set_case_status", Status: "ACTIVE"}}
			var c rules.Condition
			if err := jsonUnmarshal(tc.condition, &c); err != nil {
				t.Fatal(err)
			}
			a.Conditions = []rules.Condition{c}
			_, err = rules.Compile(a, picky)
			var compiled rules.ErrorList
			if !errors.As(err, &compiled) {
				t.Fatalf("Compile: %v", err)
			}
			if diff := cmp.Diff(parsed[0].Msg, compiled[0].Msg); diff != "" || parsed[0].Code != compiled[0].Code {
				t.Errorf("Parse and Compile disagree: %s %s / %s (-parse +compile):\n%s", parsed[0].Code, compiled[0].Code, parsed[0].Msg, diff)
			}
		})
	}
}

// TestCompileChecksWhatChangedSinceParse: the check Parse made serves
// Compile only for the definition as Parse made it, and options to the
// same effect.
func TestCompileChecksWhatChangedSinceParse(t *testing.T) {
	defs, err := rules.Parse([]byte(docsAutomation))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rules.Compile(defs[0]); err != nil {
		t.Fatal(err)
	}
	changed := defs[0]
	changed.Conditions = append([]rules.Condition(nil), changed.Conditions...)
	changed.Conditions[1].Field = "$.current_information[?(@.type==='credit_score')"
	_, err = rules.Compile(changed)
	var list rules.ErrorList
	if !errors.As(err, &list) || list[0].Pointer != "/conditions/1/field" {
		t.Errorf("a path changed after Parse: got %v, want its error", err)
	}
	// Changed in place: the slice Parse made is written to.
	inPlace, err := rules.Parse([]byte(docsAutomation))
	if err != nil {
		t.Fatal(err)
	}
	inPlace[0].Conditions[0].Conditions[0].Value[1] = 'x' // "0" becomes "x"
	p, err := rules.Compile(inPlace[0], rules.WithClock(clock))
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Automation().Conditions[0].Conditions[0].Value; string(got) != `"x"` {
		t.Fatalf("value %s", got)
	}
	// Other options: the vocabulary no longer has READY_FOR_REVIEW.
	_, err = rules.Compile(defs[0], rules.WithStatuses(cases.DinteroStatuses()))
	if !errors.As(err, &list) || list[0].Code != "unknown_status" || !strings.Contains(list[0].Msg, "READY_FOR_REVIEW") {
		t.Errorf("other statuses: got %v, want an unknown status", err)
	}
}

func jsonUnmarshal(s string, v any) error { return json.Unmarshal([]byte(s), v) }

// TestLoad compiles a document to a Set with the options given once, and
// reports the problems of every automation at once, located in the
// document.
func TestLoad(t *testing.T) {
	doc := `[` + docsAutomation + `, {"name": "second", "triggers": [{"type": "case_status_updated", "status": "READY_FOR_REVEIW"}],
	  "conditions": [{"type": "equal", "field": "$.a[", "value": 1}], "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}]`
	_, err := rules.Load([]byte(doc))
	var list rules.ErrorList
	if !errors.As(err, &list) || len(list) != 2 {
		t.Fatalf("got %v, want two problems", err)
	}
	for i, want := range []string{"/1/triggers/0/status", "/1/conditions/0/field"} {
		if list[i].Pointer != want || list[i].Line == 0 {
			t.Errorf("problem %d: %+v, want it at %s with its line", i, list[i], want)
		}
	}
	set, err := rules.Load([]byte(`{"data": [`+docsAutomation+`]}`), rules.WithClock(clock))
	if err != nil {
		t.Fatal(err)
	}
	if set.Len() != 1 || set.Programs()[0].DocumentPointer() != "/data/0" {
		t.Errorf("%d programs, the first at %q", set.Len(), set.Programs()[0].DocumentPointer())
	}
	rs, err := set.Evaluate(context.Background(), parseCase(t, goodCase), &rules.Event{Type: "case_status_updated", Status: "READY_FOR_REVIEW"})
	if err != nil || !rs[0].Fired {
		t.Errorf("fired %v, %v: the clock option was not applied (%s)", rs[0].Fired, err, rs[0].Note.Body)
	}
}

// TestUnmarshalLeavesTheChecksToCompile: json.Unmarshal decodes an
// automation of registered types it cannot know of, refuses only what the
// Go form cannot hold, and leaves the rest to Compile, which checks the
// JSON it was given.
func TestUnmarshalLeavesTheChecksToCompile(t *testing.T) {
	within := rules.WithConditionType(conditions.Type{Name: "within_days", Properties: rules.Properties{"field": nil, "days": nil},
		Compile: func(rules.Condition) (func(document.Value) bool, error) {
			return func(document.Value) bool { return true }, nil
		}})
	custom := `{"name": "x", "triggers": [{"type": "case_status_updated"}],
	  "conditions": [{"type": "within_days", "field": "$.created_at", "days": 30}],
	  "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`
	var a rules.Automation
	if err := json.Unmarshal([]byte(custom), &a); err != nil {
		t.Fatalf("a registered condition type: %v", err)
	}
	if _, err := rules.Compile(a, within); err != nil {
		t.Errorf("Compile with the type registered: %v", err)
	}
	var list rules.ErrorList
	if _, err := rules.Compile(a); !errors.As(err, &list) || list[0].Code != "unknown_condition_type" {
		t.Errorf("Compile without it: %v", err)
	}
	misspelt := strings.Replace(custom, `"conditions"`, `"condtions"`, 1)
	a = rules.Automation{}
	if err := json.Unmarshal([]byte(misspelt), &a); err != nil {
		t.Fatal(err)
	}
	_, err := rules.Compile(a, within)
	if !errors.As(err, &list) || len(list) != 2 || list[1].Code != "unknown_property" || list[1].Pointer != "/condtions" || list[1].Line != 2 {
		t.Errorf("a misspelt member: %v, want it reported at /condtions on line 2", err)
	}
	err = json.Unmarshal([]byte(`{"name": 5, "triggers": {"type": "x"}}`), &a)
	if !errors.As(err, &list) || len(list) != 2 || list[0].Pointer != "/name" || list[1].Pointer != "/triggers" {
		t.Errorf("members the Go form cannot hold: %v", err)
	}
}

// TestCompileUsesTheCheckOfParse: compiling what Parse returned does not
// check it again (no schema validation, no path parsed twice), so it costs
// a fraction of compiling the same definition built in Go, which is
// checked in its JSON form.
func TestCompileUsesTheCheckOfParse(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	defs, err := rules.Parse([]byte(docsAutomation))
	if err != nil {
		t.Fatal(err)
	}
	parsed := defs[0]
	var built rules.Automation
	b, _ := json.Marshal(parsed)
	if err := json.Unmarshal(b, &built); err != nil {
		t.Fatal(err)
	}
	built.Description += " " // changed: checked again
	compile := func(a rules.Automation) func() {
		return func() {
			if _, err := rules.Compile(a); err != nil {
				t.Fatal(err)
			}
		}
	}
	once, again := testing.AllocsPerRun(5, compile(parsed)), testing.AllocsPerRun(5, compile(built))
	if once*2 > again {
		t.Errorf("compiling a parsed definition allocates %v times, one checked again %v: Parse's check is not used", once, again)
	}
}
