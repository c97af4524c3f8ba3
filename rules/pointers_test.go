package rules_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/verdict-rules/verdict/rules"
)

// An automation's results point into the automation, wherever it sits in
// its file; only errors and DocumentPointer know the file's shape.
func TestPointersAreRelativeToTheAutomation(t *testing.T) {
	const other = `{"name": "other", "triggers": [{"type": "case_status_updated"}], "conditions": [],
	  "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`
	auto := strings.Replace(docsAutomation, "@.type==='sanction')].data[0]", "@.type==='sanctions')].data[0]", 1)
	shapes := map[string]string{
		"":        auto,
		"/1":      "[" + other + "," + auto + "]",
		"/data/1": `{"data": [` + other + "," + auto + `]}`,
	}
	c := parseCase(t, `{"status": "READY_FOR_REVIEW", "checks": [{"type": "sanctions", "data": [{"flags": ["x"]}]}]}`)
	ev := &rules.Event{Type: "case_status_updated", Status: "READY_FOR_REVIEW"}
	var first []byte
	for place, doc := range shapes {
		defs, err := rules.Parse([]byte(doc))
		if err != nil {
			t.Fatal(err)
		}
		set, err := rules.CompileSet(defs, rules.WithClock(clock))
		if err != nil {
			t.Fatal(err)
		}
		prog := set.Programs()[len(defs)-1]
		if got := prog.DocumentPointer(); got != place {
			t.Errorf("%q: DocumentPointer = %q", place, got)
		}
		r, err := prog.Evaluate(context.Background(), c, ev, rules.WithTrace())
		if err != nil {
			t.Fatal(err)
		}
		if got := r.Trace.Pointer; got != "/conditions" {
			t.Errorf("%q: trace root %q, want /conditions", place, got)
		}
		if got := r.Trace.Decider().Pointer; got != "/conditions/0" {
			t.Errorf("%q: decided by %q, want /conditions/0", place, got)
		}
		if !strings.Contains(r.Note.Body, "(or, /conditions/0)") {
			t.Errorf("%q: note %q", place, r.Note.Body)
		}
		if len(r.Warnings) == 0 || !strings.HasPrefix(r.Warnings[0].Pointer, "/conditions/0/") {
			t.Errorf("%q: warnings %+v", place, r.Warnings)
		}
		b, _ := json.Marshal(r)
		if first == nil {
			first = b
		} else if diff := cmp.Diff(string(first), string(b)); diff != "" {
			t.Errorf("%q: the result depends on the file's shape (-first +this):\n%s", place, diff)
		}

		// A compile error still points into the file.
		bad := strings.Replace(doc, `"value": "70"`, `"value": "70", "field": "$.x["`, 1)
		bad = strings.Replace(bad, `"field": "$.current_information[?(@.type==='credit_score')].data[*].current_credit_score.value", `, "", 1)
		defs, err = rules.Parse([]byte(bad))
		if err == nil {
			_, err = rules.CompileSet(defs)
		}
		var list rules.ErrorList
		if !errors.As(err, &list) || list[0].Pointer != place+"/conditions/1/field" || list[0].Line == 0 {
			t.Errorf("%q: compile error %v, want it at %s/conditions/1/field with its line", place, err, place)
		}
	}
}

// DecidedBy names the deciding condition without a trace, as the trace's
// Decider does with one.
func TestDecidedBy(t *testing.T) {
	const def = `{"name": "n", "triggers": [{"type": "case_status_updated"}], "conditions": [
	  {"type": "or", "conditions": [
	    {"type": "equal", "field": "$.a", "value": 1},
	    {"type": "equal", "field": "$.b", "value": 1}]},
	  {"type": "and", "conditions": [
	    {"type": "equal", "field": "$.c", "value": 1},
	    {"type": "not", "condition": {"type": "equal", "field": "$.d", "value": 1}}]},
	  {"type": "equal", "field": "$.e", "value": 1}],
	  "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`
	p := compile(t, def)
	for _, tc := range []struct{ doc, want string }{
		{`{"a": 1, "b": 1, "c": 1, "d": 0, "e": 1}`, "/conditions"},
		{`{"a": 0, "b": 0, "c": 1, "d": 0, "e": 1}`, "/conditions/0"},
		{`{"a": 0, "b": 1, "c": 0, "d": 0, "e": 1}`, "/conditions/1/conditions/0"},
		{`{"a": 1, "c": 1, "d": 1, "e": 1}`, "/conditions/1/conditions/1/condition"},
		{`{"a": 1, "c": 1, "d": 0}`, "/conditions/2"},
	} {
		c := parseCase(t, tc.doc)
		plain, err := p.Evaluate(context.Background(), c, nil)
		if err != nil {
			t.Fatal(err)
		}
		traced, err := p.Evaluate(context.Background(), c, nil, rules.WithTrace())
		if err != nil {
			t.Fatal(err)
		}
		if plain.DecidedBy != tc.want || traced.DecidedBy != tc.want || traced.Trace.Decider().Pointer != tc.want {
			t.Errorf("%s: decided by %q untraced, %q traced, %q in the trace; want %q",
				tc.doc, plain.DecidedBy, traced.DecidedBy, traced.Trace.Decider().Pointer, tc.want)
		}
	}
}
