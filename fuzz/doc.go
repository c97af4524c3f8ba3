// Package fuzz holds verdict's fuzz targets; it has no code of its own
// outside tests.
//
// Each target checks properties, not only the absence of panics:
//
//	FuzzParseCompile  definitions from arbitrary bytes: every error points at
//	                  a node of the input (or its parent, for a missing
//	                  property) and every offset lies inside its string
//	FuzzPath          arbitrary paths on arbitrary documents: errors are
//	                  located, evaluation is deterministic and leaves the
//	                  document as it was
//	FuzzEvaluate      the shipped automations on arbitrary case JSON: same
//	                  input, same Result JSON; the case bytes and the decoded
//	                  case are unchanged; tracing changes nothing else
//	FuzzApply         applying a changeset changes exactly the fields it
//	                  names, and re-evaluating after Apply agrees with it
//	FuzzDifferential  generated automations and cases, with descents,
//	                  unions and matches: the compiled evaluator agrees
//	                  with the reference interpreter of reference_test.go
//	FuzzCounterfactual generated automations and cases: counterfactuals
//	                  change no decision, the note extends the one without
//	                  them, and a change a counterfactual names, made to the
//	                  case, turns its condition the other way
//	FuzzHostile       the shapes that once crashed verdict or blew up its
//	                  cost (nesting a million deep, unions, long chains,
//	                  costly expressions and patterns, wide objects, many
//	                  errors and changes) at sizes up to megabytes: every
//	                  entry point ends with a result or a located error,
//	                  deterministically, and allocates at most a constant
//	                  times the bytes of its input
//
// Run one target at a time, for example:
//
//	go test ./fuzz -run '^$' -fuzz '^FuzzPath$' -fuzztime 10m
//
// Seeds come from testdata/fuzz/<Target>/ and from the scenarios under
// ../testdata; plain `go test ./fuzz` replays them.
package fuzz
