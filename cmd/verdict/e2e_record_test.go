package main

import (
	"encoding/json"
	"github.com/verdict-rules/verdict/mask"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/verdict-rules/verdict/schema"
)

// recordLines checks that out is decision records, one per line, each
// following schema/decision-record.schema.json, and returns them.
func recordLines(t *testing.T, out string) []map[string]any {
	t.Helper()
	v, err := schema.Embedded(schema.DecisionRecordFile)
	if err != nil {
		t.Fatal(err)
	}
	var recs []map[string]any
	for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		var doc map[string]any
		if err := json.Unmarshal([]byte(line), &doc); err != nil {
			t.Fatalf("not a JSON line: %v\n%s", err, line)
		}
		for _, e := range v.Validate(doc) {
			t.Errorf("a record does not follow its schema: %s\n%s", e, line)
		}
		recs = append(recs, doc)
	}
	return recs
}

// TestE2ERunRecord: run --record prints the records the library writes
// (the golden records of the docs' four companies, with the same clock
// and decision id), one per line.
func TestE2ERunRecord(t *testing.T) {
	for _, company := range []string{"ragnarok-as", "rollo-the-warrior", "ecbert-holdings", "floki-shipbuilders"} {
		r := verdict(t, "", "run", "--record", "--decision-id", "decision-"+company, "--now", "2026-11-24T09:00:00Z",
			"-a", "../../testdata/automations/auto-approve.json", "-c", "../../testdata/cases/quickr/"+company+".json",
			"--status", "READY_FOR_REVIEW")
		if r.code != 0 || strings.Count(r.stdout, "\n") != 1 {
			t.Fatalf("%s: %s", company, r)
		}
		got := recordLines(t, r.stdout)[0]
		data, err := os.ReadFile("../../record/testdata/" + company + ".json")
		if err != nil {
			t.Fatal(err)
		}
		var want map[string]any
		if err := json.Unmarshal(data, &want); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: the record differs from the library's golden record (-want +got):\n%s", company, diff)
		}
	}
	// Without --decision-id, each run has a random one.
	args := []string{"run", "--record", "-a", "../../testdata/automations/auto-approve.json", "-c", "../../testdata/cases/quickr/ragnarok-as.json"}
	a, b := verdict(t, "", args...), verdict(t, "", args...)
	idA, idB := recordLines(t, a.stdout)[0]["decision_id"], recordLines(t, b.stdout)[0]["decision_id"]
	if idA == idB || !regexp.MustCompile(`^[0-9a-f]{32}$`).MatchString(idA.(string)) {
		t.Errorf("decision ids %v and %v", idA, idB)
	}
}

// TestE2ERecordUsage: the flags of records and masks that cannot go
// together, or miss their partner, are usage errors; a missing key file
// is unreadable input.
func TestE2ERecordUsage(t *testing.T) {
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "key")
	short := filepath.Join(dir, "short")
	if err := os.WriteFile(keyFile, []byte("0123456789abcdef0123456789abcdef\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(short, []byte("secret\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	auto, cs := "../../testdata/automations/auto-approve.json", "../../testdata/cases/quickr/ragnarok-as.json"
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"run", "-a", auto, "-c", cs, "--record", "--format", "json"}, 2, "give --record or --format, not both"},
		{[]string{"run", "-a", auto, "-c", cs, "--decision-id", "x"}, 2, "--decision-id names the decision of --record"},
		{[]string{"run", "-a", auto, "-c", cs, "--mask", "$.id"}, 2, "--mask needs --mask-key-file FILE"},
		{[]string{"run", "-a", auto, "-c", cs, "--mask-key-file", keyFile}, 2, "--mask-key-file needs --mask PATH"},
		{[]string{"run", "-a", auto, "-c", cs, "--mask", "$.id", "--mask-key-file", short}, 2, "the key is 6 bytes long, less than 16"},
		{[]string{"run", "-a", auto, "-c", cs, "--mask", "$.id[?(@.x==)]", "--mask-key-file", keyFile}, 2, `--mask "$.id[?(@.x==)]" (byte `},
		{[]string{"run", "-a", auto, "-c", cs, "--mask", "$.context.credit_score", "--mask-key-file", keyFile}, 2, "a mask names values of the case"},
		{[]string{"run", "-a", auto, "-c", cs, "--mask", "$.id", "--mask-key-file", filepath.Join(dir, "none")}, 3, "no such file"},
		{[]string{"backtest", "-a", auto, "--records", cs, cs}, 2, "--records names an input"},
		{[]string{"backtest", "-a", auto, "--records", keyFile, "--mask", "$.id", "--mask-key-file", keyFile, cs}, 2, "--records names an input"},
		{[]string{"backtest", "-a", auto, "--out", keyFile, "--mask", "$.id", "--mask-key-file", keyFile, cs}, 2, "--out names an input"},
		{[]string{"backtest", "-a", auto, "--out", filepath.Join(dir, "o"), "--records", filepath.Join(dir, ".", "o"), cs}, 2, "--out and --records name the same file"},
		{[]string{"backtest", "-a", auto, "--out", "-", "--records", "-", cs}, 2, "--out - and --records - both write to standard output"},
		{[]string{"backtest", "-a", auto, "--records", "/dev/stdout", cs}, 2, "--records - writes the records to standard output"},
	} {
		r := verdict(t, "", tc.args...)
		if r.code != tc.code || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%q: %s\nwant exit %d and %q", tc.args, r, tc.code, tc.want)
		}
	}
}

