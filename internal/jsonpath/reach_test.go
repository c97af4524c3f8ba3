package jsonpath

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/verdict-rules/verdict/document"
)

// selectBoth runs p on data decoded whole and decoded with p's reach, and
// returns what each selected, written so that a skipped value shows: its
// kind, where it lies and its JSON.
func selectBoth(t testing.TB, p *Path, data []byte, trusted bool) (full, projected string, err error) {
	t.Helper()
	whole, err := document.Decode(data)
	if err != nil {
		return "", "", err
	}
	reach := document.NewReach(p.Reach()...)
	part, err := document.Decoder{Reach: reach, Trusted: trusted}.Decode(data)
	if err != nil {
		t.Fatalf("%s: the projected decode fails where the full one does not: %v", p, err)
	}
	if err := part.Doc().Covers(reach); err != nil {
		t.Fatalf("%s: %v", p, err)
	}
	show := func(root document.Value) string {
		vals, err := p.Select(root, &Env{MaxValues: 1 << 20, MaxVisits: 1 << 22}, nil)
		var b strings.Builder
		if err != nil {
			fmt.Fprintf(&b, "error %v\n", err)
		}
		for _, v := range vals {
			sp := v.Span()
			fmt.Fprintf(&b, "%s %d-%d %s\n", v.Kind(), sp.Start, sp.End, v.AppendJSON(nil))
		}
		return b.String()
	}
	return show(whole), show(part), nil
}

// TestReachCorpus runs every path of the jsonpath-plus corpus on every
// document of it, decoded whole and decoded with the path's reach, with
// and without checking what is skipped: each selects the same values, at
// the same places, none of them skipped.
func TestReachCorpus(t *testing.T) {
	dir := filepath.Join("..", "..", "bench", "jsonpathplus", "corpus")
	paths := readCorpusPaths(t)
	files, _ := filepath.Glob(filepath.Join(dir, "documents", "*.json"))
	if len(paths) < 150 || len(files) < 3 {
		t.Fatalf("%d paths, %d documents", len(paths), len(files))
	}
	projected := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, src := range paths {
			p, err := Parse(src)
			if err != nil {
				t.Fatalf("%s: %v", src, err)
			}
			if r := p.Reach(); len(r) > 0 && len(r[0]) > 0 {
				projected++
			}
			for _, trusted := range []bool{false, true} {
				full, part, err := selectBoth(t, p, data, trusted)
				if err != nil {
					t.Fatal(err)
				}
				if full != part {
					t.Errorf("%s on %s (trusted %v):\nfull:\n%s\nprojected:\n%s", src, filepath.Base(f), trusted, full, part)
				}
			}
		}
	}
	// Most paths of the corpus reach less than the whole document.
	if projected < len(paths)*len(files)/2 {
		t.Errorf("%d of %d runs projected", projected, len(paths)*len(files))
	}
}

// TestReachOfPaths lists what paths reach: names, every element, the
// members filters read, the names jsonpath-plus may also read literally;
// descents reach the whole subtree where they start, and a path whose
// branches multiply reaches the whole subtree after its plain names.
func TestReachOfPaths(t *testing.T) {
	tests := []struct{ path, want string }{
		{"$.status", `$["status"]`},
		{"$.checks[*].type", "$[\"checks\"][*][\"type\"]\n$[\"checks\"][\"*\"][\"type\"]"},
		{"$.checks[?(@.type === 'sanction')].data[0].flags.length",
			// A named member also gets what every member gets.
			"$[\"checks\"][*][\"data\"][\"0\"][\"flags\"][\"length\"]\n$[\"checks\"][*][\"type\"]\n" +
				"$[\"checks\"][\"?(@.type === 'sanction')\"][\"data\"][\"0\"][\"flags\"][\"length\"]\n$[\"checks\"][\"?(@.type === 'sanction')\"][\"type\"]"},
		{"$.a..b", `$["a"]`},
		{"$..b", "$"},
		{"$['a','b'].c", "$[\"'a','b'\"][\"c\"]\n$[\"a\"][\"c\"]\n$[\"b\"][\"c\"]"},
		{"$.x" + strings.Repeat("[0,1,2,3]", 6) + ".y", `$["x"]`},
		{"$.context.company_age", "$"},
	}
	for _, tc := range tests {
		p, err := Parse(tc.path)
		if err != nil {
			if strings.HasPrefix(tc.path, "$.context") {
				continue
			}
			t.Fatal(err)
		}
		got := document.NewReach(p.Reach()...).String()
		if p.Context() != "" {
			got = "$"
			if p.Reach() != nil {
				got = "a context path reaches into the case"
			}
		}
		if got != tc.want {
			t.Errorf("%s reaches\n%s\nwant\n%s", tc.path, got, tc.want)
		}
	}
}

// FuzzReach decodes a document whole and with the reach of a path: the
// path selects the same values from both, and the two decodes succeed or
// fail alike.
func FuzzReach(f *testing.F) {
	doc := `{"checks": [{"type": "sanction", "data": [{"flags": [], "status": "COMPLETED"}]}, {"type": "credit_score", "data": [{"flags": [{"code": "X"}]}]}], "*": {"type": 1}, "s": "Ørsted", "n": [1, "1", null, true, {"length": 2}], "e": ""}`
	for _, p := range []string{"$.checks[*].type", "$.checks[?(@.type==='sanction')].data[0].flags.length", "$..type",
		"$.n[-1:]", "$['checks','s'][0].type", "$.*.type", "$.checks[?(@.data[0].flags.length > 0 || !@.type)].type", "$.s.length"} {
		f.Add(p, doc)
	}
	f.Fuzz(func(t *testing.T, src, data string) {
		if len(data) > 1<<16 || len(src) > 512 {
			return
		}
		p, err := Parse(src)
		if err != nil || p.Context() != "" {
			return
		}
		_, ferr := document.Decode([]byte(data))
		_, perr := document.Decoder{Reach: document.NewReach(p.Reach()...)}.Decode([]byte(data))
		if (ferr == nil) != (perr == nil) || (ferr != nil && ferr.Error() != perr.Error()) {
			t.Fatalf("full decode: %v; projected: %v", ferr, perr)
		}
		if ferr != nil {
			return
		}
		full, part, _ := selectBoth(t, p, []byte(data), false)
		if full != part {
			t.Fatalf("%s:\nfull:\n%s\nprojected:\n%s", src, full, part)
		}
	})
}
