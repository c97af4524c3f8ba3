package jsonpath

import (
	"math"
	"testing"
)

func TestNumberToString(t *testing.T) {
	tests := []struct {
		f    float64
		want string
	}{
		{0, "0"}, {math.Copysign(0, -1), "0"}, {1, "1"}, {-1.5, "-1.5"}, {100, "100"}, {1e21, "1e+21"},
		{1e20, "100000000000000000000"}, {0.000001, "0.000001"}, {1e-7, "1e-7"}, {123.456, "123.456"},
		{math.NaN(), "NaN"}, {math.Inf(1), "Infinity"}, {1.7976931348623157e308, "1.7976931348623157e+308"},
	}
	for _, tc := range tests {
		if got := numberToString(tc.f); got != tc.want {
			t.Errorf("numberToString(%v) = %q, want %q", tc.f, got, tc.want)
		}
	}
}

func TestStringToNumber(t *testing.T) {
	tests := []struct {
		s    string
		want float64
	}{
		{"", 0}, {"  ", 0}, {"42", 42}, {" 42 ", 42}, {"4e3", 4000}, {".5", 0.5}, {"5.", 5}, {"+1", 1},
		{"0x10", 16}, {"0b101", 5}, {"0o17", 15}, {"Infinity", math.Inf(1)}, {"-Infinity", math.Inf(-1)},
	}
	for _, tc := range tests {
		if got := stringToNumber(tc.s); got != tc.want {
			t.Errorf("stringToNumber(%q) = %v, want %v", tc.s, got, tc.want)
		}
	}
	for _, s := range []string{"abc", "1_000", "0x", "1e", ".", "inf", "NaN", "0x1p3", "--1", "1 2"} {
		if got := stringToNumber(s); !math.IsNaN(got) {
			t.Errorf("stringToNumber(%q) = %v, want NaN", s, got)
		}
	}
}

func TestUTF16(t *testing.T) {
	s := "aØ😀b"
	if n := utf16Len(s); n != 5 {
		t.Errorf("utf16Len = %d", n)
	}
	for i, want := range []string{"a", "Ø", "\ufffd", "\ufffd", "b"} {
		if got, ok := utf16At(s, i); !ok || got != want {
			t.Errorf("utf16At(%d) = %q", i, got)
		}
	}
	// U+FF5E sorts after U+1F600's high surrogate (0xD83D) in UTF-16, before
	// it in code points.
	if c := compareUTF16("\uff5e", "😀"); c != 1 {
		t.Errorf("compareUTF16 = %d, want 1", c)
	}
}
