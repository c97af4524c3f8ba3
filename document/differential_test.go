package document_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/verdict-rules/verdict/bench"
	"github.com/verdict-rules/verdict/document"
	"github.com/verdict-rules/verdict/internal/refjson"
)

// parse decodes data and returns its document.
func parse(dec document.Decoder, data []byte) (*document.Doc, error) {
	root, err := dec.Decode(data)
	return root.Doc(), err
}

// corpus returns the JSON documents of the repository (the docs' examples
// that are nowhere else are in testdata), keyed by name, plus generated
// cases.
func corpus(t testing.TB) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, pattern := range []string{"../testdata/*/*.json", "../testdata/*/*/*.json", "../testdata/*/*/*/*.json",
		"../bench/jsonpathplus/corpus/documents/*.json", "testdata/*.json"} {
		files, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			out[f] = data
		}
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for n := range 6 {
		out[fmt.Sprintf("generated-%d", n)] = bench.Case(rng, n)
	}
	out["generated-50KB"] = bench.CaseOfSize(rng, 9, 50<<10)
	return out
}

// dump writes a decoded value in a form that shows everything a reader can
// observe: kinds, member order, number literals, string texts.
type dumper interface {
	kind() string
	lit() string
	text() string
	n() int
	key(i int) string
	at(i int) dumper
}

type jv struct{ v *refjson.Value }

func (x jv) kind() string     { return x.v.Kind().String() }
func (x jv) lit() string      { return x.v.Literal() }
func (x jv) text() string     { return x.v.Text() }
func (x jv) n() int           { return x.v.Len() }
func (x jv) key(i int) string { return x.v.Key(i) }
func (x jv) at(i int) dumper  { return jv{x.v.Index(i)} }

type dv struct{ v document.Value }

func (x dv) kind() string     { return x.v.Kind().String() }
func (x dv) lit() string      { return x.v.Literal() }
func (x dv) text() string     { return x.v.Text() }
func (x dv) n() int           { return x.v.Len() }
func (x dv) key(i int) string { return x.v.Key(i) }
func (x dv) at(i int) dumper  { return dv{x.v.Index(i)} }

func dump(b *strings.Builder, x dumper) {
	switch x.kind() {
	case "number":
		b.WriteString("N" + x.lit())
	case "string":
		fmt.Fprintf(b, "S%q", x.text())
	case "array", "object":
		b.WriteString(x.kind()[:1] + "(")
		for i := range x.n() {
			if i > 0 {
				b.WriteByte(',')
			}
			if x.kind() == "object" {
				fmt.Fprintf(b, "%q:", x.key(i))
			}
			dump(b, x.at(i))
		}
		b.WriteString(")")
	case "boolean":
		fmt.Fprint(b, x.kind(), x.lit())
		if x, ok := x.(jv); ok {
			fmt.Fprint(b, x.v.Bool())
		}
		if x, ok := x.(dv); ok {
			fmt.Fprint(b, x.v.Bool())
		}
	default:
		b.WriteString(x.kind())
	}
}

// outcome is what a decode gives: a dump of the value, or the error.
func outcome(x dumper, err error) string {
	if err != nil {
		var se1 *refjson.SyntaxError
		var se2 *document.SyntaxError
		switch {
		case errors.As(err, &se1):
			return fmt.Sprintf("error at %d %d:%d %s", se1.Offset, se1.Line, se1.Column, se1.Msg)
		case errors.As(err, &se2):
			return fmt.Sprintf("error at %d %d:%d %s", se2.Offset, se2.Line, se2.Column, se2.Msg)
		}
		return "error " + err.Error()
	}
	var b strings.Builder
	dump(&b, x)
	return b.String()
}

// checkSame decodes data with both decoders and reports any difference in
// the values (kinds, order, literals, texts), in the re-encoded JSON, or in
// the errors.
func checkSame(t testing.TB, name string, data []byte, strict bool, depth int) {
	t.Helper()
	old, oerr := refjson.Decoder{Strict: strict, MaxDepth: depth}.Decode(data)
	doc, nerr := parse(document.Decoder{Strict: strict, MaxDepth: depth}, data)
	var want, got string
	if oerr != nil {
		want = outcome(nil, oerr)
	} else {
		want = outcome(jv{old}, nil) + "\n" + old.String()
	}
	if nerr != nil {
		got = outcome(nil, nerr)
	} else {
		got = outcome(dv{doc.Root()}, nil) + "\n" + doc.Root().String()
	}
	if want != got {
		t.Errorf("%s (strict %v): decoders differ (-jsonpath +document):\n%s", name, strict, cmp.Diff(want, got))
	}
}

func TestDifferentialCorpus(t *testing.T) {
	docs := corpus(t)
	if len(docs) < 100 {
		t.Fatalf("only %d documents in the corpus", len(docs))
	}
	for name, data := range docs {
		for _, strict := range []bool{false, true} {
			checkSame(t, name, data, strict, 0)
		}
	}
}

