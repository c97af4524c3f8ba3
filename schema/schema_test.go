package schema

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func decode(t *testing.T, data []byte) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestEmbeddedSchemasCompile(t *testing.T) {
	for _, name := range []string{AutomationFile, QuickrCaseFile, DinteroCaseFile} {
		if _, err := Embedded(name); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := Embedded("nope.schema.json"); err == nil {
		t.Error("an unknown schema name was accepted")
	}
}

// The cases the project ships, and the docs' own examples, are valid.
func TestCasesValidate(t *testing.T) {
	quickr, _ := Embedded(QuickrCaseFile)
	dintero, _ := Embedded(DinteroCaseFile)
	files, _ := filepath.Glob("../testdata/cases/quickr/*.json")
	more, _ := filepath.Glob("../testdata/*/*/case.json")
	var kept []string
	for _, f := range more {
		if !strings.Contains(f, "/errors/") {
			kept = append(kept, f)
		}
	}
	more = kept
	files = append(files, more...)
	files = append(files, "../bench/jsonpathplus/corpus/documents/quickr-case-details.json")
	n := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		doc := decode(t, data)
		v := quickr
		if m, ok := doc.(map[string]any); ok {
			if _, isWebhook := m["event"]; isWebhook {
				v = dintero
			}
			if _, isCase := m["status"]; !isCase && v == quickr {
				continue // not a Quickr case (error scenarios and the like)
			}
		}
		if strings.Contains(f, "big-integers") || strings.Contains(f, "credit-score-string") || strings.Contains(f, "/errors/") {
			continue // off the schema on purpose
		}
		n++
		for _, e := range v.Validate(doc) {
			t.Errorf("%s: %s", f, e)
		}
	}
	if n < 40 {
		t.Errorf("validated %d cases, want at least 40", n)
	}
}

func TestCaseErrors(t *testing.T) {
	quickr, _ := Embedded(QuickrCaseFile)
	data, err := os.ReadFile("../testdata/cases/quickr/ragnarok-as.json")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		mutate  func(m map[string]any)
		pointer string
		msg     string
	}{
		{func(m map[string]any) { m["status"] = "APPROVED" }, "/status", `unknown case status "APPROVED"`},
		{func(m map[string]any) { m["checks"].([]any)[0].(map[string]any)["type"] = "sanctions" }, "/checks/0/type", `(did you mean "sanction"?)`},
		{func(m map[string]any) {
			m["checks"].([]any)[0].(map[string]any)["data"].([]any)[0].(map[string]any)["flags"] = []any{map[string]any{"code": "PERSON_IN_SANCTION"}}
		}, "/checks/0/data/0/flags/0/code", `(did you mean "PERSON_IN_SANCTIONS"?)`},
		{func(m map[string]any) {
			m["current_information"].([]any)[0].(map[string]any)["data"].([]any)[0].(map[string]any)["current_credit_score"] = "A"
		}, "/current_information/0/data/0/current_credit_score", "expected an object"},
	}
	for _, tc := range tests {
		doc := decode(t, data).(map[string]any)
		tc.mutate(doc)
		errs := quickr.Validate(doc)
		found := false
		for _, e := range errs {
			if e.Pointer == tc.pointer && strings.Contains(e.Msg, tc.msg) {
				found = true
			}
		}
		if !found {
			t.Errorf("want %s: %q among %v", tc.pointer, tc.msg, errs)
		}
	}
}

func TestCaseListValidates(t *testing.T) {
	quickr, _ := Embedded(QuickrCaseFile)
	data, err := os.ReadFile("../bench/jsonpathplus/corpus/documents/quickr-case-list.json")
	if err != nil {
		t.Fatal(err)
	}
	list := decode(t, data).(map[string]any)["data"].([]any)
	for i, c := range list {
		for _, e := range quickr.Validate(c) {
			t.Errorf("case list item %d: %s", i, e)
		}
	}
}

// Source gives the text of every embedded schema, the same text Embedded
// compiles, and an error for a name that is not embedded.
func TestSource(t *testing.T) {
	for _, name := range []string{AutomationFile, QuickrCaseFile, DinteroCaseFile, SuiteFile,
		ScenarioConfigFile, ValidateOutputFile, TestOutputFile, BacktestOutputFile, DecisionRecordFile} {
		src, err := Source(name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		v, err := Embedded(name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !bytes.Equal(src, v.Source()) {
			t.Errorf("%s: Source and Embedded(...).Source() differ", name)
		}
		if !json.Valid(src) {
			t.Errorf("%s: not JSON", name)
		}
	}
	if _, err := Source("nope.json"); err == nil {
		t.Error("a name that is not embedded: no error")
	}
}

// TestSourceIsACopy writes over the text Source returns: the embedded
// validators are shared, so a caller's change must not reach the next
// caller's schema text.
func TestSourceIsACopy(t *testing.T) {
	want := string(Automation().Source())
	src := Automation().Source()
	for i := range src {
		src[i] = ' '
	}
	if got := string(Automation().Source()); got != want {
		t.Errorf("a caller's change to Source reached the shared validator: got %.40q", got)
	}
}
