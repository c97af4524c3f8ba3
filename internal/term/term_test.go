package term

import (
	"strings"
	"testing"
)

func TestSafe(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Auto approve", "Auto approve"},
		{"æøå ✓ 😀", "æøå ✓ 😀"},
		{"evil\x1b[2J\x1b]0;owned\x07", `evil\e[2J\e]0;owned\u0007`},
		{"a\nb\tc\rd", `a\nb\tc\rd`},
		{"del\x7f", `del\u007f`},
		{"c1\u009b31m", `c1\u009b31m`},
		{"bidi\u202egnp.exe", `bidi\u202egnp.exe`},
		{"isolate\u2066x\u2069", `isolate\u2066x\u2069`},
		{"bad\xffutf8", `bad\xffutf8`},
		{"line\u2028sep", `line\u2028sep`},
	}
	for _, tc := range tests {
		if got := Safe(tc.in); got != tc.want {
			t.Errorf("Safe(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if strings.ContainsAny(Safe(tc.in), "\x1b\x07\n\r\x7f") {
			t.Errorf("Safe(%q) keeps a control character", tc.in)
		}
	}
}

func TestSafeLines(t *testing.T) {
	if got, want := SafeLines("one\x1b[31m\n\ttwo\r"), "one\\e[31m\n\ttwo\\r"; got != want {
		t.Errorf("SafeLines = %q, want %q", got, want)
	}
	if got, want := SafeLine("\t\"a\": \"\x1b\""), "\t\"a\": \"\\e\""; got != want {
		t.Errorf("SafeLine = %q, want %q", got, want)
	}
}

func TestPaint(t *testing.T) {
	if got := Paint(false, "31", "x"); got != "x" {
		t.Errorf("Paint off = %q", got)
	}
	if got := Paint(true, "31", "x"); got != "\x1b[31mx\x1b[0m" {
		t.Errorf("Paint on = %q", got)
	}
	if got := Paint(true, "31", ""); got != "" {
		t.Errorf("Paint of nothing = %q", got)
	}
}
