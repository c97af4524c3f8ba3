package rules_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/verdict-rules/verdict/cases"
	"github.com/verdict-rules/verdict/document"
	"github.com/verdict-rules/verdict/event"
	"github.com/verdict-rules/verdict/rules"
)

// The automation of the Quickr guide, with the sanction check spelt as the
// cases spell it, and a case of a company in good standing.
var (
	exampleAutomation = []byte(`{
	  "id": "PQ1230483.automation.13294829",
	  "name": "Auto approve",
	  "trigger": [{"type": "case_status_updated", "status": "READY_FOR_REVIEW"}],
	  "conditions": [
	    {"type": "equal", "field": "$.checks[?(@.type==='sanction')].data[0].flags.length", "value": "0"},
	    {"type": "greater_than_or_equal", "field": "$.context.company_age", "value": "2"}
	  ],
	  "actions": [{"type": "set_case_status", "status": "ACTIVE"}]
	}`)
	exampleCase = []byte(`{
	  "status": "READY_FOR_REVIEW",
	  "sections": [{"type": "company", "additional_data": [{"registration_date": "2009-05-04"}]}],
	  "checks": [{"type": "sanction", "data": [{"flags": [], "status": "COMPLETED"}]}]
	}`)
	exampleClock = func() time.Time { return time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC) }
)

func Example() {
	defs, err := rules.Parse(exampleAutomation)
	if err != nil {
		panic(err)
	}
	prog := rules.MustCompile(defs[0], rules.WithClock(exampleClock))
	c, err := cases.Parse(exampleCase)
	if err != nil {
		panic(err)
	}
	res, err := prog.Evaluate(context.Background(), c, &rules.Event{Type: "case_status_updated", Status: "READY_FOR_REVIEW"})
	if err != nil {
		panic(err)
	}
	fmt.Println("fired:", res.Fired)
	for _, entry := range res.Changeset {
		for _, ch := range entry.Changes {
			fmt.Printf("%s: %s → %s\n", ch.Field, ch.OldValue, ch.NewValue)
		}
	}
	fmt.Println(res.Note.Body)
	// Output:
	// fired: true
	// /status: "READY_FOR_REVIEW" → "ACTIVE"
	// Automation "Auto approve" (PQ1230483.automation.13294829) fired on case_status_updated to READY_FOR_REVIEW: all 2 conditions hold. Set the case status to ACTIVE (/status "READY_FOR_REVIEW" → "ACTIVE").
}

// A trace explains every condition: what its path yielded, what that was
// compared with, and why it holds or not.
func ExampleWithTrace() {
	defs, _ := rules.Parse(exampleAutomation)
	prog := rules.MustCompile(defs[0], rules.WithClock(exampleClock))
	c, _ := cases.Parse([]byte(`{"status": "READY_FOR_REVIEW",
	  "sections": [{"type": "company", "additional_data": [{"registration_date": "2025-06-01"}]}],
	  "checks": [{"type": "sanction", "data": [{"flags": [{"code": "PERSON_IN_SANCTIONS"}]}]}]}`))
	res, _ := prog.Evaluate(context.Background(), c, nil, rules.WithTrace())
	for _, t := range res.Trace.Children {
		fmt.Printf("%v %s %s: %s\n", t.Outcome, t.Field, t.Values, t.Reason)
	}
	// Output:
	// false $.checks[?(@.type==='sanction')].data[0].flags.length [1]: 1 does not equal "0"
	// false $.context.company_age [1]: 1 is not at least "2"; company_age = 1: from 2025-06-01 at /sections/0/additional_data/0/registration_date, to 2026-11-24
}

