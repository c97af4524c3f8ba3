package cases_test

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/verdict-rules/verdict/cases"
	"github.com/verdict-rules/verdict/document"
	"github.com/verdict-rules/verdict/schema"
)

func TestParseList(t *testing.T) {
	for _, tc := range []struct {
		name, doc string
		want      []string // each case's pointer and status, or the error
	}{
		{"one case", `{"status": "ACTIVE", "data": [1]}`, []string{" ACTIVE"}},
		{"a list response", `{"data": [{"status": "ACTIVE"}, {"status": "DECLINED"}], "pagination": {"cursor": "x"}, "object": "list"}`,
			[]string{"/data/0 ACTIVE", "/data/1 DECLINED"}},
		{"an empty list", `{"data": [], "pagination": {}}`, []string{}},
		{"a case with data and more", `{"data": [{"status": "ACTIVE"}], "id": "x"}`, []string{" "}},
		{"a member of data that is not an object", "{\"data\": [{\"status\": \"ACTIVE\"},\n  3]}",
			[]string{"error case: 2:3: /data/1: a case must be a JSON object, found number 3"}},
		{"not an object", `[{"status": "ACTIVE"}]`, []string{"error case: 1:1: a case must be a JSON object, found an array"}},
		{"the results verdict run prints", `[{"automation": {"name": "a"}, "triggered": true, "matched": true, "fired": true, "changeset": []}]`,
			[]string{"error case: 1:1: " + cases.ErrResult.Error()}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			list, err := cases.ParseList([]byte(tc.doc))
			got := []string{}
			if err != nil {
				var ce *cases.Error
				if !errors.As(err, &ce) {
					t.Fatalf("%T is not a *CaseError", err)
				}
				got = append(got, "error "+err.Error())
			}
			for _, c := range list {
				got = append(got, c.Pointer()+" "+c.Status())
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	// The docs' list example holds one case, which ParseCases finds; read as
	// one case, it would be a case without a status.
	data, err := os.ReadFile("../testdata/cases/quickr/case-list.json")
	if err != nil {
		t.Fatal(err)
	}
	list, err := cases.ParseList(data)
	if err != nil || len(list) != 1 || list[0].Status() != "FORM_NOT_STARTED" || list[0].Pointer() != "/data/0" {
		t.Fatalf("ParseList: %v, %d cases", err, len(list))
	}
	if _, err := cases.Parse(data); err == nil || !strings.Contains(err.Error(), "an API list response of 1 case, not one case") {
		t.Errorf("ParseCase of a list response: %v", err)
	}
}

func TestValidate(t *testing.T) {
	quickr := must(schema.Case("quickr"))
	dintero := must(schema.Case("dintero"))
	rep := cases.Validate([]byte(`{}`), quickr)
	if rep.Cases != 1 || rep.List || len(rep.Errors) != 0 || len(rep.Warnings) != 1 || rep.Warnings[0].Code != "case_without_status" {
		t.Errorf("{}: %+v", rep)
	}
	if rep := cases.Validate([]byte(`{}`), dintero); len(rep.Warnings) != 0 {
		t.Errorf("Dintero's webhook body has no top-level status: %+v", rep)
	}
	rep = cases.Validate([]byte("{\"data\": [\n {\"status\": \"ACTIVE\"},\n {\"status\": 3},\n {}\n], \"pagination\": {}}"), quickr)
	if rep.Cases != 3 || !rep.List || len(rep.Errors) != 1 || rep.Errors[0].Pointer != "/data/1/status" || rep.Errors[0].Line != 3 ||
		len(rep.Warnings) != 1 || rep.Warnings[0].Pointer != "/data/2" {
		t.Errorf("list: %+v %v %+v", rep, rep.Errors, rep.Warnings)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// IsResult tells verdict's results from cases: the lines backtest --out
// writes, a result, and the array run --format json prints.
func TestIsResult(t *testing.T) {
	for _, tc := range []struct {
		doc  string
		want bool
	}{
		{`{"verdict_result": 1, "case": "c.ndjson:1"}`, true},
		{`{"automation": {"name": "a"}, "event": null, "triggered": false, "matched": true, "fired": true, "changeset": [], "note": {}}`, true},
		{`[{"automation": {"name": "a"}, "triggered": false, "matched": true, "fired": true, "changeset": []}]`, true},
		{`{"status": "ACTIVE", "automation": "x", "fired": true}`, false},
		{`{"status": "ACTIVE"}`, false},
		{`[]`, false},
		{`[{"verdict_result": 1}, {"status": "ACTIVE"}]`, false},
		{`"verdict_result"`, false},
	} {
		doc, err := document.Decode([]byte(tc.doc))
		if err != nil {
			t.Fatal(err)
		}
		if got := cases.IsResult(doc); got != tc.want {
			t.Errorf("IsResult(%s) = %v, want %v", tc.doc, got, tc.want)
		}
	}
	_, err := cases.ParseList([]byte(`[{"verdict_result": 1}]`))
	if !errors.Is(err, cases.ErrResult) {
		t.Errorf("ParseCases of an array of results: %v, want ErrResult", err)
	}
}

// TestNew: New takes any object, an API list response too (Parse refuses
// one), and gives an *Error for anything else.
func TestNew(t *testing.T) {
	list, err := document.Decode([]byte(`{"data": [{"status": "ACTIVE"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if c, err := cases.New(list); err != nil || !cases.IsList(c.Value()) {
		t.Errorf("New of a list response: %v, %v", c, err)
	}
	arr, err := document.Decode([]byte(`[1]`))
	if err != nil {
		t.Fatal(err)
	}
	var ce *cases.Error
	if _, err := cases.New(arr); !errors.As(err, &ce) {
		t.Errorf("New of an array: %v, want a *cases.Error", err)
	}
}
