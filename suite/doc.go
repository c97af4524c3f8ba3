// Package suite runs automation test suites: suite files (*.suite.json,
// see File) and the scenario folders that are verdict's own golden tests;
// together, the input of `verdict test`.
//
// A scenario is a folder with automation.json (one automation, an array or
// an API list response), case.json, an optional event.json
// ({"type": "case_status_updated", "status": "READY_FOR_REVIEW"}), an
// optional config.json ({"now": "2026-11-24T09:00:00Z", "statuses":
// "quickr", "description": "..."}), and the expected output: want.json, the
// results as `verdict run --format json` prints them, or want.txt, the
// rendered errors of a definition or case that must be rejected.
//
// Suite files and configs are checked against their schemas
// (schema/suite.schema.json, schema/scenario-config.schema.json); their
// errors are located as definition errors are, and a problem in one test
// fails that test alone. Failures carry the expected and actual values and
// a deterministic line diff (DiffLines); NewReport and WriteJUnit give the
// machine-readable forms.
package suite
