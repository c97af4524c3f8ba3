package labels

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var automations = []Automation{
	{ID: "PQ1230483.automation.13294830", Name: "Auto approve", Statuses: []string{"ACTIVE"}},
	{ID: "PQ1230483.automation.2", Name: "Auto decline", Statuses: []string{"DECLINED", "DECLINED"}},
	{ID: "PQ1230483.automation.3", Name: "Flag for review"},
}

func TestAgreement(t *testing.T) {
	tests := []struct {
		name  string
		specs []string
		autos []Automation // automations when nil
		want  [][]string
	}{
		{"no agreement: the statuses each sets", nil,
			nil, [][]string{{"ACTIVE"}, {"DECLINED"}, nil}},
		{"one automation by name", []string{"Auto approve=ACTIVE,APPROVED"}, nil,
			[][]string{{"ACTIVE", "APPROVED"}, {"DECLINED"}, nil}},
		{"by id", []string{"PQ1230483.automation.3=REVIEW_IN_PROGRESS"}, nil,
			[][]string{{"ACTIVE"}, {"DECLINED"}, {"REVIEW_IN_PROGRESS"}}},
		{"a bare list is the default", []string{"ACTIVE"}, nil,
			[][]string{{"ACTIVE"}, {"ACTIVE"}, {"ACTIVE"}}},
		{"entries and a default, spaces trimmed", []string{" Auto approve = ACTIVE , APPROVED ; Auto decline=DECLINED; * = REVIEW_IN_PROGRESS ;"}, nil,
			[][]string{{"ACTIVE", "APPROVED"}, {"DECLINED"}, {"REVIEW_IN_PROGRESS"}}},
		{"repeated labels once", []string{"Auto approve=ACTIVE,ACTIVE"}, nil,
			[][]string{{"ACTIVE"}, {"DECLINED"}, nil}},
		{"several specs, as a repeated flag", []string{"Auto approve=ACTIVE", "Auto decline=DECLINED,ARCHIVED"}, nil,
			[][]string{{"ACTIVE"}, {"DECLINED", "ARCHIVED"}, nil}},
		{"json", []string{`{"Auto approve": ["ACTIVE", "APPROVED"], "*": "REVIEW_IN_PROGRESS"}`}, nil,
			[][]string{{"ACTIVE", "APPROVED"}, {"REVIEW_IN_PROGRESS"}, {"REVIEW_IN_PROGRESS"}}},
		{"json with a name flags cannot spell", []string{` {"Auto approve": "ACTIVE"} `, `{"x=y;z,w": ["A"]}`},
			[]Automation{automations[0], {ID: "x", Name: "x=y;z,w"}}, [][]string{{"ACTIVE"}, {"A"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, err := ParseAgreement(tc.specs...)
			if err != nil {
				t.Fatal(err)
			}
			autos := tc.autos
			if autos == nil {
				autos = automations
			}
			got, err := a.Resolve(autos)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	var none *Agreement
	got, err := none.Resolve(automations)
	if err != nil || !cmp.Equal([][]string{{"ACTIVE"}, {"DECLINED"}, nil}, got) {
		t.Errorf("nil agreement: %v, %v", got, err)
	}
}

func TestAgreementErrors(t *testing.T) {
	tests := []struct {
		name  string
		specs []string
		autos []Automation
		want  string
	}{
		{"empty", []string{" ; "}, nil, `agreement: " ; ": no labels`},
		{"no automation before =", []string{"=ACTIVE"}, nil, `agreement: "=ACTIVE": no automation before '=' (write * for every automation)`},
		{"empty label", []string{"Auto approve=ACTIVE,"}, nil, `agreement: "Auto approve=ACTIVE,": an empty label`},
		{"no labels after =", []string{"Auto approve="}, nil, `agreement: "Auto approve=": an empty label`},
		{"named twice", []string{"Auto approve=ACTIVE;Auto approve=APPROVED"}, nil, `agreement: "Auto approve": the automation is named twice`},
		{"named twice across specs", []string{"Auto approve=ACTIVE", `{"Auto approve": "X"}`}, nil, `agreement: "Auto approve": the automation is named twice`},
		{"two defaults", []string{"ACTIVE;*=APPROVED"}, nil, `agreement: "*": a second default: give the labels every automation not named agrees with once`},
		{"json malformed", []string{`{"Auto approve": [}`}, nil, `agreement: "{\"Auto approve\": [}": malformed JSON: invalid character '}' looking for beginning of value`},
		{"json not strings", []string{`{"Auto approve": [1]}`}, nil, `agreement: "Auto approve": the labels must be a string or an array of strings, not [1]`},
		{"json empty list", []string{`{"Auto approve": []}`}, nil, `agreement: "Auto approve": no labels`},
		{"json empty label", []string{`{"Auto approve": [" "]}`}, nil, `agreement: "Auto approve": an empty label`},
		{"json duplicate", []string{`{"a": "X", "a": "Y"}`}, nil, `agreement: "a": the automation is named twice`},
		{"json empty", []string{`{}`}, nil, `agreement: "{}": no labels`},
		{"json trailing text", []string{`{"a": "X"} x`}, nil, `agreement: "{\"a\": \"X\"} x": text after the object`},
		{"a typo", []string{"Auto aprove=ACTIVE"}, automations, `agreement: "Auto aprove": is neither the id nor the name of any automation evaluated (a baseline's do not count)`},
		{"an id and a name", []string{"x=ACTIVE"}, []Automation{{ID: "x", Name: "a"}, {ID: "y", Name: "x"}},
			`agreement: "x": is the id of one automation and the name of another ("y")`},
		{"by id and by name", []string{"x=ACTIVE;a=DECLINED"}, []Automation{{ID: "x", Name: "a"}},
			`agreement: "a": names automation "a", which "x" names too`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, err := ParseAgreement(tc.specs...)
			if err == nil {
				_, err = a.Resolve(tc.autos)
			}
			var e *AgreementError
			if !errors.As(err, &e) {
				t.Fatalf("got %v, want an *AgreementError", err)
			}
			if err.Error() != tc.want {
				t.Errorf("error\n got %s\nwant %s", err, tc.want)
			}
		})
	}
}

func TestAgreementSameName(t *testing.T) {
	// Two automations of one name (drafts of one automation) are both named.
	a, err := ParseAgreement("Auto approve=APPROVED")
	if err != nil {
		t.Fatal(err)
	}
	got, err := a.Resolve([]Automation{{ID: "1", Name: "Auto approve"}, {ID: "2", Name: "Auto approve"}})
	if err != nil || !cmp.Equal([][]string{{"APPROVED"}, {"APPROVED"}}, got) {
		t.Errorf("%v, %v", got, err)
	}
}