// A program compiled with counterfactuals says, of a refused case, what
// would change each condition that keeps the automation from firing, and
// whether that change alone would make it fire.
func ExampleWithCounterfactuals() {
	defs, _ := rules.Parse(exampleAutomation)
	prog := rules.MustCompile(defs[0], rules.WithClock(exampleClock), rules.WithCounterfactuals())
	c, _ := cases.Parse([]byte(`{"status": "READY_FOR_REVIEW",
	  "sections": [{"type": "company", "additional_data": [{"registration_date": "2025-06-01"}]}],
	  "checks": [{"type": "sanction", "data": [{"flags": []}]}]}`))
	res, _ := prog.Evaluate(context.Background(), c, nil, rules.WithTrace())
	for _, t := range res.Trace.Children {
		if cf := t.Counterfactual; cf != nil {
			fmt.Printf("%s %s %s %s (alone enough: %v)\n", t.Pointer, cf.Kind, cf.Value, cf.Date, cf.Sufficient)
			fmt.Println(cf.Sentence)
		}
	}
	// Output:
	// /conditions/1 at_least 2 2027-06-01 (alone enough: true)
	// company_age is 1; it must be at least 2: company_age reaches 2 on 2027-06-01 (counted from "2025-06-01" at /sections/0/additional_data/0/registration_date)
}

// Every problem of a definition comes back at once, each with its JSON
// Pointer and, for paths, the byte offset.
func ExampleErrorList() {
	_, err := rules.Parse([]byte(`{
	  "name": "Broken",
	  "trigger": [{"type": "case_status_updated", "status": "READY_FOR_REVEIW"}],
	  "conditions": [
	    {"type": "equal", "feild": "$.status", "value": "ACTIVE"},
	    {"type": "equal", "field": "$.checks[?(@.type.startsWith('s'))]", "value": "x"}
	  ],
	  "actions": [{"type": "set_case_status", "status": "ACTIVE"}]
	}`))
	var list rules.ErrorList
	if errors.As(err, &list) {
		for _, e := range list {
			fmt.Printf("%d:%d %s [%s] %s\n", e.Line, e.Column, e.Pointer, e.Code, e.Msg)
		}
	}
	// Output:
	// 3:58 /trigger/0/status [unknown_status] unknown case status "READY_FOR_REVEIW" (did you mean "READY_FOR_REVIEW"?); expected one of: ACTIVE, ARCHIVED, DECLINED, READY_FOR_REVIEW, REVIEW_IN_PROGRESS, SUSPENDED, WAITING_FOR_DETAILS, FORM_NOT_STARTED, FORM_IN_PROGRESS, PROCESSING_DETAILS
	// 5:6 /conditions/0 [required] missing required property "field" (is "feild" a misspelling of it?)
	// 5:24 /conditions/0/feild [unknown_property] unknown property "feild" (did you mean "field"?)
	// 6:62 /conditions/1/field [path_unsupported] method calls are not supported in filters
}

// A context field written in expr-lang, used like a built-in one.
func ExampleWithContextField() {
	def := []byte(`{"name": "Owners at home", "triggers": [{"type": "case_status_updated"}],
	  "conditions": [{"type": "equal", "field": "$.context.foreign_owners", "value": 0}],
	  "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`)
	opt := rules.WithContextField("foreign_owners",
		`len(filter(case.owners, .country != case.country))`)
	defs, _ := rules.Parse(def, opt)
	prog := rules.MustCompile(defs[0], opt)
	c, _ := cases.Parse([]byte(`{"country": "NO", "owners": [{"country": "NO"}, {"country": "NO"}]}`))
	res, _ := prog.Evaluate(context.Background(), c, nil)
	fmt.Println(res.Fired)
	// Output:
	// true
}

