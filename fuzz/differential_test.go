package fuzz

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/verdict-rules/verdict/cases"
	"github.com/verdict-rules/verdict/rules"
)

// gen draws choices from fuzz bytes; when they run out it keeps choosing 0.
type gen struct {
	b []byte
	i int
}

func (g *gen) pick(n int) int {
	if g.i >= len(g.b) {
		return 0
	}
	v := int(g.b[g.i]) % n
	g.i++
	return v
}

func choose[T any](g *gen, xs ...T) T { return xs[g.pick(len(xs))] }

var scalars = []string{`"0"`, `"70"`, `" 70 "`, `"70.0"`, `70`, `70.0`, `0`, `1`, `2`, `"abc"`, `"NO"`, `"SE"`,
	`"ACTIVE"`, `"READY_FOR_REVIEW"`, `true`, `false`, `"true"`, `null`, `"9007199254740993"`,
	`9007199254740992`, `"1e2"`, `100`, `-1`, `""`, `"COMPLETED"`}

var checkTypes = []string{"sanction", "credit_score", "company"}

// genCase writes a case document from the choices.
func genCase(g *gen) string {
	var b strings.Builder
	b.WriteString(`{"status": ` + choose(g, `"READY_FOR_REVIEW"`, `"ACTIVE"`, `"FORM_IN_PROGRESS"`))
	if g.pick(4) > 0 {
		b.WriteString(`, "n": ` + choose(g, scalars...))
	}
	if g.pick(3) > 0 {
		b.WriteString(`, "x": ` + choose(g, scalars...))
	}
	if g.pick(3) > 0 {
		b.WriteString(`, "tags": [`)
		for i, n := 0, g.pick(4); i < n; i++ {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(choose(g, scalars...))
		}
		b.WriteString("]")
	}
	if g.pick(4) > 0 {
		b.WriteString(`, "owners": [`)
		for i, n := 0, g.pick(4); i < n; i++ {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, `{"country": %s}`, choose(g, `"NO"`, `"SE"`, `"NO"`, `null`, `"no"`))
		}
		b.WriteString("]")
	}
	b.WriteString(`, "company": [{"country": ` + choose(g, `"NO"`, `"SE"`) + `}]`)
	if g.pick(4) > 0 {
		b.WriteString(`, "checks": [`)
		for i, n := 0, g.pick(4); i < n; i++ {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, `{"type": %q, "data": [`, choose(g, checkTypes...))
			for j, m := 0, g.pick(3); j < m; j++ {
				if j > 0 {
					b.WriteString(", ")
				}
				b.WriteString(`{"flags": [`)
				for k, f := 0, g.pick(3); k < f; k++ {
					if k > 0 {
						b.WriteString(", ")
					}
					b.WriteString(`{"code": "F"}`)
				}
				fmt.Fprintf(&b, `], "status": %s}`, choose(g, `"COMPLETED"`, `"IN_PROGRESS"`))
			}
			b.WriteString("]}")
		}
		b.WriteString("]")
	}
	b.WriteString("}")
	return b.String()
}

func genPath(g *gen) string {
	t := choose(g, checkTypes...)
	return choose(g,
		"$.status", "$.n", "$.x", "$.tags[*]", "$.tags.length", "$.owners[*].country", "$.missing",
		"$.checks[?(@.type==='"+t+"')].data[0].flags.length",
		"$.checks[?(@.type==='"+t+"')].data.length",
		"$.checks[?(@.type==='"+t+"')].data[*].status",
		"$.checks[*].type", "$.company[*].country", "$.tags", "$.owners[0]",
		// Descents and unions.
		"$..country", "$..status", "$..code", "$..type", "$..flags.length", "$..data[0].status",
		"$.tags[0,1]", "$.tags[1,0,1]", "$.owners[0,2].country", "$.owners[1,1].country", "$['status','x']",
		"$['n','missing','n']", "$.checks[0,0].type", "$.checks[?(@.type==='"+t+"')].data[0,1].status",
		"$.checks[*].data[1,0].flags[0,0].code",
	)
}

