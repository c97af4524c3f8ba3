package main

import (
	"testing"
)

// counterfactualRuns are wide refusals whose counterfactuals once cost a
// whole evaluation each: an or of 8,000 conditions none of which holds,
// and an and of 8,000 that all fail and read the same value, which makes
// each change's sufficiency depend on every other condition.
func counterfactualRuns(t *testing.T) []hostileRun {
	const n = 8_000
	eqs := make([]any, n)
	for i := range eqs {
		eqs[i] = cond("equal", "$.v", i+1)
	}
	doc := []byte(`{"status": "READY_FOR_REVIEW", "v": 0}`)
	run := func(name string, def []byte, output ...string) hostileRun {
		return hostileRun{name: name, files: map[string][]byte{"a.json": def, "c.json": doc},
			args: []string{"run", "-a", "a.json", "-c", "c.json", "--status", "READY_FOR_REVIEW", "--format", "json"}, exit: 0, output: output}
	}
	return []hostileRun{
		run("counterfactuals of a wide or", hostileAutomation(t, []any{map[string]any{"type": "or", "conditions": eqs}}, nil, nil, nil),
			`"sufficient": true`, `"/conditions/0/conditions/7999"`),
		run("counterfactuals of a wide and reading one value", hostileAutomation(t, eqs, nil, nil, nil),
			`"unsure": true`, `"/conditions/7999"`),
	}
}
