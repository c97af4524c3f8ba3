package fuzz

import (
	"bytes"
	"context"
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/verdict-rules/verdict/cases"
	"github.com/verdict-rules/verdict/changeset"
	"github.com/verdict-rules/verdict/conditions"
	"github.com/verdict-rules/verdict/rules"
)

// FuzzCounterfactual checks counterfactuals on generated automations and
// cases: a program compiled with them decides as one without, its note
// extends the other's, and a change a counterfactual names, made to the
// case, makes its condition come out the other way (where the change can
// be written down from the counterfactual alone and leaves what the
// condition's paths yield as many values as before).
func FuzzCounterfactual(f *testing.F) {
	for _, seed := range []string{"", "\x00\x01\x02\x03", "hello, verdict", "\xff\xfe\xfd\x10\x20\x30\x40\x50\x60\x70",
		strings.Repeat("\x05\x03\x07", 20), strings.Repeat("\x01\x09\x02\x08\x03", 30), strings.Repeat("\x06\x04\x01", 25)} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) { checkCounterfactuals(t, data) })
}

// TestCounterfactualChanges runs FuzzCounterfactual's checks on inputs
// from a fixed generator, and checks that they made and checked changes
// of each kind they can write down.
func TestCounterfactualChanges(t *testing.T) {
	rng := rand.New(rand.NewPCG(18, 1))
	checked := map[string]int{}
	for i := 0; i < 3000; i++ {
		data := make([]byte, 40+rng.IntN(80))
		for j := range data {
			data[j] = byte(rng.UintN(256))
		}
		for kind, n := range checkCounterfactuals(t, data) {
			checked[kind] += n
		}
	}
	t.Logf("changes checked: %v", checked)
	for _, kind := range []string{"equal", "at_least", "at_most", "one_of", "allowed", "contains", "absent", "present"} {
		if checked[kind] == 0 {
			t.Errorf("no change of kind %s was checked (%v)", kind, checked)
		}
	}
}

// checkCounterfactuals makes an automation and a case of data and checks
// their counterfactuals; it returns how many changes of each kind it made
// and checked.
func checkCounterfactuals(t *testing.T, data []byte) map[string]int {
	checked := map[string]int{}
	{
		g := &gen{b: data}
		caseJSON := genCase(g)
		conds := []refCond{}
		for i, n := 0, 1+g.pick(3); i < n; i++ {
			conds = append(conds, genCond(g, 0))
		}
		def := map[string]any{"name": "generated", "triggers": []any{map[string]any{"type": "case_status_updated"}},
			"conditions": conds, "actions": []any{map[string]any{"type": "set_case_status", "status": "ACTIVE"}}}
		defJSON, _ := json.Marshal(def)
		defs, err := rules.Parse(defJSON)
		if err != nil {
			t.Fatalf("generated definition rejected: %v\n%s", err, defJSON)
		}
		plain := rules.MustCompile(defs[0], rules.WithClock(clock))
		cf := rules.MustCompile(defs[0], rules.WithClock(clock), rules.WithCounterfactuals())
		c, err := cases.Parse([]byte(caseJSON))
		if err != nil {
			t.Fatalf("generated case rejected: %v\n%s", err, caseJSON)
		}
		before, err := plain.Evaluate(context.Background(), c, nil, rules.WithTrace())
		if err != nil {
			t.Fatal(err)
		}
		res, err := cf.Evaluate(context.Background(), c, nil, rules.WithTrace())
		if err != nil {
			t.Fatal(err)
		}
		if res.Matched != before.Matched || res.Fired != before.Fired || res.DecidedBy != before.DecidedBy {
			t.Fatalf("with counterfactuals, matched %v fired %v decided by %s; without, %v %v %s",
				res.Matched, res.Fired, res.DecidedBy, before.Matched, before.Fired, before.DecidedBy)
		}
		if res.Matched {
			if res.Note != before.Note {
				t.Fatalf("a matched result's note changed: %q, %q", res.Note.Body, before.Note.Body)
			}
			return checked
		}
		if !strings.HasPrefix(res.Note.Body, before.Note.Body+" What would change it: ") {
			t.Fatalf("the note %q does not extend %q", res.Note.Body, before.Note.Body)
		}
		for _, node := range flatten(res.Trace) {
			cfl := node.Counterfactual
			if cfl == nil {
				continue
			}
			if cfl.Sentence == "" {
				t.Fatalf("%s: a counterfactual without a sentence", node.Pointer)
			}
			changes := changesOf(cfl)
			if changes == nil {
				continue
			}
			next, err := changeset.Apply([]byte(caseJSON), []changeset.Entry{{ID: "cf", Type: "cf", Changes: changes}})
			if err != nil {
				continue // targets inside one another
			}
			c2, err := cases.Parse(next)
			if err != nil {
				t.Fatal(err)
			}
			after, err := plain.Evaluate(context.Background(), c2, nil, rules.WithTrace())
			if err != nil {
				t.Fatal(err)
			}
			now := find(after.Trace, node.Pointer)
			if now == nil || len(now.Values) != len(node.Values) || len(now.PathValues) != len(node.PathValues) {
				continue // the change moved what the paths yield
			}
			if now.Outcome == node.Outcome {
				t.Fatalf("%s: the change %s leaves the condition %v\ncounterfactual: %s\ncase: %s\nautomation: %s\nafter: %s",
					node.Pointer, mustMarshal(changes), now.Outcome, mustMarshal(cfl), caseJSON, defJSON, next)
			}
			checked[cfl.Kind]++
		}
	}
	return checked
}

// changesOf writes down the change a counterfactual names, where it can
// be without knowing more than the counterfactual: a value the condition
// compares with, null, or one allowed value, at each target (or the
// first, when any one is enough). nil where it cannot.
func changesOf(cf *conditions.Counterfactual) []changeset.Change {
	var to json.RawMessage
	switch cf.Kind {
	case "equal", "at_least", "at_most":
		to = cf.Value
	case "one_of", "allowed":
		var list []json.RawMessage
		if json.Unmarshal(cf.Value, &list) != nil || len(list) == 0 {
			return nil
		}
		to = list[0]
	case "contains":
		to = json.RawMessage("[" + string(cf.Value) + "]")
	case "absent":
		to = json.RawMessage("null")
	case "present":
		to = json.RawMessage(`"x"`)
	default:
		return nil
	}
	targets := cf.Targets
	if cf.Need == "any" && len(targets) > 1 {
		targets = targets[:1]
	}
	var out []changeset.Change
	seen := map[string]bool{}
	for _, tg := range targets {
		if tg.Pointer == "" {
			return nil
		}
		if !seen[tg.Pointer] {
			seen[tg.Pointer] = true
			out = append(out, changeset.Change{Field: tg.Pointer, OldValue: tg.Value, NewValue: to})
		}
	}
	return out
}

func flatten(t *conditions.Trace) []*conditions.Trace {
	if t == nil {
		return nil
	}
	out := []*conditions.Trace{t}
	for _, k := range t.Children {
		out = append(out, flatten(k)...)
	}
	return out
}

func find(t *conditions.Trace, pointer string) *conditions.Trace {
	for _, n := range flatten(t) {
		if n.Pointer == pointer {
			return n
		}
	}
	return nil
}

func mustMarshal(v any) []byte {
	b, _ := json.Marshal(v)
	return bytes.TrimSpace(b)
}
