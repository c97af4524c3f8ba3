package rules

import (
	"sync"

	"github.com/verdict-rules/verdict/document"
	"github.com/verdict-rules/verdict/internal/check"
)

// reachOf returns what a program reads of a case: the paths of its
// conditions, the case fields of the context fields they read, the
// members its actions read, the automations the case names. It is nil, the whole case, when that cannot be
// told: a descent or wildcard at the root, an expression or expr context
// field that reads case, a context field computed in Go, a registered
// condition or action type.
func (cfg *config) reachOf(def *check.Definition) *document.Reach {
	// The status, and the automations a case names (WithCaseAutomations).
	paths := [][]document.Step{document.Names("status"), document.Names("automations")}
	var walk func(c *check.Condition) bool
	walk = func(c *check.Condition) bool {
		switch c.Type {
		case "and", "or":
			for _, k := range c.Conditions {
				if !walk(k) {
					return false
				}
			}
			return true
		case "not":
			return walk(c.Condition)
		case "expression":
			ps, ok := c.Expr.Reach(cfg.context)
			paths = append(paths, ps...)
			return ok
		}
		if _, builtin := leafTypes[c.Type]; !builtin {
			return false
		}
		for _, p := range [...]*check.Path{c.Field, c.Path} {
			if p == nil {
				continue
			}
			if name := p.Context(); name != "" {
				ps, ok := cfg.context.Reach(name)
				if !ok {
					return false
				}
				paths = append(paths, ps...)
				continue
			}
			ps := p.Parsed.Reach()
			for _, q := range ps {
				if len(q) == 0 {
					return false // the whole case
				}
			}
			paths = append(paths, ps...)
		}
		return true
	}
	for _, c := range def.Conditions {
		if !walk(c) {
			return nil
		}
	}
	for _, a := range def.Actions {
		switch a.Type {
		case "set_case_status":
		case "set_check_status":
			paths = append(paths, document.Names("checks"))
		default:
			return nil
		}
	}
	return document.NewReach(paths...)
}

// leafTypes are the built-in condition types that test the values of
// paths.
var leafTypes = map[string]bool{
	"equal": true, "not_equal": true, "greater_than": true, "greater_than_or_equal": true,
	"less_than": true, "less_than_or_equal": true, "contains": true, "in": true, "matches": true,
	"equal_to_null": true, "not_equal_to_null": true, "every": true,
}

// lazyReach is a reach worked out the first time it is asked for: working
// it out is about a fifth of a Compile, and a program used only with cases
// decoded whole never needs it.
type lazyReach struct {
	once sync.Once
	make func() *document.Reach
	r    *document.Reach
}

// get returns the reach, nil (all of the case) for the nil lazyReach of
// a zero Program or Set.
func (l *lazyReach) get() *document.Reach {
	if l == nil {
		return nil
	}
	l.once.Do(func() {
		l.r, l.make = l.make(), nil
	})
	return l.r
}
