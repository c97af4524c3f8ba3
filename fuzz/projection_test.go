package fuzz

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/verdict-rules/verdict/cases"
	"github.com/verdict-rules/verdict/rules"
)

// FuzzProjection generates a case and an automation as FuzzDifferential
// does, and evaluates the automation on the case decoded whole and decoded
// with the automation's reach, checked and trusted: the results and traces
// are the same.
func FuzzProjection(f *testing.F) {
	for _, seed := range []string{"", "\x00\x01\x02\x03", "hello, verdict", "\xff\xfe\xfd\x10\x20\x30\x40\x50\x60\x70",
		strings.Repeat("\x05\x03\x07", 20), strings.Repeat("\x01\x09\x02\x08\x03", 30)} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		g := &gen{b: data}
		caseJSON := genCase(g)
		conds := []refCond{}
		for i, n := 0, g.pick(4); i < n; i++ {
			conds = append(conds, genCond(g, 0))
		}
		def := map[string]any{"name": "generated", "triggers": []any{map[string]any{"type": "case_status_updated"}},
			"conditions": conds, "actions": []any{map[string]any{"type": "set_case_status", "status": "ACTIVE"}}}
		defJSON, _ := json.Marshal(def)
		defs, err := rules.Parse(defJSON)
		if err != nil {
			t.Fatalf("generated definition rejected: %v\n%s", err, defJSON)
		}
		p, err := rules.Compile(defs[0], rules.WithClock(clock))
		if err != nil {
			t.Fatalf("generated definition does not compile: %v\n%s", err, defJSON)
		}
		full, err := cases.Parse([]byte(caseJSON))
		if err != nil {
			t.Fatalf("generated case rejected: %v\n%s", err, caseJSON)
		}
		want, err := p.Evaluate(context.Background(), full, nil, rules.WithTrace())
		if err != nil {
			t.Fatal(err)
		}
		wantJSON, _ := json.Marshal(want)
		for _, trusted := range []bool{false, true} {
			part, err := cases.Decoder{Reach: p.Reach(), Trusted: trusted}.Parse([]byte(caseJSON))
			if err != nil {
				t.Fatalf("projected decode: %v\n%s", err, caseJSON)
			}
			got, err := p.Evaluate(context.Background(), part, nil, rules.WithTrace())
			if err != nil {
				t.Fatalf("projected case: %v\nreach: %v", err, p.Reach())
			}
			if gotJSON, _ := json.Marshal(got); string(gotJSON) != string(wantJSON) {
				t.Fatalf("case: %s\nautomation: %s\nreach:\n%v\nfull: %s\nprojected: %s", caseJSON, defJSON, p.Reach(), wantJSON, gotJSON)
			}
		}
	})
}
