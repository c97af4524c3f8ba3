package eval

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/verdict-rules/verdict/conditions"
	"github.com/verdict-rules/verdict/diag"
	"github.com/verdict-rules/verdict/document"
	"github.com/verdict-rules/verdict/internal/check"
)

type Condition = conditions.Condition

// compile checks one condition at pointer and builds its node.
func compile(c Condition, pointer string, contextFields ...string) (Node, diag.List) {
	raw, err := json.Marshal(c)
	if err != nil {
		return nil, diag.List{{Msg: err.Error()}}
	}
	v, err := document.Decode(raw)
	if err != nil {
		return nil, diag.List{{Msg: err.Error()}}
	}
	checked, errs := check.CheckCondition(v, pointer, &check.Config{ContextFields: contextFields})
	if errs != nil {
		return nil, errs
	}
	b := builder{}
	return b.node(checked), b.errs
}

// trace evaluates n on in with the recorder on and returns its trace.
func trace(n Node, in *Input) *conditions.Trace {
	in.Reset()
	in.Record(false)
	n.Eval(in)
	return in.rec.top
}

// eval compiles one condition and evaluates it on a document, both with and
// without a trace, and fails if the two disagree.
func eval(t *testing.T, c Condition, doc string) bool {
	t.Helper()
	n, errs := compile(c, "/conditions/0")
	if errs != nil {
		t.Fatalf("compile %+v: %v", c, errs[0])
	}
	root, err := document.Decode([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	in := &Input{Case: root}
	got := n.Eval(in)
	tr := trace(n, in)
	if tr.Outcome != got {
		t.Fatalf("Eval %v but the trace says %v (%s)", got, tr.Outcome, tr.Reason)
	}
	if in.Err() != nil {
		t.Fatal(in.Err())
	}
	return got
}

func cond(typ, field, value string) Condition {
	c := Condition{Type: typ, Field: field}
	if value != "" {
		c.Value = json.RawMessage(value)
	}
	return c
}

// TestCoercion is DESIGN §4's coercion table, row by row.
func TestCoercion(t *testing.T) {
	doc := `{"n": 70, "f": 70.5, "s": "70", "t": "abc", "b": true, "z": null, "o": {"a": 1}, "a": [1, 2],
	         "big": 9007199254740993, "sp": " 70 ", "e": "", "bs": "true"}`
	tests := []struct {
		typ, field, value string
		want              bool
	}{
		// numbers against numbers and numeric strings
		{"equal", "$.n", `"70"`, true},
		{"equal", "$.n", `70`, true},
		{"equal", "$.n", `70.0`, true},
		{"equal", "$.n", `"70.0"`, true},
		{"equal", "$.n", `"abc"`, false},
		{"not_equal", "$.n", `"abc"`, true},
		{"greater_than_or_equal", "$.n", `"70"`, true},
		{"greater_than", "$.f", `"70"`, true},
		{"less_than", "$.n", `"abc"`, false},
		{"greater_than", "$.n", `"abc"`, false},
		// strings
		{"equal", "$.s", `"70"`, true},
		{"equal", "$.s", `"70.0"`, false}, // strings compare as strings for equality
		{"equal", "$.s", `70`, true},      // a numeric string against a number value
		{"equal", "$.s", `70.0`, true},
		{"greater_than", "$.s", `"8"`, true}, // both read as numbers: 70 > 8
		{"less_than", "$.t", `"abd"`, true},  // code points
		{"greater_than", "$.t", `5`, false},  // not a number: does not compare
		{"equal", "$.sp", `70`, true},        // spaces around a numeric string
		{"equal", "$.e", `""`, true},
		{"equal", "$.e", `0`, false},
		// booleans
		{"equal", "$.b", `true`, true},
		{"equal", "$.b", `"true"`, true},
		{"equal", "$.b", `"yes"`, false},
		{"equal", "$.b", `1`, false},
		{"equal", "$.bs", `true`, true},
		{"greater_than", "$.b", `"0"`, false},
		// null
		{"equal", "$.z", `null`, true},
		{"equal", "$.z", `"null"`, false},
		{"equal", "$.z", `0`, false},
		{"not_equal", "$.z", `"x"`, true},
		// objects and arrays
		{"equal", "$.o", `{"a": 1.0}`, true},
		{"equal", "$.o", `{"a": 2}`, false},
		{"equal", "$.a", `[1, 2]`, true},
		{"equal", "$.a", `[2, 1]`, false},
		// exact big integers
		{"equal", "$.big", `"9007199254740993"`, true},
		{"equal", "$.big", `"9007199254740992"`, false},
		{"greater_than", "$.big", `9007199254740992`, true},
		// missing means false, not_equal included
		{"equal", "$.missing", `"x"`, false},
		{"not_equal", "$.missing", `"x"`, false},
		{"less_than", "$.missing", `1`, false},
	}
	for _, tc := range tests {
		name := tc.typ + " " + tc.field + " " + tc.value
		t.Run(name, func(t *testing.T) {
			if got := eval(t, cond(tc.typ, tc.field, tc.value), doc); got != tc.want {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestAllAndAny(t *testing.T) {
	doc := `{"owners": [{"country": "NO"}, {"country": "SE"}], "none": []}`
	all := cond("equal", "$.owners[*].country", `"NO"`)
	if eval(t, all, doc) {
		t.Error("all: one owner differs, so equal must be false")
	}
	anyc := all
	anyc.Match = "any"
	if !eval(t, anyc, doc) {
		t.Error("any: one owner matches")
	}
	ne := cond("not_equal", "$.owners[*].country", `"DK"`)
	if !eval(t, ne, doc) {
		t.Error("not_equal: no owner is DK")
	}
	empty := cond("equal", "$.none[*].country", `"NO"`)
	empty.Match = "any"
	if eval(t, empty, doc) {
		t.Error("any over nothing is false")
	}
}

func TestNullTests(t *testing.T) {
	doc := `{"a": null, "b": [null, null], "c": [null, 1], "d": 0}`
	tests := []struct {
		field                string
		isNull, notNullWants bool
	}{
		{"$.a", true, false},
		{"$.b[*]", true, false},
		{"$.c[*]", false, false},
		{"$.d", false, true},
		{"$.missing", true, false},
	}
	for _, tc := range tests {
		if got := eval(t, cond("equal_to_null", tc.field, ""), doc); got != tc.isNull {
			t.Errorf("equal_to_null %s = %v", tc.field, got)
		}
		if got := eval(t, cond("not_equal_to_null", tc.field, ""), doc); got != tc.notNullWants {
			t.Errorf("not_equal_to_null %s = %v", tc.field, got)
		}
	}
}

func TestEvery(t *testing.T) {
	doc := `{"company": [{"country": "NO"}], "ubo": [{"country": "NO"}, {"country": "NO"}], "mixed": [{"country": "NO"}, {"country": "SE"}], "nums": [1, "1"], "one": [1],
		"strs": ["1", "true"], "vals": [1, true, "true"], "nulls": [null], "dec": ["1.0"], "objs": [{"a": 1}]}`
	every := func(field, path string) Condition { return Condition{Type: "every", Field: field, Path: path} }
	tests := []struct {
		field, path string
		want        bool
	}{
		{"$.ubo[*].country", "$.company[*].country", true},
		{"$.mixed[*].country", "$.company[*].country", false},
		{"$.missing[*].country", "$.company[*].country", false},
		{"$.ubo[*].country", "$.missing", false},
		{"$.nums[*]", "$.one[*]", true},
		// Only strings allowed: string values compare as text, others as
		// the condition's coercion rules say.
		{"$.vals[*]", "$.strs[*]", true},
		{"$.dec[*]", "$.strs[*]", false},
		{"$.nulls[*]", "$.strs[*]", false},
		{"$.objs[*]", "$.strs[*]", false},
		{"$.dec[*]", "$.one[*]", true},
	}
	for _, tc := range tests {
		if got := eval(t, every(tc.field, tc.path), doc); got != tc.want {
			t.Errorf("every %s in %s = %v, want %v", tc.field, tc.path, got, tc.want)
		}
	}
}

func TestContainsInMatches(t *testing.T) {
	doc := `{"name": "Ragnarok AS", "tags": ["a", "b", 3], "org": "987654321", "num": 987654321, "country": "NO", "code": "crm-10x"}`
	tests := []struct {
		c    Condition
		want bool
	}{
		{cond("contains", "$.name", `"rok"`), true},
		{cond("contains", "$.name", `"ROK"`), false},
		{cond("contains", "$.tags", `"b"`), true},
		{cond("contains", "$.tags", `"3"`), true},
		{cond("contains", "$.tags", `"c"`), false},
		{cond("contains", "$.num", `"9"`), false},
		{cond("contains", "$.code", `10`), true},
		{cond("contains", "$.code", `10.0`), true},
		{cond("contains", "$.code", `1e1`), true},
		{cond("contains", "$.code", `1.5`), false},
		{cond("in", "$.country", `["NO", "SE"]`), true},
		{cond("in", "$.country", `["DK"]`), false},
		{cond("in", "$.num", `["987654321"]`), true},
		{cond("matches", "$.org", `"^[0-9]{9}$"`), true},
		{cond("matches", "$.num", `"^[0-9]{9}$"`), false},
		{cond("matches", "$.name", `"(?i)ragnarok"`), true},
	}
	for _, tc := range tests {
		if got := eval(t, tc.c, doc); got != tc.want {
			t.Errorf("%s %s %s = %v, want %v", tc.c.Type, tc.c.Field, tc.c.Value, got, tc.want)
		}
	}
}

func TestGroups(t *testing.T) {
	doc := `{"a": 1}`
	yes := cond("equal", "$.a", "1")
	no := cond("equal", "$.a", "2")
	tests := []struct {
		c    Condition
		want bool
	}{
		{Condition{Type: "and", Conditions: []Condition{yes, yes}}, true},
		{Condition{Type: "and", Conditions: []Condition{yes, no}}, false},
		{Condition{Type: "or", Conditions: []Condition{no, yes}}, true},
		{Condition{Type: "or", Conditions: []Condition{no, no}}, false},
		{Condition{Type: "not", Condition: &no}, true},
		{Condition{Type: "not", Condition: &Condition{Type: "equal", Field: "$.missing", Value: json.RawMessage(`1`)}}, true},
	}
	for i, tc := range tests {
		if got := eval(t, tc.c, doc); got != tc.want {
			t.Errorf("%d: %s = %v, want %v", i, tc.c.Type, got, tc.want)
		}
	}
}

func TestCompileErrors(t *testing.T) {
	tests := []struct {
		c       Condition
		pointer string
		offset  int
		msg     string
	}{
		{cond("equal", "$.a[?(@.b.c())]", `1`), "/c/field", 11, "method calls"},
		{cond("matches", "$.a", `"(x"`), "/c/value", -1, "missing closing )"},
		{cond("in", "$.a", `"x"`), "/c/value", -1, "non-empty array"},
		{cond("frobnicate", "$.a", `1`), "/c/type", -1, `unknown condition type "frobnicate"`},
		{cond("equals", "$.a", `1`), "/c/type", -1, `did you mean "equal"`},
		{Condition{Type: "and"}, "/c/conditions", -1, "at least one condition"},
		{Condition{Type: "every", Field: "$.a"}, "/c", -1, `missing required property "path"`},
		{cond("greater_than", "$.context.agee", `1`), "/c/field", 10, `unknown context field "agee"`},
	}
	for _, tc := range tests {
		_, errs := compile(tc.c, "/c", "age")
		if len(errs) == 0 {
			t.Errorf("%+v: no error", tc.c)
			continue
		}
		e := errs[0]
		if e.Pointer != tc.pointer || (tc.offset >= 0 && e.Offset != tc.offset) || !strings.Contains(e.Msg, tc.msg) {
			t.Errorf("%+v: got %s at %d %q; want %s at %d containing %q", tc.c, e.Pointer, e.Offset, e.Msg, tc.pointer, tc.offset, tc.msg)
		}
	}
}

func TestTraceDecider(t *testing.T) {
	doc := `{"a": 1, "b": 2}`
	c := Condition{Type: "and", Conditions: []Condition{
		cond("equal", "$.a", "1"),
		{Type: "or", Conditions: []Condition{cond("equal", "$.b", "3"), cond("equal", "$.missing", "3")}},
	}}
	n, errs := compile(c, "/conditions/0")
	if errs != nil {
		t.Fatal(errs[0])
	}
	root, _ := document.Decode([]byte(doc))
	tr := trace(n, &Input{Case: root})
	if tr.Outcome {
		t.Fatal("want false")
	}
	if d := tr.Decider(); d.Pointer != "/conditions/0/conditions/1" {
		t.Errorf("decider %s", d.Pointer)
	}
	b, _ := json.Marshal(tr)
	var back conditions.Trace
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	b2, _ := json.Marshal(&back)
	if string(b) != string(b2) {
		t.Errorf("trace JSON does not round-trip:\n%s\n%s", b, b2)
	}
	if !strings.Contains(string(b), `"values":[]`) {
		t.Errorf("a leaf whose path yields nothing must say values: []: %s", b)
	}
}
