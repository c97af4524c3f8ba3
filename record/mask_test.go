package record_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/verdict-rules/verdict/cases"
	"github.com/verdict-rules/verdict/explain"
	"github.com/verdict-rules/verdict/mask"
	"github.com/verdict-rules/verdict/record"
	"github.com/verdict-rules/verdict/rules"
)

// screening reads the values the tests mask: names, organisation numbers,
// a whole record holding some, the credit score through its context
// field, the registration date through company_age.
const screening = `{"id": "screen", "name": "Screening", "triggers": [{"type": "case_status_updated", "status": "READY_FOR_REVIEW"}],
  "conditions": [
    {"type": "matches", "field": "$.prefills[?(@.type==='ultimate_beneficial_ownership')].data[*].name", "value": "^[A-Z]",
     "label": "owners are named", "reason_code": "OWNER_NAMES"},
    {"type": "not_equal", "field": "$..organization_number", "value": "0"},
    {"type": "not_equal_to_null", "field": "$.prefills[?(@.type==='ultimate_beneficial_ownership')].data[0]"},
    {"type": "greater_than", "field": "$.context.credit_score", "value": 50},
    {"type": "greater_than_or_equal", "field": "$.context.company_age", "value": 2},
    {"type": "less_than", "field": "$.context.credit_score", "value": 50, "reason_code": "SCORE"}
  ],
  "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`

// maskedPaths and the raw values they hide in Ragnarok AS.
var maskedPaths = []string{
	"$..current_credit_score.value",
	"$..registration_date",
	"$..organization_number",
	"$.prefills[?(@.type==='ultimate_beneficial_ownership')].data[*].name",
}

var rawValues = []string{"92", "2009-05-04", "987654321", "Ragnar Lothbrok", "Lagertha Shieldmaiden"}

var key = []byte("a key of at least sixteen bytes, kept secret")

// leaks returns the raw values found whole in out: not as part of a longer
// word, number or id ("co-987654321" is another value).
func leaks(out string) []string {
	var found []string
	for _, raw := range rawValues {
		re := regexp.MustCompile(`(^|[^0-9A-Za-z_.\-])` + regexp.QuoteMeta(raw) + `([^0-9A-Za-z_.\-]|$)`)
		if re.MatchString(out) {
			found = append(found, raw)
		}
	}
	return found
}

// TestMaskLeavesNoRawValue: with a mask, no masked value is in the
// records, the results' JSON with their traces, or the text explanation,
// while the changeset is the unmasked one. Without the mask, the same
// outputs hold every raw value, so the search can find them.
func TestMaskLeavesNoRawValue(t *testing.T) {
	data, err := os.ReadFile("../testdata/automations/auto-approve.json")
	if err != nil {
		t.Fatal(err)
	}
	set, err := rules.Load([]byte("["+string(data)+","+screening+"]"), rules.WithClock(clock), rules.WithCounterfactuals())
	if err != nil {
		t.Fatal(err)
	}
	c := readCase(t, "../testdata/cases/quickr/ragnarok-as.json")
	outputs := func(m *mask.Mask) (string, []rules.Result) {
		recs, results, err := record.Evaluate(context.Background(), set, c, readyForReview, record.Options{DecisionID: "d", Mask: m})
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		for _, r := range recs {
			b.Write(valid(t, r))
		}
		opts := []rules.EvalOption{rules.WithTrace()}
		if m != nil {
			opts = append(opts, rules.WithMask(m))
		}
		traced, err := set.Evaluate(context.Background(), c, readyForReview, opts...)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := json.Marshal(traced)
		b.Write(raw)
		for _, r := range traced {
			if err := explain.Write(&b, r, explain.Options{MaxValueWidth: 200}); err != nil {
				t.Fatal(err)
			}
		}
		for _, p := range set.Programs() {
			r, err := p.Evaluate(context.Background(), c, readyForReview, opts...)
			if err != nil {
				t.Fatal(err)
			}
			raw, _ := json.Marshal(r)
			b.Write(raw)
		}
		return b.String(), results
	}
	plain, plainResults := outputs(nil)
	if got := leaks(plain); len(got) != len(rawValues) {
		t.Fatalf("unmasked, the outputs hold only %q of %q: the test cannot see a leak", got, rawValues)
	}
	// The values themselves, or the records and lists that hold them.
	containers := []string{"$.current_information", "$.sections", "$.prefills", "$..organization_number"}
	for _, paths := range [][]string{maskedPaths, containers} {
		m, err := mask.New(key, paths...)
		if err != nil {
			t.Fatal(err)
		}
		masked, maskedResults := outputs(m)
		if got := leaks(masked); len(got) > 0 {
			t.Errorf("masking %q: masked values in the output: %q\n%s", paths, got, masked)
		}
		if !strings.Contains(masked, mask.Prefix) {
			t.Errorf("masking %q: no token in the masked output", paths)
		}
		sameDecisions(t, plainResults, maskedResults)
	}
}

// sameDecisions checks that masking changed no decision and no changeset.
func sameDecisions(t *testing.T, plainResults, maskedResults []rules.Result) {
	t.Helper()
	for i := range plainResults {
		a, _ := json.Marshal(plainResults[i].Changeset)
		b, _ := json.Marshal(maskedResults[i].Changeset)
		if !bytes.Equal(a, b) {
			t.Errorf("the mask changed the changeset: %s, unmasked %s", b, a)
		}
		if plainResults[i].Fired != maskedResults[i].Fired || plainResults[i].DecidedBy != maskedResults[i].DecidedBy {
			t.Errorf("the mask changed the decision of %s", plainResults[i].Automation.Name)
		}
	}
}

// TestMaskNoteOldValue: the value a change replaces is the case's, so the
// note says it as its token when the mask hides it, while the changeset
// keeps it.
func TestMaskNoteOldValue(t *testing.T) {
	set, err := rules.Load([]byte(`{"id": "a", "name": "A", "triggers": [{"type": "case_status_updated", "status": "READY_FOR_REVIEW"}],
  "conditions": [], "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`), rules.WithClock(clock))
	if err != nil {
		t.Fatal(err)
	}
	c, err := cases.Parse([]byte(`{"id": "c", "status": "REVIEW_IN_PROGRESS"}`))
	if err != nil {
		t.Fatal(err)
	}
	m, err := mask.New(key, "$.status")
	if err != nil {
		t.Fatal(err)
	}
	results, err := set.Evaluate(context.Background(), c, readyForReview, rules.WithMask(m))
	if err != nil {
		t.Fatal(err)
	}
	r := results[0]
	if !r.Fired || len(r.Changeset) != 1 {
		t.Fatalf("the automation did not fire: %+v", r)
	}
	if body := r.Note.Body; strings.Contains(body, "REVIEW_IN_PROGRESS") || !strings.Contains(body, `/status "`+mask.Prefix) {
		t.Errorf("the note does not hide the replaced status: %s", body)
	}
	if old := string(r.Changeset[0].Changes[0].OldValue); old != `"REVIEW_IN_PROGRESS"` {
		t.Errorf("the changeset's old value is %s, want the case's", old)
	}
}
