package rules_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/verdict-rules/verdict/document"

	"github.com/verdict-rules/verdict/cases"
	"github.com/verdict-rules/verdict/rules"
)

func fingerprintOf(t *testing.T, data []byte, opts ...rules.Option) string {
	t.Helper()
	set, err := rules.Load(data, opts...)
	if err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	return set.Programs()[0].Fingerprint()
}

var fingerprintForm = regexp.MustCompile(`^sha256:[0-9a-f]{64}$`)

// TestFingerprintIgnoresFormAndNames: the fingerprint is the same however
// the automation is written, named or described, and whichever of trigger
// and triggers holds its triggers.
func TestFingerprintIgnoresFormAndNames(t *testing.T) {
	base, err := os.ReadFile("../testdata/automations/auto-approve.json")
	if err != nil {
		t.Fatal(err)
	}
	want := fingerprintOf(t, base)
	if !fingerprintForm.MatchString(want) {
		t.Fatalf("fingerprint %q is not sha256:<64 hex digits>", want)
	}
	var reversed bytes.Buffer
	writeReversed(&reversed, decodeJSON(t, base))
	same := map[string][]byte{
		"compact and reordered": reversed.Bytes(),
		"renamed": edit(t, base, func(a map[string]any) {
			a["id"], a["name"], a["description"] = "other.id", "Another name", "Another description"
			a["metadata"] = map[string]any{"owner": "someone else"}
		}),
		"triggers instead of trigger": edit(t, base, func(a map[string]any) {
			a["triggers"] = a["trigger"]
			delete(a, "trigger")
		}),
		"the API's read-only fields": edit(t, base, func(a map[string]any) {
			a["object"], a["account_id"], a["created_at"], a["created_by"] = "automation", "PQ1230483", "2026-01-01T00:00:00Z", "someone"
			a["updated_at"], a["updated_by"] = "2026-02-01T00:00:00Z", "someone else"
		}),
		"labels and the default match": edit(t, base, func(a map[string]any) {
			cond(a, 1, 1)["label"] = "credit score too low"
			cond(a, 1, 1)["match"] = "all"
		}),
		"the same numbers spelt otherwise": bytes.Replace(base, []byte(`"value": "70"`), []byte(`"value": "7\u0030"`), 1),
	}
	for name, data := range same {
		t.Run(name, func(t *testing.T) {
			if got := fingerprintOf(t, data); got != want {
				t.Errorf("fingerprint %s, want %s (unchanged)", got, want)
			}
		})
	}
	// Unrelated context fields and statuses the vocabulary already has in
	// another order change nothing.
	if got := fingerprintOf(t, base, rules.WithContextField("unused", "1 + 1")); got != want {
		t.Errorf("a context field the automation does not read changed the fingerprint: %s, want %s", got, want)
	}
	rev := cases.QuickrStatuses()
	slices.Reverse(rev)
	if got := fingerprintOf(t, base, rules.WithStatuses(rev)); got != want {
		t.Errorf("the vocabulary in another order changed the fingerprint: %s, want %s", got, want)
	}
}

// TestFingerprintFollowsTheLogic: any change to a threshold, an operator,
// a path, an action, a trigger, a reason code, the vocabulary or the
// definition of a context field read changes the fingerprint, and each
// change gives a fingerprint of its own.
func TestFingerprintFollowsTheLogic(t *testing.T) {
	base, err := os.ReadFile("../testdata/automations/auto-approve.json")
	if err != nil {
		t.Fatal(err)
	}
	orig := fingerprintOf(t, base)
	seen := map[string]string{orig: "the original"}
	changed := func(name, fp string) {
		t.Helper()
		if other, dup := seen[fp]; dup {
			t.Errorf("%s: fingerprint %s, the same as %s", name, fp, other)
		}
		seen[fp] = name
	}
	edits := map[string]func(a map[string]any){
		"threshold":      func(a map[string]any) { cond(a, 1, 1)["value"] = "71" },
		"threshold type": func(a map[string]any) { cond(a, 1, 1)["value"] = json.Number("70") },
		"operator":       func(a map[string]any) { cond(a, 1, 1)["type"] = "greater_than" },
		"match":          func(a map[string]any) { cond(a, 1, 1)["match"] = "any" },
		"path": func(a map[string]any) {
			cond(a, 1, 1)["field"] = "$.prefills[?(@.type==='credit_score')].data[*].current_credit_score.value"
		},
		"group":           func(a map[string]any) { cond(a, 0)["type"] = "and" },
		"condition order": func(a map[string]any) { cs := a["conditions"].([]any); cs[0], cs[1] = cs[1], cs[0] },
		"reason code":     func(a map[string]any) { cond(a, 1, 1)["reason_code"] = "CREDIT_SCORE_LOW" },
		"action":          func(a map[string]any) { a["actions"].([]any)[0].(map[string]any)["status"] = "REVIEW_IN_PROGRESS" },
		"extra action": func(a map[string]any) {
			a["actions"] = append(a["actions"].([]any), map[string]any{"type": "set_check_status", "check": "sanction", "status": "COMPLETED"})
		},
		"trigger status": func(a map[string]any) { a["trigger"].([]any)[0].(map[string]any)["status"] = "REVIEW_IN_PROGRESS" },
		"trigger type":   func(a map[string]any) { a["trigger"].([]any)[0].(map[string]any)["type"] = "case_status_change" },
		"previous status": func(a map[string]any) {
			a["trigger"].([]any)[0].(map[string]any)["previous_status"] = "PROCESSING_DETAILS"
		},
		"company age bound": func(a map[string]any) { cond(a, 2)["value"] = "3" },
	}
	for name, f := range edits {
		changed(name, fingerprintOf(t, edit(t, base, f)))
	}
	changed("vocabulary", fingerprintOf(t, base, rules.WithStatuses(append(cases.QuickrStatuses(), "ON_HOLD"))))
	changed("company_age redefined", fingerprintOf(t, base, rules.WithContextField("company_age", "1")))
	changed("company_age redefined again", fingerprintOf(t, base, rules.WithContextField("company_age", "2")))
	changed("company_age by a Go function", fingerprintOf(t, base, rules.WithContextFunc("company_age", "years since registration",
		func(document.Value, time.Time) (any, bool) { return 3, true })))
	// A field an expression field reads counts too.
	withExpr := edit(t, base, func(a map[string]any) { cond(a, 2)["field"] = "$.context.age_in_years" })
	one := fingerprintOf(t, withExpr, rules.WithContextField("age_in_years", "context.company_age"))
	two := fingerprintOf(t, withExpr, rules.WithContextField("age_in_years", "context.company_age"), rules.WithContextField("company_age", "5"))
	changed("age_in_years", one)
	changed("age_in_years reading a redefined company_age", two)
}

