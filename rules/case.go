package rules

import (
	"github.com/verdict-rules/verdict/cases"
)

// Case is a case document decoded once for evaluation (see package cases).
type Case = cases.Case

// CheckCase warns on a case without the "status" these automations read.
func (s *Set) CheckCase(c *Case) []Warning {
	if s == nil || !c.Value().Exists() || c.HasStatus() {
		return nil
	}
	for _, p := range s.progs {
		if readsStatus(p.def) {
			return []Warning{cases.MissingStatus(c.Pointer())}
		}
	}
	return nil
}

// readsStatus reports whether an automation reads the case status: a case
// status trigger, or set_case_status.
func readsStatus(def Automation) bool {
	for _, t := range def.Triggers {
		if t.Type == "case_status_updated" || t.Type == "case_status_change" {
			return true
		}
	}
	for _, a := range def.Actions {
		if a.Type == "set_case_status" {
			return true
		}
	}
	return false
}
