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
