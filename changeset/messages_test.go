package changeset_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/verdict-rules/verdict/changeset"
)

// TestApplyErrorsCutValues: an Apply error shows the values it compares
// by their first hundred characters and their length, so refusing a
// change to a large value does not put the value in the message.
func TestApplyErrorsCutValues(t *testing.T) {
	big := `[` + strings.TrimSuffix(strings.Repeat(`{"type": "sanction", "status": "PENDING"},`, 8000), ",") + `]`
	doc := []byte(`{"status": "READY_FOR_REVIEW", "checks": ` + big + `}`)
	long := strings.Repeat("/x", 100_000)
	for _, tc := range []struct {
		name string
		c    changeset.Change
		want string
	}{
		{"the current value", changeset.Change{Field: "/checks", OldValue: []byte(`[]`), NewValue: []byte(`[]`)},
			`apply /checks: the case holds [{"type":"sanction","status":"PENDING"},`},
		{"the old value", changeset.Change{Field: "/status", OldValue: []byte(big), NewValue: []byte(`"ACTIVE"`)},
			`apply /status: the case holds "READY_FOR_REVIEW" there, not the old value [{"type":"sanction","status":"PENDING"},`},
		{"a missing value", changeset.Change{Field: "/other", OldValue: []byte(big), NewValue: []byte(`1`)},
			`apply /other: the case has no value there, not the old value [{"type":"sanction","status":"PENDING"},`},
		{"the field", changeset.Change{Field: long, OldValue: []byte(`1`), NewValue: []byte(`2`)},
			"apply " + long[:100] + "… (200000 bytes): "},
	} {
		_, err := changeset.Apply(doc, []changeset.Entry{{Changes: []changeset.Change{tc.c}}})
		var ae *changeset.Error
		if !errors.As(err, &ae) {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if msg := err.Error(); len(msg) > 400 || !strings.HasPrefix(msg, tc.want) || (tc.name != "the field" && !strings.Contains(msg, " bytes)")) {
			t.Errorf("%s: a message of %d bytes: %.500s", tc.name, len(msg), msg)
		}
	}
}
