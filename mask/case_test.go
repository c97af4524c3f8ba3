package mask_test

import (
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/verdict-rules/verdict/document"
	"github.com/verdict-rules/verdict/mask"
)

// nodes reports whether a value is a node of a document, as an
// evaluation's index does.
func nodes(root document.Value) func(document.Value) bool {
	m := map[document.Value]bool{}
	var walk func(v document.Value)
	walk = func(v document.Value) {
		m[v] = true
		for i := 0; i < v.Len() && (v.Kind() == document.Array || v.Kind() == document.Object); i++ {
			walk(v.Index(i))
		}
	}
	walk(root)
	return func(v document.Value) bool { return m[v] }
}

// TestCaseHides: a masked container hides what is inside it — in its own
// JSON, in the values inside it a path yields, in a computed copy of a
// scalar inside it, alone or inside a computed container (the flags
// context field lists the codes of masked checks), and in text — and
// leaves the rest alone.
func TestCaseHides(t *testing.T) {
	c, err := document.Decode([]byte(`{"owner": {"name": "Ragnar Lothbrok", "born": "1980-01-01", "score": 92, "tags": ["x"]}, "other": 92.0, "n": 7}`))
	if err != nil {
		t.Fatal(err)
	}
	m, err := mask.New(key, "$.owner")
	if err != nil {
		t.Fatal(err)
	}
	mc, err := m.Apply(c, nodes(c), mask.Bounds{MaxValues: 100, MaxVisits: 1000})
	if err != nil {
		t.Fatal(err)
	}
	owner := c.Get("owner")
	tok := func(v document.Value) string { return `"` + m.Token(v) + `"` }
	json := func(v document.Value, inCase bool) string {
		raw, _ := mc.JSON(v, inCase)
		return string(raw)
	}
	computed, _ := document.Decode([]byte(`92`))
	list, _ := document.Decode([]byte(`["Ragnar Lothbrok", 92, "Bjorn", {"who": "1980-01-01"}, true]`))
	for _, tc := range []struct{ name, got, want string }{
		{"the masked value", json(owner, true), tok(owner)},
		{"a value inside it", json(owner.Get("name"), true), tok(owner)},
		{"the whole case", json(c, true), `{"owner":` + tok(owner) + `,"other":92.0,"n":7}`},
		{"a computed copy of a scalar inside", json(computed, false), tok(owner.Get("score"))},
		{"a computed container holding copies of scalars inside", json(list, false),
			`[` + tok(owner.Get("name")) + `,` + tok(owner.Get("score")) + `,"Bjorn",{"who":` + tok(owner.Get("born")) + `},true]`},
		{"a value outside, equal to one inside", json(c.Get("other"), true), `92.0`},
		{"text", mc.Text(`"Ragnar Lothbrok" born 1980-01-01, score 92 of 7; 920 and co-92 and 1980-01-01x stay`),
			tok(owner.Get("name")) + ` born ` + strings.Trim(tok(owner.Get("born")), `"`) + `, score ` +
				strings.Trim(tok(owner.Get("score")), `"`) + ` of 7; 920 and co-92 and 1980-01-01x stay`},
	} {
		if diff := cmp.Diff(tc.want, tc.got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.name, diff)
		}
	}
}

// nested returns a case nested depth deep, each level an object holding a
// short string and the next level under "b".
func nested(depth int) []byte {
	var b strings.Builder
	b.WriteString(`{"status": "READY_FOR_REVIEW", "a": `)
	for i := 0; i < depth; i++ {
		b.WriteString(`{"k": "level value", "b": `)
	}
	b.WriteString(`"end"`)
	b.WriteString(strings.Repeat("}", depth))
	b.WriteString("}")
	return []byte(b.String())
}

