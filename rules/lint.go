package rules

import (
	"slices"

	"github.com/verdict-rules/verdict/cases"
	"github.com/verdict-rules/verdict/diag"
	"github.com/verdict-rules/verdict/internal/check"
	"github.com/verdict-rules/verdict/internal/lint"
	"github.com/verdict-rules/verdict/schema"
)

// WithCaseSchema sets the static checks' case schema (nil: no checks).
func WithCaseSchema(v *schema.Validator) Option {
	return func(c *config) {
		c.caseSchema = v
		c.caseSchemaSet = true
	}
}

// caseSchemaFor returns the case schema that applies to a definition, or
// nil.
func (cfg *config) caseSchemaFor(def Automation) *schema.Validator {
	if cfg.caseSchemaSet {
		return cfg.caseSchema
	}
	caseTrigger := false
	for _, t := range def.Triggers {
		if t.Type == "case_status_updated" || t.Type == "case_status_change" {
			caseTrigger = true
		}
	}
	if !caseTrigger {
		return nil
	}
	name := schema.QuickrCaseFile
	if slices.Equal(cfg.statuses, cases.DinteroStatuses()) {
		name = schema.DinteroCaseFile
	}
	v, err := schema.Embedded(name)
	if err != nil {
		return nil
	}
	return v
}

// Types of the built-in context fields, for the static checks.
var contextTypes = map[string]string{"company_age": "integer", "case_age_days": "integer", "ubo_count": "integer",
	"credit_score": "number", "flags": "array"}

// contextType returns the type of a built-in context field the options
// leave as it is, or "".
func (cfg *config) contextType(name string) string {
	if _, builtin := cfg.context.Lookup(name); !builtin || cfg.contextOverridden(name) {
		return ""
	}
	return contextTypes[name]
}

// lint runs the static checks of a checked definition.
func (cfg *config) lint(def Automation, checked *check.Definition) []Warning {
	return diag.CapWarnings(lint.Definition(checked, lint.Options{Schema: cfg.caseSchemaFor(def),
		MaxVisits: cfg.limits.SchemaVisits, ContextType: cfg.contextType}))
}
