package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/ohler55/ojg/jp"
	"github.com/ohler55/ojg/oj"

	"github.com/verdict-rules/verdict/cases"
	"github.com/verdict-rules/verdict/document"
	"github.com/verdict-rules/verdict/internal/jsonpath"
	"github.com/verdict-rules/verdict/rules"
	"github.com/verdict-rules/verdict/schema"
)

var now = time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)

func clock() time.Time { return now }

func read(b *testing.B, parts ...string) []byte {
	data, err := os.ReadFile(filepath.Join(append([]string{"..", "testdata"}, parts...)...))
	if err != nil {
		b.Fatal(err)
	}
	return data
}

func program(b *testing.B, file string) *rules.Program {
	defs, err := rules.Parse(read(b, "automations", file))
	if err != nil {
		b.Fatal(err)
	}
	return rules.MustCompile(defs[0], rules.WithClock(clock))
}

func parseCase(b *testing.B, data []byte) *rules.Case {
	c, err := cases.Parse(data)
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// copies returns n copies of an automation, each with an id and a name of
// its own, for a set of n automations.
func copies(a rules.Automation, n int) []rules.Automation {
	list := make([]rules.Automation, n)
	for i := range list {
		list[i] = a
		list[i].ID = fmt.Sprintf("PQ1230483.automation.%d", i)
		list[i].Name = fmt.Sprintf("Auto approve %d", i)
	}
	return list
}

var ready = &rules.Event{Type: "case_status_updated", Status: "READY_FOR_REVIEW"}

// BenchmarkCompile compiles the docs' automation: schema, paths, context.
func BenchmarkCompile(b *testing.B) {
	defs, err := rules.Parse(read(b, "automations", "auto-approve-docs.json"))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := rules.Compile(defs[0], rules.WithClock(clock)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEvaluate runs the docs' automation, as written and corrected, on
// pre-parsed cases of about 5 KB (the docs' test company Ragnarok AS, and a
// generated one) and 50 KB.
func BenchmarkEvaluate(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	cases := []struct {
		name string
		data []byte
	}{
		{"ragnarok-5KB", read(b, "cases", "quickr", "ragnarok-as.json")},
		{"generated-5KB", Case(rng, 7)},
		{"generated-50KB", CaseOfSize(rng, 8, 50<<10)},
	}
	for _, auto := range []string{"auto-approve-docs.json", "auto-approve.json"} {
		p := program(b, auto)
		for _, tc := range cases {
			c := parseCase(b, tc.data)
			for _, traced := range []bool{false, true} {
				name := fmt.Sprintf("%s/%s", auto[:len(auto)-5], tc.name)
				var opts []rules.EvalOption
				if traced {
					name += "/trace"
					opts = append(opts, rules.WithTrace())
				}
				b.Run(name, func(b *testing.B) {
					ctx := context.Background()
					if _, err := p.Evaluate(ctx, c, ready, opts...); err != nil {
						b.Fatal(err)
					}
					b.ReportAllocs()
					for b.Loop() {
						p.Evaluate(ctx, c, ready, opts...)
					}
				})
			}
		}
	}
}

// BenchmarkEvaluateCounterfactuals runs the corrected automation,
// compiled WithCounterfactuals, on the docs' two refused companies: a
// refused evaluation is traced, and the conditions are evaluated again
// once per change, to say whether it alone makes the automation fire.
func BenchmarkEvaluateCounterfactuals(b *testing.B) {
	defs, err := rules.Parse(read(b, "automations", "auto-approve.json"))
	if err != nil {
		b.Fatal(err)
	}
	p := rules.MustCompile(defs[0], rules.WithClock(clock), rules.WithCounterfactuals())
	for _, name := range []string{"ecbert-holdings", "rollo-the-warrior"} {
		c := parseCase(b, read(b, "cases", "quickr", name+".json"))
		b.Run(name, func(b *testing.B) {
			ctx := context.Background()
			r, err := p.Evaluate(ctx, c, ready)
			if err != nil || r.Fired {
				b.Fatalf("fired %v, %v", r.Fired, err)
			}
			b.ReportAllocs()
			for b.Loop() {
				p.Evaluate(ctx, c, ready)
			}
		})
	}
}

// BenchmarkParseCase decodes cases of 3, 5, 20 and 50 KB with verdict and,
// for scale, with ojg's oj.Parse (map[string]any, no order, no exact
// decimals).
func BenchmarkParseCase(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 4))
	sizes := []struct {
		name string
		data []byte
	}{
		{"3KB", nil},
		{"5KB", read(b, "cases", "quickr", "ragnarok-as.json")},
		{"20KB", CaseOfSize(rng, 2, 20<<10)},
		{"50KB", CaseOfSize(rng, 3, 50<<10)},
	}
	// The smallest: the smallest of 200 generated cases, about 3.5 KB.
	for i := 0; i < 200; i++ {
		if c := Case(rng, i); len(sizes[0].data) == 0 || len(c) < len(sizes[0].data) {
			sizes[0].data = c
		}
	}
	for _, s := range sizes {
		b.Run(s.name+"/verdict", func(b *testing.B) {
			b.SetBytes(int64(len(s.data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := cases.Parse(s.data); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(s.name+"/oj.Parse", func(b *testing.B) {
			b.SetBytes(int64(len(s.data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := oj.Parse(s.data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSetEvaluate evaluates 1, 10 and 100 automations on one case.
// The automations are the corrected docs' automation with other thresholds,
// so they share their filters, as automations of one account do.
func BenchmarkSetEvaluate(b *testing.B) {
	defs, err := rules.Parse(read(b, "automations", "auto-approve.json"))
	if err != nil {
		b.Fatal(err)
	}
	c := parseCase(b, read(b, "cases", "quickr", "ragnarok-as.json"))
	for _, n := range []int{1, 10, 100} {
		set, err := rules.CompileSet(copies(defs[0], n), rules.WithClock(clock))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				if _, err := set.Evaluate(ctx, c, ready); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/automation")
		})
	}
}

// BenchmarkBacktest measures the throughput of a backtest's inner loop on
// one core: decode a generated 5 KB case, evaluate the corrected docs'
// automation.
func BenchmarkBacktest(b *testing.B) {
	rng := rand.New(rand.NewPCG(5, 6))
	corpus := make([][]byte, 1000)
	for i := range corpus {
		corpus[i] = Case(rng, i)
	}
	p := program(b, "auto-approve.json")
	ctx := context.Background()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		c, err := cases.Parse(corpus[i%len(corpus)])
		if err != nil {
			b.Fatal(err)
		}
		if _, err := p.Evaluate(ctx, c, ready); err != nil {
			b.Fatal(err)
		}
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "cases/s")
}

// BenchmarkPath compares one compiled filter path on a ~20 KB case with
// ojg's jp (parsed once, Get on oj.Parse's maps) and with a walk written by
// hand for this one path.
func BenchmarkPath(b *testing.B) {
	rng := rand.New(rand.NewPCG(7, 8))
	data := CaseOfSize(rng, 9, 20<<10)
	const src = "$.checks[?(@.type=='sanction')].data[0].flags"
	doc, err := document.Decode(data)
	if err != nil {
		b.Fatal(err)
	}
	p := jsonpath.MustParse(src)
	want := len(p.Values(doc, nil))
	if want != 1 {
		b.Fatalf("the path yields %d values, want 1", want)
	}
	b.Run("verdict", func(b *testing.B) {
		buf := make([]document.Value, 0, 8)
		b.ReportAllocs()
		for b.Loop() {
			buf, _ = p.Select(doc, nil, buf[:0])
		}
	})
	b.Run("ojg-jp", func(b *testing.B) {
		x, err := jp.ParseString(src)
		if err != nil {
			b.Fatal(err)
		}
		v, err := oj.Parse(data)
		if err != nil {
			b.Fatal(err)
		}
		if got := len(x.Get(v)); got != want {
			b.Fatalf("ojg yields %d values", got)
		}
		b.ReportAllocs()
		for b.Loop() {
			x.Get(v)
		}
	})
	b.Run("by-hand", func(b *testing.B) {
		b.ReportAllocs()
		var found document.Value
		for b.Loop() {
			found = document.Value{}
			checks := doc.Get("checks")
			for i := 0; i < checks.Len(); i++ {
				c := checks.Index(i)
				if c.Get("type").Text() == "sanction" {
					if d := c.Get("data"); d.Len() > 0 {
						found = d.Index(0).Get("flags")
					}
				}
			}
		}
		if !found.Exists() {
			b.Fatal("not found")
		}
	})
}

// TestGeneratedCasesValidate keeps the generator honest: its cases follow
// the Quickr case schema.
func TestGeneratedCasesValidate(t *testing.T) {
	v, err := schema.Embedded(schema.QuickrCaseFile)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 1))
	for i := 0; i < 50; i++ {
		data := Case(rng, i)
		if i%10 == 0 {
			data = CaseOfSize(rng, i, 20<<10)
		}
		var doc any
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		if err := dec.Decode(&doc); err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		for _, e := range v.Validate(doc) {
			t.Errorf("case %d: %s", i, e)
		}
	}
}

// BenchmarkEvaluateFirst evaluates the corrected automation once on each of
// many freshly decoded cases, the way a service and a backtest see cases,
// beside the warm figure (one case evaluated again and again): Ragnarok
// AS, which the automation approves, the docs' 18 KB example, which it
// refuses, and a generated 50 KB case. after-decode evaluates each case
// right after decoding it, as a service does, and reports the evaluation
// alone as eval-ns/op (timed around each evaluation, less the cost of
// reading the clock); first decodes 256 cases ahead, outside the timing,
// so each is evaluated out of the cache.
func BenchmarkEvaluateFirst(b *testing.B) {
	rng := rand.New(rand.NewPCG(5, 6))
	inputs := []struct {
		name string
		data []byte
	}{
		{"ragnarok-12KB", read(b, "cases", "quickr", "ragnarok-as.json")},
		{"docs-18KB", read(b, "..", "bench", "jsonpathplus", "corpus", "documents", "quickr-case-details.json")},
		{"generated-50KB", CaseOfSize(rng, 8, 50<<10)},
	}
	p := program(b, "auto-approve.json")
	ctx := context.Background()
	for _, in := range inputs {
		// A service evaluates a case right after decoding it, while it
		// is in the cache: each iteration decodes one of 16 copies of
		// the input and times the evaluation alone.
		b.Run(in.name+"/after-decode", func(b *testing.B) {
			copies := make([][]byte, 16)
			for i := range copies {
				copies[i] = bytes.Clone(in.data)
			}
			var spent, clock time.Duration
			const reads = 1 << 12
			for range reads {
				start := time.Now()
				clock += time.Since(start)
			}
			i := 0
			for b.Loop() {
				c := parseCase(b, copies[i%len(copies)])
				i++
				start := time.Now()
				p.Evaluate(ctx, c, ready)
				spent += time.Since(start)
			}
			ns := float64(spent.Nanoseconds())/float64(i) - float64(clock.Nanoseconds())/reads
			b.ReportMetric(ns, "eval-ns/op")
		})
		for _, fresh := range []bool{false, true} {
			name := in.name + "/warm"
			if fresh {
				name = in.name + "/first"
			}
			b.Run(name, func(b *testing.B) {
				const batch = 256
				cs := make([]*rules.Case, batch)
				for i := range cs {
					cs[i] = parseCase(b, bytes.Clone(in.data))
				}
				b.ReportAllocs()
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					k := i % batch
					if fresh && k == 0 && i > 0 {
						b.StopTimer()
						for j := range cs {
							cs[j] = parseCase(b, bytes.Clone(in.data))
						}
						runtime.GC()
						b.StartTimer()
					}
					c := cs[0]
					if fresh {
						c = cs[k]
					}
					p.Evaluate(ctx, c, ready)
				}
			})
		}
	}
}
