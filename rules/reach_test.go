package rules_test

import (
	"context"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/verdict-rules/verdict/bench"
	"github.com/verdict-rules/verdict/cases"
	"github.com/verdict-rules/verdict/document"
	"github.com/verdict-rules/verdict/mask"
	"github.com/verdict-rules/verdict/rules"
)

// projectionCorpus returns the automations and the cases of the
// repository, plus generated cases.
func projectionCorpus(t *testing.T) (programs map[string]*rules.Program, docs map[string][]byte) {
	t.Helper()
	read := func(patterns ...string) map[string][]byte {
		out := map[string][]byte{}
		for _, pattern := range patterns {
			files, _ := filepath.Glob(filepath.Join("..", pattern))
			for _, f := range files {
				data, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				out[f] = data
			}
		}
		return out
	}
	programs = map[string]*rules.Program{}
	for name, data := range read("testdata/automations/*.json", "testdata/*/*/automation.json") {
		defs, err := rules.Parse(data)
		if err != nil {
			continue // a scenario of a refused definition
		}
		for i, d := range defs {
			p, err := rules.Compile(d, rules.WithClock(clock))
			if err == nil {
				programs[name+"#"+d.Name+string(rune('0'+i%10))] = p
			}
		}
	}
	docs = read("testdata/*/*/case.json", "testdata/cases/*/*.json", "bench/jsonpathplus/corpus/documents/*.json")
	rng := rand.New(rand.NewPCG(5, 6))
	for i := range 8 {
		docs["generated"+string(rune('0'+i))] = bench.Case(rng, i)
	}
	if len(programs) < 20 || len(docs) < 30 {
		t.Fatalf("%d programs, %d cases", len(programs), len(docs))
	}
	return programs, docs
}

// TestProjectionMatchesFull evaluates every automation of the repository
// on every case, decoded whole and decoded with the automation's reach
// (checking what is skipped, and trusting it): the results, traces and
// changes are the same.
func TestProjectionMatchesFull(t *testing.T) {
	programs, docs := projectionCorpus(t)
	ev := &rules.Event{Type: "case_status_updated", Status: "READY_FOR_REVIEW"}
	projected := 0
	for pname, p := range programs {
		if p.Reach() != nil {
			projected++
		}
		for cname, data := range docs {
			full, err := cases.Parse(data)
			if err != nil {
				continue
			}
			for _, trusted := range []bool{false, true} {
				part, err := cases.Decoder{Reach: p.Reach(), Trusted: trusted}.Parse(data)
				if err != nil {
					t.Fatalf("%s: %s: the projected decode fails: %v", pname, cname, err)
				}
				for _, e := range []*rules.Event{nil, ev} {
					want, werr := p.Evaluate(context.Background(), full, e, rules.WithTrace())
					got, gerr := p.Evaluate(context.Background(), part, e, rules.WithTrace())
					if (werr == nil) != (gerr == nil) {
						t.Fatalf("%s on %s: full %v, projected %v", pname, cname, werr, gerr)
					}
					wj, _ := json.Marshal(want)
					gj, _ := json.Marshal(got)
					if diff := cmp.Diff(string(wj), string(gj)); diff != "" {
						t.Errorf("%s on %s (trusted %v): (-full +projected)\n%s", pname, cname, trusted, diff)
					}
				}
			}
		}
	}
	if projected < len(programs)/2 {
		t.Errorf("%d of %d automations have a reach", projected, len(programs))
	}
}

// TestProjectionOfSet decodes cases once for a set (the union of its
// programs' reaches, as backtest does) and evaluates the set: the results
// are those of cases decoded whole.
func TestProjectionOfSet(t *testing.T) {
	programs, docs := projectionCorpus(t)
	var defs []rules.Automation
	for _, p := range programs {
		defs = append(defs, p.Automation())
	}
	s, err := rules.CompileSet(defs, rules.WithClock(clock))
	if err != nil {
		t.Fatal(err)
	}
	var reaches []*document.Reach
	for _, p := range s.Programs() {
		reaches = append(reaches, p.Reach())
	}
	reach := s.Reach()
	if got, want := reach.String(), document.Union(reaches...).String(); got != want {
		t.Fatalf("the set's reach %s, want the union of its programs' %s", got, want)
	}
	for cname, data := range docs {
		full, err := cases.Parse(data)
		if err != nil {
			continue
		}
		part, err := cases.Decoder{Reach: reach}.Parse(data)
		if err != nil {
			t.Fatal(err)
		}
		want, werr := s.Evaluate(context.Background(), full, nil)
		got, gerr := s.Evaluate(context.Background(), part, nil)
		wj, _ := json.Marshal(want)
		gj, _ := json.Marshal(got)
		if (werr == nil) != (gerr == nil) || string(wj) != string(gj) {
			t.Errorf("%s: full %v %s\nprojected %v %s", cname, werr, wj, gerr, gj)
		}
	}
}

