package bench

import (
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/verdict-rules/verdict/cases"
	"github.com/verdict-rules/verdict/rules"
)

// TestCallgrindEvaluate evaluates the corrected docs' automation on one
// decoded case $CG_N times ($CG_CASE: ragnarok, the docs' test company, or
// 50KB, the generated case of DecodeInputs, or bench50KB, that of
// BenchmarkEvaluate), or a set of 100 of them
// (CG_CASE=set100) on Ragnarok AS, or the docs' 18 KB example
// (CG_CASE=docs18KB), so that valgrind's callgrind can count the
// instructions of a warm evaluation. CG_TRACE=1 evaluates WithTrace;
// CG_AFTER=1 decodes the case again before each evaluation, so that with
// --cache-sim=yes --branch-sim=yes callgrind shows what a first evaluation
// right after a decode misses:
//
//	CG_CASE=ragnarok CG_N=1000 GOGC=off GODEBUG=asyncpreemptoff=1 \
//	  valgrind --tool=callgrind --toggle-collect='*rules.(*Program).Evaluate' ./bench.test -test.run '^TestCallgrindEvaluate$'
func TestCallgrindEvaluate(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("CG_N"))
	if n == 0 {
		t.Skip("CG_N is not set")
	}
	src, err := os.ReadFile(filepath.Join("..", "testdata", "automations", "auto-approve.json"))
	if err != nil {
		t.Fatal(err)
	}
	defs, err := rules.Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	var data []byte
	switch os.Getenv("CG_CASE") {
	case "ragnarok", "set100":
		if data, err = os.ReadFile(filepath.Join("..", "testdata", "cases", "quickr", "ragnarok-as.json")); err != nil {
			t.Fatal(err)
		}
	case "docs18KB":
		if data, err = os.ReadFile(filepath.Join("jsonpathplus", "corpus", "documents", "quickr-case-details.json")); err != nil {
			t.Fatal(err)
		}
	case "50KB":
		// As DecodeInputs makes it.
		rng := rand.New(rand.NewPCG(3, 4))
		for i := 0; i < 201; i++ {
			Case(rng, i)
		}
		data = CaseOfSize(rng, 201, 50<<10)
	case "bench50KB":
		// As BenchmarkEvaluate makes its generated 50 KB case.
		rng := rand.New(rand.NewPCG(1, 2))
		Case(rng, 7)
		data = CaseOfSize(rng, 8, 50<<10)
	default:
		t.Fatalf("unknown CG_CASE %q", os.Getenv("CG_CASE"))
	}
	c, err := cases.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if os.Getenv("CG_CASE") == "set100" {
		set, err := rules.CompileSet(copies(defs[0], 100), rules.WithClock(clock))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := set.Evaluate(ctx, c, ready); err != nil {
			t.Fatal(err)
		}
		for range n {
			set.Evaluate(ctx, c, ready)
		}
		return
	}
	p := rules.MustCompile(defs[0], rules.WithClock(clock))
	var opts []rules.EvalOption
	if os.Getenv("CG_TRACE") != "" {
		opts = append(opts, rules.WithTrace())
	}
	if _, err := p.Evaluate(ctx, c, ready, opts...); err != nil {
		t.Fatal(err)
	}
	if os.Getenv("CG_AFTER") != "" {
		for range n {
			c, err := cases.Parse(data)
			if err != nil {
				t.Fatal(err)
			}
			p.Evaluate(ctx, c, ready, opts...)
		}
		return
	}
	for range n {
		p.Evaluate(ctx, c, ready, opts...)
	}
}