// TestE2EBacktestRecords: --records writes a record per case and
// automation, one per line, each with a decision id of its case; a run
// that skips cases writes nothing there.
func TestE2EBacktestRecords(t *testing.T) {
	dir := t.TempDir()
	recs := filepath.Join(dir, "records.ndjson")
	auto := "../../testdata/automations/auto-approve.json"
	r := verdict(t, "", "backtest", "-a", auto, "-a", "../../testdata/automations/auto-approve-docs.json",
		"--status", "READY_FOR_REVIEW", "--now", "2026-11-24", "--records", recs, "../../testdata/cases/quickr")
	if r.code != 0 {
		t.Fatal(r)
	}
	data, err := os.ReadFile(recs)
	if err != nil {
		t.Fatal(err)
	}
	lines := recordLines(t, string(data))
	// Four companies and a list of cases, by two automations.
	if len(lines) < 8 || len(lines)%2 != 0 {
		t.Fatalf("%d records", len(lines))
	}
	for i := 0; i < len(lines); i += 2 {
		if lines[i]["decision_id"] != lines[i+1]["decision_id"] || lines[i]["case_id"] != lines[i+1]["case_id"] {
			t.Errorf("the records of one case differ in decision or case id: %v %v", lines[i]["decision_id"], lines[i+1]["decision_id"])
		}
		if i > 0 && lines[i]["decision_id"] == lines[i-2]["decision_id"] {
			t.Errorf("two cases share decision id %v", lines[i]["decision_id"])
		}
	}
	// A skipped case: nothing is written, the old file stays.
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte("{"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(recs, []byte("old\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r = verdict(t, "", "backtest", "-a", auto, "--records", recs, bad, "../../testdata/cases/quickr/ragnarok-as.json")
	if r.code != 3 || !strings.Contains(r.stderr, "(and writes --records)") {
		t.Fatal(r)
	}
	if data, _ := os.ReadFile(recs); string(data) != "old\n" {
		t.Errorf("a run that skipped a case wrote --records: %q", data)
	}
	matches, _ := filepath.Glob(filepath.Join(dir, "*.tmp*"))
	if len(matches) > 0 {
		t.Errorf("temporary files left: %q", matches)
	}
}

// TestE2EMaskLeavesNoRawValue: with --mask, no masked value is in any
// output: run as text, as JSON and as records, backtest's records, its
// results (with traces) and its summary; without it, the same outputs
// hold them, so the search can see a leak.
func TestE2EMaskLeavesNoRawValue(t *testing.T) {
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "key")
	if err := os.WriteFile(keyFile, []byte("0123456789abcdef0123456789abcdef\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	auto := filepath.Join(dir, "screening.json")
	if err := os.WriteFile(auto, []byte("["+screeningAutomation+","+strictAutomation+"]"), 0o644); err != nil {
		t.Fatal(err)
	}
	cs := "../../testdata/cases/quickr/ragnarok-as.json"
	masks := []string{"--mask-key-file", keyFile}
	for _, p := range []string{"$..current_credit_score.value", "$..registration_date", "$..organization_number",
		"$.prefills[?(@.type==='ultimate_beneficial_ownership')].data[*].name"} {
		masks = append(masks, "--mask", p)
	}
	outputs := func(mask []string) string {
		var all strings.Builder
		common := []string{"-a", auto, "-a", "../../testdata/automations/auto-approve.json", "--status", "READY_FOR_REVIEW", "--now", "2026-11-24"}
		for _, extra := range [][]string{nil, {"--format", "json"}, {"--record"}} {
			args := append(append(append([]string{"run", "-c", cs}, common...), extra...), mask...)
			r := verdict(t, "", args...)
			if r.code != 0 {
				t.Fatal(r)
			}
			all.WriteString(r.stdout + r.stderr)
		}
		out, recs := filepath.Join(dir, "out.ndjson"), filepath.Join(dir, "records.ndjson")
		args := append(append([]string{"backtest", "--out", out, "--trace", "--records", recs}, common...), mask...)
		r := verdict(t, "", append(args, cs)...)
		if r.code != 0 {
			t.Fatal(r)
		}
		all.WriteString(r.stdout + r.stderr)
		for _, f := range []string{out, recs} {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			all.Write(data)
		}
		return all.String()
	}
	plain := outputs(nil)
	if got := rawFound(plain); len(got) != len(maskedRaw) {
		t.Fatalf("unmasked, the outputs hold only %q of %q: the test cannot see a leak", got, maskedRaw)
	}
	masked := outputs(masks)
	if got := rawFound(masked); len(got) > 0 {
		t.Errorf("masked values in the outputs: %q\n%s", got, masked)
	}
	if !strings.Contains(masked, "hmac-sha256:") {
		t.Error("no token in the masked outputs")
	}
}

// screeningAutomation reads the values the mask test hides.
const screeningAutomation = `{"id": "screen", "name": "Screening", "triggers": [{"type": "case_status_updated", "status": "READY_FOR_REVIEW"}],
  "conditions": [
    {"type": "matches", "field": "$.prefills[?(@.type==='ultimate_beneficial_ownership')].data[*].name", "value": "^[A-Z]"},
    {"type": "not_equal", "field": "$..organization_number", "value": "0"},
    {"type": "not_equal_to_null", "field": "$.prefills[?(@.type==='ultimate_beneficial_ownership')].data[0]"},
    {"type": "greater_than", "field": "$.context.credit_score", "value": 50},
    {"type": "greater_than_or_equal", "field": "$.context.company_age", "value": 2}
  ],
  "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`

// strictAutomation does not fire on Ragnarok AS, so run's counterfactuals
// quote the masked values: the credit score, the registration date and
// the date company_age would reach its bound.
const strictAutomation = `{"id": "strict", "name": "Strict", "triggers": [{"type": "case_status_updated", "status": "READY_FOR_REVIEW"}],
  "conditions": [
    {"type": "greater_than_or_equal", "field": "$.context.credit_score", "value": 95},
    {"type": "greater_than_or_equal", "field": "$.current_information[?(@.type==='credit_score')].data[*].current_credit_score.value", "value": 95},
    {"type": "greater_than_or_equal", "field": "$.context.company_age", "value": 30},
    {"type": "equal", "field": "$..organization_number", "value": "0"}
  ],
  "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`

var maskedRaw = []string{"92", "2009-05-04", "987654321", "Ragnar Lothbrok", "Lagertha Shieldmaiden", "2039-05-04"}

// rawFound returns the raw values found whole in out, not as part of a
// longer word, number or id.
func rawFound(out string) []string {
	var found []string
	for _, raw := range maskedRaw {
		re := regexp.MustCompile(`(^|[^0-9A-Za-z_.\-])` + regexp.QuoteMeta(raw) + `([^0-9A-Za-z_.\-]|$)`)
		if re.MatchString(out) {
			found = append(found, raw)
		}
	}
	return found
}

// TestE2ERecordsAreNotCases: records given back as cases are skipped, as
// results are, not evaluated as cases.
func TestE2ERecordsAreNotCases(t *testing.T) {
	dir := t.TempDir()
	recs := filepath.Join(dir, "records.ndjson")
	auto := "../../testdata/automations/auto-approve.json"
	if r := verdict(t, "", "backtest", "-a", auto, "--records", recs, "../../testdata/cases/quickr/ragnarok-as.json"); r.code != 0 {
		t.Fatal(r)
	}
	r := verdict(t, "", "backtest", "-a", auto, recs)
	if r.code != 3 || !strings.Contains(r.stdout, "0 evaluated, 1 skipped") || !strings.Contains(r.stdout, "not a case") {
		t.Errorf("records read as cases: %s", r)
	}
	if r := verdict(t, "", "run", "-a", auto, "-c", recs); r.code != 3 || !strings.Contains(r.stderr, "not a case") {
		t.Errorf("run -c on a record: %s", r)
	}
}

// TestE2EMaskLeavesNoRawValueOf: more cases of TestE2EMaskLeavesNoRawValue,
// each with the values it masks and the raw text that must not be in run's
// text, JSON and records: the allowed values of an every, which come from
// the case; an RFC 3339 registration date, which company_age's explanation
// quotes as a date; the codes of masked checks' flags, which the flags
// context field copies into an array of its own.
func TestE2EMaskLeavesNoRawValueOf(t *testing.T) {
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "key")
	if err := os.WriteFile(keyFile, []byte("0123456789abcdef0123456789abcdef"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, auto, cs string
		masks, raw     []string
	}{
		{"every allowed", "../../testdata/automations/auto-approve.json", "testdata/mask/m1.json",
			[]string{"$.prefills[*].data[*].country"}, []string{`"NO"`}},
		{"rfc 3339 date", "../../testdata/automations/auto-approve.json", "testdata/mask/m2.json",
			[]string{"$.sections[*].additional_data[*].registration_date"}, []string{"2025-03-14T23:30:00-05:00", "2025-03-14", "2025-03-15", "2027-03-14", "2027-03-15"}},
		{"flags of masked checks", "testdata/mask/a-flags.json", "testdata/mask/m3.json",
			[]string{"$.checks"}, []string{"PEP_MATCH_7731"}},
		// Each prefill holds a member named "*", which jsonpath-plus
		// follows in place of the wildcard.
		{"a member named like the wildcard", "../../testdata/automations/auto-approve.json", "testdata/mask/m4.json",
			[]string{"$.prefills[*].*"}, []string{`"NO"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			outputs := func(masked bool) string {
				var all strings.Builder
				for _, extra := range [][]string{nil, {"--format", "json"}, {"--record"}} {
					args := append([]string{"run", "-a", tc.auto, "-c", tc.cs, "--status", "READY_FOR_REVIEW", "--now", "2026-11-24"}, extra...)
					if masked {
						args = append(args, "--mask-key-file", keyFile)
						for _, m := range tc.masks {
							args = append(args, "--mask", m)
						}
					}
					r := verdict(t, "", args...)
					if r.code > 1 {
						t.Fatal(r)
					}
					all.WriteString(r.stdout + r.stderr)
				}
				return all.String()
			}
			found := func(out string) []string {
				var in []string
				for _, raw := range tc.raw {
					re := regexp.MustCompile(`(^|[^0-9A-Za-z_.\-])` + regexp.QuoteMeta(raw) + `([^0-9A-Za-z_.\-]|$)`)
					if re.MatchString(out) {
						in = append(in, raw)
					}
				}
				return in
			}
			if got := found(outputs(false)); len(got) == 0 {
				t.Fatalf("unmasked, the outputs hold none of %q: the test cannot see a leak", tc.raw)
			}
			masked := outputs(true)
			if got := found(masked); len(got) > 0 {
				t.Errorf("masked values in the outputs: %q\n%s", got, masked)
			}
			if !strings.Contains(masked, "hmac-sha256:") {
				t.Error("no token in the masked outputs")
			}
		})
	}
}

// TestE2EMaskBacktestIds: a labelled backtest shows a masked case id as
// its token — in its text, its JSON and its sample file — the token its
// records give, so the two can be joined; a case-automations backtest
// shows an unknown automation id a case names, when masked, as its token,
// in its summary and its results.
func TestE2EMaskBacktestIds(t *testing.T) {
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "key")
	if err := os.WriteFile(keyFile, []byte("0123456789abcdef0123456789abcdef"), 0o600); err != nil {
		t.Fatal(err)
	}
	autos := filepath.Join(dir, "autos.json")
	if err := os.WriteFile(autos, []byte(`[{"id": "A", "name": "A", "trigger": [{"type": "case_status_updated", "status": "READY_FOR_REVIEW"}],
  "conditions": [], "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}]`), 0o644); err != nil {
		t.Fatal(err)
	}
	named := filepath.Join(dir, "named.ndjson")
	if err := os.WriteFile(named, []byte(`{"id": "n1", "status": "READY_FOR_REVIEW", "automations": [{"id": "A"}, {"id": "SECRET-AUTO-9"}]}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	decided := filepath.Join(dir, "decided.ndjson")
	if err := os.WriteFile(decided, []byte(`{"id": "d1", "status": "READY_FOR_REVIEW", "decision": "SECRET-LABEL-5"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	common := []string{"--status", "READY_FOR_REVIEW", "--now", "2026-11-24"}
	for _, tc := range []struct {
		name, raw string
		args      []string
	}{
		{"labelled", "CASE-SECRET-77", []string{"-a", "../../testdata/automations/auto-approve.json", "--mask", "$.id",
			"--labels", "testdata/mask/labels.csv", "--sample", "5", "--seed", "1", "testdata/mask/labelled.json"}},
		{"case automations", "SECRET-AUTO-9", []string{"-a", autos, "--case-automations", "--mask", "$.automations[*].id", named}},
		{"label read from the case", "SECRET-LABEL-5", []string{"-a", autos, "--labels", "$.decision",
			"--mask", "$.decision", decided}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			outputs := func(masked bool) (string, string) {
				var all strings.Builder
				recs := filepath.Join(dir, "records.ndjson")
				for _, extra := range [][]string{{"--records", recs, "--out", filepath.Join(dir, "out.ndjson")}, {"--format", "json"}} {
					if tc.name == "labelled" {
						extra = append(extra, "--sample-out", filepath.Join(dir, "sample.csv"))
					}
					args := append(append([]string{"backtest"}, common...), extra...)
					if masked {
						args = append(args, "--mask-key-file", keyFile)
					}
					for i := 0; i < len(tc.args); i++ {
						if !masked && tc.args[i] == "--mask" {
							i++
							continue
						}
						args = append(args, tc.args[i])
					}
					r := verdict(t, "", args...)
					if r.code != 0 {
						t.Fatal(r)
					}
					all.WriteString(r.stdout + r.stderr)
				}
				for _, f := range []string{"sample.csv", "out.ndjson"} {
					data, _ := os.ReadFile(filepath.Join(dir, f))
					all.Write(data)
				}
				data, _ := os.ReadFile(filepath.Join(dir, "records.ndjson"))
				return all.String(), string(data)
			}
			plain, _ := outputs(false)
			if !strings.Contains(plain, tc.raw) {
				t.Fatalf("unmasked, the outputs do not hold %q: the test cannot see a leak\n%s", tc.raw, plain)
			}
			masked, recs := outputs(true)
			if strings.Contains(masked, tc.raw) || strings.Contains(recs, tc.raw) {
				t.Errorf("the masked value %q in the outputs:\n%s\n%s", tc.raw, masked, recs)
			}
			tok := regexp.MustCompile(`hmac-sha256:[0-9a-f]{64}`)
			if tc.name == "labelled" {
				id := regexp.MustCompile(`"case_id":"(hmac-sha256:[0-9a-f]{64})"`).FindStringSubmatch(recs)
				if id == nil || strings.Count(masked, id[1]) < 3 {
					t.Errorf("the records' case id token %q is not the one the summary, its JSON and the sample show:\n%s", id, masked)
				}
			} else if !tok.MatchString(masked) {
				t.Errorf("no token in the outputs:\n%s", masked)
			}
		})
	}
}

// TestE2EMaskKeepsDefinitionText: a mask hides the case's values where the
// outputs quote them, and leaves the definition's own text whole, even when
// a masked value of the case equals it: a path that names a masked type, a
// bound equal to a masked value.
func TestE2EMaskKeepsDefinitionText(t *testing.T) {
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "key")
	if err := os.WriteFile(keyFile, []byte("0123456789abcdef0123456789abcdef"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, auto, cs string
		masks, keep    []string
	}{
		{"a path naming a masked type", "../../testdata/automations/auto-approve.json", "../../testdata/cases/quickr/ragnarok-as.json",
			[]string{"$.prefills[*].type"}, []string{`$.prefills[?(@.type==='ultimate_beneficial_ownership')]`}},
		{"a bound equal to a masked value", "testdata/mask/a5.json", "testdata/mask/c5.json",
			[]string{"$.name", "$.tags[*]"}, []string{`it must equal "x"`, `must be one of "x"`, `does not equal "x"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, extra := range [][]string{nil, {"--format", "json"}, {"--record"}} {
				args := append([]string{"run", "-a", tc.auto, "-c", tc.cs, "--status", "READY_FOR_REVIEW", "--now", "2026-11-24", "--mask-key-file", keyFile}, extra...)
				for _, m := range tc.masks {
					args = append(args, "--mask", m)
				}
				r := verdict(t, "", args...)
				if r.code > 1 {
					t.Fatal(r)
				}
				out := strings.ReplaceAll(r.stdout, `\"`, `"`) // the JSON forms quote the sentences
				if tc.masks[0] == "$.name" && !strings.Contains(out, mask.Prefix) {
					t.Errorf("%v: no token in the output", extra)
				}
				for _, want := range tc.keep {
					if !strings.Contains(out, want) {
						t.Errorf("%v: the definition's text %q is not in the output:\n%s", extra, want, out)
					}
				}
				if strings.Contains(out, "==='"+mask.Prefix) || strings.Contains(out, `equal "`+mask.Prefix) {
					t.Errorf("%v: the definition's text masked:\n%s", extra, out)
				}
			}
		})
	}
}

// TestE2EBacktestMaskOutsideTheReach: a backtest decodes each case for
// what its automations read; a mask that names a container whose other
// members they do not read still gives the tokens run gives on the whole
// case, so records of both can be joined.
func TestE2EBacktestMaskOutsideTheReach(t *testing.T) {
	dir := files(t, map[string]string{
		"a.json": `{"id": "a1", "name": "Norwegian owners",
		  "triggers": [{"type": "case_status_updated", "status": "READY_FOR_REVIEW"}],
		  "conditions": [{"type": "equal", "field": "$.owners[*].country", "value": "NO"}],
		  "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`,
		"c.json": `{"id": "c1", "status": "READY_FOR_REVIEW", "owners": [
		  {"name": "Ann", "country": "NO", "docs": {"passport": "X1"}},
		  {"name": "Bo", "country": "NO", "docs": {"passport": "X2"}}]}`,
		"key": "a key of sixteen bytes or more",
	})
	tokens := regexp.MustCompile(`hmac-sha256:[0-9a-f]{64}`)
	for _, path := range []string{"$.owners", "$.owners[*]"} {
		r := verdict(t, dir, "run", "-a", "a.json", "-c", "c.json", "--status", "READY_FOR_REVIEW", "--now", "2026-11-24",
			"--record", "--mask", path, "--mask-key-file", "key")
		r.expect(t, 0)
		verdict(t, dir, "backtest", "-a", "a.json", "--status", "READY_FOR_REVIEW", "--now", "2026-11-24",
			"--records", "bt.ndjson", "--mask", path, "--mask-key-file", "key", "c.json").expect(t, 0)
		bt, err := os.ReadFile(filepath.Join(dir, "bt.ndjson"))
		if err != nil {
			t.Fatal(err)
		}
		want, got := tokens.FindAllString(r.stdout, -1), tokens.FindAllString(string(bt), -1)
		if len(want) == 0 {
			t.Fatalf("%s: run masked nothing:\n%s", path, r)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: the backtest's tokens differ from run's (-run +backtest):\n%s", path, diff)
		}
	}
}

// TestE2EBacktestMaskReadsMore: backtest decodes cases for what the
// automations read and for what the mask reads, so a mask whose filter
// tests a member no automation reads still hides the value the trace
// shows, and gives the token run gives on the case decoded whole.
func TestE2EBacktestMaskReadsMore(t *testing.T) {
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "key")
	auto := filepath.Join(dir, "a.json")
	cs := filepath.Join(dir, "case.json")
	for name, content := range map[string]string{
		keyFile: "0123456789abcdef0123456789abcdef\n",
		auto: `{"name": "b", "triggers": [{"type": "case_status_updated"}], "conditions": [{"type": "equal", "field": "$.owner.name", "value": "x"}],
  "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`,
		cs: `{"status": "READY_FOR_REVIEW", "owner": {"name": "Ragnar Lothbrok", "kyc": {"pep": true}}}`,
	} {
		if err := os.WriteFile(name, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	mask := []string{"--mask-key-file", keyFile, "--mask", "$[?(@.kyc.pep == true)].name"}
	out := filepath.Join(dir, "out.ndjson")
	r := verdict(t, "", append(append([]string{"backtest", "-a", auto, "--status", "READY_FOR_REVIEW", "--trace", "--out", out}, mask...), cs)...)
	if r.code != 0 {
		t.Fatal(r)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), "Ragnar") || !strings.Contains(string(data), "hmac-sha256:") {
		t.Fatalf("backtest's results do not hide the name:\n%s", data)
	}
	run := verdict(t, "", append([]string{"run", "-a", auto, "-c", cs, "--status", "READY_FOR_REVIEW", "--format", "json"}, mask...)...)
	tok := regexp.MustCompile(`hmac-sha256:[0-9a-f]{64}`).FindString(run.stdout)
	if tok == "" || !strings.Contains(string(data), tok) {
		t.Errorf("run's token %q is not in backtest's results:\n%s", tok, data)
	}
}

// TestE2EMaskedFailure: the error of an evaluation that fails, which run
// prints and backtest lists among the skipped cases, hides what --mask
// hides; it quoted the value in clear.
func TestE2EMaskedFailure(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	keyFile := write("key", "0123456789abcdef0123456789abcdef")
	auto := write("a.json", `{"name": "CRM", "triggers": [{"type": "case_status_updated"}],
	  "conditions": [{"type": "expression", "expression": "int(case.metadata.crm_id) > 0"}],
	  "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`)
	cs := write("c.json", `{"id": "c1", "status": "NEW", "metadata": {"crm_id": "CRMSECRET1"}}`)
	for _, args := range [][]string{
		{"run", "-a", auto, "-c", cs, "--status", "READY_FOR_REVIEW"},
		{"run", "-a", auto, "-c", cs, "--status", "READY_FOR_REVIEW", "--format", "json"},
		{"run", "-a", auto, "-c", cs, "--status", "READY_FOR_REVIEW", "--record"},
		{"backtest", "-a", auto, "--status", "READY_FOR_REVIEW", "--allow-skipped", cs},
		{"backtest", "-a", auto, "--status", "READY_FOR_REVIEW", "--allow-skipped", "--format", "json", cs},
	} {
		plain := verdict(t, "", args...)
		if !strings.Contains(plain.stdout+plain.stderr, "CRMSECRET1") {
			t.Fatalf("%v unmasked: %+v, want the value quoted (else the test cannot see a leak)", args, plain)
		}
		r := verdict(t, "", append(args, "--mask", "$.metadata", "--mask-key-file", keyFile)...)
		if out := r.stdout + r.stderr; strings.Contains(out, "CRMSECRET1") || !strings.Contains(out, "hmac-sha256:") {
			t.Errorf("%v masked: the value is in clear, or its token missing:\n%s", args, out)
		}
		if r.code != plain.code {
			t.Errorf("%v: exit %d masked, %d unmasked", args, r.code, plain.code)
		}
	}
}