// TestProjectionForAnotherProgram: a case decoded for a program that reads
// the status only, evaluated by one that reads the checks, is an error
// that names what is missing, never a condition on a missing value.
func TestProjectionForAnotherProgram(t *testing.T) {
	status := compile(t, `{"name": "s", "triggers": [{"type": "case_status_updated"}], "conditions": [{"type": "equal", "field": "$.status", "value": "READY_FOR_REVIEW"}], "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`)
	checks := compile(t, `{"name": "c", "triggers": [{"type": "case_status_updated"}], "conditions": [{"type": "equal_to_null", "field": "$.checks[?(@.type === 'sanction')].data[0].flags[0]"}], "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`)
	data := []byte(`{"status": "READY_FOR_REVIEW", "checks": [{"type": "sanction", "data": [{"flags": [{"code": "PEP"}]}]}]}`)
	c, err := cases.Decoder{Reach: status.Reach()}.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := status.Evaluate(context.Background(), c, nil); err != nil {
		t.Fatalf("the program the case was decoded for: %v", err)
	}
	_, err = checks.Evaluate(context.Background(), c, nil)
	var re *document.ReachError
	if !errors.As(err, &re) || re.Path != `$["checks"]` {
		t.Fatalf("got %v, want a ReachError at $[\"checks\"]", err)
	}
	if !strings.Contains(err.Error(), `decoded without $["checks"]`) {
		t.Errorf("error %q", err)
	}
	set, err := rules.CompileSet([]rules.Automation{status.Automation(), checks.Automation()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := set.Evaluate(context.Background(), c, nil); !errors.As(err, &re) {
		t.Errorf("a set: got %v, want a ReachError", err)
	}
	if _, err := rules.Query(c, "$.checks[0].type"); !errors.As(err, &re) {
		t.Errorf("Query: got %v, want a ReachError", err)
	}
	// Decoded whole, the case serves both.
	whole := parseCase(t, string(data))
	if r, err := checks.Evaluate(context.Background(), whole, nil); err != nil || r.Matched {
		t.Errorf("decoded whole: %+v %v", r, err)
	}
}

// TestReachUnknown: what cannot be told reads the whole case.
func TestReachUnknown(t *testing.T) {
	cond := func(c string) string {
		return `{"name": "x", "triggers": [{"type": "case_status_updated"}], "conditions": [` + c + `], "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`
	}
	fn := rules.WithContextFunc("score", "a score", func(c document.Value, _ time.Time) (any, bool) { return 1, true })
	tests := []struct {
		name string
		def  string
		opts []rules.Option
		want string // the reach, "" for the whole case
	}{
		{"a descent at the root", cond(`{"type": "equal_to_null", "field": "$..code"}`), nil, ""},
		{"an expression that reads case", cond(`{"type": "expression", "expression": "case.status == 'A'"}`), nil, ""},
		{"an expression that reads context only", cond(`{"type": "expression", "expression": "context.case_age_days > 3"}`), nil,
			"$[\"automations\"]\n$[\"created_at\"]\n$[\"status\"]"},
		{"a context field computed in Go", cond(`{"type": "equal", "field": "$.context.score", "value": 1}`), []rules.Option{fn}, ""},
		{"an expr context field that reads case", cond(`{"type": "equal", "field": "$.context.n", "value": 1}`),
			[]rules.Option{rules.WithContextField("n", "len(case.checks)")}, ""},
		{"a wildcard at the root", cond(`{"type": "equal_to_null", "field": "$.*"}`), nil, "$[*]\n$[\"*\"]\n$[\"automations\"]\n$[\"status\"]"},
		{"paths and a built-in field", cond(`{"type": "equal", "field": "$.context.flags", "value": []}, {"type": "equal", "field": "$.id", "value": 1}`), nil,
			"$[\"automations\"]\n$[\"checks\"][*][\"data\"][*][\"flags\"][*][\"code\"]\n$[\"id\"]\n$[\"status\"]"},
	}
	for _, tc := range tests {
		p := compile(t, tc.def, tc.opts...)
		got := ""
		if r := p.Reach(); r != nil {
			got = r.String()
		}
		if got != tc.want {
			t.Errorf("%s: reach\n%s\nwant\n%s", tc.name, got, tc.want)
		}
	}
}

// TestReachWorkedOutWhenAsked: Compile leaves a program's reach to the
// first call of Reach (or the first evaluation of a case decoded for one),
// which works it out once for every goroutine that asks at the same time;
// later calls cost nothing.
func TestReachWorkedOutWhenAsked(t *testing.T) {
	src := `{"name": "c", "triggers": [{"type": "case_status_updated"}], "conditions": [{"type": "equal", "field": "$.checks[?(@.type === 'sanction')].status", "value": "APPROVED"}, {"type": "greater_than", "field": "$.context.company_age", "value": 2}], "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`
	first := compile(t, src)
	if raceEnabled {
		t.Log("allocation counts are not checked under the race detector")
	} else {
		// testing.AllocsPerRun calls once before it counts.
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		first.Reach()
		runtime.ReadMemStats(&after)
		if after.Mallocs == before.Mallocs {
			t.Errorf("the first Reach allocated nothing: Compile worked it out already")
		}
		if n := testing.AllocsPerRun(10, func() { first.Reach() }); n != 0 {
			t.Errorf("a later Reach made %v allocations, want 0", n)
		}
	}
	p := compile(t, src)
	want := first.Reach().String()
	data := []byte(`{"status": "READY_FOR_REVIEW", "checks": [{"type": "sanction", "status": "APPROVED"}], "sections": []}`)
	got := make([]*document.Reach, 16)
	done := make(chan error, len(got))
	for i := range got {
		go func() {
			if i%2 == 0 {
				got[i] = p.Reach()
				done <- nil
				return
			}
			c, err := cases.Decoder{Reach: first.Reach()}.Parse(data)
			if err == nil {
				_, err = p.Evaluate(context.Background(), c, nil)
			}
			got[i] = p.Reach()
			done <- err
		}()
	}
	for range got {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	for i, r := range got {
		if r != got[0] {
			t.Fatalf("goroutine %d got another reach than goroutine 0", i)
		}
	}
	if got[0].String() != want {
		t.Errorf("reach %s, want %s", got[0], want)
	}
}

// TestMaskNeedsItsReach: a mask's token of a container is computed from
// everything inside it, so a case decoded for a program without the rest
// of a masked container is refused with a ReachError, not masked with
// tokens the whole case would not give; decoded for both, its tokens are
// those of the whole case.
func TestMaskNeedsItsReach(t *testing.T) {
	set, err := rules.Load([]byte(`{"id": "a1", "name": "Norwegian owners",
	  "triggers": [{"type": "case_status_updated", "status": "READY_FOR_REVIEW"}],
	  "conditions": [{"type": "equal", "field": "$.owners[*].country", "value": "NO"}],
	  "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	data := []byte(`{"status": "READY_FOR_REVIEW", "owners": [{"country": "NO", "docs": {"passport": "X1"}}]}`)
	m, err := mask.New([]byte("a key of sixteen bytes or more"), "$.owners")
	if err != nil {
		t.Fatal(err)
	}
	ctx, ev := context.Background(), &rules.Event{Type: "case_status_updated", Status: "READY_FOR_REVIEW"}
	p := set.Programs()[0]
	values := func(c *rules.Case) string {
		t.Helper()
		res, err := p.Evaluate(ctx, c, ev, rules.WithMask(m), rules.WithTrace())
		if err != nil {
			t.Fatal(err)
		}
		trace, err := json.Marshal(res.Trace)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(trace), "hmac-sha256:") {
			t.Fatalf("nothing masked: %s", trace)
		}
		return string(trace)
	}
	whole, err := cases.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	want := values(whole)

	projected, err := cases.Decoder{Reach: p.Reach()}.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	var re *document.ReachError
	if _, err := p.Evaluate(ctx, projected, ev, rules.WithMask(m)); !errors.As(err, &re) {
		t.Errorf("Program.Evaluate of a case decoded without the mask's reach: %v, want a ReachError", err)
	}
	if _, err := set.Evaluate(ctx, projected, ev, rules.WithMask(m)); !errors.As(err, &re) {
		t.Errorf("Set.Evaluate of a case decoded without the mask's reach: %v, want a ReachError", err)
	}
	both, err := cases.Decoder{Reach: document.Union(p.Reach(), m.Reach())}.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, values(both)); diff != "" {
		t.Errorf("masked values of a case decoded for the program and the mask (-whole +projected):\n%s", diff)
	}
}

// TestProjectionWithMask: a mask reads the case too (a container's token
// hashes all of it, a filter reads what it tests), so an evaluation with
// a mask refuses a case decoded without what the mask reads, which would
// give another token or leave a masked value in the clear; decoded with
// the union of both reaches, the results are those of the case decoded
// whole.
func TestProjectionWithMask(t *testing.T) {
	p := compile(t, `{"name": "m", "triggers": [{"type": "case_status_updated"}], "conditions": [{"type": "equal", "field": "$.a.b", "value": "x"}], "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`)
	set, err := rules.CompileSet([]rules.Automation{p.Automation()})
	if err != nil {
		t.Fatal(err)
	}
	data := []byte(`{"status": "READY_FOR_REVIEW", "a": {"b": "secret", "c": {"d": 1}}}`)
	full := parseCase(t, string(data))
	key := []byte("0123456789abcdef0123")
	tests := []struct {
		path    string
		missing string // the ReachError's path for a case decoded for p alone; "" for none
	}{
		{"$.a", `$["a"]`},              // the token of a hashes a.c
		{"$[?(@.c.d == 1)].b", `$[*]`}, // the filter reads a.c.d
		{"$.a.b", ""},
	}
	for _, tc := range tests {
		m, err := mask.New(key, tc.path)
		if err != nil {
			t.Fatal(err)
		}
		part, err := cases.Decoder{Reach: p.Reach()}.Parse(data)
		if err != nil {
			t.Fatal(err)
		}
		_, perr := p.Evaluate(context.Background(), part, nil, rules.WithTrace(), rules.WithMask(m))
		_, serr := set.Evaluate(context.Background(), part, nil, rules.WithTrace(), rules.WithMask(m))
		for _, err := range []error{perr, serr} {
			var re *document.ReachError
			switch {
			case tc.missing == "" && err != nil:
				t.Errorf("%s: %v", tc.path, err)
			case tc.missing != "" && (!errors.As(err, &re) || re.Path != tc.missing):
				t.Errorf("%s: got %v, want a ReachError at %s", tc.path, err, tc.missing)
			}
		}
		both, err := cases.Decoder{Reach: document.Union(p.Reach(), m.Reach())}.Parse(data)
		if err != nil {
			t.Fatal(err)
		}
		for _, opt := range []rules.EvalOption{rules.WithTrace(), rules.WithEvidence()} {
			want, werr := p.Evaluate(context.Background(), full, nil, opt, rules.WithMask(m))
			got, gerr := p.Evaluate(context.Background(), both, nil, opt, rules.WithMask(m))
			if werr != nil || gerr != nil {
				t.Fatalf("%s: full %v, projected %v", tc.path, werr, gerr)
			}
			wj, _ := json.Marshal(want)
			gj, _ := json.Marshal(got)
			if diff := cmp.Diff(string(wj), string(gj)); diff != "" {
				t.Errorf("%s: (-full +projected)\n%s", tc.path, diff)
			}
			if strings.Contains(string(gj), "secret") {
				t.Errorf("%s: the masked value is in the clear: %s", tc.path, gj)
			}
		}
	}
}

// TestProjectionOfTrickyPaths evaluates paths whose reach is easy to get
// wrong — escaped and repeated names, names that are array indexes, negative
// indexes and slices, .length of arrays, strings and objects, filters on
// nested members, wildcards and literal "*" members, the built-in context
// fields — on a case decoded whole and decoded for the automation, with and
// without counterfactuals and evidence, and set_check_status's changes: the
// results are the same.
func TestProjectionOfTrickyPaths(t *testing.T) {
	doc := `{"status": "READY_FOR_REVIEW", "a\u0062": {"c": [1, {"d": [2]}], "c": [3, {"d": [4]}, {"e": {}}]}, "7": {"x": [1]}, "0": {"x": [2]}, "a": [[1, 2], {"b": [3]}, [4], "str", {"length": 9}],
 "checks": [{"type": "sanction", "data": [{"flags": [{"code": "PEP"}], "status": "X"}], "status": "PENDING"}, {"type": "credit_score", "data": {"0": {"flags": [1]}}}],
 "*": {"type": [1]}, "x": {"*": {"y": [5]}, "k": {"y": [6]}}, "s": "Ørsted 😀", "e": {"a\"b": [1], "a\\b": [2], "ü": [3], "\u00fc": [4]},
 "sections": [{"type": "company", "additional_data": [{"registration_date": "2020-03-01", "other": [1]}]}],
 "current_information": [{"type": "credit_score", "data": [{"current_credit_score": {"value": 72, "other": [1]}}]}, {"type": "ultimate_beneficial_ownership", "data": [{"name": "A"}, {"name": "B"}]}],
 "created_at": "2026-01-01T00:00:00Z", "context": {"q": [1]}, "automations": [{"id": "x"}], "n": [{"v": 1, "w": [1]}, {"v": 2, "w": [2]}, {"v": 3, "w": [3, 4]}]}`
	paths := []string{
		"$.ab.c", "$['ab'].c[-1:]", "$.ab.c[-1]", "$.ab.c[1:].d", "$.ab.c[::-1]", "$.ab.c.length",
		"$.7.x", "$['0'].x[0]", "$[0].x", "$.a[0][1]", "$.a[1].b[0]", "$.a[-1:].length", "$.a[3].length", "$.a[3][0]", "$.a[4].length",
		"$.a[?(@.length > 1)]", "$.a[?(@.b)].b", "$.a[?(@[0] == 4)]", "$.a[?(@ == 'str')]", "$.a[?(@.b[0] === 3)].b",
		"$.checks[?(@.data[0].flags[0].code == 'PEP')].status", "$.checks[?(@.data['0'].flags)].type", "$.checks[1].data.0.flags[0]",
		"$.checks[?(@.type === 'sanction' && @.status != 'DONE')].data[*].flags[*].code", "$.checks[*][?(@.code)]",
		"$.*.type", "$.x.*.y", "$.x[*].y[0]", "$.s.length", "$.s[0]", "$.s[7]", "$.e['a\"b']", "$.e['a\\\\b'][0]", "$.e['ü']", "$.e.ü",
		"$.n[?(@.v > 1)].w.length", "$.n[?(@.w.length == 2)].v", "$.n[0,2].w", "$.n[?(@.v == 1 || @.w[1] == 4)].v", "$.n[?(!@.w[1])].v",
		"$.checks[0]['data','status']", "$.checks[0,1].data[0]", "$.n[1:3].w[0]", "$.n[:-1].v",
		"$.context.company_age", "$.context.credit_score", "$.context.ubo_count", "$.context.flags", "$.context.case_age_days",
	}
	for _, path := range paths {
		for _, typ := range []string{"equal_to_null", "not_equal_to_null"} {
			def := `{"name": "x", "triggers": [{"type": "case_status_updated"}], "conditions": [{"type": "` + typ + `", "field": ` + quote(path) + `}, {"type": "equal", "field": ` + quote(path) + `, "value": 4}], "actions": [{"type": "set_check_status", "check": "sanction", "status": "COMPLETED"}]}`
			defs, err := rules.Parse([]byte(def))
			if err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			for _, cf := range []bool{false, true} {
				opts := []rules.Option{rules.WithClock(clock)}
				if cf {
					opts = append(opts, rules.WithCounterfactuals())
				}
				p, err := rules.Compile(defs[0], opts...)
				if err != nil {
					t.Fatalf("%s: %v", path, err)
				}
				full, err := cases.Parse([]byte(doc))
				if err != nil {
					t.Fatal(err)
				}
				if p.Reach() == nil {
					t.Fatalf("%s: no reach", path)
				}
				part, err := cases.Decoder{Reach: p.Reach()}.Parse([]byte(doc))
				if err != nil {
					t.Fatal(err)
				}
				for _, o := range [][]rules.EvalOption{{rules.WithEvidence()}, nil} {
					w, werr := p.Evaluate(context.Background(), full, nil, o...)
					g, gerr := p.Evaluate(context.Background(), part, nil, o...)
					wj, _ := json.Marshal(w)
					gj, _ := json.Marshal(g)
					if diff := cmp.Diff(string(wj), string(gj)); diff != "" || (werr == nil) != (gerr == nil) {
						t.Errorf("%s %s: %v %v reach %s\n%s", path, typ, werr, gerr, p.Reach(), diff)
					}
				}
			}
		}
	}
}

func quote(s string) string { b, _ := json.Marshal(s); return string(b) }
