package jcs

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"
)

// allocated returns the bytes one call of f allocates.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestAllocationsLinear checks that the memory Canonicalize takes grows
// linearly with the input, for the shapes that cost the most per byte, and
// stays within a small multiple of it.
func TestAllocationsLinear(t *testing.T) {
	shapes := []struct {
		name string
		doc  func(n int) string
	}{
		{"members", func(n int) string {
			var b strings.Builder
			b.WriteByte('{')
			for i := range n {
				if i > 0 {
					b.WriteByte(',')
				}
				fmt.Fprintf(&b, `"%x":0`, i)
			}
			b.WriteByte('}')
			return b.String()
		}},
		{"objects of one member", func(n int) string {
			return "[" + strings.TrimSuffix(strings.Repeat(`{"":0},`, n), ",") + "]"
		}},
		{"escaped names", func(n int) string {
			var b strings.Builder
			b.WriteByte('{')
			for i := range n {
				if i > 0 {
					b.WriteByte(',')
				}
				fmt.Fprintf(&b, `"\u00e9%x":0`, i)
			}
			b.WriteByte('}')
			return b.String()
		}},
		{"numbers that grow", func(n int) string {
			return "[" + strings.TrimSuffix(strings.Repeat(`1e20,`, n), ",") + "]"
		}},
		{"escaped string", func(n int) string { return `"` + strings.Repeat(`\u0041\n`, n) + `"` }},
		{"nesting at the limit, repeated", func(n int) string {
			deep := strings.Repeat(`{"a":[`, 200) + strings.Repeat(`]}`, 200)
			return "[" + strings.TrimSuffix(strings.Repeat(deep+",", n/400+1), ",") + "]"
		}},
	}
	for _, sh := range shapes {
		t.Run(sh.name, func(t *testing.T) {
			small, large := []byte(sh.doc(20000)), []byte(sh.doc(40000))
			var errSmall, errLarge error
			a := allocated(func() { _, errSmall = Canonicalize(small) })
			b := allocated(func() { _, errLarge = Canonicalize(large) })
			if errSmall != nil || errLarge != nil {
				t.Fatal(errSmall, errLarge)
			}
			ratio := float64(b) / float64(a)
			perByte := float64(b) / float64(len(large))
			t.Logf("%d bytes: %d allocated; %d bytes: %d allocated (×%.2f, %.1f per byte)", len(small), a, len(large), b, ratio, perByte)
			if ratio > 2.2 {
				t.Errorf("doubling the input multiplies the allocations by %.2f", ratio)
			}
			if perByte > 16 {
				t.Errorf("%.1f bytes allocated per byte of input", perByte)
			}
		})
	}
}

func FuzzCanonicalize(f *testing.F) {
	for _, s := range []string{
		`{"b":[1,2.50,{"d":"\u0000\"","c":null}],"a":-0.5e-10,"\ud83d\ude00":"\u2028"}`,
		`[1e400, -0, 9007199254740993, 1e-7, 123456789012345680000]`,
		`{"a":1,"a":2}`, `"\ud800"`, "\uFEFF[]", `{"\ue000":1,"\ud83d\ude00":2}`, `[[[[[]]]]]`, ` 0 `,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		out, err := (Options{MaxDepth: 64}).Canonicalize(in)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Offset < 0 || e.Offset > len(in) || e.Line < 1 || e.Column < 1 {
				t.Fatalf("error %v is not located in the input", err)
			}
			if !errors.Is(err, ErrSyntax) && !errors.Is(err, ErrDuplicateName) && !errors.Is(err, ErrLimit) {
				t.Fatalf("error %v has no kind", err)
			}
			if json.Valid(in) && errors.Is(err, ErrSyntax) && utf8.Valid(in) && !bytes.Contains(in, []byte(`\u`)) {
				t.Fatalf("valid JSON reported as %v", err)
			}
			return
		}
		if !json.Valid(bytes.TrimPrefix(in, []byte("\uFEFF"))) {
			t.Fatalf("invalid JSON %q accepted", in)
		}
		if cap(out) != len(out) {
			t.Fatalf("the output %q was sized %d for %d bytes", out, cap(out), len(out))
		}
		if !json.Valid(out) {
			t.Fatalf("output %q is not JSON", out)
		}
		again, err := Canonicalize(out)
		if err != nil || !bytes.Equal(again, out) {
			t.Fatalf("canonical form %q canonicalizes to %q, %v", out, again, err)
		}
		if i := whitespaceBetweenTokens(out); i >= 0 {
			t.Fatalf("output %q has whitespace between tokens at byte %d", out, i)
		}
		var a, b any
		da := json.NewDecoder(bytes.NewReader(bytes.TrimPrefix(in, []byte("\uFEFF"))))
		da.UseNumber()
		db := json.NewDecoder(bytes.NewReader(out))
		db.UseNumber()
		if da.Decode(&a) != nil || db.Decode(&b) != nil {
			t.Fatalf("encoding/json cannot read %q or %q", in, out)
		}
		if err := sameValue(a, b); err != nil {
			t.Fatalf("%q and %q: %v", in, out, err)
		}
	})
}

// whitespaceBetweenTokens returns the offset of the first whitespace
// outside a string in the valid JSON text s, or -1.
func whitespaceBetweenTokens(s []byte) int {
	in, esc := false, false
	for i, c := range s {
		switch {
		case esc:
			esc = false
		case in && c == '\\':
			esc = true
		case c == '"':
			in = !in
		case !in && (c == ' ' || c == '\t' || c == '\n' || c == '\r'):
			return i
		}
	}
	return -1
}

// sameValue compares two values encoding/json decoded with UseNumber: the
// second's numbers must be the canonical forms of the first's.
func sameValue(a, b any) error {
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return fmt.Errorf("object %v became %v", x, b)
		}
		for k, v := range x {
			if err := sameValue(v, y[k]); err != nil {
				return err
			}
		}
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return fmt.Errorf("array %v became %v", x, b)
		}
		for i := range x {
			if err := sameValue(x[i], y[i]); err != nil {
				return err
			}
		}
	case json.Number:
		want, err := Number(string(x))
		if err != nil || b != json.Number(want) {
			return fmt.Errorf("number %s became %v, want %s", x, b, want)
		}
	default:
		if a != b {
			return fmt.Errorf("%#v became %#v", a, b)
		}
	}
	return nil
}

func BenchmarkCanonicalize(b *testing.B) {
	def, err := os.ReadFile("../../testdata/automations/auto-approve.json")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(def)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Canonicalize(def); err != nil {
			b.Fatal(err)
		}
	}
}
