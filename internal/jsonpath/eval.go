package jsonpath

import (
	"context"
	"fmt"
	"math"

	"github.com/verdict-rules/verdict/diag"
	"github.com/verdict-rules/verdict/document"
	"github.com/verdict-rules/verdict/internal/budget"
)

// Env is what a path reads besides the document.
type Env struct {
	// Context returns the computed context field name, for paths that
	// start with $.context.<name>. A nil Context, or a false result, means
	// the field is absent and the path yields nothing.
	Context func(name string) (document.Value, bool)
	// MaxValues bounds how many values one Select may yield; 0 means no
	// bound.
	MaxValues int
	// MaxVisits bounds how many nodes the recursive descents (..) and the
	// unions ([0,0,1]) of one Select may visit, so paths that descend
	// again and again ($..a..b..c) or pick the same elements many times
	// ($.a[0,0,0][0,0,0]...) stop; 0 means no bound. Other steps go down
	// the document and visit each node at most once per step.
	MaxVisits int
	// Ctx, when set, is looked at every 1,024 nodes a Select visits: once
	// it is done, the Select stops and returns its error.
	Ctx context.Context
	// Steps, when set, is the budget of the whole evaluation, which every
	// Select shares: the nodes its descents and unions visit, the items
	// its filters test (FilterSteps each) and the text .length reads (a
	// step per 64 bytes) are taken from it, and a Select that would pass
	// it stops with its error.
	Steps *budget.Steps
	// Plain, when set, walks each step as written, never jsonpath-plus's
	// literal priority (see walker.walk), by which a member of the case
	// named like the next step ("*", "..") is followed instead of the
	// step: what a path means then depends on the names a case holds.
	// Masks select with and without it, so that a case cannot narrow what
	// they hide.
	Plain bool
}

// limitError is the problem of a path that yields more values than
// Env.MaxValues, or visits more nodes than Env.MaxVisits.
func limitError(src string, limit int, visits bool) *diag.Problem {
	path := src
	if len(path) > longPath {
		shown, _ := excerpt(path, 0)
		path = shown + "..."
	}
	if visits {
		return &diag.Problem{Offset: -1, Code: diag.TooManyVisits, Msg: fmt.Sprintf("jsonpath: %s visits more than %d nodes", path, limit)}
	}
	return &diag.Problem{Offset: -1, Code: diag.TooManyValues, Msg: fmt.Sprintf("jsonpath: %s yields more than %d values", path, limit)}
}

// Select appends to dst the values p yields on root, in the order
// jsonpath-plus yields them, and returns the extended slice. The values
// point into root (or are read-only values of their own, such as the
// numbers .length yields); callers must not change them. The only errors
// are a *diag.Problem of a limit (TooManyValues, TooManyVisits) and the
// error of Env.Ctx.
func (p *Path) Select(root document.Value, env *Env, dst []document.Value) ([]document.Value, error) {
	w := newWalker(p, env, dst)
	// Set here rather than in newWalker, which stays small enough to be
	// inlined.
	w.plain = env != nil && env.Plain
	start := root
	if p.context != "" {
		if env == nil || env.Context == nil {
			return dst, nil
		}
		v, ok := env.Context(p.context)
		if !ok || !v.Exists() {
			return dst, nil
		}
		start = v
	}
	if !start.Exists() {
		return dst, nil
	}
	w.walk(0, start, false)
	if !w.over && w.budget == w.start {
		return w.dst, nil
	}
	return w.dst, w.finish(env)
}

// Values returns the values p yields on root, without a bound; it is a
// convenience for tests and tools.
func (p *Path) Values(root document.Value, env *Env) []document.Value {
	out, _ := p.Select(root, env, nil)
	return out
}

type walker struct {
	p      *Path
	dst    []document.Value
	limit  int
	over   bool // a limit was passed, or the context is done: the walk stops
	visits int  // nodes its descents and unions may still visit
	budget int  // steps of the evaluation's budget left (see Env.Steps)
	start  int  // budget at the start
	tick   int  // nodes to visit before the context is looked at again
	// The last string .length was read of, and its length: a path that
	// reaches one string many times (through unions) reads it once.
	lenOf  document.Value
	lenVal int
	ctx    context.Context
	ctxErr error
	plain  bool // Env.Plain
}

