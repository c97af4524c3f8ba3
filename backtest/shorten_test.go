package backtest

import (
	"strings"
	"testing"
)

// Two long ids or labels that share their first maxShown bytes and their
// length stay apart in the summaries.
func TestShortenKeepsLongValuesApart(t *testing.T) {
	a := strings.Repeat("x", 2*maxShown) + "a"
	b := strings.Repeat("x", 2*maxShown) + "b"
	if shorten(a) == shorten(b) {
		t.Errorf("%q and %q are kept alike", a[len(a)-3:], b[len(b)-3:])
	}
	if got := shorten(a); len(got) > maxShown+64 || !strings.HasPrefix(got, a[:maxShown]) || !strings.Contains(got, "… (2049 bytes, sha256:") {
		t.Errorf("shorten: %.60q… (%d bytes)", got[len(got)-60:], len(got))
	}
	if got := shorten("short"); got != "short" {
		t.Errorf("shorten(short) = %q", got)
	}
}
