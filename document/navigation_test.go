package document_test

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/verdict-rules/verdict/document"
	"github.com/verdict-rules/verdict/internal/refjson"
)

// pair is one value decoded by both decoders, with its JSON Pointer.
type pair struct {
	ptr string
	old *refjson.Value
	new document.Value
}

// pairs walks two decodes of one document side by side.
func pairs(ptr string, old *refjson.Value, v document.Value, out []pair) []pair {
	out = append(out, pair{ptr, old, v})
	for i := range v.Len() {
		p := document.IndexPointer(ptr, i)
		if v.Kind() == document.Object {
			p = document.JoinPointer(ptr, v.Key(i))
		}
		out = pairs(p, old.Index(i), v.Index(i), out)
	}
	return out
}

// TestNavigationCorpus checks every reader of a value against the
// decoder it replaces, on every value of every corpus document: pointers
// (At, Locate, Span), member lookups, iteration, Interface, and Equal and
// CompareNumbers over pairs of values.
func TestNavigationCorpus(t *testing.T) {
	n := 0
	for name, data := range corpus(t) {
		old, err := refjson.Decode(data)
		if err != nil {
			continue
		}
		doc, err := parse(document.Decoder{}, data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		ps := pairs("", old, doc.Root(), nil)
		var numbers []pair
		for _, p := range ps {
			n++
			checkPair(t, name, data, doc, p)
			if p.new.Kind() == document.Number {
				numbers = append(numbers, p)
			}
		}
		// Equal over pairs of values of the same document, including
		// each value with itself.
		for i := 0; i < len(ps); i += 1 + len(ps)/60 {
			for j := 0; j < len(ps); j += 1 + len(ps)/60 {
				a, b := ps[i], ps[j]
				if got, want := document.Equal(a.new, b.new), refjson.Equal(a.old, b.old); got != want {
					t.Errorf("%s: Equal(%s, %s) = %v, want %v", name, a.ptr, b.ptr, got, want)
				}
			}
		}
		for i := 0; i < len(numbers); i += 1 + len(numbers)/40 {
			for j := 0; j < len(numbers); j += 1 + len(numbers)/40 {
				a, b := numbers[i], numbers[j]
				if got, want := document.CompareNumbers(a.new, b.new), refjson.CompareNumbers(a.old, b.old); got != want {
					t.Errorf("%s: CompareNumbers(%s, %s) = %d, want %d", name, a.new.Literal(), b.new.Literal(), got, want)
				}
			}
		}
	}
	if n < 10000 {
		t.Fatalf("only %d values checked", n)
	}
}

func checkPair(t *testing.T, name string, data []byte, doc *document.Doc, p pair) {
	t.Helper()
	at, ok := doc.Root().At(p.ptr)
	if !ok || at != p.new {
		t.Errorf("%s: At(%q) = %v %v, want the value walked to", name, p.ptr, at, ok)
	}
	want, wok := document.Locate(data, p.ptr)
	got, gok := doc.Locate(p.ptr)
	if gok != wok || got != (document.Span{Start: want.Start, End: want.End, Key: want.Key}) {
		t.Errorf("%s: Locate(%q) = %+v %v, want %+v %v", name, p.ptr, got, gok, want, wok)
	}
	if sp := p.new.Span(); sp.Start != want.Start || sp.End != want.End || sp.Key != -1 {
		t.Errorf("%s: Span of %q = %+v, want %d:%d", name, p.ptr, sp, want.Start, want.End)
	}
	if diff := cmp.Diff(p.old.Interface(), p.new.Interface()); diff != "" {
		t.Errorf("%s: Interface of %q (-jsonpath +document):\n%s", name, p.ptr, diff)
	}
	if p.new.Kind().String() != p.old.Kind().String() || p.new.Text() != p.old.Text() ||
		p.new.Literal() != p.old.Literal() || p.new.Bool() != p.old.Bool() || p.new.Len() != p.old.Len() {
		t.Errorf("%s: %q reads differently: %v %q %q %v %d, want %v %q %q %v %d", name, p.ptr,
			p.new.Kind(), p.new.Text(), p.new.Literal(), p.new.Bool(), p.new.Len(),
			p.old.Kind(), p.old.Text(), p.old.Literal(), p.old.Bool(), p.old.Len())
	}
	if p.new.Kind() == document.Number && p.new.Float() != p.old.Float() && !(p.new.Float() != p.new.Float()) {
		t.Errorf("%s: %q Float = %v, want %v", name, p.ptr, p.new.Float(), p.old.Float())
	}
	// Iteration and lookups agree with Index and Key.
	k := 0
	for it := p.new.Iter(); it.Next(); k++ {
		if it.Index() != k || it.Value() != p.new.Index(k) || it.Key() != p.new.Key(k) {
			t.Errorf("%s: %q: the iterator's child %d differs from Index and Key", name, p.ptr, k)
		}
		if p.new.Kind() != document.Object {
			continue
		}
		m, ok := p.new.Member(it.Key())
		mk, okk := p.new.MemberKey(document.NewKey(it.Key()))
		if !ok || !okk || m != it.Value() || mk != m || p.new.Get(it.Key()) != m {
			t.Errorf("%s: %q: Member(%q) does not find the member %d", name, p.ptr, it.Key(), k)
		}
	}
	if k != p.new.Len() {
		t.Errorf("%s: %q: the iterator yields %d children, Len is %d", name, p.ptr, k, p.new.Len())
	}
	if _, ok := p.new.Member("\x00no such member"); ok {
		t.Errorf("%s: %q: a member that does not exist was found", name, p.ptr)
	}
}

// TestNavigationLargeObjects covers the hash tables of large objects: every
// member found by Member and MemberKey, and names that are absent, with
// repeated and index names mixed in.
func TestNavigationLargeObjects(t *testing.T) {
	for _, n := range []int{11, 12, 13, 100, 1000, 40000} {
		var b []byte
		b = append(b, '{')
		for i := range n {
			if i > 0 {
				b = append(b, ',')
			}
			switch i % 5 {
			case 0:
				b = fmt.Appendf(b, `"%d":[%d]`, n-i, i) // array index names, out of order
			case 1:
				b = fmt.Appendf(b, `"m%d":%d`, i%97, i) // repeats
			default:
				b = fmt.Appendf(b, `"name-%08d":"v%d"`, i, i)
			}
		}
		b = append(b, '}')
		checkSame(t, fmt.Sprintf("object of %d", n), b, false, 0)
		old, _ := refjson.Decode(b)
		doc, err := parse(document.Decoder{}, b)
		if err != nil {
			t.Fatal(err)
		}
		root := doc.Root()
		for i := range old.Len() {
			key := old.Key(i)
			m, ok := root.MemberKey(document.NewKey(key))
			if !ok || m.String() != old.Index(i).String() {
				t.Fatalf("object of %d: member %q not found or wrong: %v", n, key, m)
			}
		}
		for _, absent := range []string{"", "m97", "name-", "-1", "name-000000001"} {
			if _, ok := root.Member(absent); ok {
				t.Errorf("object of %d: found absent member %q", n, absent)
			}
		}
	}
}

func TestKindNames(t *testing.T) {
	got := fmt.Sprint(document.Undefined, document.Null, document.Bool, document.Number, document.String,
		document.Array, document.Object, document.Skipped, document.Kind(99))
	if want := "undefined null boolean number string array object skipped kind(99)"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestZeroValue(t *testing.T) {
	var v document.Value
	if v.Kind() != document.Undefined || v.Exists() || v.Len() != 0 || v.Text() != "" || v.Literal() != "" ||
		v.Float() != 0 || v.Bool() || v.Key(0) != "" || v.Index(0).Exists() || v.Get("a").Exists() ||
		v.String() != "null" || v.Interface() != nil || v.Doc() != nil {
		t.Error("the zero Value does not read as Undefined")
	}
	if _, ok := v.At(""); ok {
		t.Error("At on the zero Value found something")
	}
	if sp := v.Span(); sp != (document.Span{Key: -1}) {
		t.Errorf("Span of the zero Value = %+v", sp)
	}
	if it := v.Iter(); it.Next() {
		t.Error("the zero Value has children")
	}
	if !document.Equal(v, document.Value{}) {
		t.Error("two zero Values differ")
	}
	// The zero Value's Doc is nil, and a nil Doc reads as an empty one.
	d := v.Doc()
	if d.Root().Exists() || d.Source() != "" || d.Size() != 0 || d.Reach() != nil ||
		d.Covers(document.NewReach(document.Names("a"))) != nil {
		t.Error("a nil Doc does not read as empty")
	}
	if _, ok := d.Locate(""); ok {
		t.Error("Locate on a nil Doc found something")
	}
}

func TestOutOfRange(t *testing.T) {
	doc, err := parse(document.Decoder{}, []byte(`{"a":[1,[2],{"b":3}],"s":"x"}`))
	if err != nil {
		t.Fatal(err)
	}
	root := doc.Root()
	a := root.Get("a")
	for _, v := range []document.Value{a.Index(-1), a.Index(3), root.Index(2), root.Get("s").Index(0)} {
		if v.Exists() {
			t.Errorf("out of range child exists: %v", v)
		}
	}
	if root.Key(-1) != "" || root.Key(2) != "" || a.Key(0) != "" {
		t.Error("out of range keys are not empty")
	}
	for _, p := range []string{"a", "/a/3", "/a/-1", "/a/01", "/a/1/0/0", "/s/0", "/~2", "/a~"} {
		if _, ok := root.At(p); ok {
			t.Errorf("At(%q) found something", p)
		}
		if _, ok := doc.Locate(p); ok {
			t.Errorf("Locate(%q) found something", p)
		}
	}
	if v, ok := root.At("/a/2/b"); !ok || v.Literal() != "3" {
		t.Errorf("At(/a/2/b) = %v %v", v, ok)
	}
}

func TestInterfaceMatchesEncodingJSON(t *testing.T) {
	doc, err := parse(document.Decoder{}, []byte(`{"a":[1,2.5,"x",true,null,{}],"b":{"c":[]}}`))
	if err != nil {
		t.Fatal(err)
	}
	old, _ := refjson.Decode([]byte(`{"a":[1,2.5,"x",true,null,{}],"b":{"c":[]}}`))
	if !reflect.DeepEqual(doc.Root().Interface(), old.Interface()) {
		t.Errorf("Interface = %#v, want %#v", doc.Root().Interface(), old.Interface())
	}
}

// TestConcurrentUse reads one document from many goroutines while others
// decode, so that -race sees the shared reads and the parsers' pool.
func TestConcurrentUse(t *testing.T) {
	docs := corpus(t)
	data := docs["generated-50KB"]
	doc, err := parse(document.Decoder{}, data)
	if err != nil {
		t.Fatal(err)
	}
	want := doc.Root().String()
	key := document.NewKey("agent_checklists")
	done := make(chan string)
	for g := range 8 {
		go func() {
			var got string
			for range 20 {
				if g%2 == 0 {
					d, err := document.Decoder{Reach: reachOf([]path{{"status"}})}.Decode(data)
					if err != nil {
						got = err.Error()
						break
					}
					got = d.Get("status").Text()
					continue
				}
				list := doc.Root().GetKey(key)
				for it := list.Iter(); it.Next(); {
					_ = it.Value().Get("id").Text()
				}
				got = doc.Root().String()
			}
			done <- got
		}()
	}
	for g := range 8 {
		got := <-done
		if got != want && got != doc.Root().Get("status").Text() {
			t.Errorf("goroutine %d read %.80q", g, got)
		}
	}
}

func TestCopyAndBorrow(t *testing.T) {
	data := []byte(`{"a": "text", "n": 12}`)
	doc, err := parse(document.Decoder{}, data)
	if err != nil {
		t.Fatal(err)
	}
	borrowed, err := parse(document.Decoder{Borrow: true}, data)
	if err != nil {
		t.Fatal(err)
	}
	if doc.Size() != borrowed.Size()+len(data) {
		t.Errorf("sizes %d and %d: the borrowed document should hold the input's bytes less", doc.Size(), borrowed.Size())
	}
	copy(data, `{"a": "XXXX", "n": 99}`)
	if got := doc.Root().Get("a").Text() + doc.Root().Get("n").Literal(); got != "text12" {
		t.Errorf("the decoded document changed with its input: %q", got)
	}
	if got := borrowed.Root().Get("a").Text(); got != "XXXX" {
		t.Errorf("a borrowed document reads %q, not its input as it is now", got)
	}
	if _, err := parse(document.Decoder{Borrow: true}, nil); err == nil {
		t.Error("an empty borrowed input decodes")
	}
}

func TestLimits(t *testing.T) {
	deep := []byte(strings.Repeat("[", 20) + strings.Repeat("]", 20))
	var se *document.SyntaxError
	if _, err := parse(document.Decoder{MaxDepth: 19}, deep); !errors.As(err, &se) || se.Msg != "nesting deeper than the limit of 19" || se.Offset != 19 {
		t.Errorf("depth 19: got %v", err)
	}
	if _, err := parse(document.Decoder{MaxDepth: 20}, deep); err != nil {
		t.Errorf("depth 20: %v", err)
	}
	if _, err := parse(document.Decoder{}, []byte(strings.Repeat("[", 513)+strings.Repeat("]", 513))); err == nil || !strings.Contains(err.Error(), "limit of 512") {
		t.Errorf("default depth: got %v", err)
	}
	if _, err := parse(document.Decoder{MaxBytes: 5}, []byte(`{"a":1}`)); !errors.As(err, &se) || se.Msg != "document is 7 bytes, more than the limit of 5" || se.Line != 1 || se.Column != 1 {
		t.Errorf("size: got %v", err)
	}
	if _, err := parse(document.Decoder{MaxBytes: document.DefaultMaxBytes}, make([]byte, document.DefaultMaxBytes+1)); !errors.As(err, &se) {
		t.Errorf("default size: got %v", err)
	}
	if _, err := parse(document.Decoder{MaxBytes: document.MaxBytesLimit + 1}, []byte(`{}`)); err == nil || errors.As(err, &se) {
		t.Errorf("a MaxBytes beyond the tape's limit: got %v", err)
	}
}

// TestReadsDoNotAllocate: reading a document, strings with escapes
// included, allocates nothing.
func TestReadsDoNotAllocate(t *testing.T) {
	doc, err := parse(document.Decoder{}, corpus(t)["generated-50KB"])
	if err != nil {
		t.Fatal(err)
	}
	esc, err := parse(document.Decoder{}, []byte(`{"a\u0041":"x\ny","k1":1,"k2":2,"k3":3,"k4":4,"k5":5,"k6":6,"k7":7,"k8":8,"k9":9,"k10":10,"k11":11}`))
	if err != nil {
		t.Fatal(err)
	}
	key := document.NewKey("agent_checklists")
	var sink int
	allocs := testing.AllocsPerRun(20, func() {
		root := doc.Root()
		list := root.GetKey(key)
		for it := list.Iter(); it.Next(); {
			item := it.Value()
			sink += len(item.Get("id").Text()) + item.Len() + len(it.Key())
			sink += len(item.Index(1).Get("value").Text())
		}
		v, _ := root.At("/checks/0/data/0/status")
		sink += len(v.Text()) + v.Span().End + len(root.Get("prefills").Index(0).Key(0))
		sink += len(esc.Root().Get("aA").Text()) + len(esc.Root().Key(0)) + len(esc.Root().Get("k11").Literal())
		sink += int(esc.Root().Get("k9").Float()) + document.CompareNumbers(esc.Root().Get("k1"), esc.Root().Get("k2"))
		if document.Equal(list, list) {
			sink++
		}
	})
	if allocs != 0 {
		t.Errorf("reading allocates %v times", allocs)
	}
	if sink == 0 {
		t.Error("nothing was read")
	}
}
