package backtest_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/verdict-rules/verdict/backtest"
	"github.com/verdict-rules/verdict/labels"
	"github.com/verdict-rules/verdict/rules"
)

func ExamplePairSets() {
	compile := func(doc string) *rules.Set {
		defs, err := rules.Parse([]byte(doc))
		if err != nil {
			panic(err)
		}
		set, err := rules.CompileSet(defs)
		if err != nil {
			panic(err)
		}
		return set
	}
	auto := func(id, name string) string {
		return `{"id": "` + id + `", "name": "` + name + `", "triggers": [{"type": "case_status_updated"}],
		  "conditions": [], "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`
	}
	now := compile(`[` + auto("a1", "Approve (v2)") + `,` + auto("a2", "Decline") + `]`)
	before := compile(`[` + auto("a2", "Decline") + `,` + auto("a1", "Approve") + `,` + auto("a3", "Retired") + `]`)
	pairing, err := backtest.PairSets(now, before)
	if err != nil {
		panic(err)
	}
	for _, p := range pairing.Pairs {
		fmt.Println(p.Describe())
	}
	for _, u := range pairing.Unpaired {
		fmt.Println("no partner:", u.Automation.Name)
	}
	_, err = backtest.PairSets(compile(`[`+auto("x", "Same")+`,`+auto("y", "Same")+`]`), before)
	fmt.Println(err)
	// Output:
	// comparing "Approve (v2)" (id a1) with the baseline's "Approve" (id a1) (paired by id)
	// comparing "Decline" (id a2) with the baseline's "Decline" (id a2) (paired by id)
	// no partner: Retired
	// cannot pair the automations with their baseline: the automations hold 2 automations with the name "Same" (pairing is by id, then by name; give each automation its own)
}

func ExampleLabelling() {
	dir, err := os.MkdirTemp("", "example")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	// Three cases, and what the analysts decided on two of them.
	cases := filepath.Join(dir, "cases.ndjson")
	os.WriteFile(cases, []byte(`{"id": "c1", "status": "READY_FOR_REVIEW", "score": 80}
{"id": "c2", "status": "READY_FOR_REVIEW", "score": 90}
{"id": "c3", "status": "READY_FOR_REVIEW", "score": 20}
`), 0o644)
	decisions, err := labels.Read(strings.NewReader("case_id,label\nc1,ACTIVE\nc2,DECLINED\n"), "decisions.csv", labels.Options{})
	if err != nil {
		panic(err)
	}
	set, err := rules.Load([]byte(`{"name": "approve", "triggers": [{"type": "case_status_updated"}],
	  "conditions": [{"type": "greater_than_or_equal", "field": "$.score", "value": 70}],
	  "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`), rules.WithCaseSchema(nil))
	if err != nil {
		panic(err)
	}
	sum, err := backtest.Run(context.Background(), set, backtest.Sources(cases), backtest.Options{
		Event:  &rules.Event{Type: "case_status_updated", Status: "READY_FOR_REVIEW"},
		Labels: &backtest.Labelling{File: decisions, FileName: "decisions.csv"},
	})
	if err != nil {
		panic(err)
	}
	m := sum.Labelled.Automations[0].Matrix
	fmt.Println("agreeing labels:", m.Agree)
	fmt.Printf("%+v\n", m.Counts)
	fmt.Println("precision", m.Precision())
	fmt.Println("fired, another label:", m.FiredOther.Cases)
	fmt.Printf("without a label: %+v\n", sum.Labelled.Unlabelled)
	// Output:
	// agreeing labels: [ACTIVE]
	// {FiredAgreeing:1 FiredOther:1 FiredUnlabelled:0 NotFiredAgreeing:0 NotFiredOther:0 NotFiredUnlabelled:1}
	// precision 0.5000 (1/2)
	// fired, another label: [c2]
	// without a label: {NoID:0 NotInFile:1 NoValue:0 Several:0 NotString:0}
}
