package main

import (
	"encoding/json"
	"fmt"
	"strings"
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
	bigStatus := hostileAutomation(t, []any{}, nil, []any{map[string]any{"type": "set_case_status", "status": strings.Repeat("A", 30_000_000)}}, nil)
	longFields := map[string]string{}
	for i := 0; i < 2000; i++ {
		longFields[fmt.Sprintf("f%04d", i)+strings.Repeat("x", 1019)] = "1"
	}
	longName := hostileAutomation(t, []any{exprCond("context." + strings.Repeat("y", 7000) + " == 1")}, nil, nil, nil)
	scenario := func(want string) map[string][]byte {
		return map[string][]byte{
			"automation.json": hostileAutomation(t, []any{}, nil, nil, nil),
			"case.json":       []byte(`{"status": "PROCESSING_DETAILS"}`),
			"event.json":      []byte(`{"type": "case_status_updated", "status": "READY_FOR_REVIEW"}`),
			"want.json":       []byte(want),
		}
	}
	return []hostileRun{
		{name: "10,000 automations sharing an id", files: map[string][]byte{"a.json": mustJSON(t, sharedID)},
			args: []string{"validate", "a.json"}, exit: 0,
			output: []string{`a.json: /9999/id: warning: the id "same" is also the id of "automation 0", "automation 1", "automation 2" and 9996 more in this set`,
				"valid (10000 automations), 10000 warnings"}},
		{name: "20,000 context fields", files: map[string][]byte{"a.json": readsField, "fields.json": mustJSON(t, fields)},
			args: []string{"validate", "--context-fields", "fields.json", "a.json"}, exit: 0, output: []string{"a.json: ok (1 automation)"}},
		{name: "a want.json nested 9,000 deep", files: scenario(strings.Repeat("[", 9000) + strings.Repeat("]", 9000)),
			args: []string{"test", "."}, exit: 1, output: []string{"want.json:1:513: nesting deeper than the limit of 512"}},
		{name: "a want.json of a million arrays 500 deep", files: scenario(strings.Repeat("[", 500) + strings.Repeat("[],", 1_000_000) + "[]" + strings.Repeat("]", 500)),
			args: []string{"test", "."}, exit: 1, output: []string{"the results differ from want.json", "    - [[[[[[[["}},
		{name: "a 30 MB status", files: map[string][]byte{"a.json": bigStatus}, args: []string{"validate", "a.json"}, exit: 1,
			output: []string{`a.json: /actions/0/status: unknown case status "` + strings.Repeat("A", 100) + `"… (30000000 bytes); expected one of: ACTIVE,`}},
		{name: "a 7 KB context name among 2,000 names of 1 KB", files: map[string][]byte{"a.json": longName, "fields.json": mustJSON(t, longFields)},
			args: []string{"validate", "--context-fields", "fields.json", "a.json"}, exit: 1,
			output: []string{`unknown context field "` + strings.Repeat("y", 100) + `"… (7000 bytes); available: company_age, case_age_days, ubo_count, flags, credit_score, f0000x`, "… (2005 in all)"}},
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
