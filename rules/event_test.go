package rules_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/verdict-rules/verdict/event"
	"github.com/verdict-rules/verdict/rules"
)

func TestCheckEvent(t *testing.T) {
	checkDone := event.TriggerType{Name: "check_completed", Match: func(rules.Trigger, *rules.Event) bool { return true }}
	defs, err := rules.Parse([]byte(`[`+docsAutomation+`, {"name": "on checks", "triggers": [{"type": "check_completed"}],
	  "conditions": [], "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}]`), rules.WithTriggerType(checkDone))
	if err != nil {
		t.Fatal(err)
	}
	set, err := rules.CompileSet(defs, rules.WithTriggerType(checkDone), rules.WithClock(clock))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		event string // JSON; "null" for none
		want  []string
	}{
		{"a good event", `{"type": "case_status_updated", "status": "READY_FOR_REVIEW", "previous_status": "PROCESSING_DETAILS"}`, nil},
		{"the alias", `{"type": "case_status_change", "status": "ACTIVE"}`, nil},
		{"a dry run", `null`, nil},
		{"an event no trigger knows", `{"type": "CASE_CREATED", "case": {"status": "FORM_NOT_STARTED"}}`, nil},
		{"another one", `{"type": "CASE_DISCOVERIES_CREATED"}`, nil},
		{"a registered type", `{"type": "check_completed", "status": "COMPLETED"}`, nil},
		{"extra members", `{"type": "case_status_updated", "status": "ACTIVE", "created_at": "2026-11-24", "case": {}}`, nil},
		{"a misspelt status", `{"type": "case_status_updated", "status": "READY_FOR_REVEIW"}`,
			[]string{`status unknown_status: unknown case status "READY_FOR_REVEIW" (did you mean "READY_FOR_REVIEW"?); expected one of: ACTIVE, `}},
		{"a lower-case status", `{"type": "case_status_updated", "status": "ready_for_review"}`,
			[]string{`status unknown_status: unknown case status "ready_for_review" (did you mean "READY_FOR_REVIEW"?)`}},
		{"a misspelt previous status", `{"type": "case_status_change", "status": "ACTIVE", "previous_status": "ACTVE"}`,
			[]string{`previous_status unknown_status: unknown case status "ACTVE" (did you mean "ACTIVE"?)`}},
		{"a misspelt type", `{"type": "case_status_update", "status": "READY_FOR_REVIEW"}`,
			[]string{`type unknown_event_type: no trigger knows the event type "case_status_update" (did you mean "case_status_updated"?)`}},
		{"an upper-case type", `{"type": "CASE_STATUS_UPDATED"}`,
			[]string{`type unknown_event_type: no trigger knows the event type "CASE_STATUS_UPDATED" (did you mean "case_status_updated"?)`}},
		{"a misspelt registered type", `{"type": "check_complete"}`,
			[]string{`type unknown_event_type: no trigger knows the event type "check_complete" (did you mean "check_completed"?)`}},
		{"a misspelt member", `{"type": "case_status_updated", "stauts": "READY_FOR_REVIEW"}`,
			[]string{`status no_status: a case_status_updated event needs a status`, `stauts misspelt_member: unknown member "stauts" (did you mean "status"?)`}},
		{"no status", `{"type": "case_status_updated"}`,
			[]string{`status no_status: a case_status_updated event needs a status, the status the case changed to`}},
		{"an empty status", `{"type": "case_status_change", "status": ""}`,
			[]string{`status no_status: a case_status_change event needs a status`}},
		{"an empty previous status", `{"type": "case_status_updated", "status": "ACTIVE", "previous_status": ""}`,
			[]string{`previous_status empty_previous_status: the previous status is empty; leave the member out when there is none`}},
		{"a previous status under another name", `{"type": "case_status_updated", "status": "ACTIVE", "prev_status": "READY_FOR_REVIEW"}`,
			[]string{`prev_status misspelt_member: unknown member "prev_status" (did you mean "previous_status"?)`}},
		{"and another", `{"type": "case_status_updated", "status": "ACTIVE", "old_status": "READY_FOR_REVIEW"}`,
			[]string{`old_status misspelt_member: unknown member "old_status" (did you mean "previous_status"?)`}},
		{"Dintero's name for a status", `{"type": "case_status_updated", "status": "ACTIVE", "previous_case_status": "UNDER_MANUAL_REVIEW"}`,
			[]string{`previous_case_status misspelt_member: unknown member "previous_case_status" (did you mean "previous_status"?)`}},
		{"a previous status given, other members are data", `{"type": "case_status_updated", "status": "ACTIVE", "previous_status": "READY_FOR_REVIEW", "old_status": "x"}`, nil},
		{"another type's members are its own", `{"type": "CASE_CREATED", "prev_status": "x"}`, nil},
		{"another type needs no status", `{"type": "check_completed"}`, nil},
		{"no type", `{"status": "ACTIVE"}`, []string{`type no_type: the event has no type; expected one of: case_status_change, case_status_updated, check_completed`}},
		{"every problem at once", `{"type": "case_status_updated", "status": "ready", "Previous_Status": "x", "Type": "y"}`,
			[]string{`status unknown_status: unknown case status "ready"`, `Previous_Status misspelt_member`, `Type misspelt_member`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var ev *rules.Event
			if err := json.Unmarshal([]byte(tc.event), &ev); err != nil {
				t.Fatal(err)
			}
			err := set.CheckEvent(ev)
			var ee *event.Error
			if tc.want == nil {
				if err != nil {
					t.Fatalf("CheckEvent = %v, want no problem", err)
				}
				// The check is not forced on Evaluate either.
				if _, err := set.Evaluate(context.Background(), parseCase(t, goodCase), ev); err != nil {
					t.Fatal(err)
				}
				return
			}
			if !errors.As(err, &ee) {
				t.Fatalf("CheckEvent = %v, want an *event.Error", err)
			}
			if len(ee.Problems) != len(tc.want) {
				t.Fatalf("problems %+v, want %d", ee.Problems, len(tc.want))
			}
			for i, p := range ee.Problems {
				if got := event.Member(p) + " " + string(p.Code) + ": " + p.Msg; !strings.HasPrefix(got, tc.want[i]) {
					t.Errorf("problem %d:\n got %s\nwant %s...", i, got, tc.want[i])
				}
				if !strings.Contains(err.Error(), p.Msg) {
					t.Errorf("Error() %q leaves out %q", err, p.Msg)
				}
			}
			// Evaluate takes the event all the same: no trigger matches.
			rs, err := set.Evaluate(context.Background(), parseCase(t, goodCase), ev)
			if err != nil || rs[0].Fired {
				t.Errorf("Evaluate: %v, fired %v", err, rs[0].Fired)
			}
		})
	}
}
