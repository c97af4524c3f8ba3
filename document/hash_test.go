package document

import (
	"fmt"
	"hash/maphash"
	"strings"
	"testing"
)

// probeStats returns the mean and the largest number of slots a lookup of
// each member of the object at the root of d reads, from the table itself:
// the distance of each name from the slot its hash points to, plus one.
// Building the table costs the same probes.
func probeStats(t *testing.T, d *Doc) (float64, int) {
	t.Helper()
	n, b := shape(d.tape, 0)
	if tagOf(b)&flagHashed == 0 {
		t.Fatalf("the object of %d members has no table", n)
	}
	size := tableSize(n)
	table := d.aux[offOf(b) : offOf(b)+size]
	total, most := 0, 0
	for j, e := range table {
		if e == 0 {
			continue
		}
		home := int(maphash.String(seed, d.textAt(int(e-1)))) & (size - 1)
		probes := (j-home+size)&(size-1) + 1
		total += probes
		most = max(most, probes)
	}
	return float64(total) / float64(n), most
}

// TestHashFlooding (F7): names that share their first eight bytes and
// their length cost lookups no more probes than ordinary names. The
// decoder it replaces hashed the first eight bytes and the length only, so
// such names all fell into one chain.
func TestHashFlooding(t *testing.T) {
	object := func(name func(i int) string) *Doc {
		var b strings.Builder
		b.WriteByte('{')
		for i := range 32767 {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `"%s":0`, name(i))
		}
		b.WriteByte('}')
		d, err := Decode([]byte(b.String()))
		if err != nil {
			t.Fatal(err)
		}
		return d.Doc()
	}
	hostile := object(func(i int) string { return fmt.Sprintf("aaaaaaaa%05d", i) })
	ordinary := object(func(i int) string { return fmt.Sprintf("%05daaaaaaaa", i) })
	hm, hmax := probeStats(t, hostile)
	om, omax := probeStats(t, ordinary)
	t.Logf("probes per lookup: shared prefixes %.2f (at most %d), ordinary names %.2f (at most %d)", hm, hmax, om, omax)
	if hm > 2 || om > 2 || hm > 1.25*om+0.1 {
		t.Errorf("names sharing a prefix take %.2f probes per lookup, ordinary names %.2f", hm, om)
	}
	if hmax > 100 {
		t.Errorf("a lookup takes %d probes", hmax)
	}
}
