package record_test

import (
	"context"
	"fmt"
	"time"

	"github.com/verdict-rules/verdict/cases"
	"github.com/verdict-rules/verdict/mask"
	"github.com/verdict-rules/verdict/record"
	"github.com/verdict-rules/verdict/rules"
)

// A decision record of an automation that did not fire: which version
// decided, on what evidence and why, with the credit score masked.
func Example() {
	set, _ := rules.Load([]byte(`{"id": "auto-approve", "name": "Auto approve",
	  "triggers": [{"type": "case_status_updated", "status": "READY_FOR_REVIEW"}],
	  "conditions": [{"type": "greater_than_or_equal", "field": "$.credit_score", "value": 70,
	    "label": "credit score too low", "reason_code": "CREDIT_SCORE_LOW"}],
	  "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`),
		rules.WithClock(func() time.Time { return time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC) }))
	c, _ := cases.Parse([]byte(`{"id": "case-1", "status": "READY_FOR_REVIEW", "credit_score": 69}`))
	m, _ := mask.New([]byte("a secret key of sixteen bytes or more"), "$.credit_score")
	recs, _, err := record.Evaluate(context.Background(), set, c,
		&rules.Event{Type: "case_status_updated", Status: "READY_FOR_REVIEW"}, record.Options{DecisionID: "d-1", Mask: m})
	if err != nil {
		fmt.Println(err)
		return
	}
	r := recs[0]
	fmt.Println(r.DecisionID, r.EvaluatedAt, *r.CaseID, r.Automation.ID)
	fmt.Println("fired:", r.Outcome.Fired, "decided by", r.DecidedBy.Pointer, r.DecidedBy.ReasonCode)
	ev := r.Evidence[0]
	fmt.Println(ev.Path, *ev.Values[0].Pointer, string(ev.Values[0].Value)[:13]+"…")
	fmt.Println(r.Note.Body)
	// Output:
	// d-1 2026-11-24T09:00:00Z case-1 auto-approve
	// fired: false decided by /conditions/0 CREDIT_SCORE_LOW
	// $.credit_score /credit_score "hmac-sha256:…
	// Automation "Auto approve" (auto-approve) did not fire: CREDIT_SCORE_LOW — credit score too low: its condition (greater_than_or_equal, /conditions/0) does not hold.
}
