// Package rules compiles automation definitions and runs them against
// cases: verdict's entry point.
//
//	set, err := rules.Load(data, rules.WithClock(clock)) // one automation, an array or {"data": [...]}
//	c, err := cases.Parse(caseJSON)
//	results, err := set.Evaluate(ctx, c, &rules.Event{Type: "case_status_updated", Status: "READY_FOR_REVIEW"})
//	merged, conflicts := rules.Merge(results)
//	next, err := changeset.Apply(caseJSON, merged) // the case after the changes
//
// Programs and Sets are immutable and safe for concurrent use. Semantics:
// package conditions, package context, and the README (with the limits).
package rules
