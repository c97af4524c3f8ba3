package rules_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/verdict-rules/verdict/rules"
)

// A set whose automations compare the same paths with integers reads each
// value's integer once for all of them; every automation of the set must
// fire exactly when it fires alone, for integers on either side of its
// threshold, at the 18-byte edge, negative zero, decimals, exponents,
// numeric strings and values that are not numbers, one or many per path.
func TestSetComparesNumbersAsProgramsDo(t *testing.T) {
	kinds := []string{"equal", "not_equal", "greater_than", "greater_than_or_equal", "less_than", "less_than_or_equal"}
	thresholds := []string{"0", "70", "-1", "999999999999999999", "70.5", "1e1", " 70 "}
	values := []string{`0`, `-0`, `1`, `-1`, `69`, `70`, `71`, `70.0`, `70.5`, `7e1`, `"70"`, `" 70 "`, `10`,
		`999999999999999999`, `1000000000000000000`, `-99999999999999999`, `1e400`, `null`, `"x"`, `true`, `[]`, `{}`}
	var defs []string
	for _, kind := range kinds {
		for _, th := range thresholds {
			for _, field := range []string{"$.v", "$.list[*]"} {
				defs = append(defs, fmt.Sprintf(`{"id": "a%d", "name": "%s %s %s",
				"trigger": [{"type": "case_status_updated", "status": "READY_FOR_REVIEW"}],
				"conditions": [{"type": %q, "field": %q, "value": %q}],
				"actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`, len(defs), kind, field, th, kind, field, th))
			}
		}
	}
	autos, err := rules.Parse([]byte("[" + strings.Join(defs, ",") + "]"))
	if err != nil {
		t.Fatal(err)
	}
	set, err := rules.CompileSet(autos, rules.WithClock(clock))
	if err != nil {
		t.Fatal(err)
	}
	progs := make([]*rules.Program, len(autos))
	for i, a := range autos {
		progs[i] = rules.MustCompile(a, rules.WithClock(clock))
	}
	ev := &rules.Event{Type: "case_status_updated", Status: "READY_FOR_REVIEW"}
	ctx := context.Background()
	var docs []string
	for i, v := range values {
		docs = append(docs, fmt.Sprintf(`{"status": "NEW", "v": %s, "list": [%s, %s]}`, v, v, values[(i+5)%len(values)]))
	}
	fired := 0
	for _, doc := range docs {
		c := parseCase(t, doc)
		got, err := set.Evaluate(ctx, c, ev)
		if err != nil {
			t.Fatal(err)
		}
		for i, p := range progs {
			want, err := p.Evaluate(ctx, c, ev)
			if err != nil {
				t.Fatal(err)
			}
			if got[i].Fired != want.Fired {
				t.Errorf("%s on %s: fired %v in the set, %v alone", autos[i].Name, doc, got[i].Fired, want.Fired)
			}
			if want.Fired {
				fired++
			}
		}
	}
	// Both answers occur, so that the comparison says something.
	if total := len(docs) * len(progs); fired == 0 || fired == total {
		t.Fatalf("%d of %d evaluations fired", fired, total)
	}
}

// A set whose automations share an every condition compares the texts of
// its values once read; each automation must still fire exactly when it
// fires alone: strings, escaped strings, numbers against numeric strings,
// values that are not strings, empty lists.
func TestSetEveryAsProgramsDo(t *testing.T) {
	var defs []string
	for i := 0; i < 4; i++ {
		defs = append(defs, fmt.Sprintf(`{"id": "e%d", "name": "every %d",
			"trigger": [{"type": "case_status_updated", "status": "READY_FOR_REVIEW"}],
			"conditions": [{"type": "every", "field": "$.xs[*]", "path": "$.ys[*]"}],
			"actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`, i, i))
	}
	autos, err := rules.Parse([]byte("[" + strings.Join(defs, ",") + "]"))
	if err != nil {
		t.Fatal(err)
	}
	set, err := rules.CompileSet(autos, rules.WithClock(clock))
	if err != nil {
		t.Fatal(err)
	}
	p := rules.MustCompile(autos[0], rules.WithClock(clock))
	ev := &rules.Event{Type: "case_status_updated", Status: "READY_FOR_REVIEW"}
	ctx := context.Background()
	lists := []string{`[]`, `["NO"]`, `["NO","SE"]`, `["SE","NO","DK"]`, `["\u004eO"]`, `["N\u004f","SE"]`, `[70]`, `["70"]`,
		`[" 70 "]`, `[70,"NO"]`, `[null]`, `[true]`, `["true"]`, `[["NO"]]`, `[{"a":1}]`, `["DK"]`}
	fired := 0
	for _, xs := range lists {
		for _, ys := range lists {
			doc := fmt.Sprintf(`{"status": "NEW", "xs": %s, "ys": %s}`, xs, ys)
			c := parseCase(t, doc)
			got, err := set.Evaluate(ctx, c, ev)
			if err != nil {
				t.Fatal(err)
			}
			want, err := p.Evaluate(ctx, c, ev)
			if err != nil {
				t.Fatal(err)
			}
			for i := range got {
				if got[i].Fired != want.Fired {
					t.Errorf("%s on %s: fired %v in the set, %v alone", autos[i].Name, doc, got[i].Fired, want.Fired)
				}
			}
			if want.Fired {
				fired++
			}
		}
	}
	if fired == 0 || fired == len(lists)*len(lists) {
		t.Fatalf("%d of %d evaluations fired", fired, len(lists)*len(lists))
	}
}
