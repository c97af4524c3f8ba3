package cases_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/verdict-rules/verdict/cases"
	"github.com/verdict-rules/verdict/document"
	"github.com/verdict-rules/verdict/rules"
)

// TestParseListWithReach: an API list response decoded for a program's
// reach gives the cases, and the results, of the list decoded whole, also
// when the program reads a member named data of its cases, which the
// reach would otherwise apply to the list's own data.
func TestParseListWithReach(t *testing.T) {
	program := func(conds string) *rules.Program {
		defs, err := rules.Parse([]byte(`{"name": "p", "triggers": [{"type": "case_status_updated"}], "conditions": [` + conds + `], "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`))
		if err != nil {
			t.Fatal(err)
		}
		p, err := rules.Compile(defs[0])
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name  string
		conds string
		doc   string
	}{
		{"data an array of the case", `{"type": "equal", "field": "$.data[0].x", "value": 1}, {"type": "equal", "field": "$.checks[0].type", "value": "sanction"}`,
			`{"data": [{"status": "READY_FOR_REVIEW", "checks": [{"type": "sanction"}], "data": [{"x": 1}]}], "object": "list"}`},
		{"data an object of the case", `{"type": "equal", "field": "$.data.status", "value": "A"}`,
			`{"data": [{"status": "READY_FOR_REVIEW", "data": {"status": "A"}}, {"status": "ACTIVE", "data": {"status": "B"}}]}`},
		{"a case with data", `{"type": "equal", "field": "$.data[0].x", "value": 1}, {"type": "equal", "field": "$.checks[0].type", "value": "sanction"}`,
			`{"status": "READY_FOR_REVIEW", "checks": [{"type": "sanction"}], "data": [{"x": 1}]}`},
		{"a list whose cases have no data", `{"type": "equal", "field": "$.checks[0].type", "value": "sanction"}`,
			`{"data": [{"status": "READY_FOR_REVIEW", "checks": [{"type": "sanction"}]}], "pagination": {}}`},
	}
	show := func(list []*cases.Case, err error, p *rules.Program) string {
		if err != nil {
			return "error " + err.Error()
		}
		out := ""
		for _, c := range list {
			r, err := p.Evaluate(context.Background(), c, nil, rules.WithTrace())
			j, _ := json.Marshal(r)
			out += fmt.Sprintf("%s: %v %s\n", c.Pointer(), err, j)
		}
		return out
	}
	for _, tc := range tests {
		p := program(tc.conds)
		full, ferr := cases.ParseList([]byte(tc.doc))
		part, perr := cases.Decoder{Reach: p.Reach()}.ParseList([]byte(tc.doc))
		if diff := cmp.Diff(show(full, ferr, p), show(part, perr, p)); diff != "" {
			t.Errorf("%s: (-whole +projected)\n%s", tc.name, diff)
		}
	}
}

// TestNewWithReach: a reach applies from the top of the document it was
// decoded with, so New refuses a value inside a document decoded with
// one, where the program's reach was applied to other members; the
// document's top-level value is a case as Parse would make it.
func TestNewWithReach(t *testing.T) {
	defs, err := rules.Parse([]byte(`{"name": "p", "triggers": [{"type": "case_status_updated"}], "conditions": [{"type": "equal", "field": "$.inner.status", "value": "READY_FOR_REVIEW"}, {"type": "equal", "field": "$.checks[0].type", "value": "sanction"}], "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	p, err := rules.Compile(defs[0])
	if err != nil {
		t.Fatal(err)
	}
	doc := []byte(`{"inner": {"inner": {"status": "READY_FOR_REVIEW"}, "checks": [{"type": "sanction"}]}}`)
	root, err := document.Decoder{Reach: p.Reach()}.Decode(doc)
	if err != nil {
		t.Fatal(err)
	}
	// Decoded whole, the inner object is a case the program fires on.
	whole, err := document.Decode(doc)
	if err != nil {
		t.Fatal(err)
	}
	wc, err := cases.New(whole.Get("inner"))
	if err != nil {
		t.Fatal(err)
	}
	if r, err := p.Evaluate(context.Background(), wc, nil); err != nil || !r.Fired {
		t.Fatalf("decoded whole: fired %v, %v", r.Fired, err)
	}
	if c, err := cases.New(root.Get("inner")); err == nil {
		r, err := p.Evaluate(context.Background(), c, nil)
		t.Fatalf("New took a value inside a document decoded with a reach: fired %v, %v", r.Fired, err)
	}
	c, err := cases.New(root)
	if err != nil {
		t.Fatalf("the top-level value: %v", err)
	}
	if _, err := p.Evaluate(context.Background(), c, nil); err != nil {
		t.Fatal(err)
	}
}
