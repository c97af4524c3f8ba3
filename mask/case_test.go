package mask_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/verdict-rules/verdict/document"
	"github.com/verdict-rules/verdict/mask"
)

// pointers maps every node of a document to its pointer, as an
// evaluation's index does.
func pointers(root document.Value) func(document.Value) (string, bool) {
	m := map[document.Value]string{}
	var walk func(v document.Value, p string)
	walk = func(v document.Value, p string) {
		m[v] = p
		for i := 0; i < v.Len() && (v.Kind() == document.Array || v.Kind() == document.Object); i++ {
			if v.Kind() == document.Array {
				walk(v.Index(i), document.IndexPointer(p, i))
			} else {
				walk(v.Index(i), document.JoinPointer(p, v.Key(i)))
			}
		}
	}
	walk(root, "")
	return func(v document.Value) (string, bool) { p, ok := m[v]; return p, ok }
}

// TestCaseHides: a masked container hides what is inside it — in its own
// JSON, in the values inside it a path yields, in a computed copy of a
// scalar inside it, and in text — and leaves the rest alone.
func TestCaseHides(t *testing.T) {
	c, err := document.Decode([]byte(`{"owner": {"name": "Ragnar Lothbrok", "born": "1980-01-01", "score": 92, "tags": ["x"]}, "other": 92.0, "n": 7}`))
	if err != nil {
		t.Fatal(err)
	}
	m, err := mask.New(key, "$.owner")
	if err != nil {
		t.Fatal(err)
	}
	mc, err := m.Apply(c, pointers(c), mask.Bounds{MaxValues: 100, MaxVisits: 1000})
	if err != nil {
		t.Fatal(err)
	}
	owner := c.Get("owner")
	tok := func(v document.Value) string { return `"` + m.Token(v) + `"` }
	json := func(v document.Value, p string, inCase bool) string {
		raw, _ := mc.JSON(v, p, inCase)
		return string(raw)
	}
	computed, _ := document.Decode([]byte(`92`))
	for _, tc := range []struct{ name, got, want string }{
		{"the masked value", json(owner, "/owner", true), tok(owner)},
		{"a value inside it", json(owner.Get("name"), "/owner/name", true), tok(owner)},
		{"the whole case", json(c, "", true), `{"owner":` + tok(owner) + `,"other":92.0,"n":7}`},
		{"a computed copy of a scalar inside", json(computed, "", false), tok(owner.Get("score"))},
		{"a value outside, equal to one inside", json(c.Get("other"), "/other", true), `92.0`},
		{"text", mc.Text(`"Ragnar Lothbrok" born 1980-01-01, score 92 of 7; 920 and co-92 and 1980-01-01x stay`),
			tok(owner.Get("name")) + ` born ` + strings.Trim(tok(owner.Get("born")), `"`) + `, score ` +
				strings.Trim(tok(owner.Get("score")), `"`) + ` of 7; 920 and co-92 and 1980-01-01x stay`},
	} {
		if diff := cmp.Diff(tc.want, tc.got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.name, diff)
		}
	}
}