// checkEvery is how many nodes a walk visits between two looks at its
// context.
const checkEvery = 1024

// FilterSteps is what testing an item with a filter costs of the
// evaluation's steps: far more than visiting a node.
const FilterSteps = 8

func newWalker(p *Path, env *Env, dst []document.Value) walker {
	w := walker{p: p, dst: dst, visits: math.MaxInt, budget: math.MaxInt, tick: checkEvery}
	if env != nil {
		if env.MaxValues > 0 {
			w.limit = len(dst) + env.MaxValues
		}
		if env.MaxVisits > 0 {
			w.visits = env.MaxVisits
		}
		w.ctx = env.Ctx
		if env.Steps != nil {
			w.budget = env.Steps.Left()
		}
	}
	w.start = w.budget
	return w
}

// visit counts a node a descent or a union visits; it reports whether
// the walk must stop.
func (w *walker) visit() bool {
	w.visits--
	w.budget--
	if w.visits < 0 || w.budget < 0 {
		w.over = true
	}
	return w.over
}

// spend takes n steps of the evaluation's budget; it reports whether the
// walk must stop.
func (w *walker) spend(n int) bool {
	if w.budget -= n; w.budget < 0 {
		w.over = true
	}
	return w.over
}

// finish takes what the walk spent from the evaluation's budget and
// returns the error of a walk that stopped early, or nil.
func (w *walker) finish(env *Env) error {
	if w.budget != w.start && env != nil && env.Steps != nil && !env.Steps.Take(w.start-max(w.budget, -1)) &&
		w.visits >= 0 && w.ctxErr == nil {
		return env.Steps.Err()
	}
	return w.err(env)
}

// length is .length of a string, in UTF-16 units. Reading a long string
// costs a step of the evaluation's budget per 64 bytes, and the last
// string's length is kept.
func (w *walker) length(v document.Value) document.Value {
	if v == w.lenOf {
		return lengthValue(w.lenVal)
	}
	t := v.Text()
	if w.spend(len(t) >> 6) {
		return document.Value{}
	}
	w.lenOf, w.lenVal = v, utf16Len(t)
	return lengthValue(w.lenVal)
}

// step counts a node visited by a loop over children, and every
// checkEvery of them looks at the context.
func (w *walker) step() {
	if w.tick--; w.tick <= 0 {
		w.look()
	}
}

func (w *walker) look() {
	w.tick = checkEvery
	if w.ctx != nil {
		if err := w.ctx.Err(); err != nil {
			w.ctxErr, w.over = err, true
		}
	}
}

// err is the error of a walk that passed a limit or whose context ended,
// or nil.
func (w *walker) err(env *Env) error {
	if !w.over {
		return nil
	}
	return w.stopped(env)
}

// stopped is the error of a walk that stopped early.
func (w *walker) stopped(env *Env) error {
	if w.ctxErr != nil {
		return w.ctxErr
	}
	if w.visits < 0 {
		return limitError(w.p.src, env.MaxVisits, true)
	}
	return limitError(w.p.src, env.MaxValues, false)
}

func (w *walker) emit(v document.Value) {
	if w.limit > 0 && len(w.dst) >= w.limit {
		w.over = true
		return
	}
	w.dst = append(w.dst, v)
}

