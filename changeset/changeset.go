// Package changeset holds the changes automations make to a case, merges
// those of several automations into one changeset, and applies a changeset
// to the case document.
//
//	merged, conflicts := changeset.Merge(first.Changeset, second.Changeset)
//	next, err := changeset.Apply(caseJSON, merged) // the case after the changes
package changeset

import "encoding/json"

// Entry is the change one action makes, in the shape of the
// automation_action_changeset of the automation docs' notes: ID is the
// automation's id, or its name when it has none.
type Entry struct {
	ID      string   `json:"id"`
	Type    string   `json:"type"`
	Changes []Change `json:"changes"`
}

// Change sets the value at Field, a JSON Pointer (RFC 6901) into the case.
// OldValue is null when the member did not exist.
type Change struct {
	Field    string          `json:"field"`
	OldValue json.RawMessage `json:"old_value"`
	NewValue json.RawMessage `json:"new_value"`
}
