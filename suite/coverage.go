package suite

import (
	"sort"

	"github.com/verdict-rules/verdict/document"
	"github.com/verdict-rules/verdict/rules"
)

// Coverage tells, for one automation, which of its conditions the tests saw
// hold and which they saw fail: coverage of the automation, not of code. A
// condition seen only one way is one whose other outcome no test checks.
type Coverage struct {
	Automation string
	// Fingerprint is the automation's, as the tests ran it; when they ran
	// versions of different logic under one name, the first in order.
	Fingerprint string
	Conditions  []ConditionCoverage
}

// ConditionCoverage is one condition's outcomes across the tests.
type ConditionCoverage struct {
	Pointer string
	Type    string
	Field   string // the path, or the expression
	True    bool   // some test saw it hold
	False   bool   // some test saw it fail
}

// Both reports whether the condition was exercised both ways.
func (c ConditionCoverage) Both() bool { return c.True && c.False }

// CoverageOf gathers the outcomes of every condition from the traces of the
// tests' results, automation by automation.
func CoverageOf(tests []TestResult) []Coverage {
	byAuto := map[string]map[string]*ConditionCoverage{}
	fingerprints := map[string]string{}
	var order []string
	for _, t := range tests {
		for _, r := range t.results {
			if r.Trace == nil {
				continue
			}
			name := r.Automation.Name
			if r.Automation.ID != "" {
				name += " (" + r.Automation.ID + ")"
			}
			conds, ok := byAuto[name]
			if !ok {
				conds = map[string]*ConditionCoverage{}
				byAuto[name] = conds
				order = append(order, name)
				fingerprints[name] = r.Automation.Fingerprint
			}
			var walk func(tr *rules.Trace, root bool)
			walk = func(tr *rules.Trace, root bool) {
				if !root {
					c, ok := conds[tr.Pointer]
					if !ok {
						field := tr.Field
						if field == "" {
							field = tr.Expression
						}
						c = &ConditionCoverage{Pointer: tr.Pointer, Type: tr.Type, Field: field}
						conds[tr.Pointer] = c
					}
					if tr.Outcome {
						c.True = true
					} else {
						c.False = true
					}
				}
				for _, k := range tr.Children {
					walk(k, false)
				}
			}
			walk(r.Trace, true)
		}
	}
	sort.Strings(order)
	out := make([]Coverage, 0, len(order))
	for _, name := range order {
		cov := Coverage{Automation: name, Fingerprint: fingerprints[name]}
		for _, c := range byAuto[name] {
			cov.Conditions = append(cov.Conditions, *c)
		}
		sort.Slice(cov.Conditions, func(i, j int) bool {
			return document.ComparePointers(cov.Conditions[i].Pointer, cov.Conditions[j].Pointer) < 0
		})
		out = append(out, cov)
	}
	return out
}
