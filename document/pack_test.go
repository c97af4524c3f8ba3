package document_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/verdict-rules/verdict/document"
)

// packed is a document that uses every part of a decoded document: strings
// with escapes, an object large enough for a hash table, an array of more
// than eight containers, repeated names and names that are array indexes.
func packed(pad int) []byte {
	var b strings.Builder
	b.WriteString(`{"esc": "tab\there \u00e9\ud83d\ude00", "big": {`)
	for i := range 20 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `"k%d": [%d, "v\n%d"]`, i, i, i)
	}
	b.WriteString(`}, "list": [`)
	for i := range 30 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"i": %d}`, i)
	}
	b.WriteString(`], "again": {"a": 1, "b": 2, "a": 3}, "order": {"x": 1, "2": 2, "1": 1},`)
	fmt.Fprintf(&b, ` "pad": %q}`, strings.Repeat("p", pad))
	return []byte(b.String())
}

// reading is what a reader of the packed document sees.
func reading(root document.Value) []string {
	out := []string{root.String()}
	big := root.Get("big")
	for i := range 20 {
		out = append(out, big.Get(fmt.Sprintf("k%d", i)).Index(1).Text())
	}
	list := root.Get("list")
	for i := range 30 {
		out = append(out, list.Index(i).Get("i").Literal())
	}
	return append(out, root.Get("esc").Text(), root.Get("again").Get("a").Literal(), root.Get("order").Key(0))
}

// TestDecodeKeepsItsCopy decodes documents below and above the size from
// which the tape is handed over instead of copied, then overwrites the
// input: a document decoded without Borrow reads as it did.
func TestDecodeKeepsItsCopy(t *testing.T) {
	for _, pad := range []int{0, 2 << 20} {
		data := packed(pad)
		root, err := document.Decode(data)
		if err != nil {
			t.Fatal(err)
		}
		want := reading(root)
		if want[len(want)-1] != "1" || want[len(want)-2] != "3" || want[len(want)-3] != "tab\there é😀" {
			t.Fatalf("%d bytes: read %q", len(data), want[len(want)-3:])
		}
		for i := range data {
			data[i] = 'x'
		}
		if diff := cmp.Diff(want, reading(root)); diff != "" {
			t.Errorf("%d bytes: the document changed with its input (-before +after):\n%s", len(data), diff)
		}
	}
}

// TestDecodeAllocations counts a decode's allocations once its parser is
// warm: the document and one block for its input, tape and lists, however
// many values, escapes and tables it has.
func TestDecodeAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	data := packed(100)
	for _, dc := range []document.Decoder{{}, {Borrow: true}} {
		if _, err := dc.Decode(data); err != nil {
			t.Fatal(err)
		}
		if n := testing.AllocsPerRun(100, func() {
			if _, err := dc.Decode(data); err != nil {
				t.Fatal(err)
			}
		}); n > 2 {
			t.Errorf("Borrow %v: %v allocations a decode, want 2", dc.Borrow, n)
		}
	}
}
