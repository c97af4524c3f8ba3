package rules

import (
	"encoding/json"

	"github.com/verdict-rules/verdict/changeset"
	"github.com/verdict-rules/verdict/conditions"
)

// Result is what one automation decided about one case and event. Its JSON
// form is stable: golden files, the CLI and other tools read it.
type Result struct {
	Automation AutomationRef `json:"automation"`
	// Event is the event evaluated (the caller's, not a copy), or nil for a
	// conditions-only dry run.
	Event *Event `json:"event"`
	// Triggered: the event matched one of the automation's triggers
	// (false when there was no event).
	Triggered bool `json:"triggered"`
	// Matched: the conditions held.
	Matched bool `json:"matched"`
	// Fired: matched, and triggered or a dry run. Only a fired result has
	// actions and a changeset.
	Fired bool `json:"fired"`
	// DecidedBy is the pointer of the condition that settled the outcome,
	// as Trace.Decider finds it: in a failing and, the first condition
	// that failed (within it, its own decider); in a holding or, the first
	// that held; "/conditions" when every condition held. Untraced
	// evaluations have it too, at no allocation. It is left out of the
	// JSON form, whose trace says it at length.
	DecidedBy string           `json:"-"`
	Actions   []ActionResult   `json:"actions"`
	Changeset []ChangesetEntry `json:"changeset"`
	// Note is what the case service would add to the case.
	Note Note `json:"note"`
	// Trace is the condition tree with the values seen, present when the
	// evaluation asked for it (WithTrace).
	Trace *Trace `json:"trace,omitempty"`
	// Warnings are findings that do not stop the evaluation.
	Warnings []Warning `json:"warnings"`
}

// AutomationRef names the automation a result is about.
type AutomationRef struct {
	ID   string `json:"id,omitempty"`
	Name string `json:"name"`
}

// ActionResult is one action of a fired automation.
type ActionResult struct {
	Type   string `json:"type"`
	Check  string `json:"check,omitempty"`
	Status string `json:"status,omitempty"`
	// Params holds the properties of a registered action type.
	Params map[string]json.RawMessage `json:"params,omitempty"`
	// Noop is true when the case already had what the action sets.
	Noop bool `json:"noop"`
	// Reason explains a no-op.
	Reason string `json:"reason,omitempty"`
}

// ChangesetEntry is the change one action makes (see package changeset).
type ChangesetEntry = changeset.Entry

// Change sets the value at a JSON Pointer of the case (see package
// changeset).
type Change = changeset.Change

// Note is the note an evaluation adds to the case.
type Note struct {
	Section string `json:"section"`
	Body    string `json:"body"`
}

// Trace is the explained condition tree of a result.
type Trace = conditions.Trace

// Merge merges the changesets of results, as Set.Evaluate returns them for
// one case, into one changeset that changeset.Apply applies at once, and
// reports the changes that disagree (see changeset.Merge).
func Merge(results []Result) ([]ChangesetEntry, []changeset.Conflict) {
	all := make([][]ChangesetEntry, len(results))
	for i := range results {
		all[i] = results[i].Changeset
	}
	return changeset.Merge(all...)
}
