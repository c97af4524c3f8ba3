package jsonpath

import "github.com/verdict-rules/verdict/document"

// maxReachPaths bounds the paths Reach lists for one path, and
// maxReachSteps the steps it takes to list them: past either (unions of
// unions, say) the path reaches the whole subtree where its leading plain
// names end, which is more than it reads and never less.
const (
	maxReachPaths = 64
	maxReachSteps = 1 << 16
)

// Reach returns the paths of the case document that p can read, for
// projection decoding (document.NewReach): member names, Each for every
// element or member, each path reaching the whole subtree at its end. It
// errs on the side of reading more: a descent reaches the whole subtree
// where it starts, a filter every member its expression names below each
// child, and a step that jsonpath-plus may also read as a member name
// ("*" after a wildcard) reaches that member too. A context path reads no
// case document: its reach is the context field's.
func (p *Path) Reach() [][]document.Step {
	if p.context != "" {
		return nil
	}
	budget := maxReachSteps
	if out, ok := reachFrom(p.segs, nil, &budget); ok && len(out) <= maxReachPaths {
		return out
	}
	var prefix []document.Step
	for _, s := range p.segs {
		if s.kind != segName || s.quotedTok {
			break
		}
		prefix = append(prefix, document.Step{Name: s.name})
	}
	return [][]document.Step{prefix}
}

func extend(prefix []document.Step, steps ...document.Step) []document.Step {
	out := make([]document.Step, len(prefix), len(prefix)+len(steps))
	copy(out, prefix)
	return append(out, steps...)
}

// reachFrom lists the paths of segs after prefix; ok is false when it
// takes more than budget steps.
func reachFrom(segs []segment, prefix []document.Step, budget *int) (out [][]document.Step, ok bool) {
	if *budget--; *budget < 0 {
		return nil, false
	}
	if len(segs) == 0 {
		return [][]document.Step{prefix}, true
	}
	s := &segs[0]
	ok = true
	next := func(steps ...document.Step) {
		if !ok {
			return
		}
		// Copies of the prefix count against the budget too, so a long
		// path costs at most the budget in steps.
		if *budget -= len(prefix); *budget < 0 {
			ok = false
			return
		}
		more, fine := reachFrom(segs[1:], extend(prefix, steps...), budget)
		out, ok = append(out, more...), fine && len(out)+len(more) <= maxReachPaths
	}
	if s.kind != segName || s.quotedTok {
		// Literal priority (see walker.walk): the step's text as a name.
		next(document.Step{Name: s.tok})
	}
	switch s.kind {
	case segName:
		next(document.Step{Name: s.name})
	case segDescend:
		return [][]document.Step{prefix}, true
	case segWild, segSlice:
		next(document.Step{Each: true})
	case segUnion:
		for i := range s.parts {
			if s.parts[i].kind == segName {
				next(document.Step{Name: s.parts[i].name})
			} else {
				next(document.Step{Each: true})
			}
		}
	case segFilter:
		each := extend(prefix, document.Step{Each: true})
		s.expr.reads(each, &out, budget)
		next(document.Step{Each: true})
	default:
		return [][]document.Step{prefix}, true
	}
	return out, ok
}

// reads adds the paths a filter expression reads below the current item at
// cur: each @.a.b reaches the whole value it names.
func (e *expr) reads(cur []document.Step, out *[][]document.Step, budget *int) {
	if e == nil || *budget < 0 {
		return
	}
	*budget--
	if e.kind == exCurrent {
		path := cur
		for _, m := range e.members {
			path = extend(path, document.Step{Name: m.name})
		}
		*out = append(*out, path)
		return
	}
	e.x.reads(cur, out, budget)
	e.y.reads(cur, out, budget)
	for _, k := range e.list {
		k.reads(cur, out, budget)
	}
}