// TestDifferentialMalformed breaks the corpus documents in many ways: cut
// short, a byte changed, a byte inserted, a byte removed.
func TestDifferentialMalformed(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	breakers := []byte(`{}[],:"\ 0-+.eE1tfnu` + "\x00\x1f\x7f\x80\xbf\xc3\xed\xf0\xff\n")
	n := 0
	for name, data := range corpus(t) {
		if len(data) == 0 {
			continue
		}
		for range 60 {
			i := rng.IntN(len(data))
			var b []byte
			switch rng.IntN(4) {
			case 0:
				b = data[:i]
			case 1:
				b = append([]byte{}, data...)
				b[i] = breakers[rng.IntN(len(breakers))]
			case 2:
				b = append(append(append([]byte{}, data[:i]...), breakers[rng.IntN(len(breakers))]), data[i:]...)
			case 3:
				b = append(append([]byte{}, data[:i]...), data[i+1:]...)
			}
			checkSame(t, fmt.Sprintf("%s broken %d", name, n), b, n%2 == 0, 0)
			n++
		}
	}
}

// TestDifferentialCases covers the corners of the grammar and of the
// document model one input at a time.
func TestDifferentialCases(t *testing.T) {
	inputs := []string{
		``, ` `, "\xef\xbb\xbf", "\xef\xbb\xbf{}", "\xef\xbb", `{}`, `[]`, `[ ]`, `{ }`, `0`, `-0`, `-`, `01`, `1.`, `1.e5`, `1e`, `1e+`, `.5`,
		`1E400`, `-1e-400`, `9007199254740993`, `0.30000000000000001`, `1e10995116277760`, `123456789012345678901234567890`,
		`true`, `false`, `null`, `tru`, `nul`, `falsey`, `True`, `[true false]`, `{"a" 1}`, `{"a":}`, `{"a":1,}`, `{,}`, `[,]`, `[1,]`,
		`[1 2]`, `{"a":1 "b":2}`, `{'a':1}`, `{a:1}`, `"abc`, `"a\"`, `"\`, `"\x"`, `"\u12"`, `"\u12G4"`, `"\uD800"`, `"\uDC00"`,
		`"\uD800\uDC00"`, `"\uD83D\uDE00"`, `"\uD800\u0041"`, `"\uD800\uZZZZ"`, `"\uD800\"`, `"\uDBFF\uDFFF"`, `"\u0000"`,
		"\"a\tb\"", "\"a\x00\"", "\"\x7f\"", "\"\xff\"", "\"\xc3\"", "\"\xc3\xa9\"", "\"\xed\xa0\x80\"", "\"\xf4\x90\x80\x80\"",
		"\"\xe2\x80\xa8\"", "\"a\xffb\\x\"", "\"\xff\\n\"", "\"\\n\xff\"", "\xff", "[\xef\xbf\xbd]", "[\"\xef\xbf\xbd\"]", `"<>&"`,
		`{"a":1,"a":2}`, `{"a":1,"b":2,"a":3}`, `{"a":{"x":1},"b":2,"a":[3]}`, `{"1":1,"0":0,"a":2,"b":3}`, `{"b":1,"2":2,"1":1}`,
		`{"01":1,"1":2,"-1":3,"4294967294":4,"4294967295":5,"10":6,"9":7}`, `{"a\u0000b":1,"a":2}`, `{"\u0061":1,"a":2}`,
		`{"x":1,"y":{"z":[1,2,{"w":null}]}} x`, `{} {}`, `[[[[]]]]`, `[{},[],{"a":[]}]`, "  \n\t\r [1]\n ", "[1,\n2,,3]",
		`{"a":1,"b":2,"c":3,"d":4,"e":5,"f":6,"g":7,"h":8,"i":9,"j":10,"k":11,"l":12,"a":13}`,
		`{"a":[1],"b":[2],"c":[3],"d":[4],"e":[5],"f":[6],"g":[7],"h":[8],"i":[9],"j":[10],"k":[11],"l":[12],"m":[13]}`,
		`[[1],[2],[3],[4],[5],[6],[7],[8],[9],[10]]`, `{"aaaaaaaa1":1,"aaaaaaaa2":2,"aaaaaaaa1":3}`,
	}
	// Objects of every size around the thresholds, with and without
	// repeats, containers and index names.
	for n := 1; n <= 40; n++ {
		var plain, nested, rep, idx strings.Builder
		for k := range n {
			for _, b := range []*strings.Builder{&plain, &nested, &rep, &idx} {
				if k > 0 {
					b.WriteByte(',')
				}
			}
			fmt.Fprintf(&plain, `"m%d":%d`, k, k)
			fmt.Fprintf(&nested, `"m%d":[%d]`, k, k)
			fmt.Fprintf(&rep, `"m%d":%d`, k%7, k)
			fmt.Fprintf(&idx, `"%d":{"v":%d}`, (n-k)*3%n, k)
		}
		for _, b := range []*strings.Builder{&plain, &nested, &rep, &idx} {
			inputs = append(inputs, "{"+b.String()+"}", "["+strings.ReplaceAll(b.String(), ":", ",")+"]")
		}
	}
	for _, in := range inputs {
		for _, strict := range []bool{false, true} {
			checkSame(t, fmt.Sprintf("%q", in), []byte(in), strict, 0)
		}
	}
	deep := strings.Repeat(`[{"a":`, 10) + "1" + strings.Repeat("}]", 10)
	for depth := 1; depth <= 22; depth++ {
		checkSame(t, fmt.Sprintf("depth %d", depth), []byte(deep), false, depth)
	}
}
