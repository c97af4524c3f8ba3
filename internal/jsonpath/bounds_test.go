package jsonpath

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/verdict-rules/verdict/diag"
	"github.com/verdict-rules/verdict/document"
)

// TestParserLimits refuses paths longer or more deeply nested than the
// limits, with the offset of the byte past the limit or of the level that
// goes past it, and accepts them at the limits.
func TestParserLimits(t *testing.T) {
	nest := func(open string, n int) string {
		return "$.a[?(" + strings.Repeat(open, n) + "@.a" + strings.Repeat(")", strings.Count(open, "(")*n) + ")]"
	}
	tests := []struct {
		name   string
		parser Parser
		src    string
		code   string
		offset int
	}{
		{"length", Parser{}, "$" + strings.Repeat(".a", 3000), "too_long", DefaultMaxPathBytes},
		{"length, raised", Parser{MaxBytes: 10}, "$.abcdefghij", "too_long", 10},
		{"parentheses", Parser{}, nest("(", DefaultMaxFilterDepth+1), "too_deep", 6 + DefaultMaxFilterDepth},
		{"!", Parser{}, "$.a[?(" + strings.Repeat("!", DefaultMaxFilterDepth+1) + "@.a)]", "too_deep", 6 + DefaultMaxFilterDepth},
		{"! and (", Parser{}, nest("!(", 17), "too_deep", 6 + 32},
		{"chained comparisons", Parser{}, "$.a[?(@.a" + strings.Repeat("==@.a", DefaultMaxFilterDepth+2) + ")]",
			"too_deep", 9 + 5*(DefaultMaxFilterDepth+1)},
		{"a million parentheses", Parser{MaxBytes: 3 << 20}, nest("(", 1_000_000), "too_deep", 6 + DefaultMaxFilterDepth},
		{"ten million !", Parser{MaxBytes: 11 << 20}, "$.a[?(" + strings.Repeat("!", 10_000_000) + "@.a)]", "too_deep", 6 + DefaultMaxFilterDepth},
		{"depth, lowered", Parser{MaxDepth: 2}, nest("(", 3), "too_deep", 8},
	}
	for _, tc := range tests {
		_, err := tc.parser.Parse(tc.src)
		var pe *diag.Problem
		if !errors.As(err, &pe) || string(pe.Code) != tc.code || pe.Offset != tc.offset {
			t.Errorf("%s: got %v, want %s at byte %d", tc.name, err, tc.code, tc.offset)
			continue
		}
		if len(tc.src) > 1000 && (len(err.Error()) > 400 || len(pe.Excerpt(nil)) > 300) {
			t.Errorf("%s: the error shows the whole path (%d and %d bytes)", tc.name, len(err.Error()), len(pe.Excerpt(nil)))
		}
	}
	// At the limits, the paths compile.
	for _, src := range []string{
		"$" + strings.Repeat(".a", DefaultMaxPathBytes/2-1) + "b",
		nest("(", DefaultMaxFilterDepth),
		nest("!(", 16),
		"$.a[?(" + strings.Repeat("!", DefaultMaxFilterDepth) + "@.a)]",
		"$.a[?(@.a" + strings.Repeat("==@.a", DefaultMaxFilterDepth+1) + ")]",
	} {
		if _, err := Parse(src); err != nil {
			t.Errorf("%.40s...: %v", src, err)
		}
	}
}

