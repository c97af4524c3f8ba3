package jsonpath

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/verdict-rules/verdict/diag"
	"github.com/verdict-rules/verdict/document"
)

// TestSelect pins the behaviours of jsonpath-plus that are easiest to get
// wrong; every expectation here was checked against jsonpath-plus 11.3.0
// (the differential test in bench/jsonpathplus covers many more).
func TestSelect(t *testing.T) {
	doc := `{
	  "z": 1, "10": "ten", "2": "two", "a": {"b": {"c": {"*": "star", "x": 1}}, "*": "top star"},
	  "s": "Hello", "e": "", "n": 0, "arr": [1, 2, 3], "o": {"length": 5},
	  "people": [{"name": "Ragnar", "tags": ["ceo"]}, {"name": "", "tags": []}, {"x": {"toString": "own"}}],
	  "nums": [1, "1", " 1 ", "0x1", true, null, [1], {"a": 1}]
	}`
	root, err := document.Decode([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ path, want string }{
		// Member order: array-index names first, ascending, as JavaScript
		// orders an object's properties.
		{"$.*", `["two","ten",1,{"b":{"c":{"*":"star","x":1}},"*":"top star"},"Hello","",0,[1,2,3],{"length":5},[{"name":"Ragnar","tags":["ceo"]},{"name":"","tags":[]},{"x":{"toString":"own"}}],[1,"1"," 1 ","0x1",true,null,[1],{"a":1}]]`},
		// .length on arrays and strings, the member on objects, nothing on
		// the empty string or on numbers.
		{"$.arr.length", `[3]`},
		{"$.s.length", `[5]`},
		{"$.e.length", `[]`},
		{"$.n.length", `[]`},
		{"$.o.length", `[5]`},
		{"$.s[0]", `["H"]`},
		{"$.arr[-1]", `[]`},
		{"$.arr[-1:]", `[3]`},
		{"$.arr[::-1]", `[3,2,1]`},
		// Literal priority: after a name read the ordinary way, a member
		// named like the next step wins; along names it alternates.
		{"$.a.*", `["top star"]`},
		{"$.a.b.*", `[{"*":"star","x":1}]`},
		{"$.a.b.c.*", `["star"]`},
		// Filters: JavaScript truthiness and loose equality.
		{"$.people[?(@.name)].name", `["Ragnar"]`},
		{"$.people[?(@.tags.length === 0)].name", `[""]`},
		{"$.people[?(!@.x.y)].name", `[]`}, // reading through a missing member throws: left out
		{"$.nums[?(@ == 1)]", `[1,"1"," 1 ","0x1",true,[1]]`},
		{"$.nums[?(@ === 1)]", `[1]`},
		{"$.nums[?(@ == null)]", `[null]`},
		// An object with its own toString member cannot be converted to a
		// primitive: the comparison throws and the item is left out.
		{"$.people[?(@.x == 'a')]", `[]`},
		{"$.people[*].x[?(@ == 'own')]", `["own"]`},
		// Recursive descent is pre-order over objects and arrays.
		{"$.a..x", `[1]`},
		{"$..name", `["Ragnar",""]`},
	}
	for _, tc := range tests {
		p, err := Parse(tc.path)
		if err != nil {
			t.Errorf("%s: %v", tc.path, err)
			continue
		}
		got := "["
		for i, v := range p.Values(root, nil) {
			if i > 0 {
				got += ","
			}
			got += v.String()
		}
		got += "]"
		if got != tc.want {
			t.Errorf("%s\n got %s\nwant %s", tc.path, got, tc.want)
		}
	}
}

// TestMemoAgrees checks that walking a path through a Memo (its filter
// prefix once, then the rest from each item) yields what walking it whole
// does, for every path of the corpus on every corpus document.
func TestMemoAgrees(t *testing.T) {
	paths := readCorpusPaths(t)
	docs, _ := filepath.Glob(filepath.Join("..", "..", "bench", "jsonpathplus", "corpus", "documents", "*.json"))
	table := NewTable()
	var compiled []*Path
	var refs []Ref
	for _, src := range paths {
		p, err := Parse(src)
		if err != nil {
			continue
		}
		compiled = append(compiled, p)
		refs = append(refs, table.Add(p))
	}
	if len(compiled) < 100 {
		t.Fatalf("only %d corpus paths compiled", len(compiled))
	}
	grouped := 0
	for _, g := range table.groups {
		if len(g.slots) > 1 {
			grouped++
		}
	}
	if grouped < 3 {
		t.Fatalf("only %d groups of filter prefixes: the corpus no longer tests them", grouped)
	}
	t.Logf("%d paths, %d slots, %d groups of filter prefixes", len(compiled), table.Len(), grouped)
	memo := table.NewMemo()
	for _, f := range docs {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		root, err := document.Decode(data)
		if err != nil {
			t.Fatal(err)
		}
		memo.Reset()
		for i, p := range compiled {
			want := p.Values(root, nil)
			got, err := memo.Select(refs[i], root, &Env{})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) {
				t.Errorf("%s on %s: %d values through the memo, %d whole", p, filepath.Base(f), len(got), len(want))
				continue
			}
			for j := range got {
				if got[j] != want[j] && got[j].String() != want[j].String() {
					t.Errorf("%s on %s: value %d differs", p, filepath.Base(f), j)
					break
				}
			}
		}
	}
}

