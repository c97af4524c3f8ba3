package changeset_test

import (
	"encoding/json"
	"fmt"

	"github.com/verdict-rules/verdict/changeset"
)

func ExampleApply() {
	doc := []byte(`{"status": "READY_FOR_REVIEW", "id": "PQ1230485.493019345"}`)
	next, err := changeset.Apply(doc, []changeset.Entry{{ID: "auto", Type: "set_case_status",
		Changes: []changeset.Change{{Field: "/status", OldValue: json.RawMessage(`"READY_FOR_REVIEW"`), NewValue: json.RawMessage(`"ACTIVE"`)}}}})
	if err != nil {
		panic(err)
	}
	fmt.Println(string(next))
	// Output:
	// {"status": "ACTIVE", "id": "PQ1230485.493019345"}
}

// Two automations that approve the same case make one change between
// them; a third that declines it disagrees, and its change and theirs are
// left for the caller to settle.
func ExampleMerge() {
	set := func(id, status string) []changeset.Entry {
		return []changeset.Entry{{ID: id, Type: "set_case_status", Changes: []changeset.Change{
			{Field: "/status", OldValue: json.RawMessage(`"READY_FOR_REVIEW"`), NewValue: json.RawMessage(`"` + status + `"`)}}}}
	}
	merged, conflicts := changeset.Merge(set("approve", "ACTIVE"), set("approve again", "ACTIVE"))
	fmt.Println(len(merged), merged[0].ID, len(conflicts))
	merged, conflicts = changeset.Merge(set("approve", "ACTIVE"), set("decline", "DECLINED"))
	fmt.Println(len(merged), conflicts[0].Field, conflicts[0].Entries[0].ID, conflicts[0].Entries[1].ID)
	// Output:
	// 1 approve 0
	// 0 /status approve decline
}
