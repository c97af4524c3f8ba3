// Package suite runs automation test suites: the scenario folders that are
// verdict's own golden tests and the input of `verdict test`.
//
// A scenario is a folder with automation.json (one automation, an array or
// an API list response), case.json, an optional event.json
// ({"type": "case_status_updated", "status": "READY_FOR_REVIEW"}), an
// optional config.json ({"now": "2026-11-24T09:00:00Z", "statuses":
// "quickr", "description": "..."}), and the expected output: want.json, the
// results as `verdict run --format json` prints them, or want.txt, the
// rendered errors of a definition or case that must be rejected.
package suite
