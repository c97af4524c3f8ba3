// Package peers measures verdict against the engines a team would pick
// instead, on the same automation and the same cases: the docs' "Auto
// approve" automation (corrected) on the docs' four test companies. The Go
// peers, expr and cel-go, get hand-written expressions equivalent to the
// automation over the same cases decoded by encoding/json; the Node peers
// live in node/. It is a module of its own, so their dependencies stay out
// of verdict's go.mod; `run` prints the table.
package peers

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/vm"

	"github.com/verdict-rules/verdict/cases"
	casectx "github.com/verdict-rules/verdict/context"
	"github.com/verdict-rules/verdict/rules"
)

var now = time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)

var companies = []string{"ragnarok-as", "floki-shipbuilders", "ecbert-holdings", "rollo-the-warrior"}

func testdata(t testing.TB, parts ...string) []byte {
	data, err := os.ReadFile(filepath.Join(append([]string{"..", "..", "testdata"}, parts...)...))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

type fixture struct {
	raw   [][]byte
	cases []*rules.Case
	plain []map[string]any // decoded by encoding/json, for expr and cel-go
	prog  *rules.Program
	want  []bool // verdict's outcomes, which every peer must reproduce
}

func load(t testing.TB) *fixture {
	f := &fixture{}
	defs, err := rules.Parse(testdata(t, "automations", "auto-approve.json"))
	if err != nil {
		t.Fatal(err)
	}
	f.prog = rules.MustCompile(defs[0], rules.WithClock(func() time.Time { return now }))
	for _, name := range companies {
		data := testdata(t, "cases", "quickr", name+".json")
		c, err := cases.Parse(data)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(data, &m); err != nil {
			t.Fatal(err)
		}
		r, err := f.prog.Evaluate(context.Background(), c, ready)
		if err != nil {
			t.Fatal(err)
		}
		f.raw, f.cases, f.plain, f.want = append(f.raw, data), append(f.cases, c), append(f.plain, m), append(f.want, r.Fired)
	}
	return f
}

var ready = &rules.Event{Type: "case_status_updated", Status: "READY_FOR_REVIEW"}

// companyAge computes company_age from a case decoded by encoding/json,
// with verdict's sources and anniversary rule, for the peers.
func companyAge(c map[string]any) (int, bool) {
	sources := [][2]string{{"sections", "additional_data"}, {"current_information", "data"}, {"prefills", "data"}, {"declarations", "data"}}
	for _, src := range sources {
		for _, field := range []string{"registration_date", "incorporation_date"} {
			items, _ := c[src[0]].([]any)
			for _, it := range items {
				item, _ := it.(map[string]any)
				if item["type"] != "company" {
					continue
				}
				data, _ := item[src[1]].([]any)
				for _, d := range data {
					rec, _ := d.(map[string]any)
					s, _ := rec[field].(string)
					if t, ok := casectx.ParseDate(s); ok {
						return casectx.YearsBetween(t, now), true
					}
				}
			}
		}
	}
	return 0, false
}

// The automation as an expr-lang expression.
const exprSource = `
let sanction = filter(case.checks, .type == "sanction");
let credit = filter(case.checks, .type == "credit_score");
let scores = flatten(map(filter(case.current_information, .type == "credit_score"), map(.data, .current_credit_score.value)));
let ubo = flatten(map(filter(case.prefills, .type == "ultimate_beneficial_ownership"), map(.data, .country)));
let home = flatten(map(filter(case.prefills, .type == "company"), map(.data, .country)));
len(sanction) > 0 && (all(sanction, len(.data) > 0 && len(.data[0].flags) == 0) || all(sanction, len(.data) == 0))
&& len(credit) > 0 && all(credit, len(.data) > 0)
&& len(scores) > 0 && all(scores, # >= 70)
&& age(case) >= 2
&& (len(ubo) == 0 || all(ubo, # in home))`

func compileExpr(t testing.TB) *vm.Program {
	p, err := expr.Compile(exprSource,
		expr.Env(map[string]any{"case": map[string]any{}}),
		expr.Function("age", func(params ...any) (any, error) {
			c, _ := params[0].(map[string]any)
			a, ok := companyAge(c)
			if !ok {
				return -1, nil
			}
			return a, nil
		}, new(func(map[string]any) int)),
		expr.AsBool())
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// The automation as a CEL expression.
const celSource = `
case.checks.exists(c, c.type == 'sanction')
&& (case.checks.filter(c, c.type == 'sanction').all(c, size(c.data) > 0 && size(c.data[0].flags) == 0)
    || case.checks.filter(c, c.type == 'sanction').all(c, size(c.data) == 0))
&& case.checks.exists(c, c.type == 'credit_score')
&& case.checks.filter(c, c.type == 'credit_score').all(c, size(c.data) > 0)
&& case.current_information.exists(i, i.type == 'credit_score')
&& case.current_information.filter(i, i.type == 'credit_score').all(i, i.data.all(d, d.current_credit_score.value >= 70.0))
&& age(case) >= 2
&& case.prefills.filter(p, p.type == 'ultimate_beneficial_ownership').all(p, p.data.all(u,
     case.prefills.exists(q, q.type == 'company' && q.data.exists(d, d.country == u.country))))`

func compileCEL(t testing.TB) cel.Program {
	env, err := cel.NewEnv(
		cel.Variable("case", cel.MapType(cel.StringType, cel.DynType)),
		cel.Function("age", cel.Overload("age_map", []*cel.Type{cel.MapType(cel.StringType, cel.DynType)}, cel.IntType,
			cel.UnaryBinding(func(v ref.Val) ref.Val {
				m, _ := v.Value().(map[string]any)
				a, ok := companyAge(m)
				if !ok {
					return types.Int(-1)
				}
				return types.Int(a)
			}))))
	if err != nil {
		t.Fatal(err)
	}
	ast, iss := env.Compile(celSource)
	if iss.Err() != nil {
		t.Fatal(iss.Err())
	}
	p, err := env.Program(ast, cel.EvalOptions(cel.OptOptimize))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestSameOutcomes checks that every Go peer decides the four companies as
// verdict does: Ragnarok and Floki approved, Ecbert and Rollo not.
func TestSameOutcomes(t *testing.T) {
	f := load(t)
	if want := []bool{true, true, false, false}; !equal(f.want, want) {
		t.Fatalf("verdict decides %v, want %v", f.want, want)
	}
	ep, cp := compileExpr(t), compileCEL(t)
	for i, c := range f.plain {
		out, err := expr.Run(ep, map[string]any{"case": c})
		if err != nil || out != f.want[i] {
			t.Errorf("expr on %s: %v %v, want %v", companies[i], out, err, f.want[i])
		}
		v, _, err := cp.Eval(map[string]any{"case": c})
		if err != nil || v.Value() != f.want[i] {
			t.Errorf("cel-go on %s: %v %v, want %v", companies[i], v, err, f.want[i])
		}
	}
}

func equal(a, b []bool) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Each benchmark evaluates the automation on the four companies in turn;
// ns/op is per evaluation.

// countAllocs reports the allocations per evaluation as a fraction: the
// companies cost differently (a fired result allocates, a refused one
// does not), and allocs/op rounds the mean down.
func countAllocs(b *testing.B, loop func()) {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	before := ms.Mallocs
	loop()
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.Mallocs-before)/float64(b.N), "allocs/eval")
}

func BenchmarkVerdict(b *testing.B) {
	f := load(b)
	ctx := context.Background()
	b.ReportAllocs()
	i := 0
	countAllocs(b, func() {
		for b.Loop() {
			f.prog.Evaluate(ctx, f.cases[i%4], ready)
			i++
		}
	})
}

func BenchmarkExpr(b *testing.B) {
	f := load(b)
	p := compileExpr(b)
	envs := make([]map[string]any, 4)
	for i := range envs {
		envs[i] = map[string]any{"case": f.plain[i]}
	}
	var machine vm.VM
	b.ReportAllocs()
	i := 0
	countAllocs(b, func() {
		for b.Loop() {
			machine.Run(p, envs[i%4])
			i++
		}
	})
}

func BenchmarkCELGo(b *testing.B) {
	f := load(b)
	p := compileCEL(b)
	acts := make([]map[string]any, 4)
	for i := range acts {
		acts[i] = map[string]any{"case": f.plain[i]}
	}
	b.ReportAllocs()
	i := 0
	countAllocs(b, func() {
		for b.Loop() {
			p.Eval(acts[i%4])
			i++
		}
	})
}

func BenchmarkVerdictEach(b *testing.B) {
	f := load(b)
	ctx := context.Background()
	for i, name := range companies {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				f.prog.Evaluate(ctx, f.cases[i], ready)
			}
		})
	}
}
