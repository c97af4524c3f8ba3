package jsonpath

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/verdict-rules/verdict/diag"
	"github.com/verdict-rules/verdict/internal/golden"
)

// TestErrorsGolden compiles every path of the unsafe corpus: each must be
// refused with a message and an offset, shown in errors.golden as a caret
// under the path.
func TestErrorsGolden(t *testing.T) {
	f, err := os.Open(filepath.Join("..", "..", "bench", "jsonpathplus", "corpus", "unsafe.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b strings.Builder
	n := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		n++
		_, err := Parse(line)
		if err == nil {
			t.Errorf("%s: accepted, want an error", line)
			continue
		}
		pe, ok := err.(*diag.Problem)
		if !ok || pe.Offset < 0 || pe.Offset > len(line) || pe.Msg == "" {
			t.Errorf("%s: error without a location: %v", line, err)
			continue
		}
		shown, caret := diag.Caret(pe.Source, pe.Offset)
		fmt.Fprintf(&b, "%s: %s (byte %d)\n%s\n%s\n\n", pe.Code, pe.Msg, pe.Offset, shown, caret)
	}
	if n < 30 {
		t.Fatalf("%d unsafe paths, want at least 30", n)
	}
	golden.Check(t, filepath.Join("testdata", "errors.golden"), []byte(b.String()))
}
