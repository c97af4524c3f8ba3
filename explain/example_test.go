package explain_test

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/verdict-rules/verdict/cases"
	"github.com/verdict-rules/verdict/explain"
	"github.com/verdict-rules/verdict/rules"
)

// A traced result drawn for people: each condition with its values, what
// they were compared with, and why it came out as it did.
func ExampleWrite() {
	set, err := rules.Load([]byte(`{
	  "name": "Auto approve",
	  "trigger": [{"type": "case_status_updated", "status": "READY_FOR_REVIEW"}],
	  "conditions": [
	    {"type": "equal", "field": "$.checks[?(@.type==='sanction')].status", "value": "COMPLETED"},
	    {"type": "greater_than_or_equal", "field": "$.context.company_age", "value": "2"}
	  ],
	  "actions": [{"type": "set_case_status", "status": "ACTIVE"}]
	}`), rules.WithClock(func() time.Time { return time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC) }))
	if err != nil {
		fmt.Println(err)
		return
	}
	c, err := cases.Parse([]byte(`{"status": "READY_FOR_REVIEW", "checks": [{"type": "sanction", "status": "FLAGGED"}],
	  "sections": [{"type": "company", "additional_data": [{"registration_date": "2009-05-04"}]}]}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	results, err := set.Evaluate(context.Background(), c, &rules.Event{Type: "case_status_updated", Status: "READY_FOR_REVIEW"}, rules.WithTrace())
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := explain.Write(os.Stdout, results[0], explain.Options{}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// Auto approve
	//   version: sha256:dc32720ec746cebd9632b91140a6ae913e28ff5ab0dedb7a9cb0f994935f290c
	//   event:   case_status_updated to READY_FOR_REVIEW ✓ triggered
	//   outcome: ✗ not fired: the conditions do not hold
	//
	//   ✗ conditions (all must hold)  /conditions
	//   │   condition 1 of 2 does not hold
	//   ├── ✗ equal  $.checks[?(@.type==='sanction')].status  /conditions/0
	//   │       yielded ["FLAGGED"]   compared with "COMPLETED"
	//   │       "FLAGGED" does not equal "COMPLETED"
	//   └── ✓ greater_than_or_equal  $.context.company_age  /conditions/1
	//           yielded [17]   compared with "2"
	//           17 is at least "2"; company_age = 17: from 2009-05-04 at /sections/0/additional_data/0/registration_date, to 2026-11-24
	//   note:    Automation "Auto approve" did not fire: condition 1 of 2 (equal, /conditions/0) does not hold.
}
