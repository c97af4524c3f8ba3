package rules_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/verdict-rules/verdict/cases"
	"github.com/verdict-rules/verdict/rules"
)

func TestProbeCounterfactualEvidence(t *testing.T) {
	programs, docs := projectionCorpus(t)
	ev := &rules.Event{Type: "case_status_updated", Status: "READY_FOR_REVIEW"}
	n := 0
	for pname, p0 := range programs {
		p, err := rules.Compile(p0.Automation(), rules.WithClock(clock), rules.WithCounterfactuals())
		if err != nil {
			t.Fatal(err)
		}
		if p.Reach() == nil {
			continue
		}
		for cname, data := range docs {
			full, err := cases.Parse(data)
			if err != nil {
				continue
			}
			part, err := cases.Decoder{Reach: p.Reach()}.Parse(data)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range []*rules.Event{nil, ev} {
				for _, opts := range [][]rules.EvalOption{{rules.WithEvidence()}, {rules.WithCaseAutomations()}, nil} {
					want, werr := p.Evaluate(context.Background(), full, e, opts...)
					got, gerr := p.Evaluate(context.Background(), part, e, opts...)
					n++
					if (werr == nil) != (gerr == nil) {
						t.Fatalf("%s on %s: %v / %v", pname, cname, werr, gerr)
					}
					wj, _ := json.Marshal(want)
					gj, _ := json.Marshal(got)
					if diff := cmp.Diff(string(wj), string(gj)); diff != "" {
						t.Errorf("%s on %s: %s", pname, cname, diff)
					}
				}
			}
		}
	}
	t.Log(n)
}