// walk applies step i and the ones after it to v.
//
// lp is jsonpath-plus's "literal priority": after a plain name read the
// ordinary way, and after a wildcard, jsonpath-plus first looks for an own
// member whose name is the next step's text ("*", "..", "1:2", ...) and
// follows it if there is one. After a name read that way, and after any
// other step, the flag is off. Along a chain of names it alternates.
func (w *walker) walk(i int, v document.Value, lp bool) {
	if w.over {
		return
	}
	var s *segment
	segs := w.p.segs
	for {
		if i == len(segs) {
			w.emit(v)
			return
		}
		s = &segs[i]
		if lp && !w.plain && v.Kind() == document.Object && (s.kind != segName || s.quotedTok) {
			if m, ok := v.MemberKey(s.tokKey); ok {
				i, v, lp = i+1, m, false
				continue
			}
		}
		if s.kind != segName {
			break
		}
		// Names, the most common step, are followed in this loop rather
		// than by recursion.
		// MemberKey finds nothing in what is not an object.
		c, ok := v.MemberKey(s.key)
		if !ok && v.Kind() != document.Object {
			c = w.own(v, s.name, s.key, s.idx, s.isIdx)
		}
		if !c.Exists() {
			return
		}
		i, v, lp = i+1, c, !lp && !s.quotedTok
	}
	switch s.kind {
	case segWild:
		if k := v.Kind(); k == document.Array || k == document.Object {
			for it := v.Iter(); it.Next(); {
				if w.step(); w.over {
					return
				}
				w.walk(i+1, it.Value(), true)
			}
		}
	case segDescend:
		// Descents and unions are the steps that may visit a node more
		// than once (once for each .. that reaches it, once for each time
		// a union names it), so only they are counted.
		if w.visit() {
			return
		}
		if w.step(); w.over {
			return
		}
		w.walk(i+1, v, false)
		if k := v.Kind(); k == document.Array || k == document.Object {
			for it := v.Iter(); it.Next(); {
				if c := it.Value(); c.Kind() == document.Array || c.Kind() == document.Object {
					w.walk(i, c, false)
				}
			}
		}
	case segSlice:
		w.slice(i, s, v)
	case segUnion:
		for _, part := range s.parts {
			if w.over {
				return
			}
			if part.kind == segSlice {
				w.slice(i, &part, v)
				continue
			}
			if c := w.own(v, part.name, part.key, part.idx, part.isIdx); c.Exists() {
				if w.visit() {
					return
				}
				if w.step(); w.over {
					return
				}
				w.walk(i+1, c, !s.quotedTok)
			}
		}
	case segFilter:
		if k := v.Kind(); k == document.Array || k == document.Object {
			// Iter, not Index: reaching each child by Index alone would
			// step over the ones before it in arrays of containers.
			for it := v.Iter(); it.Next(); {
				if w.step(); w.over {
					return
				}
				c := it.Value()
				if s.fast != nil {
					if hit, decided := s.fast.test(c); decided {
						if hit {
							w.walk(i+1, c, false)
						}
						continue
					}
				}
				if w.spend(FilterSteps) {
					return
				}
				if x, ok := s.expr.eval(c); ok && truthy(x) {
					w.walk(i+1, c, false)
				}
			}
		}
	}
}

// slice follows jsonpath-plus's _slice: arrays only, negative bounds count
// from the end, a zero step selects nothing.
func (w *walker) slice(i int, s *segment, v document.Value) {
	if v.Kind() != document.Array {
		return
	}
	n := float64(v.Len())
	step := 1.0
	if s.slice[2].set {
		step = s.slice[2].n
	}
	if step == 0 || math.IsNaN(step) {
		return
	}
	norm := func(x float64) float64 {
		if x < 0 {
			return x + n
		}
		return x
	}
	var start, end float64
	if s.slice[0].set {
		start = norm(s.slice[0].n)
	} else if step > 0 {
		start = 0
	} else {
		start = norm(n - 1)
	}
	if s.slice[1].set {
		end = norm(s.slice[1].n)
	} else if step > 0 {
		end = n
	} else {
		end = norm(-n - 1)
	}
	var from, to float64
	if step > 0 {
		from = math.Min(math.Max(start, 0), n)
		to = math.Min(math.Max(end, 0), n)
		for k := from; k < to; k += step {
			if w.slicePart(s) {
				return
			}
			w.walk(i+1, v.Index(int(k)), false)
		}
		return
	}
	from = math.Min(math.Max(start, -1), n-1)
	to = math.Min(math.Max(end, -1), n-1)
	for k := from; k > to; k += step {
		if w.slicePart(s) {
			return
		}
		w.walk(i+1, v.Index(int(k)), false)
	}
}

// slicePart counts an element a slice visits; a slice inside a union may
// visit elements other parts visit too, so it counts against the visits.
// It reports whether the walk must stop.
func (w *walker) slicePart(s *segment) bool {
	if s.inUnion {
		if w.visit() {
			return true
		}
	}
	w.step()
	return w.over
}

