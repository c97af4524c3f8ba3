package event_test

import (
	"errors"
	"fmt"

	"github.com/verdict-rules/verdict/event"
)

// An event a person typed is checked before it is evaluated.
func ExampleCheck() {
	ev, err := event.Parse([]byte(`{"type": "case_status_updated", "status": "READY_FOR_REVEIW"}`))
	if err != nil {
		panic(err)
	}
	err = event.Check(ev, []string{"ACTIVE", "READY_FOR_REVIEW"}, nil)
	var invalid *event.Error
	if errors.As(err, &invalid) {
		for _, p := range invalid.Problems {
			fmt.Println(event.Member(p), p.Code, p.Msg)
		}
	}
	// Output:
	// status unknown_status unknown case status "READY_FOR_REVEIW" (did you mean "READY_FOR_REVIEW"?); expected one of: ACTIVE, READY_FOR_REVIEW
}
