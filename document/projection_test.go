package document_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/verdict-rules/verdict/document"
)

// path is a reach path as the tests see it: names, with "*" for Each.
type path []string

func (p path) steps() []document.Step {
	out := make([]document.Step, len(p))
	for i, t := range p {
		out[i] = document.Step{Name: t, Each: t == "*"}
	}
	return out
}

func reachOf(paths []path) *document.Reach {
	var steps [][]document.Step
	for _, p := range paths {
		steps = append(steps, p.steps())
	}
	return document.NewReach(steps...)
}

// reached says how the paths reach the value at tokens, by a rule written
// apart from the package's: "whole" when a path ends at it or above it,
// "along" when a path goes through it, "" otherwise.
func reached(paths []path, tokens []string) string {
	how := ""
	for _, p := range paths {
		match := true
		for i := 0; i < len(p) && i < len(tokens); i++ {
			if p[i] != "*" && p[i] != tokens[i] {
				match = false
				break
			}
		}
		switch {
		case !match:
		case len(p) <= len(tokens):
			return "whole"
		default:
			how = "along"
		}
	}
	return how
}

// checkProjection compares a projected decode with a full one, value by
// value, under the rule of reached.
func checkProjection(t testing.TB, name string, paths []path, full, proj document.Value, tokens []string) {
	t.Helper()
	at := "/" + strings.Join(tokens, "/")
	how := reached(paths, tokens)
	if len(tokens) == 0 && how == "" {
		how = "along" // the top-level value is always kept
	}
	switch {
	case how == "whole":
		if hasSkipped(proj) || proj.String() != full.String() || !document.Equal(full, proj) {
			t.Errorf("%s %v: %s is reached whole but decodes as %s, want %s", name, paths, at, proj, full)
		}
		return
	case how == "" && (full.Kind() == document.Array || full.Kind() == document.Object):
		if proj.Kind() != document.Skipped {
			t.Errorf("%s %v: %s is not reached but decodes as %v", name, paths, at, proj.Kind())
		}
		if proj.Span() != full.Span() || proj.String() != full.String() || !document.Equal(proj, full) {
			t.Errorf("%s %v: skipped %s reads as %s at %+v, want %s at %+v", name, paths, at, proj, proj.Span(), full, full.Span())
		}
		return
	case how == "":
		if proj.String() != full.String() {
			t.Errorf("%s %v: scalar %s decodes as %s, want %s", name, paths, at, proj, full)
		}
		return
	}
	if proj.Kind() != full.Kind() || proj.Len() != full.Len() || proj.Span() != full.Span() ||
		(full.Len() == 0 && proj.String() != full.String()) {
		t.Errorf("%s %v: %s decodes as %v of %d at %+v, want %v of %d at %+v", name, paths, at,
			proj.Kind(), proj.Len(), proj.Span(), full.Kind(), full.Len(), full.Span())
		return
	}
	for i := range full.Len() {
		tok := strconv.Itoa(i)
		if full.Kind() == document.Object {
			tok = full.Key(i)
			if proj.Key(i) != tok {
				t.Errorf("%s %v: %s: member %d is %q, want %q", name, paths, at, i, proj.Key(i), tok)
			}
		}
		checkProjection(t, name, paths, full.Index(i), proj.Index(i), append(tokens[:len(tokens):len(tokens)], tok))
	}
}

func hasSkipped(v document.Value) bool {
	if v.Kind() == document.Skipped {
		return true
	}
	for it := v.Iter(); it.Next(); {
		if hasSkipped(it.Value()) {
			return true
		}
	}
	return false
}

// randomPaths makes reach paths for a document: paths to values it has,
// some steps widened to "*", some names that it does not have.
func randomPaths(rng *rand.Rand, root document.Value) []path {
	var paths []path
	for range 1 + rng.IntN(4) {
		var p path
		v := root
		for v.Len() > 0 && rng.IntN(5) != 0 {
			i := rng.IntN(v.Len())
			tok := strconv.Itoa(i)
			if v.Kind() == document.Object {
				tok = v.Key(i)
			}
			switch rng.IntN(6) {
			case 0:
				tok = "*"
			case 1:
				tok = "absent"
			}
			p = append(p, tok)
			v = v.Index(i)
		}
		if len(p) == 0 && rng.IntN(3) != 0 {
			p = path{"absent"}
		}
		paths = append(paths, p)
	}
	return paths
}

