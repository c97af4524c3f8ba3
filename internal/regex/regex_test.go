package regex

import (
	"errors"
	"regexp/syntax"
	"runtime"
	"strings"
	"testing"

	"github.com/verdict-rules/verdict/diag"
)

func TestCompileLimits(t *testing.T) {
	tests := []struct {
		src    string
		max    int
		code   string // "" when the pattern compiles
		offset int
	}{
		{`^[A-Z]{2}\d{9}$`, 0, "", 0},
		{strings.Repeat("a", DefaultMaxBytes), 0, "", 0},
		{strings.Repeat("a", DefaultMaxBytes+1), 0, "too_long", DefaultMaxBytes},
		{strings.Repeat("a", 10_000_000), 0, "too_long", DefaultMaxBytes},
		{"abcdef", 5, "too_long", 5},
		{`(a{100}){10}`, 0, "", 0},
		{`((abcd){100}){10}`, 0, "too_large", 0},
		{`(abcdefghij){500}`, 0, "too_large", 0},
		{`((a{10}){10}){10}`, 0, "", 0},
		{`[a-z]{1000}[0-9]{1000}x{1000}y{1000}`, 0, "", 0},
		{`x{9}`, 4, "too_large", 0},
		{`(a|b|c)*d+`, 0, "", 0},
	}
	for _, tc := range tests {
		re, err := Compile(tc.src, tc.max)
		var le *diag.Problem
		switch {
		case tc.code == "" && (err != nil || re == nil):
			t.Errorf("%.30q: %v", tc.src, err)
		case tc.code != "" && (!errors.As(err, &le) || string(le.Code) != tc.code || le.Offset != tc.offset):
			t.Errorf("%.30q: got %v, want %s at %d", tc.src, err, tc.code, tc.offset)
		}
	}
	// Go's own limits still apply, as syntax errors.
	var se *syntax.Error
	if _, err := Compile(strings.Repeat("(", 1001)+strings.Repeat(")", 1001), 10_000); !errors.As(err, &se) {
		t.Errorf("deep nesting: got %v, want a syntax error", err)
	}
	if _, err := Compile("a{1001}", 0); !errors.As(err, &se) {
		t.Errorf("a{1001}: got %v, want a syntax error", err)
	}
}

// TestLongPatternCostsLittle counts the bytes allocated to refuse a 10 MB
// pattern: far less than the 1.5 GB compiling it would take.
func TestLongPatternCostsLittle(t *testing.T) {
	src := strings.Repeat("a", 10_000_000)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	if _, err := Compile(src, 0); err == nil {
		t.Fatal("a 10 MB pattern compiled")
	}
	runtime.ReadMemStats(&after)
	if got := after.TotalAlloc - before.TotalAlloc; got > 1<<20 {
		t.Errorf("refusing a 10 MB pattern allocated %d bytes, want under 1 MiB", got)
	}
}