// A registered action type, here one that assigns the case to an agent.
func ExampleWithActionType() {
	assign := rules.ActionType{
		Name:       "assign_agent",
		Properties: rules.Properties{"agent": json.RawMessage(`{"type": "string", "minLength": 1}`)},
		Required:   []string{"agent"},
		Compile: func(a rules.Action) (rules.ActionFunc, error) {
			agent := a.Params["agent"]
			return func(c *rules.Case) ([]rules.Change, string, error) {
				old, ok := c.Value().Member("assignee")
				if ok && string(old.AppendJSON(nil)) == string(agent) {
					return nil, "already assigned", nil
				}
				oldValue := json.RawMessage("null")
				if ok {
					oldValue = old.AppendJSON(nil)
				}
				return []rules.Change{{Field: "/assignee", OldValue: oldValue, NewValue: agent}}, "", nil
			}, nil
		},
	}
	def := []byte(`{"name": "Route", "triggers": [{"type": "case_status_updated"}], "conditions": [],
	  "actions": [{"type": "assign_agent", "agent": "email.WDVBZEX"}]}`)
	defs, err := rules.Parse(def, rules.WithActionType(assign))
	if err != nil {
		panic(err)
	}
	prog := rules.MustCompile(defs[0], rules.WithActionType(assign))
	c, _ := cases.Parse([]byte(`{"status": "READY_FOR_REVIEW"}`))
	res, _ := prog.Evaluate(context.Background(), c, nil)
	json.NewEncoder(os.Stdout).Encode(res.Changeset)
	// Output:
	// [{"id":"Route","type":"assign_agent","changes":[{"field":"/assignee","old_value":null,"new_value":"email.WDVBZEX"}]}]
}

func ExampleQuery() {
	c, _ := cases.Parse(exampleCase)
	values, err := rules.Query(c, "$.context.company_age", rules.WithClock(exampleClock))
	if err != nil {
		panic(err)
	}
	fmt.Println(values)
	_, err = rules.Query(c, "$.checks[(@.length-1)]")
	var pe *rules.Error
	if errors.As(err, &pe) {
		fmt.Print(pe.Excerpt(nil))
		fmt.Println(pe.Msg)
	}
	// Output:
	// [17]
	//   | $.checks[(@.length-1)]
	//   |          ^
	// script expressions [(...)] are not supported: they run code
}

// A tool that takes an event from a person checks it first; Evaluate
// would take the typo and report that no trigger matched.
func ExampleSet_CheckEvent() {
	defs, err := rules.Parse(exampleAutomation)
	if err != nil {
		panic(err)
	}
	set, err := rules.CompileSet(defs)
	if err != nil {
		panic(err)
	}
	ev, err := event.Parse([]byte(`{"type": "case_status_update", "status": "READY_FOR_REVEIW", "stauts": "x"}`))
	if err != nil {
		panic(err)
	}
	var invalid *event.Error
	if errors.As(set.CheckEvent(ev), &invalid) {
		for _, p := range invalid.Problems {
			fmt.Println(event.Member(p)+":", p.Msg)
		}
	}
	// A type no trigger knows, far from every one, is not a mistake.
	fmt.Println(set.CheckEvent(&rules.Event{Type: "CASE_CREATED"}))
	// Output:
	// type: no trigger knows the event type "case_status_update" (did you mean "case_status_updated"?)
	// stauts: unknown member "stauts" (did you mean "status"?); other members are read only by expressions, as event.<name>
	// <nil>
}

// A case taken from a person is checked for what the automations read: a
// case without a status, in an API list response of cases.
func ExampleSet_CheckCase() {
	list, err := cases.ParseList([]byte(`{"data": [{"id": "a", "status": "READY_FOR_REVIEW"}, {"id": "b"}], "pagination": {"cursor": "x"}}`))
	if err != nil {
		panic(err)
	}
	set, err := rules.Load(exampleAutomation)
	if err != nil {
		panic(err)
	}
	for _, c := range list {
		fmt.Printf("%s %q", c.Pointer(), c.Status())
		for _, w := range set.CheckCase(c) {
			fmt.Print(": ", w.Msg)
		}
		fmt.Println()
	}
	// Output:
	// /data/0 "READY_FOR_REVIEW"
	// /data/1 "": the case has no "status" member, which case status triggers and set_case_status read
}

