package main

import (
	"encoding/json"
	"fmt"
	"testing"
)

// reviewRuns are hostile inputs found after the first round of bounds,
// run by TestHostileInputs like the others.
func reviewRuns(t *testing.T) []hostileRun {
	sharedID := make([]map[string]any, 10_000)
	for i := range sharedID {
		sharedID[i] = map[string]any{"id": "same", "name": fmt.Sprintf("automation %d", i),
			"trigger": anyStatus, "conditions": []any{}, "actions": []any{map[string]any{"type": "set_case_status", "status": "ACTIVE"}}}
	}
	fields := map[string]string{}
	for i := 0; i < 20_000; i++ {
		fields[fmt.Sprintf("f%d", i)] = fmt.Sprint(i)
	}
	readsField := hostileAutomation(t, []any{cond("equal", "$.context.f19999", 19999)}, nil, nil, nil)
	return []hostileRun{
		{name: "10,000 automations sharing an id", files: map[string][]byte{"a.json": mustJSON(t, sharedID)},
			args: []string{"validate", "a.json"}, exit: 0,
			output: []string{`a.json: /9999/id: warning: the id "same" is also the id of "automation 0", "automation 1", "automation 2" and 9996 more in this set`,
				"valid (10000 automations), 10000 warnings"}},
		{name: "20,000 context fields", files: map[string][]byte{"a.json": readsField, "fields.json": mustJSON(t, fields)},
			args: []string{"validate", "--context-fields", "fields.json", "a.json"}, exit: 0, output: []string{"a.json: ok (1 automation)"}},
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
