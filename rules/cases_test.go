package rules_test

import (
	"testing"

	"github.com/verdict-rules/verdict/cases"
	"github.com/verdict-rules/verdict/rules"
)

func TestCheckCase(t *testing.T) {
	statusSet := func(def string) *rules.Set {
		defs, err := rules.Parse([]byte(def))
		if err != nil {
			t.Fatal(err)
		}
		return must(rules.CompileSet(defs))
	}
	withTrigger := statusSet(docsAutomation)
	other := statusSet(`{"name": "n", "triggers": [{"type": "case_status_updated"}], "conditions": [],
	  "actions": [{"type": "set_check_status", "check": "sanction", "status": "COMPLETED"}]}`)
	if ws := withTrigger.CheckCase(parseCase(t, `{"id": "x"}`)); len(ws) != 1 || ws[0].Code != "case_without_status" ||
		ws[0].Msg != `the case has no "status" member, which case status triggers and set_case_status read` {
		t.Errorf("no status: %+v", ws)
	}
	if ws := withTrigger.CheckCase(parseCase(t, `{"status": null}`)); len(ws) != 0 {
		t.Errorf("a null status is a status: %+v", ws)
	}
	list, _ := cases.ParseList([]byte(`{"data": [{"status": "ACTIVE"}, {}]}`))
	if ws := withTrigger.CheckCase(list[1]); len(ws) != 1 || ws[0].Pointer != "/data/1" {
		t.Errorf("in a list: %+v", ws)
	}
	if ws := other.CheckCase(parseCase(t, `{}`)); len(ws) != 1 {
		t.Errorf("a case status trigger reads the status: %+v", ws)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
