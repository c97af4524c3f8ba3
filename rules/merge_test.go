package rules_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/verdict-rules/verdict/changeset"
	"github.com/verdict-rules/verdict/rules"
)

func automationJSON(name, actions string) string {
	return `{"name": "` + name + `", "triggers": [{"type": "case_status_updated"}], "conditions": [], "actions": ` + actions + `}`
}

// TestMergeAppliesAtOnce: the changes of a set's results merge into one
// changeset Apply takes, changes made alike once, and changes that
// disagree left out and reported.
func TestMergeAppliesAtOnce(t *testing.T) {
	replaceCheck := rules.WithActionType(rules.ActionType{Name: "replace_check",
		Compile: func(rules.Action) (rules.ActionFunc, error) {
			return func(c *rules.Case) ([]rules.Change, string, error) {
				old := c.Value().Get("checks").Index(0).AppendJSON(nil)
				return []rules.Change{{Field: "/checks/0", OldValue: old, NewValue: json.RawMessage(`{"type":"sanction","status":"FAILED"}`)}}, "", nil
			}, nil
		}})
	const caseJSON = `{"status": "READY_FOR_REVIEW", "checks": [{"type": "sanction", "status": "IN_PROGRESS"}]}`
	approve := automationJSON("approve", `[{"type": "set_case_status", "status": "ACTIVE"}]`)
	tests := []struct {
		name      string
		set       []string
		changes   []string // field: new value, of the merged changeset
		conflicts []string // field: automations
		status    string   // after Apply
	}{
		{"alike", []string{approve, automationJSON("approve too", `[{"type": "set_case_status", "status": "ACTIVE"}]`)},
			[]string{`/status: "ACTIVE"`}, nil, "ACTIVE"},
		{"different values", []string{approve, automationJSON("decline", `[{"type": "set_case_status", "status": "DECLINED"}]`),
			automationJSON("complete", `[{"type": "set_check_status", "check": "sanction", "status": "COMPLETED"}]`)},
			[]string{`/checks/0/status: "COMPLETED"`}, []string{"/status: approve, decline"}, "READY_FOR_REVIEW"},
		{"one inside another", []string{automationJSON("complete", `[{"type": "set_check_status", "check": "sanction", "status": "COMPLETED"}]`),
			automationJSON("replace", `[{"type": "replace_check"}]`), approve},
			[]string{`/status: "ACTIVE"`}, []string{"/checks/0: complete, replace"}, "ACTIVE"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			set, err := rules.Load([]byte("["+strings.Join(tc.set, ",")+"]"), replaceCheck)
			if err != nil {
				t.Fatal(err)
			}
			results, err := set.Evaluate(context.Background(), parseCase(t, caseJSON), &rules.Event{Type: "case_status_updated", Status: "READY_FOR_REVIEW"})
			if err != nil {
				t.Fatal(err)
			}
			if tc.name == "alike" {
				// Applied one after the other, the second change finds the
				// first's value where it expects the old one.
				both := append(append([]rules.ChangesetEntry(nil), results[0].Changeset...), results[1].Changeset...)
				if _, err := changeset.Apply([]byte(caseJSON), both); err == nil || !strings.Contains(err.Error(), "not the old value") {
					t.Errorf("applying both changesets: %v", err)
				}
			}
			merged, conflicts := rules.Merge(results)
			var changes, contested []string
			for _, e := range merged {
				for _, c := range e.Changes {
					changes = append(changes, c.Field+": "+string(c.NewValue))
				}
			}
			for _, c := range conflicts {
				var names []string
				for _, e := range c.Entries {
					names = append(names, e.ID)
				}
				contested = append(contested, c.Field+": "+strings.Join(names, ", "))
			}
			if diff := cmp.Diff(tc.changes, changes); diff != "" {
				t.Errorf("changes (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.conflicts, contested); diff != "" {
				t.Errorf("conflicts (-want +got):\n%s", diff)
			}
			next, err := changeset.Apply([]byte(caseJSON), merged)
			if err != nil {
				t.Fatal(err)
			}
			if c := parseCase(t, string(next)); c.Status() != tc.status {
				t.Errorf("status after Apply %q, want %q", c.Status(), tc.status)
			}
		})
	}
}
