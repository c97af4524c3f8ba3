package check

import (
	"testing"

	"github.com/verdict-rules/verdict/document"
	"github.com/verdict-rules/verdict/schema"
)

// TestCheckedTree: the checked definition holds what the later stages
// read, made once: parsed paths with the context field they read, decoded
// operands, compiled patterns, pointers relative to the automation.
func TestCheckedTree(t *testing.T) {
	v, err := document.Decode([]byte(`{"name": "x", "triggers": [{"type": "case_status_updated"}],
	  "conditions": [{"type": "or", "conditions": [
	    {"type": "in", "field": "$.country", "value": ["NO", "SE"]},
	    {"type": "matches", "field": "$.org", "value": "^[0-9]{9}$"},
	    {"type": "greater_than", "field": "$.context.company_age", "value": 2}]}],
	  "actions": [{"type": "set_check_status", "check": "sanction", "status": "COMPLETED"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	def, errs := Check(v, &Config{Schema: schema.Automation(), Statuses: []string{"ACTIVE"}, DefinitionDepth: 32,
		ContextFields: []string{"company_age"}})
	if errs != nil {
		t.Fatal(errs)
	}
	or := def.Conditions[0]
	in, matches, gt := or.Conditions[0], or.Conditions[1], or.Conditions[2]
	switch {
	case or.Pointer != "/conditions/0" || in.Pointer != "/conditions/0/conditions/0":
		t.Errorf("pointers %q %q", or.Pointer, in.Pointer)
	case in.Field.Parsed == nil || in.Field.Src != "$.country" || in.Value.Len() != 2 || in.Value.Index(1).Text() != "SE":
		t.Errorf("in: %+v", in)
	case matches.Regexp == nil || !matches.Regexp.MatchString("123456789"):
		t.Errorf("matches: %+v", matches)
	case gt.Field.Context() != "company_age" || gt.Value.Float() != 2 || !def.ReadsContext:
		t.Errorf("greater_than: %+v", gt)
	case len(def.Actions) != 1 || def.Actions[0].Pointer != "/actions/0" || def.Actions[0].Check != "sanction":
		t.Errorf("actions: %+v", def.Actions)
	}
}