// TestLongLogicalChains reads a filter of 100,000 && and || operands as
// one level, and evaluates it as JavaScript would.
func TestLongLogicalChains(t *testing.T) {
	doc, err := document.Decode([]byte(`{"a": [{"x": 1, "y": 0}, {"x": 0, "y": 0}, {"x": 2, "y": 3}]}`))
	if err != nil {
		t.Fatal(err)
	}
	n := 100_000
	tests := map[string]string{
		"$.a[?(@.x" + strings.Repeat(" && @.x", n) + ")].x":             "[1,2]",
		"$.a[?(@.y" + strings.Repeat(" || @.y", n) + " || @.x)].x":      "[1,2]",
		"$.a[?(@.y" + strings.Repeat(" || @.y", n) + ")].x":             "[2]",
		"$.a[?(@.x && (@.y" + strings.Repeat(" || @.y", n) + "))].x":    "[2]",
		"$.a[?((@.x" + strings.Repeat(" && @.x", n) + ") === 2)].y":     "[3]",
		"$.a[?(@.z.w" + strings.Repeat(" || @.x", n) + ")].x":           "[]",
		"$.a[?(@.y" + strings.Repeat(" || @.y", n) + " || @.z.w)].x":    "[2]", // @.z.w throws where it is read
		"$.a[?(!@.y" + strings.Repeat(" && !@.y", n) + " && @.x)].x":    "[1]",
		"$.a[?(@.x === 1" + strings.Repeat(" || @.x === 1", n) + ")].y": "[0]",
	}
	for src, want := range tests {
		p, err := Parser{MaxBytes: 2 << 20}.Parse(src)
		if err != nil {
			t.Fatalf("%.40s...: %v", src, err)
		}
		got := make([]string, 0)
		for _, v := range p.Values(doc, nil) {
			got = append(got, v.String())
		}
		if s := "[" + strings.Join(got, ",") + "]"; s != want {
			t.Errorf("%.40s...: got %s, want %s", src, s, want)
		}
	}
}

// deadlineAfter is a context whose deadline passes at the n-th call of Err;
// it counts the calls.
type deadlineAfter struct {
	context.Context
	n, calls int
}

func (c *deadlineAfter) Err() error {
	c.calls++
	if c.calls >= c.n {
		return context.DeadlineExceeded
	}
	return nil
}

// TestSelectWatchesTheContext walks 200,000 nodes with a context whose
// deadline passes at its second look, after 2,048 nodes: the walk stops
// there with the context's error.
func TestSelectWatchesTheContext(t *testing.T) {
	doc, err := document.Decode([]byte(`{"a": [` + strings.Repeat(`{"b": [1, 2, 3]},`, 50_000) + `0]}`))
	if err != nil {
		t.Fatal(err)
	}
	for _, src := range []string{"$..*", "$.a[*].b[*]", "$.a[?(@.b)].b", "$.a[0:]", "$..b[0,1,2]"} {
		ctx := &deadlineAfter{Context: context.Background(), n: 2}
		vals, err := MustParse(src).Select(doc, &Env{Ctx: ctx}, nil)
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("%s: got %v, want the deadline", src, err)
		}
		if ctx.calls != 2 || len(vals) > 3*checkEvery {
			t.Errorf("%s: %d looks at the context, %d values, want 2 looks and at most %d values", src, ctx.calls, len(vals), 3*checkEvery)
		}
	}
}

// TestUnionsCountVisits counts the elements unions visit against
// MaxVisits: each part that names an element visits it.
func TestUnionsCountVisits(t *testing.T) {
	doc, err := document.Decode([]byte(`{"a": [[[[1, 2]]]]}`))
	if err != nil {
		t.Fatal(err)
	}
	for src, visits := range map[string]int{
		"$.a[0,0][0,0][0,0]":       2 + 4 + 8,
		"$.a[0,0][0,0][0,0][?(@)]": 2 + 4 + 8,
		"$.a[0][0][0][0:1,0:2]":    1 + 2,
		"$.a[0][0][0][0,1]":        2,
	} {
		p := MustParse(src)
		if _, err := p.Select(doc, &Env{MaxVisits: visits}, nil); err != nil {
			t.Errorf("%s: %d visits: %v", src, visits, err)
		}
		_, err := p.Select(doc, &Env{MaxVisits: visits - 1}, nil)
		var le *diag.Problem
		if !errors.As(err, &le) || le.Code != diag.TooManyVisits {
			t.Errorf("%s: %d visits: got %v, want a LimitError", src, visits-1, err)
		}
	}
}
