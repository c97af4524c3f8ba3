package document

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestBloomCollisions decodes small objects whose names set the same bit
// of the bloom word, with and without a real repeat: only a repeat changes
// the members (first position, last value).
func TestBloomCollisions(t *testing.T) {
	var a, b string
	seen := map[uint]string{}
	for i := 0; a == ""; i++ {
		name := fmt.Sprintf("n%d", i)
		if other, ok := seen[bloomHash(name)]; ok {
			a, b = other, name
		}
		seen[bloomHash(name)] = name
	}
	for _, c := range []struct {
		in   string
		want []string
	}{
		{fmt.Sprintf(`{%q:1,%q:2}`, a, b), []string{a + "=1", b + "=2"}},
		{fmt.Sprintf(`{%q:1,%q:2,%q:3}`, a, b, a), []string{a + "=3", b + "=2"}},
		{fmt.Sprintf(`{%q:1,"x":[0],%q:{},"y":2,%q:4}`, b, a, b), []string{b + "=4", "x=[0]", a + "={}", "y=2"}},
		{fmt.Sprintf(`{%q:1,%q:2,%q:3,%q:4}`, a, b, b, a), []string{a + "=4", b + "=3"}},
	} {
		root, err := Decode([]byte(c.in))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for k := range root.Len() {
			got = append(got, root.Key(k)+"="+root.Index(k).String())
		}
		if diff := cmp.Diff(c.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", c.in, diff)
		}
	}
}
