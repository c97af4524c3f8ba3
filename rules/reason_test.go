package rules_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/verdict-rules/verdict/cases"
	"github.com/verdict-rules/verdict/diag"
	"github.com/verdict-rules/verdict/rules"
)

// labelled is the corrected automation with a label and a reason code on
// its credit score threshold, and a reason code on its company age.
func labelled(t *testing.T) []byte {
	t.Helper()
	base, err := os.ReadFile("../testdata/automations/auto-approve.json")
	if err != nil {
		t.Fatal(err)
	}
	return edit(t, base, func(a map[string]any) {
		cond(a, 1, 1)["label"] = "credit score too low"
		cond(a, 1, 1)["reason_code"] = "CREDIT_SCORE_LOW"
		cond(a, 2)["reason_code"] = "COMPANY_TOO_YOUNG"
	})
}

// lowScore is Ragnarok AS with a credit score of 69.
func lowScore(t *testing.T) *cases.Case {
	t.Helper()
	data, err := os.ReadFile("../testdata/cases/quickr/ragnarok-as.json")
	if err != nil {
		t.Fatal(err)
	}
	c, err := cases.Parse([]byte(strings.ReplaceAll(string(data), `"value": 92`, `"value": 69`)))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestReasonCodeInNoteAndTrace: the note of an automation that did not
// fire starts with the reason code and label of the condition that
// decided, and the trace carries both.
func TestReasonCodeInNoteAndTrace(t *testing.T) {
	set, err := rules.Load(labelled(t), rules.WithClock(clock))
	if err != nil {
		t.Fatal(err)
	}
	ev := &rules.Event{Type: "case_status_updated", Status: "READY_FOR_REVIEW"}
	for _, traced := range []bool{false, true} {
		var opts []rules.EvalOption
		if traced {
			opts = append(opts, rules.WithTrace())
		}
		rs, err := set.Evaluate(context.Background(), lowScore(t), ev, opts...)
		if err != nil {
			t.Fatal(err)
		}
		want := `Automation "Auto approve (corrected)" (PQ1230483.automation.13294830) did not fire: CREDIT_SCORE_LOW — credit score too low: condition 2 of 4 (and, /conditions/1) does not hold.`
		if diff := cmp.Diff(want, rs[0].Note.Body); diff != "" {
			t.Errorf("traced %v: note (-want +got):\n%s", traced, diff)
		}
		if !traced {
			continue
		}
		d := rs[0].Trace.Decider()
		if d.Pointer != "/conditions/1/conditions/1" || d.Label != "credit score too low" || d.ReasonCode != "CREDIT_SCORE_LOW" {
			t.Errorf("decider %s has label %q and reason code %q", d.Pointer, d.Label, d.ReasonCode)
		}
		raw, _ := d.MarshalJSON()
		if !strings.Contains(string(raw), `"label":"credit score too low","reason_code":"CREDIT_SCORE_LOW"`) {
			t.Errorf("the trace's JSON lacks the label and reason code: %s", raw)
		}
	}
}

// TestReasonCodeOfAnOuterCondition: a condition without a reason code that
// decides gives the reason of the nearest condition around it that has
// one; a reason code alone is given alone.
func TestReasonCodeOfAnOuterCondition(t *testing.T) {
	base, err := os.ReadFile("../testdata/automations/auto-approve.json")
	if err != nil {
		t.Fatal(err)
	}
	def := edit(t, base, func(a map[string]any) { cond(a, 1)["reason_code"] = "CREDIT" })
	set, err := rules.Load(def, rules.WithClock(clock))
	if err != nil {
		t.Fatal(err)
	}
	rs, err := set.Evaluate(context.Background(), lowScore(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := `Automation "Auto approve (corrected)" (PQ1230483.automation.13294830) did not fire: CREDIT: condition 2 of 4 (and, /conditions/1) does not hold (conditions-only dry run, no event).`
	if diff := cmp.Diff(want, rs[0].Note.Body); diff != "" {
		t.Errorf("note (-want +got):\n%s", diff)
	}
}

// TestReasonCodeShape: a reason code that is not upper-case letters,
// digits and _ is an error at its pointer, with its line and column.
func TestReasonCodeShape(t *testing.T) {
	for _, code := range []string{"credit_score_low", "1ABC", "CREDIT SCORE", ""} {
		base, err := os.ReadFile("../testdata/automations/auto-approve.json")
		if err != nil {
			t.Fatal(err)
		}
		def := edit(t, base, func(a map[string]any) { cond(a, 1, 1)["reason_code"] = code })
		_, err = rules.Load(def)
		var e *rules.Error
		if !errors.As(err, &e) {
			t.Fatalf("reason code %q: got %v, want an error", code, err)
		}
		if e.Pointer != "/conditions/1/conditions/1/reason_code" || e.Code != diag.Pattern || e.Line == 0 {
			t.Errorf("reason code %q: error %+v, want a pattern error at /conditions/1/conditions/1/reason_code with its line", code, e)
		}
	}
}

// TestDuplicateReasonCode: two conditions with one reason code get a
// warning at the second.
func TestDuplicateReasonCode(t *testing.T) {
	base, err := os.ReadFile("../testdata/automations/auto-approve.json")
	if err != nil {
		t.Fatal(err)
	}
	def := edit(t, base, func(a map[string]any) {
		cond(a, 1, 1)["reason_code"] = "LOW"
		cond(a, 2)["reason_code"] = "LOW"
	})
	set, err := rules.Load(def)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range set.Warnings() {
		if w.Code == diag.DuplicateReason {
			got = append(got, w.Pointer+": "+w.Msg)
		}
	}
	want := []string{"/conditions/2/reason_code: the reason code LOW is also the reason code of /conditions/1/conditions/1: records and notes that give it cannot say which condition decided"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
}
