package document

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
)

func TestDecodeKeepsOrderAndLiterals(t *testing.T) {
	doc := `{"z": 1, "a": {"y": 2.50, "b": [true, false, null]}, "big": 9007199254740993, "s": "Ørsted \u00e9\ud83d\ude00"}`
	v, err := Decode([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := v.String(), `{"z":1,"a":{"y":2.50,"b":[true,false,null]},"big":9007199254740993,"s":"Ørsted é😀"}`; got != want {
		t.Errorf("round trip\n got %s\nwant %s", got, want)
	}
	keys := []string{}
	for i := 0; i < v.Len(); i++ {
		keys = append(keys, v.Key(i))
	}
	if strings.Join(keys, ",") != "z,a,big,s" {
		t.Errorf("member order %v", keys)
	}
	big, _ := v.Member("big")
	if big.Literal() != "9007199254740993" {
		t.Errorf("big literal %q", big.Literal())
	}
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name, in  string
		line, col int
		msg       string
	}{
		{"empty", "", 1, 1, "empty document"},
		{"truncated object", `{"a": 1`, 1, 8, "unexpected end of input: expected ',' or '}'"},
		{"truncated string", `{"a": "x`, 1, 9, "unterminated string"},
		{"missing colon", `{"a" 1}`, 1, 6, "expected ':' after member name"},
		{"trailing comma", "{\"a\": 1,\n}", 2, 1, "expected a member name in double quotes"},
		{"bad literal", `[tru]`, 1, 2, `invalid literal: expected "true"`},
		{"leading zero", `[01]`, 1, 3, "unexpected '1': expected ',' or ']'"},
		{"bare minus", `[-]`, 1, 3, "invalid number"},
		{"control char", "[\"a\tb\"]", 1, 4, "invalid control character"},
		{"bad escape", `["\x"]`, 1, 3, `invalid escape "\\x"`},
		{"bad unicode", `["\u12"]`, 1, 3, `expected four hex digits`},
		{"garbage after", `{} x`, 1, 4, "after the top-level value"},
		{"single quotes", `{'a': 1}`, 1, 2, "expected a member name in double quotes"},
		{"invalid utf8", "[\"\xff\"]", 1, 3, "invalid UTF-8"},
		{"second line", "{\n  \"a\": [1, 2,, 3]\n}", 2, 14, "expected a value"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Decode([]byte(tc.in))
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("got %v, want a *SyntaxError", err)
			}
			if se.Line != tc.line || se.Column != tc.col || !strings.Contains(se.Msg, tc.msg) {
				t.Errorf("got %d:%d %q, want %d:%d containing %q", se.Line, se.Column, se.Msg, tc.line, tc.col, tc.msg)
			}
		})
	}
}

func TestDecodeLimits(t *testing.T) {
	deep := strings.Repeat("[", 20) + strings.Repeat("]", 20)
	if _, err := (Decoder{MaxDepth: 10}).Decode([]byte(deep)); err == nil || !strings.Contains(err.Error(), "nesting deeper than the limit of 10") {
		t.Errorf("depth: got %v", err)
	}
	if _, err := (Decoder{MaxDepth: 20}).Decode([]byte(deep)); err != nil {
		t.Errorf("depth 20 should pass: %v", err)
	}
	if _, err := (Decoder{MaxBytes: 5}).Decode([]byte(`{"a":1}`)); err == nil || !strings.Contains(err.Error(), "more than the limit of 5") {
		t.Errorf("size: got %v", err)
	}
}

func TestDecodeDuplicates(t *testing.T) {
	v, err := Decode([]byte(`{"a": 1, "b": 2, "a": 3}`))
	if err != nil {
		t.Fatal(err)
	}
	// JavaScript's JSON.parse: first position, last value.
	if got := v.String(); got != `{"a":3,"b":2}` {
		t.Errorf("got %s", got)
	}
	_, err = Decoder{Strict: true}.Decode([]byte(`{"a": 1, "b": 2, "a": 3}`))
	var se *SyntaxError
	if !errors.As(err, &se) || se.Column != 18 || !strings.Contains(se.Msg, `duplicate member name "a"`) {
		t.Errorf("strict: got %v", err)
	}
}

