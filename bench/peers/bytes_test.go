package peers

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"cel.dev/cel-go/cel"
	"github.com/expr-lang/expr/vm"
	"github.com/valyala/fastjson"

	"github.com/verdict-rules/verdict/bench"
	"github.com/verdict-rules/verdict/cases"
)

// The bytes-to-decision comparison: each engine starts from the bytes of a
// case, decodes them and decides, for a set of distinct cases taken in
// turn, so no engine evaluates a case it has seen decoded. Each set has
// cases of about one size: the docs' 18 KB case example (its copies are
// distinct slices of the same text), the 16 smallest of 400 generated
// cases (about 3 KB, the size of the held-out cases), generated cases of about 5 KB and
// of about 50 KB.

const setSize = 16

type caseSet struct {
	name  string
	cases [][]byte
}

func caseSets() []caseSet {
	rng := rand.New(rand.NewPCG(7, 8))
	var small, five, fifty [][]byte
	var all [][]byte
	for i := range 400 {
		all = append(all, bench.Case(rng, i))
	}
	slices.SortStableFunc(all, func(a, b []byte) int { return len(a) - len(b) })
	small = all[:setSize]
	for i := range setSize {
		five = append(five, bench.Case(rng, 1000+i))
		fifty = append(fifty, bench.CaseOfSize(rng, 2000+i, 50<<10))
	}
	var docs [][]byte
	for _, in := range bench.DecodeInputs() {
		if in.Name == "18KB" {
			for range setSize {
				docs = append(docs, bytes.Clone(in.Data))
			}
		}
	}
	return []caseSet{{"3KB", small}, {"5KB", five}, {"18KB", docs}, {"50KB", fifty}}
}

// TestWriteCaseSets writes the case sets to $CASE_SETS, for the Node side
// of run: NAME-i.json, and NAME.want with verdict's decisions.
func TestWriteCaseSets(t *testing.T) {
	dir := os.Getenv("CASE_SETS")
	if dir == "" {
		t.Skip("CASE_SETS is not set")
	}
	f := load(t)
	for _, s := range caseSets() {
		var want []bool
		for i, c := range s.cases {
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%d.json", s.name, i)), c, 0o644); err != nil {
				t.Fatal(err)
			}
			want = append(want, decideFull(t, f, c))
		}
		data, _ := json.Marshal(want)
		if err := os.WriteFile(filepath.Join(dir, s.name+".want"), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestBytesSameOutcomes checks that the engines decide every case of every
// set alike, verdict decoding each case whole or for the automation alone.
func TestBytesSameOutcomes(t *testing.T) {
	f := load(t)
	ep, cp := compileExpr(t), compileCEL(t)
	fired := map[bool]int{}
	for _, s := range caseSets() {
		for i, data := range s.cases {
			want := decideFull(t, f, data)
			fired[want]++
			for name, got := range map[string]bool{
				"projected": decideProjected(t, f, data),
				"expr":      decideExpr(t, ep, data),
				"cel-go":    decideCEL(t, cp, data),
			} {
				if got != want {
					t.Errorf("%s case %d: %s decides %v, verdict %v", s.name, i, name, got, want)
				}
			}
		}
	}
	t.Logf("fired %d, not fired %d", fired[true], fired[false])
}

func decideFull(t testing.TB, f *fixture, data []byte) bool {
	c, err := cases.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	r, err := f.prog.Evaluate(context.Background(), c, ready)
	if err != nil {
		t.Fatal(err)
	}
	return r.Fired
}

func decideProjected(t testing.TB, f *fixture, data []byte) bool {
	c, err := cases.Decoder{Reach: f.prog.Reach()}.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	r, err := f.prog.Evaluate(context.Background(), c, ready)
	if err != nil {
		t.Fatal(err)
	}
	return r.Fired
}

func decideExpr(t testing.TB, p *vm.Program, data []byte) bool {
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	out, err := vm.Run(p, map[string]any{"case": m})
	if err != nil {
		t.Fatal(err)
	}
	return out == true
}

func decideCEL(t testing.TB, p cel.Program, data []byte) bool {
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	out, _, err := p.Eval(map[string]any{"case": m})
	if err != nil {
		return false // a missing member: the automation does not fire
	}
	return out.Value() == true
}

// BenchmarkBytes decides each case set from bytes: verdict decoding each
// case for the automation (projected; copied, or in place with Borrow) and
// whole (full), expr and cel-go over encoding/json. ns/op is per case.
func BenchmarkBytes(b *testing.B) {
	f := load(b)
	ep, cp := compileExpr(b), compileCEL(b)
	ctx := context.Background()
	dec := cases.Decoder{Reach: f.prog.Reach()}
	// A service that reads each request's body into a buffer of its own
	// and never changes it can decode in place.
	inPlace := cases.Decoder{Reach: f.prog.Reach(), Borrow: true}
	for _, s := range caseSets() {
		n := len(s.cases)
		size := 0
		for _, c := range s.cases {
			size += len(c)
		}
		run := func(name string, decide func(data []byte)) {
			b.Run(s.name+"/"+name, func(b *testing.B) {
				b.SetBytes(int64(size / n))
				b.ReportAllocs()
				i := 0
				for b.Loop() {
					decide(s.cases[i%n])
					i++
				}
			})
		}
		run("verdict", func(data []byte) {
			c, err := dec.Parse(data)
			if err != nil {
				b.Fatal(err)
			}
			f.prog.Evaluate(ctx, c, ready)
		})
		run("verdict-borrow", func(data []byte) {
			c, err := inPlace.Parse(data)
			if err != nil {
				b.Fatal(err)
			}
			f.prog.Evaluate(ctx, c, ready)
		})
		run("verdict-full", func(data []byte) {
			c, err := cases.Parse(data)
			if err != nil {
				b.Fatal(err)
			}
			f.prog.Evaluate(ctx, c, ready)
		})
		// The floor: the fastest decoder measured here (fastjson with a
		// parser used again, which allocates nothing and checks neither
		// UTF-8 nor repeated names) and an evaluation of the same case
		// decoded beforehand: what an engine takes that decodes the whole
		// case that fast and decides as verdict does. A decode that skips
		// what the automation does not read can take less.
		var parser fastjson.Parser
		decoded := make([]*cases.Case, n)
		for k, data := range s.cases {
			c, err := cases.Parse(data)
			if err != nil {
				b.Fatal(err)
			}
			decoded[k] = c
		}
		k := 0
		run("floor", func(data []byte) {
			if _, err := parser.ParseBytes(data); err != nil {
				b.Fatal(err)
			}
			f.prog.Evaluate(ctx, decoded[k%n], ready)
			k++
		})
		var machine vm.VM
		run("expr", func(data []byte) {
			var m map[string]any
			if err := json.Unmarshal(data, &m); err != nil {
				b.Fatal(err)
			}
			machine.Run(ep, map[string]any{"case": m})
		})
		run("cel-go", func(data []byte) {
			var m map[string]any
			if err := json.Unmarshal(data, &m); err != nil {
				b.Fatal(err)
			}
			cp.Eval(map[string]any{"case": m})
		})
	}
}
