package rules_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/verdict-rules/verdict/cases"
	"github.com/verdict-rules/verdict/rules"
)

// namedSet is three automations that always match: two with ids, one
// without (a draft no case can name yet).
func namedSet(t *testing.T) *rules.Set {
	t.Helper()
	set, err := rules.Load([]byte(`[
	  {"id": "A1", "name": "approve", "triggers": [{"type": "case_status_updated"}], "conditions": [],
	   "actions": [{"type": "set_case_status", "status": "ACTIVE"}]},
	  {"id": "D1", "name": "decline", "triggers": [{"type": "case_status_updated"}], "conditions": [],
	   "actions": [{"type": "set_case_status", "status": "DECLINED"}]},
	  {"name": "draft", "triggers": [{"type": "case_status_updated"}], "conditions": [],
	   "actions": [{"type": "set_case_status", "status": "SUSPENDED"}]}]`), rules.WithCaseSchema(nil))
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// outcome sums up a result for the tables below.
type outcome struct {
	ID, Name, NotRun string
	Fired            bool
}

func outcomes(rs []rules.Result) []outcome {
	var out []outcome
	for _, r := range rs {
		out = append(out, outcome{r.Automation.ID, r.Automation.Name, r.NotRun, r.Fired})
	}
	return out
}

func TestCaseAutomations(t *testing.T) {
	set := namedSet(t)
	ev := &rules.Event{Type: "case_status_updated", Status: "READY_FOR_REVIEW"}
	const (
		notNamed = "the case does not name it"
		unknown  = "the case names it, and no automation evaluated has this id"
	)
	for _, tc := range []struct {
		name, doc string
		want      []outcome
	}{
		{"names one", `{"status": "READY_FOR_REVIEW", "automations": [{"id": "A1", "updated_at": "2026-10-01T12:00:00Z"}]}`,
			[]outcome{{"A1", "approve", "", true}, {"D1", "decline", notNamed, false}, {"", "draft", notNamed, false}}},
		{"names both, one twice, in another order", `{"status": "X", "automations": [{"id": "D1"}, {"id": "A1"}, {"id": "D1"}]}`,
			[]outcome{{"A1", "approve", "", true}, {"D1", "decline", "", true}, {"", "draft", notNamed, false}}},
		{"names an unknown id: a result of its own, after the set's", `{"status": "X", "automations": [{"id": "Z9"}, {"id": "A1"}, {"id": "Y8"}]}`,
			[]outcome{{"A1", "approve", "", true}, {"D1", "decline", notNamed, false}, {"", "draft", notNamed, false},
				{"Z9", "", unknown, false}, {"Y8", "", unknown, false}}},
		{"names none", `{"status": "X", "automations": []}`,
			[]outcome{{"A1", "approve", notNamed, false}, {"D1", "decline", notNamed, false}, {"", "draft", notNamed, false}}},
		{"has no automations member", `{"status": "X"}`,
			[]outcome{{"A1", "approve", notNamed, false}, {"D1", "decline", notNamed, false}, {"", "draft", notNamed, false}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := parseCase(t, tc.doc)
			rs, err := set.Evaluate(context.Background(), c, ev, rules.WithCaseAutomations())
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, outcomes(rs)); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
			for _, r := range rs {
				if r.NotRun != "" && (r.Triggered || r.Matched || len(r.Actions)+len(r.Changeset) > 0 || r.Note.Body != "" || r.Event != ev) {
					t.Errorf("a result that did not run says more than that: %+v", r)
				}
			}
			// Off by default: every automation runs, whatever the case names.
			all, err := set.Evaluate(context.Background(), c, ev)
			if err != nil {
				t.Fatal(err)
			}
			want := []outcome{{"A1", "approve", "", true}, {"D1", "decline", "", true}, {"", "draft", "", true}}
			if diff := cmp.Diff(want, outcomes(all)); diff != "" {
				t.Errorf("without the option (-want +got)\n%s", diff)
			}
		})
	}
}