func genCond(g *gen, depth int) refCond {
	kind := g.pick(10)
	if depth >= 3 {
		kind = 3 + g.pick(7)
	}
	switch kind {
	case 0, 1:
		c := refCond{Type: choose(g, "and", "or")}
		for i, n := 0, 1+g.pick(3); i < n; i++ {
			c.Conditions = append(c.Conditions, genCond(g, depth+1))
		}
		return c
	case 2:
		inner := genCond(g, depth+1)
		return refCond{Type: "not", Condition: &inner}
	case 3:
		return refCond{Type: choose(g, "equal_to_null", "not_equal_to_null"), Field: genPath(g)}
	case 4:
		return refCond{Type: "every", Field: genPath(g), Path: choose(g, "$.company[*].country", "$.owners[*].country", "$.tags[*]")}
	case 5:
		list := []string{choose(g, scalars...)}
		for i, n := 0, g.pick(3); i < n; i++ {
			list = append(list, choose(g, scalars...))
		}
		return refCond{Type: "in", Field: genPath(g), Value: json.RawMessage("[" + strings.Join(list, ",") + "]"), Match: choose(g, "", "any")}
	case 6:
		v := choose(g, `"0"`, `"70"`, `70`, `"abc"`, `"A"`, `1`, `"1e2"`)
		return refCond{Type: choose(g, "greater_than", "greater_than_or_equal", "less_than", "less_than_or_equal"),
			Field: genPath(g), Value: json.RawMessage(v), Match: choose(g, "", "any")}
	case 7:
		v := choose(g, `"F"`, `"NO"`, `"b"`, `1`, `"7"`, `null`, `true`)
		if g.pick(2) == 0 {
			v = choose(g, `"^N"`, `"O$"`, `"^(NO|SE)$"`, `"[0-9]+"`, `"^$"`, `"a|b"`, `"(?i)^no$"`, `"COMPLETED|F"`)
			return refCond{Type: "matches", Field: genPath(g), Value: json.RawMessage(v), Match: choose(g, "", "any")}
		}
		return refCond{Type: "contains", Field: genPath(g), Value: json.RawMessage(v), Match: choose(g, "", "any")}
	}
	return refCond{Type: choose(g, "equal", "not_equal"), Field: genPath(g), Value: json.RawMessage(choose(g, scalars...)),
		Match: choose(g, "", "", "any")}
}

// FuzzDifferential compares the compiled evaluator with the reference
// interpreter on generated automations and cases.
func FuzzDifferential(f *testing.F) {
	for _, seed := range []string{"", "\x00\x01\x02\x03", "hello, verdict", "\xff\xfe\xfd\x10\x20\x30\x40\x50\x60\x70",
		strings.Repeat("\x05\x03\x07", 20), strings.Repeat("\x01\x09\x02\x08\x03", 30)} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		g := &gen{b: data}
		caseJSON := genCase(g)
		var conds []refCond
		for i, n := 0, g.pick(4); i < n; i++ {
			conds = append(conds, genCond(g, 0))
		}
		if conds == nil {
			conds = []refCond{}
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
		c, err := cases.Parse([]byte(caseJSON))
		if err != nil {
			t.Fatalf("generated case rejected: %v\n%s", err, caseJSON)
		}
		res, err := p.Evaluate(context.Background(), c, nil, rules.WithTrace())
		if err != nil {
			t.Fatal(err)
		}
		doc := refDecode(json.RawMessage(caseJSON))
		want := true
		for _, rc := range conds {
			if !refHolds(rc, doc) {
				want = false
				break
			}
		}
		if res.Matched != want {
			trace, _ := json.MarshalIndent(res.Trace, "", "  ")
			t.Fatalf("compiled evaluator says matched=%v, reference says %v\ncase: %s\nautomation: %s\ntrace: %s",
				res.Matched, want, caseJSON, defJSON, trace)
		}
		if res.Fired != want {
			t.Fatalf("dry run: fired=%v, want %v", res.Fired, want)
		}
	})
}
