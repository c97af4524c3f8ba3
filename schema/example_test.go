package schema_test

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/verdict-rules/verdict/schema"
)

// Every problem of a document comes back at once, each at the JSON
// Pointer of its node, in the order of the pointers.
func ExampleValidator_Validate() {
	dec := json.NewDecoder(bytes.NewReader([]byte(`{
	  "name": "Auto approve",
	  "trigger": [{"type": "case_status_updated", "status": "READY_FOR_REVIEW"}],
	  "conditions": [{"type": "greater_than", "field": "$.context.company_age"}],
	  "actions": [{"type": "set_case_status", "status": 7}]
	}`)))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range schema.Automation().Validate(doc) {
		fmt.Println(p.Pointer, p.Msg)
	}
	// Output:
	// /actions/0/status expected a string, found number 7
	// /conditions/0 missing required property "value"
}