func TestCaseAutomationsJSON(t *testing.T) {
	set := namedSet(t)
	rs, err := set.Evaluate(context.Background(), parseCase(t, `{"status": "X", "automations": [{"id": "Z9"}]}`), nil, rules.WithCaseAutomations())
	if err != nil {
		t.Fatal(err)
	}
	b := must(json.Marshal(rs[3]))
	want := `{"automation":{"id":"Z9","name":""},"event":null,"triggered":false,"matched":false,"fired":false,"actions":[],"changeset":[],"note":{"section":"","body":""},"warnings":[],"not_run":"the case names it, and no automation evaluated has this id"}`
	if string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
	// A result that ran has no not_run member: the JSON form of results is
	// unchanged.
	all, _ := set.Evaluate(context.Background(), parseCase(t, `{"status": "X"}`), nil)
	if b := must(json.Marshal(all[0])); strings.Contains(string(b), "not_run") {
		t.Errorf("not_run in a result that ran: %s", b)
	}
}

func TestCaseAutomationsMalformed(t *testing.T) {
	set := namedSet(t)
	list, err := cases.ParseList([]byte(`{"data": [{"automations": [{"id": "A1"}, {"id": 7}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		c    *rules.Case
		want string
	}{
		{parseCase(t, `{"automations": {"id": "A1"}}`), `case: /automations: a case names its automations in an array of objects with an "id", found an object`},
		{parseCase(t, `{"automations": ["A1"]}`), `case: /automations/0: an automation of the case is an object with an "id", found string "A1"`},
		{parseCase(t, `{"automations": [{"updated_at": "x"}]}`), `case: /automations/0: an automation of the case without an "id"`},
		{parseCase(t, `{"automations": [{"id": ""}]}`), `case: /automations/0/id: an empty automation id`},
		{list[0], `case: /data/0: /automations/1/id: an automation's id is a string, found number 7`},
	} {
		_, err := set.Evaluate(context.Background(), tc.c, nil, rules.WithCaseAutomations())
		var ce *cases.Error
		if !errors.As(err, &ce) || err.Error() != tc.want {
			t.Errorf("got  %v\nwant %s", err, tc.want)
		}
		// Without the option the list is not read.
		if _, err := set.Evaluate(context.Background(), tc.c, nil); err != nil {
			t.Errorf("without the option: %v", err)
		}
	}
}

func TestProgramCaseAutomations(t *testing.T) {
	p := namedSet(t).Programs()[0]
	for doc, want := range map[string]string{
		`{"status": "X", "automations": [{"id": "A1"}]}`: "",
		`{"status": "X", "automations": [{"id": "D1"}]}`: "the case does not name it",
		`{"status": "X"}`: "the case does not name it",
	} {
		r, err := p.Evaluate(context.Background(), parseCase(t, doc), nil, rules.WithCaseAutomations())
		if err != nil || r.NotRun != want || r.Fired != (want == "") {
			t.Errorf("%s: NotRun %q, fired %v, %v; want %q", doc, r.NotRun, r.Fired, err, want)
		}
	}
}

// TestCaseAutomationsLongList reads a case that names many automations, and
// names each twice, in time linear in the list.
func TestCaseAutomationsLongList(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"automations": [`)
	for i := range 20000 {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"id": "X` + itoa(i%10000) + `"}`)
	}
	b.WriteString(`]}`)
	c := parseCase(t, b.String())
	ids, ok, err := c.Automations()
	if err != nil || !ok || len(ids) != 10000 || ids[0] != "X0" || ids[9999] != "X9999" {
		t.Fatalf("%d ids, %v, %v", len(ids), ok, err)
	}
	rs, err := namedSet(t).Evaluate(context.Background(), c, nil, rules.WithCaseAutomations())
	if err != nil || len(rs) != 3+10000 {
		t.Fatalf("%d results, %v", len(rs), err)
	}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var d []byte
	for ; n > 0; n /= 10 {
		d = append([]byte{byte('0' + n%10)}, d...)
	}
	return string(d)
}
