package mask_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strings"
	"testing"

	"github.com/verdict-rules/verdict/document"
	"github.com/verdict-rules/verdict/mask"
)

var key = []byte("a key of at least sixteen bytes, kept secret")

// TestMaskToken: a token is the HMAC of a scalar's canonical JSON under
// the key, and of a container's canonical JSON with its members' tokens in
// place of their values: the same for the same value however written,
// different under another key.
func TestMaskToken(t *testing.T) {
	m1, _ := mask.New(key, "$.a")
	m2, _ := mask.New([]byte("another key of sixteen bytes or more"), "$.a")
	c1 := readJSON(t, `{"a": {"x": 1.50, "y": "é"}}`)
	c2 := readJSON(t, `{"a": {"y": "\u00e9", "x": 15e-1}}`)
	t1, t2 := m1.Token(c1.Get("a")), m1.Token(c2.Get("a"))
	if t1 != t2 || !regexp.MustCompile(`^hmac-sha256:[0-9a-f]{64}$`).MatchString(t1) {
		t.Errorf("tokens %s and %s of one value", t1, t2)
	}
	// HMAC-SHA-256 under the key, computed apart: of each member's
	// canonical JSON, then of the object of their tokens.
	tx, ty := mask.Prefix+hmacHex(key, `1.5`), mask.Prefix+hmacHex(key, `"é"`)
	if want := hmacHex(key, `{"x":"`+tx+`","y":"`+ty+`"}`); t1 != mask.Prefix+want {
		t.Errorf("token %s, want %s%s", t1, mask.Prefix, want)
	}
	if m2.Token(c1.Get("a")) == t1 {
		t.Error("another key gives the same token")
	}
}

// TestMaskErrors: no key, a short key, no path, a bad path (located) and a
// context path are refused.
func TestMaskErrors(t *testing.T) {
	for _, tc := range []struct {
		key   []byte
		paths []string
		want  string
	}{
		{nil, []string{"$.a"}, "mask: the key is 0 bytes long, less than 16"},
		{[]byte("short"), []string{"$.a"}, "mask: the key is 5 bytes long, less than 16"},
		{key, nil, "mask: no paths"},
		{key, []string{"$.a", "$.b[?(@.x==)]"}, "mask: /1"},
		{key, []string{"$.context.credit_score"}, "mask: /0 (byte 2): a mask names values of the case"},
	} {
		_, err := mask.New(tc.key, tc.paths...)
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("New(%q, %q): %v, want %s…", tc.key, tc.paths, err, tc.want)
		}
	}
}

func readJSON(t *testing.T, s string) document.Value {
	t.Helper()
	v, err := document.Decode([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func hmacHex(key []byte, msg string) string {
	h := hmac.New(sha256.New, key)
	h.Write([]byte(msg))
	return hex.EncodeToString(h.Sum(nil))
}

// TestMaskReach: a mask reaches each value its paths yield, whole, and a
// nil mask reaches nothing below the top.
func TestMaskReach(t *testing.T) {
	m, err := mask.New([]byte("a key of sixteen bytes or more"), "$.owners", "$.checks[*].id")
	if err != nil {
		t.Fatal(err)
	}
	// A member named "*" is followed too, as jsonpath-plus does.
	want := "$[\"checks\"][*][\"id\"]\n$[\"checks\"][\"*\"][\"id\"]\n$[\"owners\"]"
	if got := m.Reach().String(); got != want {
		t.Errorf("Reach() = %q, want %q", got, want)
	}
	var none *mask.Mask
	if r := none.Reach(); r == nil || r.Covers(document.NewReach(document.Names("owners"))) {
		t.Errorf("the nil mask's reach %v reaches a member", r)
	}
}
