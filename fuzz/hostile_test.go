package fuzz

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/verdict-rules/verdict/cases"
	"github.com/verdict-rules/verdict/changeset"
	"github.com/verdict-rules/verdict/rules"
)

// A hostile input: a definition and a case built to cost as much as the
// shape they have can, at a size the fuzz bytes choose.
type hostile struct {
	name string
	def  string
	doc  string
}

func automationOf(cond string, actions string) string {
	if actions == "" {
		actions = `[{"type": "set_case_status", "status": "ACTIVE"}]`
	}
	return `{"name": "hostile", "trigger": [{"type": "case_status_updated"}], "conditions": [` + cond + `], "actions": ` + actions + `}`
}

func field(path string) string {
	quoted, _ := json.Marshal(path)
	return `{"type": "equal", "field": ` + string(quoted) + `, "value": 1}`
}

func expression(src string) string {
	quoted, _ := json.Marshal(src)
	return `{"type": "expression", "expression": ` + string(quoted) + `}`
}

// nestedArrays writes [[[...1...]]] n deep.
func nestedArrays(n int) string { return strings.Repeat("[", n) + "1" + strings.Repeat("]", n) }

// hostileShapes build hostile inputs (deep nesting, long chains, wide
// unions) with n between 1 and about a million.
var hostileShapes = []func(g *gen, n int) hostile{
	func(g *gen, n int) hostile {
		return hostile{"filter parentheses", automationOf(field("$.a[?("+strings.Repeat("(", n)+"@.a"+strings.Repeat(")", n)+")]"), ""), `{"a": [{"a": 1}]}`}
	},
	func(g *gen, n int) hostile {
		return hostile{"filter !", automationOf(field("$.a[?("+strings.Repeat("!", n)+"@.a)]"), ""), `{"a": [{"a": 0}]}`}
	},
	func(g *gen, n int) hostile {
		op := choose(g, "&&", "||", "===", "<")
		return hostile{"filter chain " + op, automationOf(field("$.a[?(@.a"+strings.Repeat(op+"@.a", n/4)+")]"), ""), `{"a": [{"a": 1}, {"a": 2}]}`}
	},
	func(g *gen, n int) hostile {
		// Paths that compile cost a few microseconds per step: a tenth
		// of a megabyte is enough.
		return hostile{"dotted path", automationOf(field("$"+strings.Repeat(choose(g, ".a", "['a']", "[0]", ".*"), n/32)), ""), `{"a": {"a": [1]}}`}
	},
	func(g *gen, n int) hostile {
		k := 1 + n%150
		unions := 1 + g.pick(5)
		union := "[" + strings.TrimSuffix(strings.Repeat("0,", k), ",") + "]"
		return hostile{"unions", automationOf(field("$.a"+strings.Repeat(union, unions)+"[?(@===2)]"), ""), `{"a": ` + nestedArrays(7) + `}`}
	},
	func(g *gen, n int) hostile {
		depth := 1 + n%500
		return hostile{"descents", automationOf(field("$"+strings.Repeat("..a", 1+g.pick(8))+"..x"), ""),
			`{"d": ` + strings.Repeat(`{"a": [1, `, depth) + "2" + strings.Repeat(`]}`, depth) + `}`}
	},
	func(g *gen, n int) hostile {
		open := choose(g, "(", "[", "!", "-", "not ", "!(")
		src := strings.Repeat(open, n) + "true"
		if strings.HasSuffix(open, "(") {
			src += strings.Repeat(")", n)
		}
		if open == "[" {
			src = strings.Repeat("[", n) + "1" + strings.Repeat("]", n) + " != nil"
		}
		return hostile{"expression nesting " + open, automationOf(expression(src), ""), `{}`}
	},
	func(g *gen, n int) hostile {
		k := 1 + n%40
		src := "let a0 = case.s; "
		for i := 1; i <= k; i++ {
			src += fmt.Sprintf("let a%d = a%d + a%d; ", i, i-1, i-1)
		}
		return hostile{"let doubling", automationOf(expression(src+fmt.Sprintf("len(a%d) > 0", k)), ""), `{"s": "` + strings.Repeat("x", 1000) + `"}`}
	},
	func(g *gen, n int) hostile {
		src := choose(g, `len(reduce(1..%d, #acc + case.s, "")) > 0`, `all(1..%d, all(case.arr, all(case.arr, true)))`,
			`len(replace(case.s, "", case.s + string(%d))) > 0`, `len(join(map(1..%d, case.s), case.s)) > 0`,
			`len(toJSON(map(1..%d, case))) > 0`, `len(string(reduce(1..%d, [#acc, #acc], []))) > 0`,
			`len(flatten(reduce(1..%d, [#acc, #acc], [1]))) > 0`, `max(reduce(1..%d, [#acc, #acc], [1])) > 0`,
			`len(1..case.n) > %d`, `case.s matches case.p || %d > 0`)
		src = fmt.Sprintf(src, n)
		arr := "[" + strings.TrimSuffix(strings.Repeat(`"ab",`, 1+n%1000), ",") + "]"
		return hostile{"expression cost", automationOf(expression(src), ""), `{"s": "` + strings.Repeat("x", 1+n%5000) + `", "arr": ` + arr + `, "n": 5, "p": "x"}`}
	},
	func(g *gen, n int) hostile {
		pattern := choose(g, strings.Repeat("a", n), fmt.Sprintf("((a{%d}){%d}){%d}", 1+n%1000, 1+n%7, 1+n%3), strings.Repeat("(", n%2000)+"a"+strings.Repeat(")", n%2000))
		quoted, _ := json.Marshal(pattern)
		return hostile{"regexp", automationOf(`{"type": "matches", "field": "$.s", "value": `+string(quoted)+`}`, ""), `{"s": "aaaa"}`}
	},
	func(g *gen, n int) hostile {
		// Validating a definition against the automation schema costs
		// about a microsecond per byte: a fraction of a megabyte is
		// enough.
		n /= 64
		var b strings.Builder
		for i := 0; i < n; i++ {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `"k%d": "v"`, i)
		}
		def := strings.Replace(automationOf("", ""), `"conditions": []`, `"conditions": [], "metadata": {`+b.String()+`}`, 1)
		return hostile{"metadata", def, `{}`}
	},
	func(g *gen, n int) hostile {
		conds := make([]string, 1+n/1024)
		for i := range conds {
			conds[i] = choose(g, field("$.a["), field("$.x"), `{"type": "nope"}`, expression("1 +"))
		}
		return hostile{"many errors", automationOf(strings.Join(conds, ", "), ""), `{}`}
	},
	func(g *gen, n int) hostile {
		items := strings.TrimSuffix(strings.Repeat(`{"status": "PENDING"},`, 1+n/64), ",")
		return hostile{"many changes", automationOf("", `[{"type": "set_check_status", "check": "sanction", "status": "COMPLETED"}]`),
			`{"status": "READY_FOR_REVIEW", "checks": [{"type": "sanction", "data": [` + items + `]}, {"type": "sanction", "status": "X"}]}`}
	},
	func(g *gen, n int) hostile {
		return hostile{"big numbers", automationOf(`{"type": "equal", "field": "$.n", "value": 1e`+fmt.Sprint(n)+`}`, ""),
			`{"n": 1e` + fmt.Sprint(n) + strings.Repeat("0", g.pick(3)) + `}`}
	},
}

