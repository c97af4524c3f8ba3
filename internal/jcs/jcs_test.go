package jcs

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/google/go-cmp/cmp"
)

func TestCanonicalize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		// The examples of RFC 8785 and its reference implementation's test
		// data (cyberphone/json-canonicalization, testdata/input and output).
		{"rfc values", `{
  "numbers": [1E30, 4.50, 6, 2e-3, 0.000000000000000000000000001],
  "escaping": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
  "other":  [null, true, false]
}`, `{"escaping":"€$\u000f\nA'B\"\\\\\"/","numbers":[1e+30,4.5,6,0.002,1e-27],"other":[null,true,false]}`},
		{"rfc sorting", `{
  "\u20ac": "Euro Sign",
  "\r": "Carriage Return",
  "\ufb33": "Hebrew Letter Dalet With Dagesh",
  "1": "One",
  "\ud83d\ude00": "Emoji: Grinning Face",
  "\u0080": "Control",
  "\u00f6": "Latin Small Letter O With Diaeresis"
}`, "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\",\"ö\":\"Latin Small Letter O With Diaeresis\",\"€\":\"Euro Sign\",\"😀\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}"},
		{"weird names", `{"\u20ac": "Euro Sign", "1": "One", "\u0080": "Control\u007f", "\ud83d\ude02": "Smiley",
  "\u00f6": "Latin Small Letter O With Diaeresis", "\ufb33": "Hebrew Letter Dalet With Dagesh", "</script>": "Browser Challenge"}`,
			"{\"1\":\"One\",\"</script>\":\"Browser Challenge\",\"\u0080\":\"Control\u007f\",\"ö\":\"Latin Small Letter O With Diaeresis\",\"€\":\"Euro Sign\",\"😂\":\"Smiley\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}"},
		{"structures", `{"1": {"f": {"f": "hi","F": 5} ,"\n": 56.0}, "10": { }, "": "empty", "a": { }, "111": [ { } ], "A": { }}`,
			`{"":"empty","1":{"\n":56,"f":{"F":5,"f":"hi"}},"10":{},"111":[{}],"A":{},"a":{}}`},
		{"arrays", `[56, {"d": true, "10": null, "1": [ ]}]`, `[56,{"1":[],"10":null,"d":true}]`},
		{"french names are not sorted by locale", `{"peach": 1, "péché": 2, "pêche": 3, "sin": 4}`, `{"peach":1,"péché":2,"pêche":3,"sin":4}`},
		{"unnormalized unicode stays", `{"Unnormalized Unicode":"\u1e0d\u0307"}`, "{\"Unnormalized Unicode\":\"\u1e0d\u0307\"}"},
		{"exact numbers", `{"values": [333333333.33333329, 9007199254740993]}`, `{"values":[333333333.33333329,9007199254740993]}`},

		{"scalar root", ` 12.50 `, `12.5`},
		{"string root", `"a\/b"`, `"a/b"`},
		{"literals", `[true,false,null]`, `[true,false,null]`},
		{"whitespace everywhere", " \t\r\n{ \"b\" :\n[ 1 , 2 ] ,\t\"a\" : { } }\n", `{"a":{},"b":[1,2]}`},
		{"byte order mark", "\uFEFF{\"a\": 1}", `{"a":1}`},
		{"empty containers", `[{}, [], [[]], {"a": {}}]`, `[{},[],[[]],{"a":{}}]`},
		{"nested sorting", `{"z": {"y": 1, "x": [{"b": 1, "a": 2}]}, "a": 0}`, `{"a":0,"z":{"x":[{"a":2,"b":1}],"y":1}}`},
		{"escapes", `"\u0000\u0001\u001f\u0020\b\f\n\r\t\"\\\/\u007f\u2028\u00e9\uD834\uDD1E"`,
			"\"\\u0000\\u0001\\u001f \\b\\f\\n\\r\\t\\\"\\\\/\u007f\u2028é𝄞\""},
		{"uppercase and lowercase hex escapes", `"\u00E9\u00e9"`, `"éé"`},
		{"escaped names sort by their value", `{"\u0062": 1, "a": 2}`, `{"a":2,"b":1}`},
		{"names sorted as UTF-16 code units", "{\"\uffff\": 1, \"\U0001F600\": 2, \"\ue000\": 3, \"\ud7ff\": 4}",
			"{\"\ud7ff\":4,\"\U0001F600\":2,\"\ue000\":3,\"\uffff\":1}"},
		{"a prefix sorts first", `{"ab": 1, "a": 2, "": 3}`, `{"":3,"a":2,"ab":1}`},
		{"control characters in names", `{"\u0001": 1, "\t": 2}`, `{"\u0001":1,"\t":2}`},
		{"members end after the last in document order", `{"b": {"d": 1, "c": 2}, "a": [1, {"y": 1, "x": 2}]}`,
			`{"a":[1,{"x":2,"y":1}],"b":{"c":2,"d":1}}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Canonicalize([]byte(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, string(got)); diff != "" {
				t.Errorf("Canonicalize(%q) (-want +got):\n%s", tc.in, diff)
			}
			if cap(got) != len(got) {
				t.Errorf("the output was sized %d for %d bytes", cap(got), len(got))
			}
			again, err := Canonicalize(got)
			if err != nil || !bytes.Equal(again, got) {
				t.Errorf("canonicalizing the canonical form gives %s, %v", again, err)
			}
		})
	}
}

// TestSameValueSameBytes checks that spellings of one value share a
// canonical form, and that values differing anywhere do not.
func TestSameValueSameBytes(t *testing.T) {
	same := [][]string{
		{`{"a":1,"b":[true,null]}`, `{ "b" : [ true , null ] , "a" : 1.0 }`, `{"\u0062":[true,null],"a":10e-1}`},
		{`{"threshold": 70}`, `{"threshold": 7e1}`, `{"threshold": 70.000}`, `{"threshold": 0.7E+2}`},
		{`0`, `-0`, `0.0`, `-0e7`, `0E-400`},
		{`"é"`, `"\u00e9"`, `"\u00E9"`},
	}
	for _, group := range same {
		want, err := Canonicalize([]byte(group[0]))
		if err != nil {
			t.Fatal(err)
		}
		for _, in := range group[1:] {
			got, err := Canonicalize([]byte(in))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(want, got) {
				t.Errorf("%s gives %s, %s gives %s", group[0], want, in, got)
			}
		}
	}
	different := [][2]string{
		{`{"threshold": 9007199254740993}`, `{"threshold": 9007199254740992}`},
		{`0.30000000000000001`, `0.3`},
		{`5e-324`, `4.9406564584124654e-324`},
		{`0.1`, `0.1000000000000000055511151231257827021181583404541015625`},
		{`1e400`, `1e401`},
		{`1e10995116277760`, `1e1099511627776`},
		{`"70"`, `70`},
		{`{"a":1}`, `{"A":1}`},
		{`[1,2]`, `[2,1]`},
		{`"\u1e0d\u0307"`, `"\u1e0b\u0323"`},
	}
	for _, pair := range different {
		a, err := Canonicalize([]byte(pair[0]))
		if err != nil {
			t.Fatal(err)
		}
		b, err := Canonicalize([]byte(pair[1]))
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Equal(a, b) {
			t.Errorf("%s and %s share the canonical form %s", pair[0], pair[1], a)
		}
	}
}

// TestCompareUTF16 checks the member order against sorting the names'
// UTF-16 encodings, on random names drawn from the ranges where UTF-8 and
// UTF-16 order disagree.
func TestCompareUTF16(t *testing.T) {
	pools := []rune{'a', 'b', 0x7f, 0x80, 0x7ff, 0x800, 0xd7ff, 0xe000, 0xfb33, 0xfffd, 0xffff, 0x10000, 0x1f600, 0x10ffff}
	rng := rand.New(rand.NewPCG(1, 2))
	names := make([]string, 2000)
	for i := range names {
		var b strings.Builder
		for j, n := 0, rng.IntN(4); j < n; j++ {
			b.WriteRune(pools[rng.IntN(len(pools))])
		}
		names[i] = b.String()
	}
	got := slices.Clone(names)
	slices.SortStableFunc(got, compareUTF16)
	want := slices.Clone(names)
	slices.SortStableFunc(want, func(a, b string) int {
		return slices.Compare(utf16.Encode([]rune(a)), utf16.Encode([]rune(b)))
	})
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("order (-utf16 +compareUTF16):\n%s", diff)
	}
	// The case the order exists for: U+1F600 before U+E000, though its
	// UTF-8 bytes (F0 …) are greater than U+E000's (EE …).
	if compareUTF16("\U0001F600", "\ue000") >= 0 || compareUTF16("\ue000", "\U0001F600") <= 0 {
		t.Error("U+1F600 does not sort before U+E000")
	}
	if compareUTF16("\ud7ff", "\U0001F600") >= 0 {
		t.Error("U+D7FF does not sort before U+1F600")
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name, in  string
		kind      error
		line, col int
		pointer   string
		msg       string
	}{
		{"empty", ``, ErrSyntax, 1, 1, "", "unexpected end of input, expected a value"},
		{"only whitespace", "  \n ", ErrSyntax, 2, 2, "", "unexpected end of input, expected a value"},
		{"two values", `1 2`, ErrSyntax, 1, 3, "", "unexpected '2' after the value"},
		{"trailing comma in an object", `{"a":1,}`, ErrSyntax, 1, 8, "", "unexpected '}', expected a member name"},
		{"trailing comma in an array", `[1,]`, ErrSyntax, 1, 4, "/1", "unexpected ']', expected a value"},
		{"missing colon", `{"a" 1}`, ErrSyntax, 1, 6, "", "unexpected '1', expected ':' after a member name"},
		{"unquoted name", `{a:1}`, ErrSyntax, 1, 2, "", "unexpected 'a', expected a member name"},
		{"bad literal", `[tru]`, ErrSyntax, 1, 2, "/0", "unexpected 't', expected a value"},
		{"leading zero", `[01]`, ErrSyntax, 1, 3, "", "unexpected '1', expected ',' or ']'"},
		{"bare point", `1.`, ErrSyntax, 1, 3, "", "a number needs a digit after its decimal point"},
		{"empty exponent", `{"a": 1e+}`, ErrSyntax, 1, 10, "/a", "a number needs a digit in its exponent"},
		{"plus sign", `+1`, ErrSyntax, 1, 1, "", "unexpected '+', expected a value"},
		{"lone minus", `-`, ErrSyntax, 1, 2, "", "a number needs a digit"},
		{"NaN", `NaN`, ErrSyntax, 1, 1, "", "unexpected 'N', expected a value"},
		{"unterminated string", `{"a": "b`, ErrSyntax, 1, 9, "/a", "unexpected end of input in a string"},
		{"raw newline in a string", "[\"a\nb\"]", ErrSyntax, 1, 4, "/0", "control character U+000A in a string (write it escaped)"},
		{"unknown escape", `["\x"]`, ErrSyntax, 1, 3, "/0", `unknown escape 'x'`},
		{"short unicode escape", `["\u12"]`, ErrSyntax, 1, 3, "/0", `\u needs four hexadecimal digits`},
		{"lone high surrogate", `{"a": ["\ud800x"]}`, ErrSyntax, 1, 9, "/a/0", `lone surrogate \ud800: a high surrogate must be followed by a low one`},
		{"lone low surrogate", `"\udc00"`, ErrSyntax, 1, 2, "", `lone surrogate \udc00: a low surrogate must follow a high one`},
		{"two high surrogates", `"\ud800\ud800"`, ErrSyntax, 1, 2, "", `lone surrogate \ud800: a high surrogate must be followed by a low one`},
		{"invalid UTF-8", "[\"a\xffb\"]", ErrSyntax, 1, 4, "/0", "invalid UTF-8 in a string"},
		{"invalid UTF-8 in a name", "{\"\xc3\": 1}", ErrSyntax, 1, 3, "", "invalid UTF-8 in a string"},
		{"encoded surrogate", "\"\xed\xa0\x80\"", ErrSyntax, 1, 2, "", "invalid UTF-8 in a string"},
		{"duplicate name", "{\n \"a\": 1,\n \"a\": 2}", ErrDuplicateName, 3, 2, "", `member name "a" occurs twice in one object (first at 2:2)`},
		{"duplicate after unescaping", `{"x": {"a": 1, "\u0061": 2}}`, ErrDuplicateName, 1, 16, "/x", `member name "a" occurs twice in one object (first at 1:8)`},
		{"first duplicate in document order", `{"b":1,"a":1,"b":2,"a":2}`, ErrDuplicateName, 1, 14, "", `member name "b" occurs twice in one object (first at 1:2)`},
		{"duplicate before a syntax error", `[{"a":1,"a":2}, x]`, ErrDuplicateName, 1, 9, "/0", `member name "a" occurs twice in one object (first at 1:3)`},
		{"syntax error before a duplicate", `[x, {"a":1,"a":2}]`, ErrSyntax, 1, 2, "/0", `unexpected 'x', expected a value`},
		{"pointer escapes", `{"a/b~c": [nul]}`, ErrSyntax, 1, 12, "/a~1b~0c/0", "unexpected 'n', expected a value"},
		{"byte order mark inside", "[\uFEFF1]", ErrSyntax, 1, 2, "/0", "unexpected '\\ufeff', expected a value"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, err := Canonicalize([]byte(tc.in))
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Canonicalize(%q) = %s, %v; want an *Error", tc.in, out, err)
			}
			if !errors.Is(err, tc.kind) {
				t.Errorf("error %v is not %v", err, tc.kind)
			}
			got := fmt.Sprintf("%d:%d %q %s", e.Line, e.Column, e.Pointer, e.Msg)
			want := fmt.Sprintf("%d:%d %q %s", tc.line, tc.col, tc.pointer, tc.msg)
			if got != want {
				t.Errorf("Canonicalize(%q):\n got %s\nwant %s", tc.in, got, want)
			}
			if e.Offset < 0 || e.Offset > len(tc.in) {
				t.Errorf("offset %d outside the input", e.Offset)
			}
			if !strings.HasPrefix(err.Error(), fmt.Sprintf("jcs: %d:%d (byte %d)", tc.line, tc.col, e.Offset)) {
				t.Errorf("message %q does not start with where", err.Error())
			}
		})
	}
}

