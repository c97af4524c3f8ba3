package context

import (
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/parser"

	"github.com/verdict-rules/verdict/document"
)

// Reach returns the paths of the case that the named field reads, for
// projection decoding (document.NewReach), each reaching the whole value at
// its end. ok is false when they cannot be told: a field computed by a Go
// function, or an expression that reads case (an expression that reads only
// other fields, event and now reaches what those fields reach).
func (r *Registry) Reach(name string) (paths [][]document.Step, ok bool) {
	return r.reach(name, 0)
}

func (r *Registry) reach(name string, depth int) ([][]document.Step, bool) {
	i := r.find(name)
	if i < 0 || depth > len(r.fields) {
		return nil, false
	}
	f := r.fields[i]
	switch {
	case f.Expression != "":
		if readsCase(f.Expression) {
			return nil, false
		}
		return r.reachAll(f.deps, depth+1)
	case f.builtin:
		return builtinReach(f.Name), true
	}
	return nil, false
}

// reachAll is the union of the reaches of the named fields.
func (r *Registry) reachAll(names []string, depth int) ([][]document.Step, bool) {
	var out [][]document.Step
	for _, n := range names {
		paths, ok := r.reach(n, depth)
		if !ok {
			return nil, false
		}
		out = append(out, paths...)
	}
	return out, true
}

// Reach returns the paths of the case the expression reads: ok is false
// when it reads case itself; else it reaches what the context fields it
// reads reach.
func (p *Expr) Reach(r *Registry) ([][]document.Step, bool) {
	if p == nil || p.readsCase {
		return nil, false
	}
	return r.reachAll(p.deps, 0)
}

// readsCase reports whether an expression names the case variable; one
// that does not parse reads nothing (and $env, through which it could read
// the case unnamed, is refused when expressions are compiled).
func readsCase(src string) bool {
	tree, err := parser.Parse(src)
	if err != nil {
		return false
	}
	f := &caseFinder{}
	ast.Walk(&tree.Node, f)
	return f.found
}

type caseFinder struct{ found bool }

func (f *caseFinder) Visit(node *ast.Node) {
	if id, ok := (*node).(*ast.IdentifierNode); ok && id.Value == "case" {
		f.found = true
	}
}

// builtinReach lists what each built-in field reads (see its Doc).
func builtinReach(name string) [][]document.Step {
	each := document.Step{Each: true}
	n := func(s string) document.Step { return document.Step{Name: s} }
	var out [][]document.Step
	switch name {
	case "company_age":
		for _, src := range [...][2]string{{"sections", "additional_data"}, {"current_information", "data"},
			{"prefills", "data"}, {"declarations", "data"}} {
			out = append(out, []document.Step{n(src[0]), each, n("type")},
				[]document.Step{n(src[0]), each, n(src[1]), each, n("registration_date")},
				[]document.Step{n(src[0]), each, n(src[1]), each, n("incorporation_date")})
		}
	case "case_age_days":
		out = append(out, document.Names("created_at"))
	case "ubo_count":
		for _, c := range [...]string{"current_information", "declarations", "prefills"} {
			out = append(out, []document.Step{n(c), each, n("type")}, []document.Step{n(c), each, n("data")})
		}
	case "flags":
		out = append(out, []document.Step{n("checks"), each, n("data"), each, n("flags"), each, n("code")})
	case "credit_score":
		for _, c := range [...]string{"current_information", "prefills"} {
			out = append(out, []document.Step{n(c), each, n("type")},
				[]document.Step{n(c), each, n("data"), each, n("current_credit_score"), n("value")})
		}
	}
	return out
}