func TestDecodeDoesNotAliasInput(t *testing.T) {
	data := []byte(`{"a": "text"}`)
	v, err := Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	copy(data, `{"a": "XXXX"}`)
	if got := v.Get("a").Text(); got != "text" {
		t.Errorf("decoded value changed with the input: %q", got)
	}
}

func TestCompareNumbers(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"1", "1", 0}, {"1", "1.0", 0}, {"1e2", "100", 0}, {"0.1", "0.10", 0}, {"-0", "0", 0},
		{"9007199254740993", "9007199254740992", 1},
		{"9007199254740992", "9007199254740993", -1},
		{"123456789012345678901234567890", "123456789012345678901234567891", -1},
		{"0.30000000000000001", "0.3", 1},
		{"-5", "3", -1}, {"-5", "-3", -1}, {"2.5", "2.49999999999999999999", 1},
		{"1e400", "1e399", 1}, {"-1e400", "1", -1}, {"1e-400", "0", 1},
		// Exponents past what an int64 holds compare exactly too.
		{"1e10995116277760", "1e1099511627776", 1}, {"1e1099511627776", "1e10995116277760", -1},
		{"-1e10995116277760", "-1e1099511627776", -1}, {"1e-10995116277760", "1e-1099511627776", -1},
		{"10e1099511627775", "1e1099511627776", 0}, {"1e000000000000000000000000000002", "100", 0},
		{"1e99999999999999999999", "1e99999999999999999998", 1}, {"2e99999999999999999999", "1e99999999999999999999", 1},
		{"0.1e-99999999999999999999", "1e-100000000000000000000", 0},
	}
	for _, tc := range tests {
		a, _ := NewNumber(tc.a)
		b, _ := NewNumber(tc.b)
		if got := CompareNumbers(a, b); got != tc.want {
			t.Errorf("CompareNumbers(%s, %s) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestPointerAndLocate(t *testing.T) {
	doc := []byte("{\n  \"a/b\": {\"x~y\": [10, 20, {\"k\": \"v\"}]},\n  \"dup\": 1, \"dup\": 2\n}")
	v, err := Decode(doc)
	if err != nil {
		t.Fatal(err)
	}
	p := JoinPointer("", "a/b", "x~y") + "/2/k"
	if p != "/a~1b/x~0y/2/k" {
		t.Fatalf("JoinPointer = %q", p)
	}
	got, ok := v.At(p)
	if !ok || got.Text() != "v" {
		t.Fatalf("At(%q) = %v, %v", p, got, ok)
	}
	span, ok := Locate(doc, p)
	if !ok || string(doc[span.Start:span.End]) != `"v"` {
		t.Fatalf("Locate(%q) = %+v %v", p, span, ok)
	}
	span, ok = Locate(doc, "/dup")
	if !ok || string(doc[span.Start:span.End]) != "2" {
		t.Errorf("Locate(/dup) should find the last occurrence, got %q", doc[span.Start:span.End])
	}
	for _, bad := range []string{"/nope", "/a~1b/x~0y/3", "/a~1b/x~0y/01", "a", "/a~2b"} {
		if _, ok := v.At(bad); ok {
			t.Errorf("At(%q) should fail", bad)
		}
		if _, ok := Locate(doc, bad); ok {
			t.Errorf("Locate(%q) should fail", bad)
		}
	}
}

// Large objects are looked up through an index; every lookup must agree
// with reading the members in order, for present and absent names,
// repeated names and names that are array indexes.
func TestObjectIndexAgreesWithScan(t *testing.T) {
	for _, n := range []int{hashMin - 1, hashMin, 29, 100, 1000} {
		var b strings.Builder
		b.WriteString("{")
		for i := 0; i < n; i++ {
			if i > 0 {
				b.WriteString(",")
			}
			switch i % 7 {
			case 3:
				fmt.Fprintf(&b, "%q:%d", strconv.Itoa(i), i) // an array-index name
			case 5:
				fmt.Fprintf(&b, "%q:%d", fmt.Sprintf("k%d", i-1), i) // repeats the previous name
			default:
				fmt.Fprintf(&b, "%q:%d", fmt.Sprintf("k%d", i), i)
			}
		}
		b.WriteString("}")
		v, err := Decode([]byte(b.String()))
		if err != nil {
			t.Fatal(err)
		}
		scan := func(name string) Value {
			for it := v.Iter(); it.Next(); {
				if it.Key() == name {
					return it.Value()
				}
			}
			return Value{}
		}
		for i := -2; i < n+2; i++ {
			for _, name := range []string{fmt.Sprintf("k%d", i), strconv.Itoa(i), "x" + strconv.Itoa(i)} {
				got, ok := v.Member(name)
				if want := scan(name); got != want || ok != want.Exists() {
					t.Fatalf("%d members: Member(%q) = %v, %v; the members in order give %v", n, name, got, ok, want)
				}
			}
		}
	}
}

// TestMemberNamesAlike looks up names that share their first eight bytes,
// differ only in length or in NUL bytes, or are empty, in objects small
// enough to be scanned and large enough to be indexed: each finds its own
// member and nothing else.
func TestMemberNamesAlike(t *testing.T) {
	names := []string{"", "\x00", "\x00\x00", "a", "a\x00", "a\x00\x00", "type", "types", "typ",
		"registra", "registrat", "registration_date", "registration_time", "registration_dat",
		"created_at", "created_by", "current_credit_score", "current_information", "ø", "øø", "\u2028"}
	missing := []string{"x", "\x00\x00\x00", "a\x01", "registratio", "registration_datf", "created_ab", "type\x00"}
	for _, n := range []int{4, hashMin - 1, hashMin, len(names)} {
		var b strings.Builder
		b.WriteString("{")
		for i, name := range names[:n] {
			if i > 0 {
				b.WriteString(",")
			}
			q, _ := json.Marshal(name)
			fmt.Fprintf(&b, "%s:%d", q, i)
		}
		b.WriteString("}")
		v, err := Decode([]byte(b.String()))
		if err != nil {
			t.Fatal(err)
		}
		for i, name := range names {
			m, ok := v.Member(name)
			if i < n {
				if !ok || m.Literal() != strconv.Itoa(i) {
					t.Errorf("%d members: Member(%q) = %v %v, want member %d", n, name, m, ok, i)
				}
			} else if ok {
				t.Errorf("%d members: Member(%q) found %v, want nothing", n, name, m)
			}
			if got := v.GetKey(NewKey(name)); got != m {
				t.Errorf("%d members: GetKey(%q) = %v, Member gives %v", n, name, got, m)
			}
		}
		for _, name := range missing {
			if m, ok := v.Member(name); ok {
				t.Errorf("%d members: Member(%q) found %v, want nothing", n, name, m)
			}
		}
	}
}

// AppendQuoted writes what encoding/json writes for a string.
func TestAppendQuotedAgreesWithEncodingJSON(t *testing.T) {
	inputs := []string{"", "READY_FOR_REVIEW", `a"b\c`, "<tag>&amp;", "line\nbreak\ttab\r", "\x00\x01\x1f\x7f",
		"Ørsted é😀", "\u2028\u2029", "bad \xff utf8 \xc3", "end\xe2\x82"}
	for c := 0; c < 256; c++ {
		inputs = append(inputs, string([]byte{byte(c)}), "x"+string([]byte{byte(c)})+"y")
		// Long enough to be read eight bytes at a time, the byte at every
		// place of a word and after it.
		for at := 0; at < 18; at++ {
			inputs = append(inputs, strings.Repeat("a", at)+string([]byte{byte(c)})+strings.Repeat("b", 17-at))
		}
	}
	inputs = append(inputs, strings.Repeat("READY_FOR_REVIEW", 3), strings.Repeat("<&>", 9), strings.Repeat("é", 12))
	for _, s := range inputs {
		want, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := AppendQuoted(nil, s); string(got) != string(want) {
			t.Errorf("AppendQuoted(%q) = %s, encoding/json writes %s", s, got, want)
		}
	}
}