// TestSetFingerprint: a set's fingerprint does not depend on the order of
// its automations, and changes with any of them.
func TestSetFingerprint(t *testing.T) {
	a, err := os.ReadFile("../testdata/automations/auto-approve.json")
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile("../testdata/automations/auto-approve-docs.json")
	if err != nil {
		t.Fatal(err)
	}
	load := func(docs ...[]byte) *rules.Set {
		t.Helper()
		set, err := rules.Load([]byte("[" + string(bytes.Join(docs, []byte(","))) + "]"))
		if err != nil {
			t.Fatal(err)
		}
		return set
	}
	ab, ba := load(a, b).Fingerprint(), load(b, a).Fingerprint()
	if ab != ba || !fingerprintForm.MatchString(ab) {
		t.Errorf("set fingerprints %s and %s, want one sha256: fingerprint whatever the order", ab, ba)
	}
	if only := load(a).Fingerprint(); only == ab || only == load(a).Programs()[0].Fingerprint() {
		t.Errorf("set fingerprint %s of one automation is the set of two's or the automation's own", only)
	}
	if strings.Contains(ab, " ") {
		t.Errorf("fingerprint %q has spaces", ab)
	}
}

// writeReversed writes v with every object's members in reverse order and
// no whitespace.
func writeReversed(b *bytes.Buffer, v any) {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Sort(sort.Reverse(sort.StringSlice(keys)))
		b.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				b.WriteByte(',')
			}
			kb, _ := json.Marshal(k)
			b.Write(kb)
			b.WriteByte(':')
			writeReversed(b, x[k])
		}
		b.WriteByte('}')
	case []any:
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteByte(',')
			}
			writeReversed(b, e)
		}
		b.WriteByte(']')
	default:
		raw, _ := json.Marshal(x)
		b.Write(raw)
	}
}

// TestFingerprintIsStable pins the fingerprint of the corrected
// automation: the README shows how to recompute it outside verdict (it
// was computed so), and a change of the canonical form would make every
// recorded fingerprint unverifiable. Change it only with the semantics
// version.
func TestFingerprintIsStable(t *testing.T) {
	data, err := os.ReadFile("../testdata/automations/auto-approve.json")
	if err != nil {
		t.Fatal(err)
	}
	const want = "sha256:6429cdcde327972bb7f061ec479f1e682f54eaf55ee75c584254600a767cdd57"
	if got := fingerprintOf(t, data); got != want {
		t.Errorf("fingerprint %s, want %s", got, want)
	}
}

// TestFingerprintOneDecision: definitions that differ only in how a
// number is spelt share a fingerprint, so they decide alike: contains
// looks for the number's canonical text ("10" for 10, 10.0 and 1e1, as
// JavaScript's includes would), not the text it was written with.
func TestFingerprintOneDecision(t *testing.T) {
	spellings := []string{"10", "10.0", "1e1", "1E+1", "10.000"}
	texts := []string{"crm-10x", "crm-10.0x", "crm-1e1x", "crm-1x"}
	var wantFP string
	want := map[string]bool{}
	for i, num := range spellings {
		set, err := rules.Load([]byte(`{"name": "n", "trigger": [{"type": "case_status_updated", "status": "READY_FOR_REVIEW"}],
			"conditions": [{"type": "contains", "field": "$.crm_id", "value": ` + num + `}],
			"actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`))
		if err != nil {
			t.Fatal(err)
		}
		fp := set.Programs()[0].Fingerprint()
		if i == 0 {
			wantFP = fp
		} else if fp != wantFP {
			t.Fatalf("contains %s: fingerprint %s, want %s as for %s", num, fp, wantFP, spellings[0])
		}
		for _, text := range texts {
			c, err := cases.Parse([]byte(`{"status": "READY_FOR_REVIEW", "crm_id": "` + text + `"}`))
			if err != nil {
				t.Fatal(err)
			}
			res, err := set.Evaluate(context.Background(), c, nil)
			if err != nil {
				t.Fatal(err)
			}
			if i == 0 {
				want[text] = res[0].Fired
			} else if res[0].Fired != want[text] {
				t.Errorf("%q contains %s: fired %v, but %v for %s, under the same fingerprint", text, num, res[0].Fired, want[text], spellings[0])
			}
		}
	}
	if !want["crm-10x"] || want["crm-1x"] {
		t.Errorf("contains 10: fired %v", want)
	}
}