// allocated returns the bytes f allocates.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// FuzzHostile builds inputs of the shapes that used to crash verdict or
// blow up its cost — nesting a million deep, unions, long chains, costly
// expressions and patterns, wide objects, many errors and changes — at
// sizes up to megabytes, and checks that each entry point ends with a
// result or a located error, and that the bytes it allocates stay within
// a bound linear in the size of its input.
func FuzzHostile(f *testing.F) {
	for shape := range hostileShapes {
		for _, size := range []byte{0, 6, 12, 17} {
			f.Add([]byte{byte(shape), size, 1, 2, 3})
		}
	}
	f.Fuzz(checkHostile)
}

func checkHostile(t *testing.T, data []byte) {
	ready := &rules.Event{Type: "case_status_updated", Status: "READY_FOR_REVIEW"}
	{
		g := &gen{b: data}
		shape := hostileShapes[g.pick(len(hostileShapes))]
		n := 1 << g.pick(21)
		n += g.pick(256) * n / 256
		h := shape(g, n)
		// A visit limit a twentieth of the default keeps each run short;
		// the walks that reach it must still stop with its error.
		limits := rules.Limits{PathVisits: 1_000_000}
		if g.pick(2) == 1 {
			// Longer strings allowed, so that nesting is what stops them.
			limits.PathBytes, limits.ExpressionBytes, limits.RegexpBytes = 8<<20, 8<<20, 64<<10
		}
		opts := []rules.Option{rules.WithLimits(limits)}
		// Linear bounds: validating a definition against the automation
		// schema alone allocates about a kilobyte per byte of it.
		inputBytes := uint64(len(h.def) + len(h.doc))
		compileBound := 4096*uint64(len(h.def)) + 64<<20
		bound := 512*inputBytes + 64<<20
		var set *rules.Set
		var err error
		if got := allocated(func() {
			var defs []rules.Automation
			defs, err = rules.Parse([]byte(h.def), opts...)
			if err == nil {
				set, err = rules.CompileSet(defs, opts...)
			}
		}); got > compileBound {
			t.Fatalf("%s, n=%d: compiling a %d-byte definition allocated %d bytes", h.name, n, len(h.def), got)
		}
		if err != nil {
			checkErrorLocations(t, []byte(h.def), err)
			return
		}
		c, err := cases.Parse([]byte(h.doc))
		if err != nil {
			return
		}
		var first []rules.Result
		var firstErr error
		if got := allocated(func() { first, firstErr = set.Evaluate(context.Background(), c, ready) }); got > bound {
			t.Fatalf("%s, n=%d: evaluating allocated %d bytes", h.name, n, got)
		}
		again, againErr := set.Evaluate(context.Background(), c, ready)
		j1, _ := json.Marshal(first)
		j2, _ := json.Marshal(again)
		if fmt.Sprint(firstErr) != fmt.Sprint(againErr) || !bytes.Equal(j1, j2) {
			t.Fatalf("%s, n=%d: two evaluations differ: %v / %v", h.name, n, firstErr, againErr)
		}
		if firstErr != nil {
			var ae *changeset.Error
			if errors.As(firstErr, &ae) {
				t.Fatalf("%s: %v", h.name, firstErr)
			}
			return
		}
		for _, r := range first {
			if !r.Fired {
				continue
			}
			var out []byte
			if got := allocated(func() { out, err = changeset.Apply([]byte(h.doc), r.Changeset) }); got > bound {
				t.Fatalf("%s, n=%d: applying %d entries allocated %d bytes", h.name, n, len(r.Changeset), got)
			}
			if err != nil {
				t.Fatalf("%s: applying a fresh changeset: %v", h.name, err)
			}
			if _, err := cases.Parse(out); err != nil {
				t.Fatalf("%s: Apply made a case that does not decode: %v", h.name, err)
			}
		}
	}
}
