package lint

import (
	"strings"
	"testing"

	"github.com/verdict-rules/verdict/internal/jsonpath"
	"github.com/verdict-rules/verdict/schema"
)

func TestWalkPath(t *testing.T) {
	quickr, err := schema.Embedded(schema.QuickrCaseFile)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path string
		code string // "" when the path is fine
		msg  string
		at   string // the text at the reported offset
	}{
		// Paths of the docs' automation, spelt right: fine.
		{path: "$.checks[?(@.type==='sanction')].data[0].flags.length"},
		{path: "$.checks[?(@.type==='credit_score')].data.length"},
		{path: "$.current_information[?(@.type==='credit_score')].data[*].current_credit_score.value"},
		{path: "$.prefills[?(@.type==='ultimate_beneficial_ownership')].data[*].country"},
		{path: "$.prefills[?(@.type==='company')].data[*].country"},
		{path: "$.sections[?(@.type==='company')].additional_data[*].registration_date"},
		{path: "$.checks[*].data[*].flags[*].code"},
		{path: "$.status"},
		{path: "$.metadata.anything"},
		{path: "$..registration_date"},
		{path: "$.context.company_age"},
		// Mistakes.
		{"$.checks[?(@.type==='sanctions')].data[0].flags.length", "not_in_enum", `"sanctions" is not a check type the case schema allows, so this comparison never holds (did you mean "sanction"?)`, "'sanctions'"},
		{"$.check[?(@.type==='sanction')].data", "unknown_member", `no member "check" here (did you mean "checks"?)`, "check"},
		{"$.current_information[?(@.type==='credit_score')].data[*].current_credit_score.valeu", "unknown_member", `(did you mean "value"?)`, "valeu"},
		{"$.checks[?(@.type==='sanction')].data[0].flag.length", "unknown_member", `(did you mean "flags"?)`, "flag"},
		{"$.sections[?(@.type==='company')].additional_data[*].registration_dat", "unknown_member", `(did you mean "registration_date"?)`, "registration_dat"},
		{"$.prefills[?(@.type==='company')].data[0].length", "length_of_non_array", ".length reads the length of an array or a string", "length"},
		{"$.checks.type", "member_of_array", `"type" is read from an array`, "type"},
		{"$.checks[?(@.status==='DONE')]", "not_in_enum", `"DONE" is not a check status`, "'DONE'"},
		{"$.prefills[?(@.type==='ubo')].data", "not_in_enum", `"ubo" is not a`, "'ubo'"},
		{"$.checks[?(@.tpye==='sanction')]", "unknown_member", `(did you mean "type"?)`, "@.tpye"},
		{"$.current_information[?(@.type==='credit_score')].data[?(@.current_credit_score.value > 'high')]", "not_comparable", "is a number", "'high'"},
	}
	for _, tc := range tests {
		p, err := jsonpath.Parse(tc.path)
		if err != nil {
			t.Fatalf("%s: %v", tc.path, err)
		}
		_, findings := walkPath(quickr, p, 0)
		if tc.code == "" {
			if len(findings) > 0 {
				t.Errorf("%s: unexpected %+v", tc.path, findings)
			}
			continue
		}
		if len(findings) != 1 {
			t.Errorf("%s: %d findings %+v, want one %s", tc.path, len(findings), findings, tc.code)
			continue
		}
		f := findings[0]
		if string(f.Code) != tc.code || !strings.Contains(f.Msg, tc.msg) || !strings.HasPrefix(tc.path[f.Offset:], tc.at) {
			t.Errorf("%s:\n got %s at %q: %s\nwant %s at %q: %s", tc.path, f.Code, tc.path[f.Offset:], f.Msg, tc.code, tc.at, tc.msg)
		}
	}
}

func TestWalkPathNarrows(t *testing.T) {
	quickr, _ := schema.Embedded(schema.QuickrCaseFile)
	// The filter on type picks the data shape: credit score records have
	// no country.
	p := jsonpath.MustParse("$.prefills[?(@.type==='credit_score')].data[*].country")
	if _, f := walkPath(quickr, p, 0); len(f) != 1 || f[0].Code != "unknown_member" {
		t.Errorf("narrowed by type: %+v", f)
	}
	p = jsonpath.MustParse("$.prefills[?(@.type==='company' || @.type==='credit_score')].data[*].country")
	if _, f := walkPath(quickr, p, 0); len(f) != 0 {
		t.Errorf("an || does not narrow: %+v", f)
	}
	vals, _ := walkPath(quickr, jsonpath.MustParse("$.status"), 0)
	if !vals.Known || len(vals.Enum) != 10 || !vals.HasType("string") {
		t.Errorf("$.status: %+v", vals)
	}
	vals, _ = walkPath(quickr, jsonpath.MustParse("$.current_information[*].data[*].current_credit_score.value"), 0)
	if !vals.Known || !vals.HasType("number") || vals.HasType("string") {
		t.Errorf("credit score value: %+v", vals)
	}
	vals, _ = walkPath(quickr, jsonpath.MustParse("$..anything"), 0)
	if vals.Known {
		t.Errorf("recursive descent should know nothing: %+v", vals)
	}
}