// own is the member lookup of a path step: jsonpath-plus's
// `val && Object.hasOwn(val, name)`. Falsy values (null, false, 0, "") have
// no members; arrays and strings have length and their indexes. The
// length of a string is read through the walk (see length).
func (w *walker) own(v document.Value, name string, key document.Key, idx int, isIdx bool) document.Value {
	switch v.Kind() {
	case document.Object:
		m, _ := v.MemberKey(key)
		return m
	case document.Array:
		if name == "length" {
			return lengthValue(v.Len())
		}
		if isIdx {
			return v.Index(idx) // the zero Value past the end
		}
	case document.String:
		if v.Text() == "" {
			return document.Value{}
		}
		if name == "length" {
			return w.length(v)
		}
		if isIdx {
			if c, ok := utf16At(v.Text(), idx); ok {
				s := document.NewString(c)
				return s
			}
		}
	}
	return document.Value{}
}

// lengthValue is the value .length yields: document.NewInt makes small ones
// without allocating.
func lengthValue(n int) document.Value { return document.NewInt(int64(n)) }

// eval evaluates a filter expression with @ bound to cur. ok is false when
// JavaScript would throw, which jsonpath-plus (with ignoreEvalErrors) turns
// into "not selected".
func (e *expr) eval(cur document.Value) (jsValue, bool) {
	switch e.kind {
	case exLiteral:
		return e.lit, true
	case exCurrent:
		x := jsFromValue(cur)
		for i := range e.members {
			m := &e.members[i]
			var ok bool
			if x, ok = getProperty(x, m.name, m.key, m.idx, m.isIdx); !ok {
				return undefined, false
			}
		}
		return x, true
	case exUnary:
		x, ok := e.x.eval(cur)
		if !ok {
			return undefined, false
		}
		return jsValue{kind: jsBool, b: !truthy(x)}, true
	}
	switch e.op {
	case opOr, opAnd:
		// JavaScript's || gives the first truthy operand, && the first
		// falsy one, else both give the last; an operand that throws ends
		// the evaluation.
		var x jsValue
		for _, k := range e.list {
			var ok bool
			if x, ok = k.eval(cur); !ok {
				return undefined, false
			}
			if truthy(x) == (e.op == opOr) {
				return x, true
			}
		}
		return x, true
	}
	x, ok := e.x.eval(cur)
	if !ok {
		return undefined, false
	}
	y, ok := e.y.eval(cur)
	if !ok {
		return undefined, false
	}
	r, ok := true, true
	switch e.op {
	case opEq:
		r, ok = looseEquals(x, y)
	case opNe:
		r, ok = looseEquals(x, y)
		r = !r
	case opStrict:
		r = strictEquals(x, y)
	case opNotStrict:
		r = !strictEquals(x, y)
	default:
		r, ok = compare(e.op, x, y)
	}
	if !ok {
		return undefined, false
	}
	return jsValue{kind: jsBool, b: r}, true
}

// memberEq is a filter of the shape @.a.b === 'text' (or ==, or the
// literal first), which most automation paths use to pick an item by type.
// It is decided without the general evaluator whenever the members are
// plain object members; anything else falls back to it.
type memberEq struct {
	keys []document.Key
	text string
}

func fastFilter(e *expr) *memberEq {
	if e.kind != exBinary || (e.op != opStrict && e.op != opEq) {
		return nil
	}
	cur, lit := e.x, e.y
	if cur.kind == exLiteral {
		cur, lit = lit, cur
	}
	if cur.kind != exCurrent || lit.kind != exLiteral || lit.lit.kind != jsString || len(cur.members) == 0 {
		return nil
	}
	keys := make([]document.Key, len(cur.members))
	for i, m := range cur.members {
		if m.isIdx || m.name == "length" || blocked[m.name] {
			return nil
		}
		keys[i] = m.key
	}
	return &memberEq{keys: keys, text: lit.lit.s}
}

// test decides the filter for one item when it can: decided is false when
// the general evaluator must be asked.
func (f *memberEq) test(v document.Value) (hit, decided bool) {
	s, ok := f.value(v)
	return ok && s == f.text, ok
}

// value returns the string the member chain leads to in v. It is false when
// the chain does not lead to a string through plain object members, and
// only the general evaluator can decide the filter.
func (f *memberEq) value(v document.Value) (string, bool) {
	// MemberKey finds nothing in what is not an object.
	if len(f.keys) == 1 {
		// One name, as in @.type: no loop.
		m, _ := v.MemberKey(f.keys[0])
		return m.AsText()
	}
	for _, k := range f.keys {
		m, ok := v.MemberKey(k)
		if !ok {
			return "", false
		}
		v = m
	}
	return v.AsText()
}