func TestLimits(t *testing.T) {
	deep := func(n int) []byte { return []byte(strings.Repeat("[", n) + strings.Repeat("]", n)) }
	if _, err := (Options{MaxDepth: 3}).Canonicalize(deep(3)); err != nil {
		t.Errorf("depth 3 within a limit of 3: %v", err)
	}
	_, err := (Options{MaxDepth: 3}).Canonicalize([]byte(`{"a":[{"b":1}]}`))
	if err != nil {
		t.Errorf("depth 3 within a limit of 3: %v", err)
	}
	_, err = (Options{MaxDepth: 3}).Canonicalize([]byte(`{"a":[{"b":[]}]}`))
	var e *Error
	if !errors.As(err, &e) || !errors.Is(err, ErrLimit) || e.Offset != 11 || e.Pointer != "/a/0/b" || e.Msg != "nesting deeper than the limit of 3" {
		t.Errorf("depth 4 over a limit of 3: %v", err)
	}
	// The default bounds the recursion of both passes.
	if _, err := Canonicalize(deep(DefaultMaxDepth)); err != nil {
		t.Errorf("the default depth: %v", err)
	}
	if _, err := Canonicalize(deep(DefaultMaxDepth + 1)); !errors.Is(err, ErrLimit) {
		t.Errorf("one level over the default depth: %v", err)
	}
	if _, err := Canonicalize(deep(1 << 20)); !errors.Is(err, ErrLimit) {
		t.Errorf("a million levels: %v", err)
	}

	doc := []byte(`{"a":"0123456789"}`)
	if _, err := (Options{MaxBytes: len(doc)}).Canonicalize(doc); err != nil {
		t.Errorf("a document of the limit: %v", err)
	}
	_, err = (Options{MaxBytes: len(doc) - 1}).Canonicalize(doc)
	if !errors.As(err, &e) || !errors.Is(err, ErrLimit) || e.Msg != "the document is 18 bytes, more than the limit of 17" {
		t.Errorf("a document over the limit: %v", err)
	}
}

