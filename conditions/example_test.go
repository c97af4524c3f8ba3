package conditions_test

import (
	"encoding/json"
	"fmt"

	"github.com/verdict-rules/verdict/conditions"
)

// A Condition is the JSON shape of a condition tree; package rules
// compiles it.
func ExampleCondition() {
	var c conditions.Condition
	err := json.Unmarshal([]byte(`{"type": "or", "conditions": [
	  {"type": "greater_than_or_equal", "field": "$.context.company_age", "value": "2"},
	  {"type": "equal", "field": "$.checks[?(@.type==='sanction')].status", "value": "COMPLETED", "match": "any"}
	]}`), &c)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.Type, len(c.Conditions))
	for _, k := range c.Conditions {
		fmt.Println(k.Type, k.Field, string(k.Value))
	}
	fmt.Println(c.Conditions[1].Match)
	// Output:
	// or 2
	// greater_than_or_equal $.context.company_age "2"
	// equal $.checks[?(@.type==='sanction')].status "COMPLETED"
	// any
}

func ExampleBuiltins() {
	fmt.Println(conditions.Builtins())
	// Output:
	// [and or not equal not_equal greater_than greater_than_or_equal less_than less_than_or_equal equal_to_null not_equal_to_null every contains in matches expression]
}
