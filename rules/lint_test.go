package rules_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/verdict-rules/verdict/cases"
	"github.com/verdict-rules/verdict/rules"
)

// TestShippedAutomationsCheckClean compiles every automation the project
// ships, except those written to show a mistake, and fails on any warning:
// the static checks must not cry wolf.
func TestShippedAutomationsCheckClean(t *testing.T) {
	files, _ := filepath.Glob("../testdata/*/*/automation.json")
	files = append(files, "../testdata/automations/auto-approve.json")
	checked := 0
	for _, f := range files {
		if strings.Contains(f, "docs-as-written") || strings.Contains(f, "/errors/") || strings.Contains(f, "/extending/") {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		opts := []rules.Option{}
		if strings.Contains(f, "dintero") {
			opts = append(opts, rules.WithStatuses(cases.DinteroStatuses()))
		}
		defs, err := rules.Parse(data, opts...)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, d := range defs {
			p, err := rules.Compile(d, opts...)
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			checked++
			for _, w := range p.Warnings() {
				t.Errorf("%s: %s: %s", f, w.Pointer, w.Msg)
			}
		}
	}
	if checked < 30 {
		t.Errorf("checked %d automations, want at least 30", checked)
	}
}

// The docs' automation, as written, gets exactly the warning about its
// sanction filter.
func TestDocsAutomationWarning(t *testing.T) {
	data, err := os.ReadFile("../testdata/automations/auto-approve-docs.json")
	if err != nil {
		t.Fatal(err)
	}
	defs, err := rules.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	p := rules.MustCompile(defs[0])
	ws := p.Warnings()
	if len(ws) != 2 {
		t.Fatalf("%d warnings, want 2: %+v", len(ws), ws)
	}
	for i, w := range ws {
		if w.Code != "not_in_enum" || !strings.Contains(w.Msg, `did you mean "sanction"?`) || w.Source[w.Offset:w.Offset+11] != "'sanctions'" {
			t.Errorf("warning %d: %+v", i, w)
		}
	}
	// Without a case schema there is nothing to check against.
	if ws := rules.MustCompile(defs[0], rules.WithCaseSchema(nil)).Warnings(); len(ws) != 0 {
		t.Errorf("WithCaseSchema(nil): %+v", ws)
	}
}

// set_check_status on a check type the case schema does not know warns as
// a filter on it does.
func TestUnknownCheckTypeWarning(t *testing.T) {
	def := func(check string) string {
		return `{"name": "n", "triggers": [{"type": "case_status_updated"}], "conditions": [],
		  "actions": [{"type": "set_check_status", "check": "` + check + `", "status": "COMPLETED"}]}`
	}
	for _, tc := range []struct {
		check string
		opts  []rules.Option
		want  string
	}{
		{"sanctions", nil, `"sanctions" is not a check type the case schema allows, so the action never changes anything (did you mean "sanction"?)`},
		{"Sanction", nil, `(did you mean "sanction"?)`},
		{"kyc", nil, `"kyc" is not a check type the case schema allows, so the action never changes anything; it allows: company, signatory,`},
		{"sanction", nil, ""},
		{"sanctions", []rules.Option{rules.WithCaseSchema(nil)}, ""},
		// Dintero's webhook body keeps no checks: nothing to say.
		{"sanctions", []rules.Option{rules.WithStatuses(cases.DinteroStatuses())}, ""},
	} {
		ws := compile(t, def(tc.check), tc.opts...).Warnings()
		if tc.want == "" {
			if len(ws) != 0 {
				t.Errorf("%s: %+v, want no warning", tc.check, ws)
			}
			continue
		}
		if len(ws) != 1 || ws[0].Pointer != "/actions/0/check" || ws[0].Code != "unknown_check_type" || !strings.Contains(ws[0].Msg, tc.want) {
			t.Errorf("%s: %+v, want %q at /actions/0/check", tc.check, ws, tc.want)
		}
	}
}

// Two automations of one set with the same id are each warned about:
// their changeset entries could not be told apart.
func TestDuplicateIDWarning(t *testing.T) {
	defs, err := rules.Parse([]byte(`[
	  {"id": "7", "name": "a", "triggers": [{"type": "case_status_updated"}], "conditions": [], "actions": [{"type": "set_case_status", "status": "ACTIVE"}]},
	  {"id": "8", "name": "b", "triggers": [{"type": "case_status_updated"}], "conditions": [], "actions": [{"type": "set_case_status", "status": "ACTIVE"}]},
	  {"id": "7", "name": "c", "triggers": [{"type": "case_status_updated"}], "conditions": [], "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}]`))
	if err != nil {
		t.Fatal(err)
	}
	set, err := rules.CompileSet(defs, rules.WithCaseSchema(nil))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range set.Programs() {
		for _, w := range p.Warnings() {
			got = append(got, p.Automation().Name+" "+w.Pointer+" "+string(w.Code)+": "+w.Msg)
		}
	}
	want := []string{
		`a /id duplicate_id: the id "7" is also the id of "c" in this set: changeset entries and notes name an automation by its id, so theirs cannot be told apart`,
		`c /id duplicate_id: the id "7" is also the id of "a" in this set: changeset entries and notes name an automation by its id, so theirs cannot be told apart`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Compiled alone, neither has a warning.
	if ws := rules.MustCompile(defs[0], rules.WithCaseSchema(nil)).Warnings(); len(ws) != 0 {
		t.Errorf("alone: %+v", ws)
	}
}

// A comparison no value of the field's schema types can meet warns, at
// the value, whatever the operand's type: an array compared with a
// number (its .length was meant), a boolean with "yes", contains on a
// number or on an array of objects, matches on a number, ordering of an
// object. Comparisons some value can meet do not.
func TestTypeMismatchWarning(t *testing.T) {
	def := func(cond string) string {
		return `{"name": "n", "triggers": [{"type": "case_status_updated"}], "conditions": [` + cond +
			`], "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`
	}
	const score = `$.prefills[?(@.type=='credit_score')].data[*].current_credit_score.value`
	const enterprise = `$.sections[?(@.type=='company')].additional_data[*].is_an_enterprise`
	for _, tc := range []struct {
		cond, pointer, want string
	}{
		{`{"type": "equal", "field": "$.checks[?(@.type=='sanction')].data[0].flags", "value": 0}`, "/conditions/0/value",
			`flags is an array, which cannot equal 0: equal never holds (did you mean its .length?)`},
		{`{"type": "greater_than", "field": "$.checks", "value": 0}`, "/conditions/0/value", `greater_than never holds (did you mean its .length?)`},
		{`{"type": "equal", "field": "$.context.flags", "value": "PERSON_IN_PEP"}`, "/conditions/0/value",
			`context field flags is an array, which cannot equal "PERSON_IN_PEP": equal never holds`},
		{`{"type": "contains", "field": "$.checks[?(@.type=='sanction')].data[*].flags", "value": "PERSON_IN_SANCTIONS"}`, "/conditions/0/value",
			`flags is an array (of object elements), which cannot contain "PERSON_IN_SANCTIONS": contains never holds`},
		{`{"type": "equal", "field": "` + enterprise + `", "value": "yes"}`, "/conditions/0/value", `is a boolean, which cannot equal "yes": equal never holds`},
		{`{"type": "not_equal", "field": "` + enterprise + `", "value": 1}`, "/conditions/0/value", `not_equal holds whenever the value is there`},
		{`{"type": "in", "field": "` + enterprise + `", "value": [true, "no"]}`, "/conditions/0/value/1", `cannot equal "no": no value equals it`},
		{`{"type": "contains", "field": "` + score + `", "value": "7"}`, "/conditions/0/value", `is a number, which cannot contain "7": contains never holds`},
		{`{"type": "matches", "field": "` + score + `", "value": "^7"}`, "/conditions/0/value", `cannot match "^7": matches never holds`},
		{`{"type": "in", "field": "` + score + `", "value": ["high"]}`, "/conditions/0/value/0", `cannot equal "high": no value equals it`},
		{`{"type": "not_equal", "field": "` + score + `", "value": "high"}`, "/conditions/0/value", `is a number and "high" is not: not_equal holds whenever the value is there`},
		{`{"type": "equal", "field": "$.risk_level", "value": null}`, "/conditions/0/value", `risk level is a string, which cannot equal null`},
		{`{"type": "less_than", "field": "$.template", "value": 3}`, "/conditions/0/value", `is an object, which cannot be ordered with 3: less_than never holds`},
		{`{"type": "contains", "field": "$.context.company_age", "value": 1}`, "/conditions/0/value", `context field company_age is an integer, which cannot contain 1`},
		// What some value can meet.
		{`{"type": "equal", "field": "$.checks[?(@.type=='sanction')].data[0].flags", "value": []}`, "", ""},
		{`{"type": "equal", "field": "$.checks[?(@.type=='sanction')].data[0].flags.length", "value": "0"}`, "", ""},
		{`{"type": "contains", "field": "$.context.flags", "value": "PERSON_IN_PEP"}`, "", ""},
		{`{"type": "contains", "field": "$.prefills[?(@.type=='company')].data[*].name", "value": 7}`, "", ""},
		{`{"type": "equal", "field": "` + enterprise + `", "value": "true"}`, "", ""},
		{`{"type": "in", "field": "` + score + `", "value": [70, "80"]}`, "", ""},
		{`{"type": "equal", "field": "$.prefills[?(@.type=='company')].data[*].organization_number", "value": 900000000}`, "", ""},
		{`{"type": "greater_than", "field": "$.metadata.channel", "value": 3}`, "", ""},
		{`{"type": "equal", "field": "$.agent_determined_status", "value": null}`, "", ""},
		{`{"type": "matches", "field": "$.status", "value": "^READY"}`, "", ""},
	} {
		ws := compile(t, def(tc.cond)).Warnings()
		if tc.want == "" {
			if len(ws) != 0 {
				t.Errorf("%s: %+v, want no warning", tc.cond, ws)
			}
			continue
		}
		if len(ws) != 1 || ws[0].Pointer != tc.pointer || ws[0].Code != "not_comparable" || !strings.Contains(ws[0].Msg, tc.want) {
			t.Errorf("%s:\n got %+v\nwant %q at %s", tc.cond, ws, tc.want, tc.pointer)
		}
	}
}

// An and whose conditions leave no value that passes them all warns at
// the condition that closes it: bounds with no number between them, an
// equal number outside a bound, two values each value of a path must
// equal. Conditions some value can pass together do not.
func TestContradictionWarning(t *testing.T) {
	def := func(a, b string) string {
		return `{"name": "n", "triggers": [{"type": "case_status_updated"}], "conditions": [{"type": "and", "conditions": [` + a + `, ` + b +
			`]}], "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`
	}
	const score = `"field": "$.prefills[?(@.type=='credit_score')].data[*].current_credit_score.value"`
	const code = `"field": "$.prefills[?(@.type=='company')].data[*].address_postal_code"`
	for _, tc := range []struct {
		a, b, want string
	}{
		{`{"type": "greater_than", ` + score + `, "value": 50}`, `{"type": "less_than", ` + score + `, "value": 30}`,
			`cannot be more than 50 and less than 30 (/conditions/0/conditions/0): no number is, so this and never holds`},
		{`{"type": "greater_than", "field": "$.context.company_age", "value": "5"}`, `{"type": "less_than_or_equal", "field": "$.context.company_age", "value": 5}`,
			`cannot be more than 5 and at most 5`},
		{`{"type": "equal", ` + score + `, "value": "20"}`, `{"type": "greater_than_or_equal", ` + score + `, "value": 70}`,
			`cannot be at least 70 and at most 20`},
		{`{"type": "equal", "field": "$.checks[*].status", "value": "COMPLETED"}`, `{"type": "equal", "field": "$.checks[*].status", "value": "FAILED"}`,
			`cannot equal both "COMPLETED" (/conditions/0/conditions/0) and "FAILED"`},
		// Some value passes both.
		{`{"type": "greater_than_or_equal", ` + score + `, "value": 50}`, `{"type": "less_than_or_equal", ` + score + `, "value": "50"}`, ""},
		{`{"type": "greater_than", ` + score + `, "value": 50}`, `{"type": "less_than", ` + score + `, "value": 30, "match": "any"}`, ""},
		{`{"type": "equal", "field": "$.checks[*].status", "value": "COMPLETED", "match": "any"}`, `{"type": "equal", "field": "$.checks[*].status", "value": "FAILED", "match": "any"}`, ""},
		// A string that does not read as a number is ordered by code
		// point: "5a" is more than "10" and less than "9".
		{`{"type": "greater_than", ` + code + `, "value": "10"}`, `{"type": "less_than", ` + code + `, "value": "9"}`, ""},
		// "true" and true equal the same values.
		{`{"type": "equal", "field": "$.sections[*].additional_data[*].is_an_enterprise", "value": "true"}`,
			`{"type": "equal", "field": "$.sections[*].additional_data[*].is_an_enterprise", "value": true}`, ""},
	} {
		ws := compile(t, def(tc.a, tc.b)).Warnings()
		if tc.want == "" {
			if len(ws) != 0 {
				t.Errorf("%s and %s: %+v, want no warning", tc.a, tc.b, ws)
			}
			continue
		}
		if len(ws) != 1 || ws[0].Pointer != "/conditions/0/conditions/1" || ws[0].Code != "contradiction" || !strings.Contains(ws[0].Msg, tc.want) {
			t.Errorf("%s and %s:\n got %+v\nwant %q", tc.a, tc.b, ws, tc.want)
		}
	}
}