func readCorpusPaths(t *testing.T) []string {
	data, err := os.ReadFile(filepath.Join("..", "..", "bench", "jsonpathplus", "corpus", "paths.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, line := range strings.Split(string(data), "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	return out
}

// A group of filter prefixes that cannot be filled in one pass (here, one
// prefix yields more values than the limit) falls back to walking each
// prefix on its own: the others still answer, the one over the limit fails.
func TestMemoGroupOverLimit(t *testing.T) {
	root, err := document.Decode([]byte(`{"xs": [{"type": "a", "v": 1}, {"type": "a", "v": 2}, {"type": "b", "v": 3},
		{"type": "a", "v": 4}, {"type": "a", "v": 5}]}`))
	if err != nil {
		t.Fatal(err)
	}
	table := NewTable()
	pa, _ := Parse("$.xs[?(@.type==='a')].v")
	pb, _ := Parse("$.xs[?(@.type==='b')].v")
	ra, rb := table.Add(pa), table.Add(pb)
	if g := table.inGrp[rb.prefix]; g == nil || len(g.slots) != 2 {
		t.Fatalf("the two prefixes do not form a group")
	}
	memo := table.NewMemo()
	env := &Env{MaxValues: 3}
	for round := 0; round < 2; round++ {
		memo.Reset()
		got, err := memo.Select(rb, root, env)
		if err != nil || len(got) != 1 || got[0].String() != "3" {
			t.Fatalf("round %d: b = %v, %v; want [3]", round, got, err)
		}
		var le *diag.Problem
		if _, err := memo.Select(ra, root, env); !errors.As(err, &le) || le.Code != diag.TooManyValues {
			t.Fatalf("round %d: a gave %v, want too many values", round, err)
		}
	}
	// Without the limit, one pass fills both.
	memo.Reset()
	got, err := memo.Select(ra, root, &Env{})
	if err != nil || len(got) != 4 {
		t.Fatalf("a = %v, %v; want 4 values", got, err)
	}
	if memo.done[rb.prefix] != memo.gen {
		t.Fatalf("reading a did not fill b's prefix")
	}
}

// TestMaxVisits bounds the nodes a path's descents visit, through Select
// and through a memo, and leaves paths within the bound alone.
func TestMaxVisits(t *testing.T) {
	doc, err := document.Decode([]byte(`{"a": [{"b": [{"c": 1}, {"c": 2}]}, {"b": [{"c": 3}]}], "n": 1}`))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		src    string
		visits int
		want   int // values, or -1 for a LimitError on visits
	}{
		{"$..c", 0, 3},
		{"$..c", 100, 3},
		{"$..c", 3, -1},
		{"$.n", 1, 1},
		{"$.a[?(@.b)].b[*].c", 1, 3}, // no descent: nothing counted
		{"$..b..c", 100, 3},
		{"$..b..c", 8, -1},
	}
	for _, tc := range tests {
		p := MustParse(tc.src)
		env := &Env{MaxVisits: tc.visits}
		table := NewTable()
		ref := table.Add(p)
		memo := table.NewMemo()
		for _, sel := range []func() ([]document.Value, error){
			func() ([]document.Value, error) { return p.Select(doc, env, nil) },
			func() ([]document.Value, error) { return memo.Select(ref, doc, env) },
		} {
			got, err := sel()
			var le *diag.Problem
			switch {
			case tc.want < 0 && (!errors.As(err, &le) || le.Code != diag.TooManyVisits || !strings.HasSuffix(le.Msg, fmt.Sprintf(" visits more than %d nodes", tc.visits))):
				t.Errorf("%s with %d visits: got %v, want a LimitError on visits", tc.src, tc.visits, err)
			case tc.want >= 0 && (err != nil || len(got) != tc.want):
				t.Errorf("%s with %d visits: got %d values and %v, want %d", tc.src, tc.visits, len(got), err, tc.want)
			}
		}
	}
}

// Memo.Ints and Memo.Texts give each value's Value.Int and Value.AsText,
// for the document last selected:
// nothing before the path is selected, and new integers after a Reset on
// another document. Shared says whether more than one Add registered the
// path.
func TestMemoInts(t *testing.T) {
	table := NewTable()
	p, _ := Parse("$.xs[*]")
	q, _ := Parse("$.y")
	r := table.Add(p)
	table.Add(p)
	rq := table.Add(q)
	memo := table.NewMemo()
	if !memo.Shared(r) || memo.Shared(rq) {
		t.Fatalf("Shared = %v, %v; want true, false", memo.Shared(r), memo.Shared(rq))
	}
	for _, doc := range []string{`{"xs": [1, -20, 1.5, "3", 1234567890123456789, null, "a\u0062"]}`, `{"xs": [7, 8, "c"]}`, `{"xs": []}`} {
		root, err := document.Decode([]byte(doc))
		if err != nil {
			t.Fatal(err)
		}
		memo.Reset()
		if got := memo.Ints(r); got != nil {
			t.Fatalf("%s: Ints before Select = %v", doc, got)
		}
		if got := memo.Texts(r); got != nil {
			t.Fatalf("%s: Texts before Select = %v", doc, got)
		}
		vals, err := memo.Select(r, root, &Env{})
		if err != nil {
			t.Fatal(err)
		}
		for round := 0; round < 2; round++ {
			texts := memo.Texts(r)
			if len(texts) != len(vals) {
				t.Fatalf("%s: %d texts for %d values", doc, len(texts), len(vals))
			}
			for i, v := range vals {
				if s, ok := v.AsText(); texts[i] != (Text{s, ok}) {
					t.Errorf("%s: value %s: Texts gives %v, AsText gives %q, %v", doc, v, texts[i], s, ok)
				}
			}
			ints := memo.Ints(r)
			if len(ints) != len(vals) {
				t.Fatalf("%s: %d integers for %d values", doc, len(ints), len(vals))
			}
			for i, v := range vals {
				if n, ok := v.Int(); ints[i] != (Int{n, ok}) {
					t.Errorf("%s: value %s: Ints gives %v, Int gives %d, %v", doc, v, ints[i], n, ok)
				}
			}
		}
	}
}
