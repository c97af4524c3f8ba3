package document

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// lookupNames are names a member lookup must tell apart: empty, short,
// of exactly eight bytes, of nine to sixteen (compared by their first and
// last eight bytes), longer ones that share both their first and last
// eight bytes and differ only in between, and names with bytes that are
// written escaped.
var lookupNames = []string{
	"", "a", "b", "ab", "type", "typ", "types", "abcdefg", "abcdefgh", "abcdefgi", "abcdefghi",
	"registration_dat", "registration_date", "registration_time", "incorporation_date",
	"abcdefgh_middle_1_stuvwxyz", "abcdefgh_middle_2_stuvwxyz", "abcdefgh_middle_22_stuvwxyz",
	"abcdefgh12345678", "abcdefgh12345679", "0", "1", "10", "\u00f8", "\"", "a\\b", "tab\there", "\u2028",
}

// quoteName writes name as a JSON string, escaping every byte that can be
// escaped when escape is set, so that the name is an escaped one in the
// tape.
func quoteName(name string, escape bool) string {
	if !escape {
		return string(AppendQuoted(nil, name))
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range name {
		if r < 0x10000 {
			fmt.Fprintf(&b, `\u%04x`, r)
		} else {
			b.WriteString(string(r))
		}
	}
	b.WriteByte('"')
	return b.String()
}

// TestMemberLookupAgreesWithIter looks up every name of lookupNames, the
// zero Key and names absent from it in generated objects of every layout
// (scalars only, some containers, more than walkMax members, repeated
// names, index names out of order, with and without a hash table), with
// names written plainly or escaped and with the object at the very end of
// the input; Member, MemberKey and GetKey must find what reading the
// members in order finds.
func TestMemberLookupAgreesWithIter(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	missing := []string{"x", "abcdefgj", "registration_datf", "abcdefgh_middle_3_stuvwxyz", "abcdefgh12345670", "c"}
	for round := 0; round < 3000; round++ {
		n := 1 + rng.IntN(40)
		if round%3 == 0 {
			n = 1 + rng.IntN(4)
		}
		containers := rng.IntN(3) != 0
		escaped := rng.IntN(4) == 0
		var b strings.Builder
		b.WriteString("{")
		for i := 0; i < n; i++ {
			if i > 0 {
				b.WriteString(",")
			}
			name := lookupNames[rng.IntN(len(lookupNames))]
			b.WriteString(quoteName(name, escaped && rng.IntN(2) == 0))
			b.WriteString(":")
			if containers && rng.IntN(2) == 0 {
				fmt.Fprintf(&b, `{"v":%d,"w":[%d]}`, i, i)
			} else {
				fmt.Fprintf(&b, "%d", i)
			}
		}
		b.WriteString("}")
		data := []byte(b.String())
		for _, borrow := range []bool{false, true} {
			v, err := Decoder{Borrow: borrow}.Decode(data)
			if err != nil {
				t.Fatalf("%s: %v", data, err)
			}
			find := func(name string) Value {
				for it := v.Iter(); it.Next(); {
					if it.Key() == name {
						return it.Value()
					}
				}
				return Value{}
			}
			for _, name := range append(lookupNames, missing...) {
				want := find(name)
				got, ok := v.Member(name)
				if got != want || ok != want.Exists() {
					t.Fatalf("%s: Member(%q) = %v, %v; the members in order give %v", data, name, got, ok, want)
				}
				if got, ok := v.MemberKey(NewKey(name)); got != want || ok != want.Exists() {
					t.Fatalf("%s: MemberKey(%q) = %v, %v; the members in order give %v", data, name, got, ok, want)
				}
				if name == "" {
					if got := v.GetKey(Key{}); got != want {
						t.Fatalf("%s: GetKey(Key{}) = %v; the members in order give %v", data, got, want)
					}
				}
			}
		}
	}
}

// A name shorter than eight bytes at the very end of the input cannot be
// read as a word; and lookups in what is not an object find nothing.
func TestMemberAtEndOfInput(t *testing.T) {
	for _, in := range []string{`{"a":1}`, `{"b":0,"a":1}`, `[{"a":1}]`, `{"x":{"a":1}}`, `{"b":[],"a":1}`, `{"ab":{},"a":1}`} {
		v, err := Decoder{Borrow: true}.Decode([]byte(in))
		if err != nil {
			t.Fatal(err)
		}
		for v.Kind() != Object || v.Len() == 1 && v.Get("x").Exists() {
			if v.Kind() == Array {
				v = v.Index(0)
			} else {
				v = v.Get("x")
			}
		}
		if got := v.GetKey(NewKey("a")); got.Literal() != "1" {
			t.Errorf("%s: GetKey(a) = %v, want 1", in, got)
		}
		if got, ok := v.Member("c"); ok {
			t.Errorf("%s: Member(c) = %v, want nothing", in, got)
		}
	}
	for _, in := range []string{`1`, `"a"`, `[1]`, `null`, `{}`} {
		v, err := Decode([]byte(in))
		if err != nil {
			t.Fatal(err)
		}
		if got, ok := v.Member("a"); ok {
			t.Errorf("%s: Member(a) = %v, want nothing", in, got)
		}
	}
}

// tableSize is the smallest power of two of at least 16 above 1.5 times
// the members.
func TestTableSize(t *testing.T) {
	for n := 0; n < 1<<20; n++ {
		want := 16
		for want < n+n/2+1 {
			want *= 2
		}
		if got := tableSize(n); got != want {
			t.Fatalf("tableSize(%d) = %d, want %d", n, got, want)
		}
	}
}

// AsText gives the text of strings, escaped or not, and false for every
// other kind.
func TestAsText(t *testing.T) {
	v, err := Decode([]byte(`["plain","esc\u0061ped\n","",1,null,true,[],{},"\u00f8"]`))
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		text string
		ok   bool
	}{{"plain", true}, {"escaped\n", true}, {"", true}, {"", false}, {"", false}, {"", false}, {"", false}, {"", false}, {"ø", true}}
	for i, w := range want {
		if got, ok := v.Index(i).AsText(); got != w.text || ok != w.ok {
			t.Errorf("element %d: AsText() = %q, %v; want %q, %v", i, got, ok, w.text, w.ok)
		}
	}
	if got, ok := (Value{}).AsText(); got != "" || ok {
		t.Errorf("zero Value: AsText() = %q, %v", got, ok)
	}
}

// The constants are found by position: each must be the element of the
// constants array it stands for.
func TestConstants(t *testing.T) {
	if NewNull() != constants.Index(0) || NewNull().Kind() != Null {
		t.Errorf("NewNull() = %v", NewNull())
	}
	if NewBool(false) != constants.Index(1) || NewBool(true) != constants.Index(2) || !NewBool(true).Bool() || NewBool(false).Kind() != Bool {
		t.Errorf("NewBool = %v, %v", NewBool(false), NewBool(true))
	}
	for i := int64(-2); i < smallInts+2; i++ {
		v := NewInt(i)
		if got, ok := v.Int(); !ok || got != i {
			t.Fatalf("NewInt(%d) = %v", i, v)
		}
		if i >= 0 && i < smallInts && v != constants.Index(3+int(i)) {
			t.Fatalf("NewInt(%d) = %v, not the constant", i, v)
		}
	}
}