func ExampleWithCaseAutomations() {
	set, err := rules.Load([]byte(`[
	  {"id": "PQ1230483.automation.13294829", "name": "Auto approve", "triggers": [{"type": "case_status_updated"}],
	   "conditions": [], "actions": [{"type": "set_case_status", "status": "ACTIVE"}]},
	  {"id": "PQ1230483.automation.2", "name": "Draft", "triggers": [{"type": "case_status_updated"}],
	   "conditions": [], "actions": [{"type": "set_case_status", "status": "SUSPENDED"}]}]`))
	if err != nil {
		fmt.Println(err)
		return
	}
	c, err := cases.Parse([]byte(`{"status": "READY_FOR_REVIEW", "automations": [
	  {"id": "PQ1230483.automation.13294829"}, {"id": "PQ1230483.automation.404"}]}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	ev := &rules.Event{Type: "case_status_updated", Status: "READY_FOR_REVIEW"}
	results, err := set.Evaluate(context.Background(), c, ev, rules.WithCaseAutomations())
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range results {
		fmt.Printf("%s %q fired=%v not_run=%q\n", r.Automation.ID, r.Automation.Name, r.Fired, r.NotRun)
	}
	// Output:
	// PQ1230483.automation.13294829 "Auto approve" fired=true not_run=""
	// PQ1230483.automation.2 "Draft" fired=false not_run="the case does not name it"
	// PQ1230483.automation.404 "" fired=false not_run="the case names it, and no automation evaluated has this id"
}

// The fingerprint is the version of an automation's logic: renaming it,
// reordering its members or spelling trigger as triggers keeps it, a new
// threshold changes it.
func ExampleProgram_Fingerprint() {
	fp := func(def string) string {
		set, err := rules.Load([]byte(def))
		if err != nil {
			return err.Error()
		}
		return set.Programs()[0].Fingerprint()
	}
	a := fp(`{"name": "Approve", "trigger": [{"type": "case_status_updated"}],
	  "conditions": [{"type": "greater_than_or_equal", "field": "$.score", "value": 70}],
	  "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`)
	b := fp(`{"actions": [{"status": "ACTIVE", "type": "set_case_status"}], "name": "Approve, renamed",
	  "conditions": [{"value": 70, "field": "$.score", "type": "greater_than_or_equal"}],
	  "triggers": [{"type": "case_status_updated"}]}`)
	c := fp(`{"name": "Approve", "trigger": [{"type": "case_status_updated"}],
	  "conditions": [{"type": "greater_than_or_equal", "field": "$.score", "value": 71}],
	  "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`)
	fmt.Println(a == b, a == c, a[:7])
	// Output: true false sha256:
}

// A case decoded for what a program reads (its Reach) keeps only that and
// checks the rest; a program that reads more refuses the case instead of
// taking a skipped value for a missing one.
func ExampleProgram_Reach() {
	defs, err := rules.Parse(exampleAutomation)
	if err != nil {
		panic(err)
	}
	prog := rules.MustCompile(defs[0], rules.WithClock(exampleClock))
	c, err := cases.Decoder{Reach: prog.Reach()}.Parse(exampleCase)
	if err != nil {
		panic(err)
	}
	ev := &rules.Event{Type: "case_status_updated", Status: "READY_FOR_REVIEW"}
	res, err := prog.Evaluate(context.Background(), c, ev)
	if err != nil {
		panic(err)
	}
	fmt.Println("fired:", res.Fired)

	other := rules.MustCompile(rules.Automation{
		Name:       "Has notes",
		Triggers:   []rules.Trigger{{Type: "case_status_updated"}},
		Conditions: []rules.Condition{{Type: "not_equal_to_null", Field: "$.notes"}},
		Actions:    []rules.Action{{Type: "set_case_status", Status: "REVIEW_IN_PROGRESS"}},
	})
	_, err = other.Evaluate(context.Background(), c, ev)
	var re *document.ReachError
	fmt.Println(errors.As(err, &re), re.Path)
	// Output:
	// fired: true
	// true $["notes"]
}
