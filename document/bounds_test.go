package document

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestStrictFindsRepeatsInLargeObjects puts a repeated name early, in the
// middle and last of objects small and large.
func TestStrictFindsRepeatsInLargeObjects(t *testing.T) {
	for _, n := range []int{2, walkMax - 1, walkMax, walkMax + 1, 100, 5000} {
		for _, at := range []int{1, n / 2, n} {
			members := make([]string, n)
			for i := range members {
				members[i] = fmt.Sprintf(`"k%d": %d`, i, i)
			}
			repeat := fmt.Sprintf(`"k%d": "again"`, at-1)
			doc := "{" + strings.Join(members[:at], ",") + "," + repeat
			if at < n {
				doc += "," + strings.Join(members[at:], ",")
			}
			doc += "}"
			_, err := Decoder{Strict: true}.Decode([]byte(doc))
			var se *SyntaxError
			if !errors.As(err, &se) || se.Msg != fmt.Sprintf("duplicate member name %q", fmt.Sprintf("k%d", at-1)) {
				t.Errorf("%d members, repeat after %d: got %v", n, at, err)
				continue
			}
			if want := strings.Index(doc, repeat); se.Offset != want {
				t.Errorf("%d members, repeat after %d: offset %d, want %d", n, at, se.Offset, want)
			}
			if _, err := Decode([]byte(doc)); err != nil {
				t.Errorf("%d members: the lenient decoder refused a repeat: %v", n, err)
			}
		}
	}
}

// pointersOf lists the pointer of every value in v, and of a missing
// member and element under each container.
func pointersOf(v Value, base string, out *[]string) {
	*out = append(*out, base)
	switch v.Kind() {
	case Object:
		*out = append(*out, JoinPointer(base, "no such member"))
		for i := 0; i < v.Len(); i++ {
			pointersOf(v.Index(i), JoinPointer(base, v.Key(i)), out)
		}
	case Array:
		*out = append(*out, IndexPointer(base, v.Len()), base+"/01", base+"/-")
		for i := 0; i < v.Len(); i++ {
			pointersOf(v.Index(i), IndexPointer(base, i), out)
		}
	}
}

// TestLocateAllAgreesWithLocate locates every value of the case files, and
// of documents with repeated member names, at once and one by one.
func TestLocateAllAgreesWithLocate(t *testing.T) {
	docs := []string{
		`{"a": 1, "b": {"c": [1, {"d": 2}]}, "a": {"x": 3}}`,
		`{"a": {"x": {"y": 1}}, "a": {"z": 2}, "b": [[1], [2, [3]]]}`,
		"\xef\xbb\xbf" + ` [ {"k\"ey": "v", "k\u0065y": 1} , 2 ] `,
		`{"a~b": {"c/d": 1}, "": {"": 2}}`,
	}
	files, _ := filepath.Glob("../testdata/cases/*/*.json")
	if len(files) == 0 {
		t.Fatal("no case files")
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, string(data))
	}
	for _, doc := range docs {
		v, err := Decode([]byte(doc))
		if err != nil {
			t.Fatal(err)
		}
		var ptrs []string
		pointersOf(v, "", &ptrs)
		ptrs = append(ptrs, "/a/x", "/a/x/y", "/b/c/1/d", "bad", "/a~2")
		spans, found := LocateAll([]byte(doc), ptrs)
		for i, p := range ptrs {
			want, ok := Locate([]byte(doc), p)
			if ok != found[i] || (ok && want != spans[i]) {
				t.Errorf("%.40s: %q: LocateAll %v %+v, Locate %v %+v", doc, p, found[i], spans[i], ok, want)
			}
		}
	}
}