func TestNumber(t *testing.T) {
	tests := []struct{ in, want string }{
		// Where the exact value is the one ECMAScript writes for its
		// double, the output is ECMAScript's (Node's String(Number(in))).
		{"0", "0"},
		{"-0", "0"},
		{"-0.0e-7", "0"},
		{"0e99999999999999999999999", "0"},
		{"1", "1"},
		{"-1", "-1"},
		{"1.0", "1"},
		{"100e-2", "1"},
		{"0.1e1", "1"},
		{"1E+2", "100"},
		{"4.50", "4.5"},
		{"2e-3", "0.002"},
		{"0.1", "0.1"},
		{"1E30", "1e+30"},
		{"0.000000000000000000000000001", "1e-27"},
		{"1e20", "100000000000000000000"},
		{"1e21", "1e+21"},
		{"1e23", "1e+23"},
		{"123456789012345680000", "123456789012345680000"},
		{"295147905179352830000", "295147905179352830000"},
		{"9007199254740992", "9007199254740992"},
		{"1e-6", "0.000001"},
		{"0.000001", "0.000001"},
		{"1.5e-6", "0.0000015"},
		{"1e-7", "1e-7"},
		{"12e-8", "1.2e-7"},
		{"-0.0000033333333333333333", "-0.0000033333333333333333"},
		{"5e-324", "5e-324"},
		{"-5e-324", "-5e-324"},
		{"1.7976931348623157e308", "1.7976931348623157e+308"},
		{"2.2250738585072014e-308", "2.2250738585072014e-308"},
		{"333333333.3333333", "333333333.3333333"},
		{"1424953923781206.2", "1424953923781206.2"},
		{"9.999999999999997e+22", "9.999999999999997e+22"},
		{"999999999999999700000", "999999999999999700000"},
		// Where no shortest ECMAScript form denotes the exact value, the
		// exact digits in the same layout (Node: 9007199254740992,
		// 333333333.3333333, 0.3, 5e-324, 1e+21, 1e+23, 1, Infinity, 0).
		{"9007199254740993", "9007199254740993"},
		{"333333333.33333329", "333333333.33333329"},
		{"0.30000000000000001", "0.30000000000000001"},
		{"4.9406564584124654e-324", "4.9406564584124654e-324"},
		{"999999999999999999999", "999999999999999999999"},
		{"100000000000000000000001", "1.00000000000000000000001e+23"},
		{"123456789012345678901234567890", "1.2345678901234567890123456789e+29"},
		{"1.0000000000000000001", "1.0000000000000000001"},
		{"1e400", "1e+400"},
		{"-1e-400", "-1e-400"},
		{"0.1000000000000000055511151231257827021181583404541015625", "0.1000000000000000055511151231257827021181583404541015625"},
		// Exponents of any length, added up exactly.
		{"1e0000000000000000000000005", "100000"},
		{"1e100000000000000000000", "1e+100000000000000000000"},
		{"12.5e100000000000000000000", "1.25e+100000000000000000001"},
		{"10e99999999999999999999", "1e+100000000000000000000"},
		{"0.01e-100000000000000000000", "1e-100000000000000000002"},
		{"100e-100000000000000000000", "1e-99999999999999999998"},
		{"1e99999999999999999", "1e+99999999999999999"},
		{"1e9999999999999999", "1e+9999999999999999"},
		{"-1.5e-99999999999999999999", "-1.5e-99999999999999999999"},
		{"-0.15e-99999999999999999999", "-1.5e-100000000000000000000"},
	}
	for _, tc := range tests {
		got, err := Number(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("Number(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
		// Inside a document, too.
		doc, err := Canonicalize([]byte("[" + tc.in + "]"))
		if err != nil || string(doc) != "["+tc.want+"]" {
			t.Errorf("Canonicalize([%s]) = %s, %v", tc.in, doc, err)
		}
	}
	for _, bad := range []string{"", "-", "01", "1.", ".5", "1e", "1e+", "+1", "0x10", "1 ", " 1", "Infinity", "1_000"} {
		if got, err := Number(bad); !errors.Is(err, ErrSyntax) {
			t.Errorf("Number(%q) = %q, %v; want a syntax error", bad, got, err)
		}
	}
}

func TestAddMagnitude(t *testing.T) {
	tests := []struct {
		mag   string
		delta int64
		want  string
	}{
		{"100000000000000000000", 5, "100000000000000000005"},
		{"100000000000000000000", -1, "99999999999999999999"},
		{"199999999999999999999", 1, "200000000000000000000"},
		{"999999999999999999999", 1, "1000000000000000000000"},
		{"100000000000000000000", -12345, "99999999999999987655"},
		{"123456789012345678901", 0, "123456789012345678901"},
		{"100000000000000000000", 1 << 40, "100000001099511627776"},
		{"100000000000000000000", -(1 << 40), "99999998900488372224"},
	}
	for _, tc := range tests {
		if got := string(addMagnitude(tc.mag, tc.delta)); got != tc.want {
			t.Errorf("addMagnitude(%s, %d) = %s, want %s", tc.mag, tc.delta, got, tc.want)
		}
	}
}

func TestFloat(t *testing.T) {
	// The IEEE 754 values of RFC 8785's Appendix B, with what Node's
	// String(Number) writes for them.
	tests := []struct {
		bits uint64
		want string
	}{
		{0x0000000000000000, "0"},
		{0x8000000000000000, "0"},
		{0x0000000000000001, "5e-324"},
		{0x8000000000000001, "-5e-324"},
		{0x7fefffffffffffff, "1.7976931348623157e+308"},
		{0xffefffffffffffff, "-1.7976931348623157e+308"},
		{0x4340000000000000, "9007199254740992"},
		{0xc340000000000000, "-9007199254740992"},
		{0x4430000000000000, "295147905179352830000"},
		{0x44b52d02c7e14af5, "9.999999999999997e+22"},
		{0x44b52d02c7e14af6, "1e+23"},
		{0x44b52d02c7e14af7, "1.0000000000000001e+23"},
		{0x444b1ae4d6e2ef4e, "999999999999999700000"},
		{0x444b1ae4d6e2ef4f, "999999999999999900000"},
		{0x444b1ae4d6e2ef50, "1e+21"},
		{0x3eb0c6f7a0b5ed8c, "9.999999999999997e-7"},
		{0x3eb0c6f7a0b5ed8d, "0.000001"},
		{0x41b3de4355555553, "333333333.3333332"},
		{0x41b3de4355555554, "333333333.33333325"},
		{0x41b3de4355555555, "333333333.3333333"},
		{0x41b3de4355555556, "333333333.3333334"},
		{0x41b3de4355555557, "333333333.33333343"},
		{0xbecbf647612f3696, "-0.0000033333333333333333"},
		{0x43143ff3c1cb0959, "1424953923781206.2"},
	}
	for _, tc := range tests {
		f := math.Float64frombits(tc.bits)
		if got, err := Float(f); err != nil || got != tc.want {
			t.Errorf("Float(%#016x) = %q, %v; want %q", tc.bits, got, err, tc.want)
		}
	}
	for _, bits := range []uint64{0x7fffffffffffffff, 0x7ff0000000000000, 0xfff0000000000000} {
		if got, err := Float(math.Float64frombits(bits)); !errors.Is(err, ErrNotFinite) {
			t.Errorf("Float(%#016x) = %q, %v; want ErrNotFinite", bits, got, err)
		}
	}
}

// TestCanonicalIsValidJSON checks the outputs of many documents against
// encoding/json: valid, and the same value.
func TestCanonicalIsValidJSON(t *testing.T) {
	docs := []string{
		`{"b":[1,2,{"d":"\u0000\"","c":null}],"a":-0.5e-10,"\ud83d\ude00":"\u2028"}`,
		`[[[[]]],{},"",0,-1.25,true]`,
	}
	for _, d := range docs {
		out, err := Canonicalize([]byte(d))
		if err != nil {
			t.Fatal(err)
		}
		var a, b any
		if err := json.Unmarshal([]byte(d), &a); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(out, &b); err != nil {
			t.Fatalf("%s: %v", out, err)
		}
		if diff := cmp.Diff(a, b); diff != "" {
			t.Errorf("%s and %s differ:\n%s", d, out, diff)
		}
	}
}