func projectOnce(t testing.TB, name string, data []byte, paths []path) {
	t.Helper()
	reach := reachOf(paths)
	full, ferr := parse(document.Decoder{}, data)
	for _, trusted := range []bool{false, true} {
		proj, perr := parse(document.Decoder{Reach: reach, Trusted: trusted}, data)
		if ferr != nil {
			// Malformed input: the projected decode reports the same
			// error, unless it was told the input is valid.
			if !trusted && (perr == nil || perr.Error() != ferr.Error()) {
				t.Errorf("%s %v: projected decode error %v, want %v", name, paths, perr, ferr)
			}
			continue
		}
		if perr != nil {
			t.Errorf("%s %v (trusted %v): projected decode fails: %v", name, paths, trusted, perr)
			continue
		}
		checkProjection(t, name, paths, full.Root(), proj.Root(), nil)
		if err := proj.Covers(reach); err != nil {
			t.Errorf("%s %v: the document does not cover its own reach: %v", name, paths, err)
		}
		if proj.Reach() != reach {
			t.Errorf("%s: the document does not remember its reach", name)
		}
		var re *document.ReachError
		if err := proj.Covers(nil); !errors.As(err, &re) && reach.String() != "$" {
			t.Errorf("%s %v: a projected document covers the whole document: %v", name, paths, err)
		}
	}
}

// TestProjectionCorpus decodes the corpus with random reaches and checks
// every value against a full decode.
func TestProjectionCorpus(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for name, data := range corpus(t) {
		full, err := parse(document.Decoder{}, data)
		if err != nil {
			continue
		}
		for range 8 {
			projectOnce(t, name, data, randomPaths(rng, full.Root()))
		}
	}
}

// TestProjectionMalformed checks that a projected decode fails exactly as a
// full decode does on broken documents, wherever the break is.
func TestProjectionMalformed(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	breakers := []byte(`{}[],:"\ 0-+.eE1tfnu` + "\x00\x1f\x80\xc3\xff\n")
	for name, data := range corpus(t) {
		full, err := parse(document.Decoder{}, data)
		if err != nil || len(data) == 0 {
			continue
		}
		for range 20 {
			b := append([]byte{}, data...)
			i := rng.IntN(len(b))
			if rng.IntN(2) == 0 {
				b = b[:i]
			} else {
				b[i] = breakers[rng.IntN(len(breakers))]
			}
			projectOnce(t, name+" broken", b, randomPaths(rng, full.Root()))
		}
	}
}

func TestProjectionCases(t *testing.T) {
	tests := []struct {
		doc   string
		paths []path
	}{
		{`{"a":{"x":1},"b":2,"a":{"y":[1]}}`, []path{{"a", "y"}}},
		{`{"a":{"x":1},"b":2,"a":{"y":[1]}}`, []path{{"b"}}},
		{`{"a":[1],"a":{"x":[2]},"a":{"x":[3],"y":4}}`, []path{{"a", "x"}}},
		{`{"a":1,"a":[2]}`, []path{{"a", "0"}}},
		{`{"2":{"x":1},"1":{"x":2},"b":{"x":3}}`, []path{{"1", "x"}, {"*", "y"}}},
		{`[[1,[2]],[3,[4]],{"0":[5]}]`, []path{{"1", "1"}}},
		{`[[1,[2]],[3,[4]],{"0":[5]}]`, []path{{"*", "0"}}},
		{`{"a":"\u0041","b":{"c\u0041":[1]},"bb":{"cA":[2]}}`, []path{{"b", "cA"}}},
		{`{"deep":[[[[[[[[[[1]]]]]]]]]],"x":{}}`, []path{{"x"}}},
		{"{\n  \"a\" : [ 1 , { \"b\" : [ ] } ] ,\n  \"c\" : { }\n}", []path{{"c"}}},
		{`{"a":[{"t":"x","v":[1]},{"t":"y","v":[2]}]}`, []path{{"a", "*", "t"}}},
		{`{"a":{"b":{"c":{"d":1}}}}`, []path{{"a", "b", "c", "d"}, {"a", "*"}}},
		{`{}`, []path{{"a"}}},
		{`[]`, []path{{"*"}}},
		{`"text"`, []path{{"a"}}},
		{`{"a":1}`, nil},
	}
	for _, tc := range tests {
		projectOnce(t, tc.doc, []byte(tc.doc), tc.paths)
	}
}

