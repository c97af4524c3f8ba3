package document_test

import (
	"math"
	"math/big"
	"strings"
	"testing"

	"github.com/verdict-rules/verdict/document"
)

func number(t *testing.T, lit string) document.Value {
	t.Helper()
	v, ok := document.NewNumber(lit)
	if !ok {
		t.Fatalf("NewNumber(%q) failed", lit)
	}
	return v
}

func TestCompareNumbers(t *testing.T) {
	long := "1" + strings.Repeat("0", 400)
	tests := []struct {
		a, b string
		want int
	}{
		{"1", "1", 0}, {"1", "1.0", 0}, {"1e2", "100", 0}, {"0.1", "0.10", 0}, {"-0", "0", 0}, {"0e5", "-0.0", 0},
		{"9007199254740993", "9007199254740992", 1},
		{"9007199254740992", "9007199254740993", -1},
		{"123456789012345678901234567890", "123456789012345678901234567891", -1},
		{"0.30000000000000001", "0.3", 1},
		{"-5", "3", -1}, {"-5", "-3", -1}, {"2.5", "2.49999999999999999999", 1},
		{"1e400", "1e399", 1}, {"-1e400", "1", -1}, {"1e-400", "0", 1}, {"-1e-400", "0", -1},
		{long, "1e400", 0}, {long + "1", "1e400", 1}, {"0." + strings.Repeat("0", 399) + "1", "1e-400", 0},
		// Exponents beyond any clamp (F11): still exact.
		{"1e10995116277760", "1e1099511627776", 1},
		{"1e1099511627776", "1e10995116277760", -1},
		{"1e99999999999999999999", "1e99999999999999999998", 1},
		{"10e99999999999999999998", "1e99999999999999999999", 0},
		{"1e-99999999999999999999", "1e-99999999999999999998", -1},
		{"-1e99999999999999999999", "-1e99999999999999999998", -1},
		{"1e0000000000000000000000001", "10", 0},
		{"0.5e99999999999999999999", "5e99999999999999999998", 0},
	}
	for _, tc := range tests {
		a, b := number(t, tc.a), number(t, tc.b)
		if got := document.CompareNumbers(a, b); got != tc.want {
			t.Errorf("CompareNumbers(%s, %s) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
		if got := document.CompareDecimal(tc.a, tc.b); got != tc.want {
			t.Errorf("CompareDecimal(%s, %s) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
		if document.Equal(a, b) != (tc.want == 0) {
			t.Errorf("Equal(%s, %s) = %v", tc.a, tc.b, !(tc.want == 0))
		}
		// A second opinion: math/big, where the exponent is small enough
		// for it.
		if len(tc.a) < 500 && len(tc.b) < 500 && !strings.Contains(tc.a+tc.b, "99999") && !strings.Contains(tc.a+tc.b, "10995") {
			x, _, err1 := big.ParseFloat(tc.a, 10, 4096, big.ToNearestEven)
			y, _, err2 := big.ParseFloat(tc.b, 10, 4096, big.ToNearestEven)
			if err1 == nil && err2 == nil && x.Cmp(y) != tc.want {
				t.Errorf("the test's own %s vs %s is wrong: big says %d", tc.a, tc.b, x.Cmp(y))
			}
		}
	}
}

func TestFloat(t *testing.T) {
	tests := []struct {
		lit  string
		want float64
	}{
		{"0", 0}, {"-0", math.Copysign(0, -1)}, {"42", 42}, {"-17", -17}, {"2.5", 2.5}, {"1e3", 1000},
		{"123456789012345", 123456789012345}, {"9007199254740993", 9007199254740992},
		{"1e400", math.Inf(1)}, {"-1e400", math.Inf(-1)}, {"1e-400", 0},
		{"1e10995116277760", math.Inf(1)}, {"-1e99999999999999999999", math.Inf(-1)},
		{"1e-99999999999999999999", 0}, {"1" + strings.Repeat("0", 500), math.Inf(1)},
		{"0." + strings.Repeat("0", 500) + "1", 0}, {"1.7976931348623157e308", math.MaxFloat64},
	}
	for _, tc := range tests {
		got := number(t, tc.lit).Float()
		if got != tc.want || math.Signbit(got) != math.Signbit(tc.want) {
			t.Errorf("Float(%.30s) = %v, want %v", tc.lit, got, tc.want)
		}
	}
	if v := number(t, "1e-99999999999999999999"); !math.Signbit(number(t, "-"+v.Literal()).Float()) {
		t.Error("a negative number too small for float64 is not -0")
	}
}

func TestConstructors(t *testing.T) {
	n, _ := document.NewNumber("9007199254740993")
	tests := []struct {
		v    document.Value
		want string
	}{
		{document.NewString("a\"b<\xff"), `"a\"b\u003c` + "\ufffd" + `"`},
		{document.NewBool(true), "true"},
		{document.NewNull(), "null"},
		{document.NewInt(-42), "-42"},
		{document.NewFloat(0.1), "0.1"},
		{document.NewFloat(math.NaN()), "null"},
		{document.NewFloat(math.Inf(1)), "null"},
		{n, "9007199254740993"},
		{document.NewArray(document.NewInt(1), document.NewString("x"), document.NewArray()), `[1,"x",[]]`},
		{document.NewObject(document.Member{Name: "b", Value: document.NewInt(1)}, document.Member{Name: "a", Value: document.NewNull()},
			document.Member{Name: "b", Value: document.NewInt(2)}, document.Member{Name: "1", Value: document.NewBool(false)}), `{"1":false,"b":2,"a":null}`},
	}
	for _, tc := range tests {
		if got := tc.v.String(); got != tc.want {
			t.Errorf("got %s, want %s", got, tc.want)
		}
	}
	for _, bad := range []string{"", "01", "1.", "+1", "0x10", "1e", "NaN", " 1"} {
		if _, ok := document.NewNumber(bad); ok {
			t.Errorf("NewNumber(%q) accepted", bad)
		}
	}
}

// Int reads integers of up to 18 bytes and nothing else.
func TestInt(t *testing.T) {
	tests := []struct {
		json string
		want int64
		ok   bool
	}{
		{`0`, 0, true}, {`-0`, 0, true}, {`7`, 7, true}, {`-7`, -7, true}, {`70`, 70, true},
		{`123456789012345678`, 123456789012345678, true}, {`-12345678901234567`, -12345678901234567, true},
		{`1234567890123456789`, 0, false}, {`-123456789012345678`, 0, false},
		{`1.5`, 0, false}, {`1.0`, 0, false}, {`1e3`, 0, false}, {`-1E3`, 0, false},
		{`"7"`, 0, false}, {`null`, 0, false}, {`true`, 0, false}, {`[7]`, 0, false}, {`{"a":7}`, 0, false},
	}
	for _, tc := range tests {
		v, err := document.Decode([]byte(tc.json))
		if err != nil {
			t.Fatal(err)
		}
		if got, ok := v.Int(); got != tc.want || ok != tc.ok {
			t.Errorf("Int of %s = %d, %v; want %d, %v", tc.json, got, ok, tc.want, tc.ok)
		}
	}
	if got, ok := (document.Value{}).Int(); got != 0 || ok {
		t.Errorf("Int of the zero Value = %d, %v", got, ok)
	}
	// Inside a document, at its end and in constructed values.
	v, err := document.Decode([]byte(`[1.5,-42,{"n":9}]`))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		v    document.Value
		want int64
		ok   bool
	}{{v.Index(0), 0, false}, {v.Index(1), -42, true}, {v.Index(2).Get("n"), 9, true}, {document.NewInt(4095), 4095, true},
		{document.NewInt(-1 << 40), -1 << 40, true}, {document.NewFloat(0.5), 0, false}} {
		if got, ok := c.v.Int(); got != c.want || ok != c.ok {
			t.Errorf("Int of %s = %d, %v; want %d, %v", c.v, got, ok, c.want, c.ok)
		}
	}
}

// CompareNumbers compares integers as integers and agrees with the
// decimal comparison on every pair, across the 18-byte edge.
func TestCompareIntegers(t *testing.T) {
	lits := []string{"0", "-0", "1", "-1", "9", "10", "-10", "99", "100", "999999999999999999", "-99999999999999999",
		"1000000000000000000", "-999999999999999999", "9007199254740993", "9007199254740992", "1.5", "1e1", "-0.0"}
	for _, a := range lits {
		for _, b := range lits {
			want := document.CompareDecimal(a, b)
			if got := document.CompareNumbers(number(t, a), number(t, b)); got != want {
				t.Errorf("CompareNumbers(%s, %s) = %d, want %d", a, b, got, want)
			}
		}
	}
}
