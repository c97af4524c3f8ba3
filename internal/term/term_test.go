package term

import (
	"encoding/json"
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

func TestJSONAndXML(t *testing.T) {
	in := `{"a":"x` + "\u0085\u009b\u202e\u2066\u2069\u200e\u200f\u061c\u2028\x7f" + `é✓😀\\","b":1}`
	wantJSON := `{"a":"x\u0085\u009b\u202e\u2066\u2069\u200e\u200f\u061c\u2028\u007fé✓😀\\","b":1}`
	if got := string(JSON([]byte(in))); got != wantJSON {
		t.Errorf("JSON = %s\nwant %s", got, wantJSON)
	}
	var back, orig map[string]any
	if err := json.Unmarshal([]byte(wantJSON), &back); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(in), &orig); err != nil || back["a"] != orig["a"] {
		t.Errorf("JSON changes the value: %q, want %q (%v)", back["a"], orig["a"], err)
	}
	x := `<t n="` + "\u0085\u202e" + `">` + "é\u2069\x7f" + `</t>`
	if got, want := string(XML([]byte(x))), `<t n="&#x85;&#x202e;">é&#x2069;&#x7f;</t>`; got != want {
		t.Errorf("XML = %s, want %s", got, want)
	}
	plain := []byte(`{"a":"é✓"}`)
	if got := JSON(plain); &got[0] != &plain[0] {
		t.Error("JSON copies text that needs no escape")
	}
}

// TestWriterJoinsSplitCharacters writes escaped JSON one byte at a time:
// a character split between writes is escaped once whole.
func TestWriterJoinsSplitCharacters(t *testing.T) {
	in := `["` + "a\u202eb\u0085c✓d😀" + `"]` + "\n"
	var b strings.Builder
	w := Writer(&b)
	for i := range len(in) {
		if n, err := w.Write([]byte(in[i : i+1])); n != 1 || err != nil {
			t.Fatal(n, err)
		}
	}
	if got, want := b.String(), `["a\u202eb\u0085c✓d😀"]`+"\n"; got != want {
		t.Errorf("wrote %q, want %q", got, want)
	}
}
