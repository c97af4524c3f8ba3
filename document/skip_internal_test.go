package document

import (
	"strings"
	"testing"
)

// TestSkipTrusted compares where skipTrusted ends arrays and objects with
// where the checking scanner does, on values whose strings hold brackets,
// escaped quotes and backslashes, at every alignment and with every number
// of bytes after them.
func TestSkipTrusted(t *testing.T) {
	values := []string{
		`[]`, `{}`, `[1]`, `[[[[]]]]`, `{"a":{"b":[1,2,{"c":[]}]}}`,
		`["]", "[", "}", "{"]`, `{"a]":"b}", "c":["\"]", "\\"]}`,
		`["\\\\", "\\\"", "\"\"\""]`, `[ "x" , [ ] , { } , 12.5e3 , true , null ]`,
		`{"k\u005d":"\u005b", "long string of more than eight bytes ]]]]": [1234567890, -1e-9]}`,
		"[\"\xc3\xa9]\xe2\x82\xac}\", \"\xdb\x9b\xdd\x9d\", [\n\t{}\r\n]]",
		`[` + strings.Repeat(`{"name":"value with ] and }","n":[1,[2,[3]]]},`, 20) + `0]`,
	}
	for _, v := range values {
		for pad := range 9 {
			for tail := range 9 {
				s := strings.Repeat(" ", pad) + v + strings.Repeat(" ", tail)
				want, _, err := check(s, pad, 64, 64, nil)
				if err != nil {
					t.Fatalf("%q: %v", v, err)
				}
				if got := skipTrusted(s, pad); got != want {
					t.Errorf("%q at %d with %d bytes after: ends at %d, want %d", v, pad, tail, got, want)
				}
			}
		}
	}
}