// TestProjectionErrors: the projected decode reports what the full decode
// reports, in skipped values too: grammar, UTF-8, depth, and repeated
// names when Strict.
func TestProjectionErrors(t *testing.T) {
	reach := reachOf([]path{{"keep"}})
	inputs := []string{
		`{"skip":[1,2,],"keep":1}`, `{"skip":{"a":1,"a":2},"keep":1}`, "{\"skip\":[\"\xff\"],\"keep\":1}",
		`{"skip":[[[[[[1]]]]]],"keep":1}`, `{"skip":{"a" 1},"keep":1}`, `{"skip":[tru],"keep":1}`,
		`{"skip":["\x"],"keep":1}`, `{"skip":[01],"keep":1}`, `{"skip":{"a":[}]},"keep":1}`, `{"skip":[`,
		`{"skip":{`, `{"skip":{"a"`, `{"skip":"\u12"}`, `{"skip":{"x":-},"keep":1}`,
	}
	for depth := 1; depth <= 8; depth++ {
		inputs = append(inputs, fmt.Sprintf(`{"skip":[[{"a":[1]}]],"keep":[[1]]}%*s`, depth, ""))
	}
	for _, in := range inputs {
		for _, strict := range []bool{false, true} {
			// The trailing spaces of the depth inputs set the limit.
			depth := len(in) - len(strings.TrimRight(in, " "))
			if depth == 0 {
				depth = 5
			}
			want, werr := parse(document.Decoder{Strict: strict, MaxDepth: depth}, []byte(in))
			got, gerr := parse(document.Decoder{Strict: strict, MaxDepth: depth, Reach: reach}, []byte(in))
			if (werr == nil) != (gerr == nil) || (werr != nil && werr.Error() != gerr.Error()) {
				t.Errorf("%s (strict %v): projected decode gives %v, want %v", in, strict, gerr, werr)
			}
			if werr == nil && got.Root().Get("keep").String() != want.Root().Get("keep").String() {
				t.Errorf("%s: keep differs", in)
			}
		}
	}
}

