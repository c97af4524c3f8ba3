package eval

import (
	"sort"

	"github.com/verdict-rules/verdict/conditions"
	"github.com/verdict-rules/verdict/document"
)

// touch is where in the case a counterfactual's change is: under the
// pointers in ptrs, anywhere (all), or, for a group or a not, wherever
// the conditions inside it read (inside).
type touch struct {
	ptrs   []string
	all    bool
	inside bool
	clock  bool // the clock moves instead: context fields may change
}

// under is the touch of a change somewhere under what a path reads: a
// field that yields nothing, a value that is not in the case.
func under(p pathRef) touch {
	if p.p == nil {
		return touch{all: true}
	}
	ptr, all := p.p.Reads()
	if all {
		return touch{all: true}
	}
	return touch{ptrs: []string{ptr}}
}

// touches is the touch of a change to the targets of a condition on path
// p: their pointers, or, if one is not in the case, under the path.
func (w *cfWalk) touches(targets []document.Value, p pathRef) touch {
	var tc touch
	for _, v := range targets {
		ptr, ok := w.ptrs[v]
		if !ok {
			return under(p)
		}
		tc.ptrs = append(tc.ptrs, ptr)
	}
	return tc
}

// cfIndex numbers the trace in preorder, so that the conditions inside a
// node are those numbered in its span, and lists the conditions that read
// the case by where they read it.
type cfIndex struct {
	span     map[*conditions.Trace][2]int // [first, end) of the node and those inside it
	parent   map[*conditions.Trace]*conditions.Trace
	failed   map[*conditions.Trace]int // children whose outcome settles the node (see settling)
	reads    [][]string                // by number: where each reader reads (nil for others)
	readsAll []bool
	fields   []string         // by number: the context field a reader reads, if any
	context  map[string][]int // readers of a context field, by field
	at       map[string][]int // readers reading exactly under this pointer
	below    map[string][]int // readers reading under this pointer or a pointer under it
	all      []int            // readers that may read anything
	any      []int            // every reader
}

// index builds w.ix from the trace, charging a step per reader and per
// level of where it reads.
func (w *cfWalk) index() {
	ix := &w.ix
	ix.span = map[*conditions.Trace][2]int{}
	ix.parent = map[*conditions.Trace]*conditions.Trace{}
	ix.failed = map[*conditions.Trace]int{}
	ix.at, ix.below, ix.context = map[string][]int{}, map[string][]int{}, map[string][]int{}
	var number func(t *conditions.Trace)
	number = func(t *conditions.Trace) {
		if w.in.stopped() {
			return
		}
		e := len(ix.reads)
		ptrs, field, all, reader := w.readsOf(t)
		ix.reads, ix.readsAll, ix.fields = append(ix.reads, ptrs), append(ix.readsAll, all), append(ix.fields, field)
		if reader {
			cost := 1
			ix.any = append(ix.any, e)
			if all {
				ix.all = append(ix.all, e)
			}
			if field != "" {
				ix.context[field] = append(ix.context[field], e)
			}
			for _, p := range ptrs {
				ix.at[p] = append(ix.at[p], e)
				for _, q := range prefixes(p) {
					ix.below[q] = append(ix.below[q], e)
					cost++
				}
				ix.below[p] = append(ix.below[p], e)
			}
			if !w.in.take(cost, t.Pointer) {
				return
			}
		}
		for _, k := range t.Children {
			ix.parent[k] = t
			number(k)
		}
		ix.span[t] = [2]int{e, len(ix.reads)}
	}
	number(w.rec.top)
}

// readsOf says where the condition of a trace node reads the case, or
// the context field it reads, and whether it reads it at all (groups and
// nots read through their conditions).
func (w *cfWalk) readsOf(t *conditions.Trace) (ptrs []string, field string, all, reader bool) {
	s := w.rec.nodes[t]
	if s == nil {
		return nil, "", false, false
	}
	var paths []pathRef
	switch n := s.node.(type) {
	case *leaf:
		if n.kind == kCustom {
			return nil, "", true, true
		}
		paths = []pathRef{n.field}
	case *nullTest:
		paths = []pathRef{n.field}
	case *every:
		paths = []pathRef{n.field, n.path}
	case *expression:
		return nil, "", true, true
	default:
		return nil, "", false, false
	}
	for _, p := range paths {
		if p.context != "" && len(paths) == 1 && w.in.Context != nil {
			// What the field reads, its definition says (Alters).
			return nil, p.context, false, true
		}
		tc := under(p)
		if tc.all {
			return nil, "", true, true
		}
		ptrs = append(ptrs, tc.ptrs...)
	}
	return ptrs, "", false, true
}

// prefixes returns the pointers above p, the whole case ("") first.
func prefixes(p string) []string {
	var out []string
	for i := 0; i < len(p); i++ {
		if p[i] == '/' {
			out = append(out, p[:i])
		}
	}
	return out
}

