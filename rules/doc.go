// Package rules compiles automation definitions and runs them against
// cases: it is verdict's public entry point.
//
// An automation has triggers (which events start it), conditions over
// JSONPaths into the case (and over computed context such as
// $.context.company_age), and actions. Compiling it gives a Program;
// evaluating a Program on a case and an event gives a Result: whether it
// was triggered, whether its conditions matched, whether it fired, the
// actions it takes and the changeset they make, the note a case service
// would add, and, on request, the trace of every condition.
//
//	defs, err := rules.Parse(data)          // one automation, an array or {"data": [...]}
//	prog, err := rules.Compile(defs[0])
//	c, err := cases.Parse(caseJSON)
//	res, err := prog.Evaluate(ctx, c, &rules.Event{Type: "case_status_updated", Status: "READY_FOR_REVIEW"})
//	next, err := changeset.Apply(caseJSON, res.Changeset)
//
// Programs and Sets are immutable and safe for concurrent use; a Case is
// only read, so one may be evaluated by many programs at once.
//
// Evaluate takes any event and any case. Tools that take them from a
// person check them first: Set.CheckEvent reports an event type, status or
// member that looks like a typo; ParseCases reads an API list response of
// cases as its cases; Set.CheckCase warns on a case without a status.
// Pointers in results are relative to the automation, whatever the shape
// of its file.
//
// Definitions are checked against the automation schema (package schema),
// the case status vocabulary, the JSONPath dialect (package
// internal/jsonpath), regular expressions and expressions; every problem
// is reported at once in an ErrorList, each Error with the JSON Pointer of
// the node, its line and column in the document, and the byte offset
// inside a path, regular expression or expression.
//
// Every input has a bounded cost (see Limits): paths, filters, regular
// expressions and expressions are measured before they are compiled; a
// path's walk is bounded in the values it yields and the nodes it visits,
// an expression in what it spends; Evaluate watches its context while it
// runs; changeset.Apply is linear in the case and the changeset. Going over a limit
// is an error that says which, and where.
//
// The semantics of each condition type are in package conditions; the
// computed context fields in package context; the README has the
// decisions where the automation docs are silent.
package rules
