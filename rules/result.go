package rules

import (
	"encoding/json"
	"time"

	"github.com/verdict-rules/verdict/changeset"
	"github.com/verdict-rules/verdict/conditions"
)

// Result is what one automation decided about one case and event (README:
// Results); golden files, the CLI and other tools read its JSON form.
type Result struct {
	Automation AutomationRef    `json:"automation"`
	Event      *Event           `json:"event"`           // the caller's; nil in a conditions-only dry run
	Triggered  bool             `json:"triggered"`       // the event matched a trigger
	Matched    bool             `json:"matched"`         // the conditions held
	Fired      bool             `json:"fired"`           // matched, and triggered or a dry run
	DecidedBy  string           `json:"-"`               // the deciding condition's pointer, as Trace.Decider finds it
	Time       time.Time        `json:"-"`               // the clock's now, when it was evaluated
	Actions    []ActionResult   `json:"actions"`         // a fired result's
	Changeset  []ChangesetEntry `json:"changeset"`       // a fired result's
	Note       Note             `json:"note"`            // what the case service would add
	Trace      *Trace           `json:"trace,omitempty"` // asked for with WithTrace
	Warnings   []Warning        `json:"warnings"`
	NotRun     string           `json:"not_run,omitempty"` // why it did not run (WithCaseAutomations)
}

// AutomationRef names the automation a result is about.
type AutomationRef struct {
	ID          string `json:"id,omitempty"`
	Name        string `json:"name"`
	Fingerprint string `json:"fingerprint,omitempty"` // Program.Fingerprint
}

// ActionResult is one action of a fired automation; a no-op when the case
// already has what it sets, Reason saying so.
type ActionResult struct {
	Type   string                     `json:"type"`
	Check  string                     `json:"check,omitempty"`
	Status string                     `json:"status,omitempty"`
	Params map[string]json.RawMessage `json:"params,omitempty"` // a registered type's properties
	Noop   bool                       `json:"noop"`
	Reason string                     `json:"reason,omitempty"`
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

// Merge merges the changesets of a set's results, as changeset.Merge does.
func Merge(results []Result) ([]ChangesetEntry, []changeset.Conflict) {
	all := make([][]ChangesetEntry, len(results))
	for i := range results {
		all[i] = results[i].Changeset
	}
	return changeset.Merge(all...)
}