// readers returns the lists of the readers whose reading a change that
// touches tc may alter: those reading under or above a pointer it
// touches, and those that may read anything. The readers inside a group
// stand for the group's own change.
func (w *cfWalk) readers(t *conditions.Trace, tc touch) [][]int {
	ix := &w.ix
	if tc.inside {
		sp := ix.span[t]
		seen := map[string]bool{}
		tc = touch{}
		for e := sp[0]; e < sp[1]; e++ {
			if ix.readsAll[e] {
				tc.all = true
				break
			}
			for _, p := range ix.reads[e] {
				if !seen[p] {
					seen[p] = true
					tc.ptrs = append(tc.ptrs, p)
				}
			}
		}
	}
	if tc.all {
		return [][]int{ix.any}
	}
	lists := [][]int{ix.all}
	for _, p := range tc.ptrs {
		lists = append(lists, ix.below[p])
		for _, q := range prefixes(p) {
			lists = append(lists, ix.at[q])
		}
	}
	// The readers of each context field the change may alter, once.
	for name, l := range ix.context {
		alters := tc.clock
		for _, p := range tc.ptrs {
			if alters {
				break
			}
			alters = w.in.Context.Alters(name, p)
		}
		if alters {
			lists = append(lists, l)
		}
	}
	return lists
}

// within counts the readers of the lists numbered in [from, end).
func within(lists [][]int, from, end int) int {
	n := 0
	for _, l := range lists {
		n += sort.SearchInts(l, end) - sort.SearchInts(l, from)
	}
	return n
}

// sufficient decides whether the change of t, which touches tc, alone
// would make the automation fire: the conditions are evaluated again, on
// the outcomes of the trace, with t's taken to be the one it needs and
// the outcome of every other condition the change may alter (one that
// reads under or above a pointer the change touches, or that may read
// anything: an expression, a registered type, a context field whose
// definition does not say what it reads) taken to be unknown, in
// three-valued logic (an and with a condition that fails fails, whatever
// the unknown ones are). Fires: it is sufficient. Fails: it is not.
// Unknown: Counterfactual.Unsure. Only t's ancestors are evaluated again,
// each from the counts of its conditions' outcomes, and only the
// conditions that hold an altered one are looked into, within a bound of
// work over all the counterfactuals (past it, they are unsure).
func (w *cfWalk) sufficient(t *conditions.Trace, tc touch, fires bool) {
	cf := t.Counterfactual
	if !fires || w.never[t] {
		return
	}
	ix := &w.ix
	lists := w.readers(t, tc)
	w.cost = 1 + len(lists)
	now := known(w.want[t])
	for c := t; ix.parent[c] != nil && now != unknown; c = ix.parent[c] {
		now = w.again(ix.parent[c], c, now, lists)
	}
	if !w.in.take(w.cost, t.Pointer) {
		return
	}
	cf.Sufficient = now == yes
	cf.Unsure = now == unknown
}

// An outcome in three-valued logic.
type tri uint8

const (
	no tri = iota
	yes
	unknown
)

func known(b bool) tri {
	if b {
		return yes
	}
	return no
}

// again is the outcome of g when its condition c comes out as now and
// the others are as the trace has them, save those the change may alter.
func (w *cfWalk) again(g, c *conditions.Trace, now tri, lists [][]int) tri {
	ix := &w.ix
	all := true
	switch n := w.rec.nodes[g].node.(type) {
	case *not:
		return [...]tri{yes, no, unknown}[now]
	case *group:
		all = n.all
	}
	// An and is settled by a condition that fails, an or by one that
	// holds.
	settle := known(!all)
	if now == settle {
		return settle
	}
	gs, cs := ix.span[g], ix.span[c]
	w.cost += 2 * len(lists)
	if within(lists, gs[0], gs[1])-within(lists, cs[0], cs[1]) == 0 {
		// The others are as they were.
		others := w.settling(g, settle) - b2i(c.Outcome == (settle == yes))
		switch {
		case others > 0:
			return settle
		case now == unknown:
			return unknown
		}
		return known(all)
	}
	out := known(all)
	if now == unknown {
		out = unknown
	}
	for _, k := range g.Children {
		if w.work > w.maxWork {
			return unknown
		}
		if k == c {
			continue
		}
		switch w.tri(k, lists) {
		case settle:
			return settle
		case unknown:
			out = unknown
		}
	}
	return out
}

// tri is the outcome of k with the conditions the change may alter taken
// to be unknown.
func (w *cfWalk) tri(k *conditions.Trace, lists [][]int) tri {
	ix := &w.ix
	sp := ix.span[k]
	w.cost += 1 + len(lists)
	w.work++
	if w.work > w.maxWork {
		return unknown
	}
	if within(lists, sp[0], sp[1]) == 0 {
		return known(k.Outcome)
	}
	s := w.rec.nodes[k]
	if s == nil {
		return unknown
	}
	switch n := s.node.(type) {
	case *not:
		return [...]tri{yes, no, unknown}[w.tri(k.Children[0], lists)]
	case *group:
		settle := known(!n.all)
		out := known(n.all)
		for _, kk := range k.Children {
			if w.work > w.maxWork {
				return unknown
			}
			switch w.tri(kk, lists) {
			case settle:
				return settle
			case unknown:
				out = unknown
			}
		}
		return out
	}
	return unknown // a condition the change may alter
}

// settling counts the children of g whose outcome is settle.
func (w *cfWalk) settling(g *conditions.Trace, settle tri) int {
	if n, ok := w.ix.failed[g]; ok {
		return n
	}
	n := 0
	for _, k := range g.Children {
		if known(k.Outcome) == settle {
			n++
		}
	}
	w.ix.failed[g] = n
	return n
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
