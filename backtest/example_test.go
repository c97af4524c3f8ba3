package backtest_test

import (
	"fmt"

	"github.com/verdict-rules/verdict/backtest"
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