func TestReachCovers(t *testing.T) {
	tests := []struct {
		have, need []path
		missing    string // "" when covered
	}{
		{[]path{{"a"}}, []path{{"a", "b"}}, ""},
		{[]path{{"a", "b"}}, []path{{"a"}}, `$["a"]`},
		{[]path{{"a", "*"}}, []path{{"a", "x", "y"}}, ""},
		{[]path{{"a", "x"}}, []path{{"a", "*"}}, `$["a"][*]`},
		{[]path{{"a", "*", "c"}}, []path{{"a", "0", "c"}, {"a", "*", "c"}}, ""},
		{[]path{{"a", "*", "c"}}, []path{{"a", "0", "d"}}, `$["a"]["0"]["d"]`},
		{[]path{{"a", "x", "c"}, {"a", "*", "d"}}, []path{{"a", "x", "d"}}, ""},
		{[]path{{"a"}, {"b"}}, []path{{"b"}, {"a", "z"}}, ""},
		{[]path{{"a"}}, []path{{"b"}}, `$["b"]`},
		{[]path{{}}, []path{{"anything", "*"}}, ""},
		{[]path{{"a"}}, []path{{}}, "$"},
		{nil, []path{{"a"}}, `$["a"]`},
		{[]path{{"a"}}, nil, ""},
	}
	for _, tc := range tests {
		have, need := reachOf(tc.have), reachOf(tc.need)
		if got := have.Covers(need); got != (tc.missing == "") {
			t.Errorf("%v covers %v = %v, want %v", tc.have, tc.need, got, tc.missing == "")
		}
		doc, err := parse(document.Decoder{Reach: have}, []byte(`{}`))
		if err != nil {
			t.Fatal(err)
		}
		err = doc.Covers(need)
		var re *document.ReachError
		switch {
		case tc.missing == "" && err != nil:
			t.Errorf("%v: Covers(%v) = %v, want nil", tc.have, tc.need, err)
		case tc.missing != "" && (!errors.As(err, &re) || re.Path != tc.missing):
			t.Errorf("%v: Covers(%v) = %v, want a ReachError for %s", tc.have, tc.need, err, tc.missing)
		}
	}
	// A document decoded without a Reach covers everything; nil needs all.
	doc, _ := parse(document.Decoder{}, []byte(`{}`))
	if doc.Covers(nil) != nil || doc.Covers(reachOf([]path{{"a", "*"}})) != nil {
		t.Error("a whole document does not cover every reach")
	}
	if !document.Union(reachOf([]path{{"a"}}), nil).Covers(nil) {
		t.Error("the union with nil does not reach everything")
	}
	u := document.Union(reachOf([]path{{"a", "x"}}), reachOf([]path{{"a", "*", "y"}, {"b"}}))
	for _, need := range [][]path{{{"a", "x", "q"}}, {{"a", "z", "y"}}, {{"b", "c"}}, {{"a", "x", "y"}}} {
		if !u.Covers(reachOf(need)) {
			t.Errorf("the union does not cover %v: %s", need, u)
		}
	}
	if u.Covers(reachOf([]path{{"a", "z", "q"}})) {
		t.Errorf("the union covers too much: %s", u)
	}
	if got, want := u.String(), "$[\"a\"][*][\"y\"]\n$[\"a\"][\"x\"]\n$[\"b\"]"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

// FuzzProject decodes arbitrary input whole and projected with a reach made
// from the fuzzer's paths, and checks they agree value by value (or fail
// with the same error).
func FuzzProject(f *testing.F) {
	for name, data := range corpus(f) {
		if len(data) < 4000 && !strings.Contains(name, "generated") {
			f.Add(data, "a/*/b")
		}
	}
	f.Add([]byte(`{"a":[{"b":1,"c":[2]},{"b":[3]}],"a":{"x":1}}`), "a/*/b\nc")
	f.Fuzz(func(t *testing.T, data []byte, spec string) {
		var paths []path
		for line := range strings.SplitSeq(spec, "\n") {
			if len(paths) == 4 {
				break
			}
			var p path
			if line != "" {
				p = strings.Split(line, "/")
			}
			paths = append(paths, p)
		}
		projectOnce(t, fmt.Sprintf("%q", data), data, paths)
	})
}

// FuzzDecode decodes arbitrary input with both decoders and checks they
// agree: values, member order, numbers, re-encoding, errors.
func FuzzDecode(f *testing.F) {
	for name, data := range corpus(f) {
		if len(data) < 4000 && !strings.Contains(name, "generated") {
			f.Add(data, false, uint8(0))
		}
	}
	f.Add([]byte(`{"a":1,"a":[2],"1":{},"0":null}`), true, uint8(3))
	f.Fuzz(func(t *testing.T, data []byte, strict bool, depth uint8) {
		checkSame(t, fmt.Sprintf("%q", data), data, strict, int(depth%16))
	})
}

// TestReachIsBounded: every member of a reach gets what Each gets, so
// paths with a name at one level and Each at the others multiply: k names
// at each of d levels make k^d nodes. NewReach and Union stop at
// MaxReachNodes and reach the whole document (nil) instead, which reads
// more and never less; the work is counted in allocations, which grew
// twelvefold with each level before.
func TestReachIsBounded(t *testing.T) {
	paths := func(d int) [][]document.Step {
		var out [][]document.Step
		for level := range d {
			for k := range d {
				p := []document.Step{{Name: "a"}}
				for x := range d {
					if x == level {
						p = append(p, document.Step{Name: fmt.Sprintf("n%d_%d", level, k)})
					} else {
						p = append(p, document.Step{Each: true})
					}
				}
				out = append(out, p)
			}
		}
		return out
	}
	if r := document.NewReach(paths(3)...); r == nil || !strings.Contains(r.String(), `$["a"]["n0_0"][*]["n2_2"]`) {
		t.Fatalf("a small reach: %v", r)
	}
	// 9 levels of 9 names would be 9^9 nodes.
	for _, d := range []int{7, 9} {
		ps := paths(d)
		var r, u *document.Reach
		allocs := testing.AllocsPerRun(1, func() { r = document.NewReach(ps...) })
		if r != nil {
			t.Errorf("d=%d: NewReach gave a reach of %d lines, want nil", d, strings.Count(r.String(), "\n")+1)
		}
		// The same paths as separate reaches, joined.
		rs := make([]*document.Reach, len(ps))
		for i, p := range ps {
			rs[i] = document.NewReach(p)
		}
		uallocs := testing.AllocsPerRun(1, func() { u = document.Union(rs...) })
		if u != nil {
			t.Errorf("d=%d: Union gave a reach, want nil", d)
		}
		const most = 16 * document.MaxReachNodes
		if allocs > most || uallocs > most {
			t.Errorf("d=%d: NewReach made %v allocations, Union %v, want at most %d", d, allocs, uallocs, most)
		}
	}
}

// TestProjectionMalformedStrictAndDepth is TestProjectionMalformed with
// Strict and small depth limits, and member names copied over others so
// that they repeat: the projected decode fails where and as the full one
// does, the skipped values checked by the same rules.
func TestProjectionMalformedStrictAndDepth(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	breakers := []byte(`{}[],:"\ 0-+.eE1tfnu` + "\x00\x1f\x80\xc3\xff\n")
	n := 0
	for name, data := range corpus(t) {
		full, err := parse(document.Decoder{}, data)
		if err != nil || len(data) == 0 {
			continue
		}
		for range 40 {
			b := append([]byte{}, data...)
			switch rng.IntN(4) {
			case 0:
				b = b[:rng.IntN(len(b))]
			case 1:
				b[rng.IntN(len(b))] = breakers[rng.IntN(len(breakers))]
			case 2:
				// Repeat a member name: copy a quoted run over another.
				i, j := rng.IntN(len(b)), rng.IntN(len(b))
				if b[i] == '"' && b[j] == '"' {
					copy(b[j:], b[i:min(i+6, len(b))])
				}
			}
			paths := randomPaths(rng, full.Root())
			reach := reachOf(paths)
			for _, strict := range []bool{false, true} {
				depth := rng.IntN(12)
				_, ferr := parse(document.Decoder{Strict: strict, MaxDepth: depth}, b)
				_, perr := parse(document.Decoder{Strict: strict, MaxDepth: depth, Reach: reach}, b)
				n++
				if (ferr == nil) != (perr == nil) || (ferr != nil && ferr.Error() != perr.Error()) {
					t.Errorf("%s %v strict=%v depth=%d: full %v, projected %v", name, paths, strict, depth, ferr, perr)
				}
			}
		}
	}
	if n < 1000 {
		t.Fatalf("%d decodes", n)
	}
}

// TestUnionGrowsLinearly: the union of n reaches that each read another
// member is made in about n log n steps, counted in bytes allocated: one
// after the other, each copied the union so far, and doubling n made four
// times the bytes (8000 reaches took 11 s).
func TestUnionGrowsLinearly(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	bytesOf := func(n int) uint64 {
		rs := make([]*document.Reach, n)
		for i := range rs {
			rs[i] = document.NewReach(document.Names("m"+strconv.Itoa(i), "x"))
		}
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		u := document.Union(rs...)
		runtime.ReadMemStats(&after)
		if u == nil || !u.Covers(rs[n-1]) || !u.Covers(rs[0]) {
			t.Fatalf("n=%d: the union %v does not cover its reaches", n, u)
		}
		return after.TotalAlloc - before.TotalAlloc
	}
	small, large := bytesOf(2000), bytesOf(4000)
	t.Logf("2000 reaches: %d bytes, 4000: %d", small, large)
	if g := float64(large) / float64(small); g > 2.5 {
		t.Errorf("Union of 2000 reaches allocated %d bytes, of 4000 %d: %.2f×, want at most 2.5×", small, large, g)
	}
}
