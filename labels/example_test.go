package labels_test

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/verdict-rules/verdict/labels"
)

func Example() {
	// What the analysts decided, as exported from the case system.
	decisions := "case_id,label\nc1,ACTIVE\nc2,DECLINED\nc3,ACTIVE\nc4,REVIEW_IN_PROGRESS\n"
	lab, err := labels.Read(strings.NewReader(decisions), "decisions.csv", labels.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	// Which labels agree with the automation: its own status by default,
	// here one more.
	agree, err := labels.ParseAgreement("Auto approve=ACTIVE,APPROVED")
	if err != nil {
		fmt.Println(err)
		return
	}
	labs, err := agree.Resolve([]labels.Automation{{ID: "a1", Name: "Auto approve", Statuses: []string{"ACTIVE"}}})
	if err != nil {
		fmt.Println(err)
		return
	}
	m := labels.NewMatrix(labs[0], 100)
	sample := labels.NewSampler(1, 7)
	// What the automation did on each case, as a backtest finds.
	fired := map[string]bool{"c1": true, "c2": true, "c3": false, "c4": false, "c5": true}
	for _, id := range []string{"c1", "c2", "c3", "c4", "c5"} {
		label, ok := lab.Get(id)
		sample.Add(m.Add(id, fired[id], label, ok), id)
	}
	fmt.Println("precision", m.Precision())
	fmt.Println("recall", m.Recall())
	fmt.Println("fired, another label:", m.FiredOther.Cases)
	fmt.Println("agreeing, not fired:", m.NotFiredAgreeing.Cases)
	fmt.Println("sampled for review:", sample.Cases(labels.FiredOther))
	b, _ := json.Marshal(m)
	fmt.Println(string(b))
	// Output:
	// precision 0.5000 (1/2)
	// recall 0.5000 (1/2)
	// fired, another label: [c2]
	// agreeing, not fired: [c3]
	// sampled for review: [c2]
	// {"agree":["ACTIVE","APPROVED"],"cases":5,"counts":{"fired_agreeing":1,"fired_other":1,"fired_unlabelled":1,"not_fired_agreeing":1,"not_fired_other":1,"not_fired_unlabelled":0},"precision":0.5,"recall":0.5,"fired_other":{"cases":["c2"],"not_listed":0},"not_fired_agreeing":{"cases":["c3"],"not_listed":0}}
}

func ExampleRead_errors() {
	_, err := labels.Read(strings.NewReader("case_id,label\nc1,ACTIVE\nc1,DECLINED\n"), "decisions.csv", labels.Options{})
	fmt.Println(err)
	// Output: decisions.csv:3: case "c1" is labelled twice (first on line 2)
}

func ExampleMatrix_Precision() {
	m := labels.NewMatrix([]string{"ACTIVE"}, 10)
	m.Add("c1", false, "ACTIVE", true)
	fmt.Println(m.Precision())
	// Output: undefined (no labelled case fired)
}
