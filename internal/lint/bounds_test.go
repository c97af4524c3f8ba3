package lint

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/verdict-rules/verdict/internal/jsonpath"
	"github.com/verdict-rules/verdict/schema"
)

// visitsNeeded returns the fewest schema visits with which walkPath
// follows the path to its end: a count of the walk's work.
func visitsNeeded(t *testing.T, v *schema.Validator, src string) int {
	t.Helper()
	p, err := jsonpath.Parser{MaxBytes: 1 << 20}.Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	complete := func(n int) bool {
		_, findings := walkPath(v, p, n)
		for _, f := range findings {
			if f.Code == "too_complex" {
				return false
			}
		}
		return true
	}
	n := sort.Search(1<<24, func(n int) bool { return n > 0 && complete(n) })
	if n == 1<<24 {
		t.Fatalf("%.60s: not followed within 2^24 visits", src)
	}
	return n
}

// TestUnionsDoNotMultiplyTheWalk follows paths of four unions of k parts
// before a filter (they took minutes and 12 GB at k = 40): the schema
// nodes each step leads to are kept once, so the walk's work hardly grows
// with k.
func TestUnionsDoNotMultiplyTheWalk(t *testing.T) {
	quickr, err := schema.Embedded(schema.QuickrCaseFile)
	if err != nil {
		t.Fatal(err)
	}
	path := func(k int) string {
		idx := "[" + strings.TrimSuffix(strings.Repeat("0,", k), ",") + "]"
		name := func(n string) string {
			return "[" + strings.TrimSuffix(strings.Repeat("'"+n+"',", k), ",") + "]"
		}
		return "$.checks" + idx + name("data") + idx + name("flags") + "[?(@.code==='NEVER')]"
	}
	small, large := visitsNeeded(t, quickr, path(20)), visitsNeeded(t, quickr, path(40))
	if ratio := float64(large) / float64(small); ratio > 2.2 {
		t.Errorf("k=20: %d visits; k=40: %d (%.1f times as many, want at most 2.2)", small, large, ratio)
	}
	if huge := visitsNeeded(t, quickr, path(400)); huge > 10*small {
		t.Errorf("k=400: %d visits, k=20: %d", huge, small)
	}
	// The finding is still made.
	p, _ := jsonpath.Parse(path(40))
	if _, findings := walkPath(quickr, p, 0); len(findings) != 1 || findings[0].Code != "not_in_enum" {
		t.Errorf("findings %+v, want the flag code outside the enum", findings)
	}
}

// TestSchemaDiamondsAreExpandedOnce walks a schema whose definitions each
// refer twice to the next, fifteen deep: expanding every way to each would
// take 2^15 steps.
func TestSchemaDiamondsAreExpandedOnce(t *testing.T) {
	var defs []string
	for i := 0; i < 15; i++ {
		defs = append(defs, fmt.Sprintf(`"d%d": {"anyOf": [{"$ref": "#/$defs/d%d"}, {"allOf": [{"$ref": "#/$defs/d%d"}]}]}`, i, i+1, i+1))
	}
	defs = append(defs, `"d15": {"type": "object", "properties": {"a": {"type": "string", "enum": ["x"]}}, "additionalProperties": false}`)
	src := `{"$schema": "https://json-schema.org/draft/2020-12/schema", "$ref": "#/$defs/d0", "$defs": {` + strings.Join(defs, ",") + `}}`
	v, err := schema.Compile("diamond.json", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if n := visitsNeeded(t, v, "$.a"); n > 1000 {
		t.Errorf("$.a took %d visits", n)
	}
	p, _ := jsonpath.Parse("$.b")
	if _, findings := walkPath(v, p, 0); len(findings) != 1 || findings[0].Code != "unknown_member" {
		t.Errorf("$.b: findings %+v, want unknown_member", findings)
	}
	// Past the limit, the walk stops and says so.
	p, _ = jsonpath.Parse("$.a")
	if _, findings := walkPath(v, p, 5); len(findings) != 1 || findings[0].Code != "too_complex" {
		t.Errorf("5 visits: findings %+v, want too_complex", findings)
	}
}