// TestCaseLinearInNesting: masking every level of a nested case ($..b:
// each masked value holds the next) hashes and allocates in proportion to
// the case, not to its depth times its size: doubling the depth (and so
// the size) at most doubles the bytes allocated by Apply and by writing
// each masked value.
func TestCaseLinearInNesting(t *testing.T) {
	m, err := mask.New(key, "$..b")
	if err != nil {
		t.Fatal(err)
	}
	cost := func(depth int) float64 {
		c, err := document.Decode(nested(depth))
		if err != nil {
			t.Fatal(err)
		}
		isNode := nodes(c)
		var levels []document.Value
		for v := c.Get("a"); v.Kind() == document.Object; v = v.Get("b") {
			levels = append(levels, v.Get("b"))
		}
		var ms runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&ms)
		before := ms.TotalAlloc
		mc, err := m.Apply(c, isNode, mask.Bounds{MaxValues: 100_000, MaxVisits: 20_000_000})
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range levels {
			if raw, masked := mc.JSON(v, true); !masked || !strings.HasPrefix(string(raw), `"`+mask.Prefix) {
				t.Fatalf("a masked level written as %.80s", raw)
			}
		}
		runtime.ReadMemStats(&ms)
		return float64(ms.TotalAlloc - before)
	}
	small, large := cost(200), cost(400)
	t.Logf("bytes allocated at depth 200 and 400: %.0f, %.0f", small, large)
	if r := large / small; r > 2.2 {
		t.Errorf("doubling the depth multiplies the bytes allocated by %.2f (%.0f → %.0f), more than 2.2", r, small, large)
	}
}

// TestCaseCannotNarrowAMask: a member of the case named like a step of a
// mask's path ("*", "..") does not narrow what the mask hides. Read as
// jsonpath-plus reads it, $.s.* on {"s": {"*": ..., "pin": ...}} is the
// member named "*" alone, and $.s..pin on an s holding a member named
// ".." looks under that member only: "PIN777" stayed in clear.
func TestCaseCannotNarrowAMask(t *testing.T) {
	c, err := document.Decode([]byte(`{"s": {"*": "STAR", "pin": "PIN777", "..": {"x": 1}, "deep": {"pin": "PIN9"}},
		"a": [{"*": "A0", "pin": "PIN1"}], "kept": "clear"}`))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path   string
		hidden []string
	}{
		{"$.s.*", []string{"STAR", "PIN777", "PIN9"}},
		{"$.s[*]", []string{"STAR", "PIN777", "PIN9"}},
		{"$['s'].*", []string{"STAR", "PIN777", "PIN9"}},
		{"$.s..pin", []string{"PIN777", "PIN9"}},
		{"$.a[*].*", []string{"A0", "PIN1"}},
	} {
		m, err := mask.New(key, tc.path)
		if err != nil {
			t.Fatal(err)
		}
		mc, err := m.Apply(c, nodes(c), mask.Bounds{MaxValues: 100, MaxVisits: 1000})
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := mc.JSON(c, true)
		for _, secret := range tc.hidden {
			if strings.Contains(string(raw), secret) {
				t.Errorf("%s: %s is in clear: %s", tc.path, secret, raw)
			}
			if !m.Hides(c, valueOf(t, c, secret)) {
				t.Errorf("%s: Hides says %s is not hidden", tc.path, secret)
			}
		}
		if !strings.Contains(string(raw), "clear") {
			t.Errorf("%s: hides more than it reaches: %s", tc.path, raw)
		}
	}
}

// valueOf returns the string value text of the case c, wherever it is.
func valueOf(t *testing.T, c document.Value, text string) document.Value {
	t.Helper()
	var found document.Value
	var walk func(v document.Value)
	walk = func(v document.Value) {
		switch v.Kind() {
		case document.String:
			if v.Text() == text {
				found = v
			}
		case document.Object, document.Array:
			for it := v.Iter(); it.Next(); {
				walk(it.Value())
			}
		}
	}
	walk(c)
	if !found.Exists() {
		t.Fatalf("no value %q", text)
	}
	return found
}

