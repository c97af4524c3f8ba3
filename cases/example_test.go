package cases_test

import (
	"errors"
	"fmt"

	"github.com/verdict-rules/verdict/cases"
	"github.com/verdict-rules/verdict/document"
)

// An API list response of cases is read as its cases, each knowing its
// place.
func ExampleParseList() {
	list, err := cases.ParseList([]byte(`{"data": [{"id": "a", "status": "READY_FOR_REVIEW"}, {"id": "b"}], "pagination": {"cursor": "x"}}`))
	if err != nil {
		panic(err)
	}
	for _, c := range list {
		fmt.Printf("%s %q %v\n", c.Pointer(), c.Status(), c.HasStatus())
	}
	// Output:
	// /data/0 "READY_FOR_REVIEW" true
	// /data/1 "" false
}

// A result of verdict given where a case is expected is recognised, so a
// tool can refuse it instead of counting it as a case.
func ExampleIsResult() {
	for _, doc := range []string{
		`{"verdict_result": 1, "case": "cases.ndjson:1", "decided_by": "/conditions"}`,
		`[{"automation": {"name": "a"}, "triggered": true, "matched": true, "fired": true, "changeset": []}]`,
		`{"status": "READY_FOR_REVIEW", "automation": "a"}`,
	} {
		v, err := document.Decode([]byte(doc))
		if err != nil {
			panic(err)
		}
		fmt.Println(cases.IsResult(v))
	}
	_, err := cases.ParseList([]byte(`[{"verdict_result": 1}]`))
	fmt.Println(errors.Is(err, cases.ErrResult))
	// Output:
	// true
	// true
	// false
	// true
}