// TestTextHidesPhrases: a masked string of several words, or with quotes,
// is hidden where a text has it as it is. An expression's error quotes a
// string so (int(SECRET WITH SPACES)), and Text found only words and JSON
// strings.
func TestTextHidesPhrases(t *testing.T) {
	c, err := document.Decode([]byte(`{"p": {"a": "SECRET WITH SPACES", "b": "SECRET\"Q", "c": "Ragnar Lothbrok", "d": "Ragnar Lothbrok Jr", "e": "plain"}}`))
	if err != nil {
		t.Fatal(err)
	}
	m, err := mask.New(key, "$.p")
	if err != nil {
		t.Fatal(err)
	}
	mc, err := m.Apply(c, nodes(c), mask.Bounds{MaxValues: 100, MaxVisits: 1000})
	if err != nil {
		t.Fatal(err)
	}
	p := c.Get("p")
	tok := func(name string) string { return m.Token(p.Get(name)) }
	got := mc.Text(`int(SECRET WITH SPACES); int(SECRET"Q); "Ragnar Lothbrok Jr" and Ragnar Lothbrok Jr, Ragnar Lothbrok; plain; Ragnar alone`)
	want := `int(` + tok("a") + `); int(` + tok("b") + `); "` + tok("d") + `" and ` + tok("d") + `, ` + tok("c") + `; ` + tok("e") + `; Ragnar alone`
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestCaseConcurrent shares one Mask and one Case between goroutines, the
// first texts of each racing for the replacer of phrases the Case makes
// on first use; run it with -race. Each answer is the lone one's.
func TestCaseConcurrent(t *testing.T) {
	c, err := document.Decode([]byte(`{"owner": {"name": "Ragnar Lothbrok", "score": 92, "tags": ["x", "Ivar the Boneless"]}, "n": 92}`))
	if err != nil {
		t.Fatal(err)
	}
	m, err := mask.New(key, "$.owner")
	if err != nil {
		t.Fatal(err)
	}
	apply := func() *mask.Case {
		mc, err := m.Apply(c, nodes(c), mask.Bounds{MaxValues: 100, MaxVisits: 1000})
		if err != nil {
			t.Fatal(err)
		}
		return mc
	}
	text := `int(Ragnar Lothbrok) and Ivar the Boneless scored 92`
	answer := func(mc *mask.Case) string {
		owner, _ := mc.JSON(c.Get("owner"), true)
		n, _ := mc.JSON(c.Get("n"), false)
		tok, ok := mc.Covered(c.Get("owner").Get("score"), true)
		return mc.Text(text) + "|" + string(owner) + "|" + string(n) + "|" + tok + "|" + strconv.FormatBool(ok) + "|" + mc.Token(c.Get("owner"))
	}
	want := answer(apply())
	if strings.Contains(want, "Ragnar") || strings.Contains(want, "Boneless") {
		t.Fatalf("the lone answer shows a masked phrase: %s", want)
	}
	for range 20 {
		shared := apply()
		var wg sync.WaitGroup
		got := make([]string, 8)
		for g := range got {
			wg.Add(1)
			go func() {
				defer wg.Done()
				got[g] = answer(shared)
			}()
		}
		wg.Wait()
		for g, s := range got {
			if s != want {
				t.Fatalf("goroutine %d: %s, want %s", g, s, want)
			}
		}
	}
}

// TestTextSearchIsBounded: the search for masked phrases may walk as deep
// as the longest one from each byte of the text, so a text whose length
// times that of the longest phrase passes PhraseSearchSteps is withheld
// whole. Before, an error quoting a 200 KB string of one letter, with a
// masked string of that letter 200 KB long, took 0.7 s to search, and
// four times as long each time both doubled.
func TestTextSearchIsBounded(t *testing.T) {
	long := strings.Repeat("a", 4095) + " b" // 4,097 bytes: texts of up to 4,095 bytes are searched
	c, err := document.Decode([]byte(`{"p": {"long": "` + long + `", "short": "x y"}}`))
	if err != nil {
		t.Fatal(err)
	}
	m, err := mask.New(key, "$.p")
	if err != nil {
		t.Fatal(err)
	}
	mc, err := m.Apply(c, nodes(c), mask.Bounds{MaxValues: 100, MaxVisits: 1000})
	if err != nil {
		t.Fatal(err)
	}
	within := "x y" + strings.Repeat(".", mask.PhraseSearchSteps/len(long)-3)
	if got := mc.Text(within); !strings.HasPrefix(got, m.Token(c.Get("p").Get("short"))) {
		t.Errorf("a text within the bound: got %.80q, want x y hidden", got)
	}
	for _, text := range []string{within + ".", strings.Repeat("a", 200_000) + " c"} {
		if got := mc.Text(text); got != mask.Withheld {
			t.Errorf("a text of %d bytes: got %.80q, want it withheld", len(text), got)
		}
	}
}
