// Package eval evaluates the conditions of checked definitions on cases.
// Compile builds one node per checked condition; a node has one Eval,
// which a trace observes through the Input's recorder instead of running a
// second evaluator: untraced, an evaluation stops at the first condition
// that settles a group and allocates nothing; traced, every condition is
// evaluated, so that the trace shows them all, and the recorder writes
// each one's values, outcome and reason.
//
// The semantics of each condition type are package conditions'.
package eval

import (
	"cmp"
	"encoding/json"
	"regexp"
	"strings"

	"github.com/verdict-rules/verdict/conditions"
	casectx "github.com/verdict-rules/verdict/context"
	"github.com/verdict-rules/verdict/diag"
	"github.com/verdict-rules/verdict/document"
	"github.com/verdict-rules/verdict/internal/budget"
	"github.com/verdict-rules/verdict/internal/check"
	"github.com/verdict-rules/verdict/internal/jsonpath"
	"github.com/verdict-rules/verdict/internal/regex"
)

// Node is a compiled condition. It is immutable and safe for concurrent
// use; all per-evaluation state lives in the Input.
type Node interface {
	// Eval reports whether the condition holds on the input.
	Eval(in *Input) bool
}

// Options configure Compile.
type Options struct {
	// Table, when set, receives every path, so an Input with a Memo of
	// this table walks each distinct path and filter prefix once per case.
	Table *jsonpath.Table
	// Types compile the conditions of registered types into the test each
	// value must pass.
	Types map[string]func(conditions.Condition) (func(document.Value) bool, error)
}

// Input is what conditions are evaluated on. One Input serves one
// evaluation at a time; reuse it (after Reset) to avoid allocations.
type Input struct {
	// Case is the decoded case document.
	Case document.Value
	// Env gives paths the computed context and their bounds.
	Env jsonpath.Env
	// Memo, when set, holds the values of the paths registered in
	// Options.Table.
	Memo *jsonpath.Memo
	// Context holds the context fields of the case, for expressions.
	Context *casectx.Values
	// Event returns the event's members for expressions (nil in a dry
	// run).
	Event func() map[string]any
	// MaxSteps bounds the work of one evaluation (see package budget); 0
	// means no bound.
	MaxSteps int
	// TraceBytes bounds the bytes of the values a trace keeps; 0 means
	// DefaultTraceBytes.
	TraceBytes int
	// Steps is the budget of the running evaluation; Eval starts it, and
	// paths and expressions spend from it.
	Steps budget.Steps

	rec       *recorder // nil when untraced
	evidence  *evidence // set by Evidence, for the case it was set for
	set       opSet     // every's allowed values, when there are many
	buf, buf2 []document.Value
	ops       []operand
	err       error
	decider   string // the pointer of the last condition that settled a group (see DecidedBy)
}

// Err returns the first error met while evaluating (a path over its
// limit, an expression that failed), or nil.
func (in *Input) Err() error { return in.err }

// Reset clears the error and the trace, keeping the scratch buffers.
func (in *Input) Reset() {
	clear(in.buf)
	clear(in.buf2)
	in.buf, in.buf2, in.ops, in.err, in.decider, in.rec = in.buf[:0], in.buf2[:0], in.ops[:0], nil, "", nil
}

// Record asks the next evaluation for its trace (see Root.Trace); with
// counterfactuals, it also keeps what Root.Counterfactuals needs.
func (in *Input) Record(counterfactuals bool) {
	limit := in.TraceBytes
	if limit <= 0 {
		limit = DefaultTraceBytes
	}
	in.rec = &recorder{values: in.Context, in: in, limit: limit, left: limit}
	if counterfactuals {
		in.rec.nodes = map[*conditions.Trace]*seen{}
	}
}

// stopped reports whether the evaluation met an error (its own, or a
// context field's), after which no condition is evaluated.
func (in *Input) stopped() bool {
	return in.err != nil || (in.Context != nil && in.Context.Err() != nil)
}

// take spends n steps of the evaluation's budget for the condition at
// pointer; false when the budget is spent or the context has ended, and
// the evaluation has failed.
func (in *Input) take(n int, pointer string) bool {
	if in.Steps.Take(n) {
		return true
	}
	return in.spent(pointer)
}

// spent fails the evaluation at pointer with the budget's error.
func (in *Input) spent(pointer string) bool {
	in.fail(failure(pointer, in.Steps.Err()))
	return false
}

// spentValue is spent, for every's holds.
func (in *Input) spentValue(pointer string) document.Value {
	in.spent(pointer)
	return document.Value{}
}

// fail records an evaluation error; the first one is kept.
func (in *Input) fail(err *diag.Problem) {
	if in.err == nil {
		in.err = err
	}
}

// failure is the problem of an evaluation that failed at pointer: a path's
// limit, which gets the pointer, or another error (an expression's, the
// context's), which becomes its cause.
func failure(pointer string, err error) *diag.Problem {
	if p, ok := err.(*diag.Problem); ok && p.Pointer == "" {
		q := *p
		q.Pointer = pointer
		return &q
	}
	return &diag.Problem{Pointer: pointer, Offset: -1, Code: diag.Failed, Msg: err.Error(), Err: err}
}

// event returns the event's members, nil without an event.
func (in *Input) event() map[string]any {
	if in.Event == nil {
		return nil
	}
	return in.Event()
}

// values selects a path into one of the scratch buffers.
func (in *Input) values(p *pathRef, buf *[]document.Value) []document.Value {
	if p.p == nil {
		return nil
	}
	if in.Memo != nil && p.memo {
		out, err := in.Memo.Select(p.ref, in.Case, &in.Env)
		if err != nil {
			in.fail(failure(p.pointer, err))
		}
		return out
	}
	out, err := p.p.Select(in.Case, &in.Env, (*buf)[:0])
	*buf = out
	if err != nil {
		in.fail(failure(p.pointer, err))
	}
	return out
}

// pathRef is a compiled path and, when the compiler had a table, its slot
// in it.
type pathRef struct {
	p       *jsonpath.Path
	ref     jsonpath.Ref
	memo    bool
	pointer string // where the path is in the definition, for errors
	context string // the context field it reads, for traces
}

// Root is the top-level conditions of an automation: an implicit and.
type Root struct {
	kids   []Node
	labels map[string]Label // by condition pointer
}

// Compile builds the nodes of an automation's checked conditions. Its
// problems are those of registered types, which may refuse a condition
// they accepted when it was checked.
func Compile(def *check.Definition, opts Options) (*Root, diag.List) {
	b := builder{opts: opts}
	r := &Root{}
	for _, c := range def.Conditions {
		r.kids = append(r.kids, b.node(c))
	}
	if len(b.errs) > 0 {
		return nil, b.errs
	}
	r.labels = b.labels
	return r, nil
}

// Label is a condition's label and reason code.
type Label struct {
	Text, Code string
}

// Labelled returns the label of the innermost condition that has one, from
// the condition at pointer out to the top-level one: the reason a note
// gives for the condition that decided. It is false when none has one.
func (r *Root) Labelled(pointer string) (Label, bool) {
	for len(r.labels) > 0 && strings.HasPrefix(pointer, "/conditions/") {
		if l, ok := r.labels[pointer]; ok {
			return l, true
		}
		pointer = strings.TrimSuffix(pointer[:strings.LastIndexByte(pointer, '/')], "/conditions")
	}
	return Label{}, false
}

// HasLabels reports whether any condition has a label or a reason code.
func (r *Root) HasLabels() bool { return len(r.labels) > 0 }

// Eval evaluates the conditions and returns the index of the first that
// does not hold, or -1 when they all do.
func (r *Root) Eval(in *Input) int {
	in.Steps.Reset(in.MaxSteps, in.Env.Ctx)
	in.Env.Steps = &in.Steps
	var t *conditions.Trace
	if in.rec != nil {
		in.rec.labels = r.labels
		t = in.rec.open("and", "/conditions", nil)
	}
	failed := -1
	for i, k := range r.kids {
		if !k.Eval(in) && failed < 0 {
			failed = i
			if in.rec == nil {
				break
			}
		}
		if in.stopped() {
			break
		}
	}
	if t != nil {
		in.rec.root(t, len(r.kids), failed)
	}
	return failed
}

// Trace returns the trace of the last evaluation when it was recorded,
// else nil.
func (r *Root) Trace(in *Input) *conditions.Trace {
	if in.rec == nil {
		return nil
	}
	return in.rec.top
}

// DecidedBy returns the pointer of the condition that settled the outcome
// of the last evaluation, which returned failed: in a failing and, the
// first condition that failed (within it, its own decider); in a holding
// or, the first that held; "/conditions" when every condition held. It is
// what Trace.Decider finds in the trace, found without one: groups note,
// as they stop early, which condition stopped them.
func (r *Root) DecidedBy(in *Input, failed int) string {
	switch {
	case in.rec != nil:
		return in.rec.top.Decider().Pointer
	case failed < 0:
		return "/conditions"
	}
	in.decided(r.kids[failed], false)
	return in.decider
}

type builder struct {
	opts   Options
	errs   diag.List
	labels map[string]Label
}

func (b *builder) path(p *check.Path, pointer string) pathRef {
	if p == nil {
		return pathRef{}
	}
	r := pathRef{p: p.Parsed, pointer: pointer, context: p.Context()}
	if b.opts.Table != nil {
		r.ref, r.memo = b.opts.Table.Add(p.Parsed), true
	}
	return r
}

var leafKinds = map[string]leafKind{
	"equal": kEqual, "not_equal": kNotEqual, "greater_than": kGT, "greater_than_or_equal": kGE,
	"less_than": kLT, "less_than_or_equal": kLE, "contains": kContains, "in": kIn, "matches": kMatches,
}

func (b *builder) node(c *check.Condition) Node {
	p := c.Pointer
	if c.Label != "" || c.ReasonCode != "" {
		if b.labels == nil {
			b.labels = map[string]Label{}
		}
		b.labels[p] = Label{Text: c.Label, Code: c.ReasonCode}
	}
	switch c.Type {
	case "and", "or":
		g := &group{typ: c.Type, pointer: p, all: c.Type == "and"}
		for _, k := range c.Conditions {
			g.kids = append(g.kids, b.node(k))
		}
		return g
	case "not":
		return &not{pointer: p, x: b.node(c.Condition)}
	case "equal_to_null", "not_equal_to_null":
		return &nullTest{pointer: p, typ: c.Type, field: b.path(c.Field, p+"/field"), not: c.Type == "not_equal_to_null"}
	case "every":
		return &every{pointer: p, field: b.path(c.Field, p+"/field"), path: b.path(c.Path, p+"/path")}
	case "expression":
		return &expression{pointer: p, src: c.Expression, expr: c.Expr}
	}
	l := &leaf{pointer: p, typ: c.Type, field: b.path(c.Field, p+"/field"), any: c.Any}
	if c.Value.Exists() {
		l.value = c.Value.AppendJSON(nil)
	}
	l.size = 1
	if c.Value.Exists() {
		l.size = nodes(c.Value)
	}
	l.costly = l.size > 1
	kind, builtin := leafKinds[c.Type]
	if !builtin {
		l.kind = kCustom
		test, err := b.opts.Types[c.Type](check.ConditionOf(c.Node))
		if err != nil {
			b.errs = append(b.errs, &diag.Problem{Pointer: p, Offset: -1, Code: diag.CustomCondition, Msg: c.Type + ": " + err.Error()})
		}
		l.custom = test
		return l
	}
	l.kind = kind
	switch kind {
	case kIn:
		for i := 0; i < c.Value.Len(); i++ {
			l.list = append(l.list, newOperand(c.Value.Index(i)))
		}
		if len(l.list) > smallList {
			l.set.add(l.list)
		} else if len(l.list) > 1 {
			l.costly = true
		}
	case kMatches:
		l.costly = true
		l.re, l.reInsts = c.Regexp, c.RegexpInsts
		if l.reInsts == 0 {
			l.reInsts = regex.Insts(c.Regexp)
		}
	case kContains:
		l.costly = true
		l.op = newOperand(c.Value)
	default:
		l.op = newOperand(c.Value)
	}
	l.ints = l.op.isInt && l.kind <= kLE && l.field.memo
	return l
}

type group struct {
	typ     string
	pointer string
	all     bool // and: all must hold; or: one must
	kids    []Node
}

func (g *group) Eval(in *Input) bool {
	var t *conditions.Trace
	if in.rec != nil {
		t = in.rec.open(g.typ, g.pointer, g)
	}
	decided := -1
	for i, k := range g.kids {
		if h := k.Eval(in); h != g.all && decided < 0 {
			decided = i
			if t == nil {
				in.decided(k, h)
				return h
			}
		}
		if in.stopped() {
			break
		}
	}
	holds := g.all == (decided < 0)
	if t != nil {
		in.rec.group(t, g, decided, holds)
	}
	return holds
}

type not struct {
	pointer string
	x       Node
}

func (n *not) Eval(in *Input) bool {
	var t *conditions.Trace
	if in.rec != nil {
		t = in.rec.open("not", n.pointer, n)
	}
	holds := !n.x.Eval(in)
	if t != nil {
		in.rec.not(t, holds)
	}
	return holds
}

type leafKind uint8

const (
	kEqual leafKind = iota
	kNotEqual
	kGT
	kGE
	kLT
	kLE
	kContains
	kIn
	kMatches
	kCustom
)

// leaf is a comparison of every value a path yields.
type leaf struct {
	pointer string
	typ     string
	kind    leafKind
	field   pathRef
	any     bool
	op      operand
	list    []operand
	set     opSet // the list, when it is long
	size    int   // the nodes of the operand: what comparing a value with it costs at most
	costly  bool  // testing a value may cost more than a step (see cost)
	re      *regexp.Regexp
	reInsts int // the size of re's program
	custom  func(document.Value) bool
	value   json.RawMessage // the operand as written, for traces
	// ints: a comparison with an integer operand on a memo's path, which
	// may compare the values' integers (see Memo.Ints)
	ints bool
}

// testInt is test for a number that Value.Int reads as n, with an integer
// operand (op.isInt): what test answers, without reading the number.
func (l *leaf) testInt(n int64) bool {
	switch c := cmp.Compare(n, l.op.i); l.kind {
	case kEqual:
		return c == 0
	case kNotEqual:
		return c != 0
	case kGT:
		return c > 0
	case kGE:
		return c >= 0
	case kLT:
		return c < 0
	case kLE:
		return c <= 0
	}
	return false
}

func (l *leaf) test(r document.Value) bool {
	switch l.kind {
	case kEqual:
		return l.op.equal(r)
	case kNotEqual:
		return !l.op.equal(r)
	case kGT:
		c, ok := l.op.order(r)
		return ok && c > 0
	case kGE:
		c, ok := l.op.order(r)
		return ok && c >= 0
	case kLT:
		c, ok := l.op.order(r)
		return ok && c < 0
	case kLE:
		c, ok := l.op.order(r)
		return ok && c <= 0
	case kContains:
		return l.op.contains(r)
	case kIn:
		if l.set.ready {
			return l.set.has(r)
		}
		for i := range l.list {
			if l.list[i].equal(r) {
				return true
			}
		}
		return false
	case kMatches:
		return r.Kind() == document.String && l.re.MatchString(r.Text())
	case kCustom:
		return l.custom != nil && l.custom(r)
	}
	return false
}

// Eval tests the values the field yields: with "any", one that passes
// settles it; otherwise one that fails does. Untraced, it stops there;
// traced, it tests them all and tallies them for the reason.
func (l *leaf) Eval(in *Input) bool {
	vals := in.values(&l.field, &in.buf)
	// A step per value; what costs more is charged value by value.
	if !in.Steps.Take(len(vals)) {
		return in.spent(l.pointer)
	}
	// An integer operand is compared with the values' integers, which the
	// memo reads once for all the conditions on a path that several read.
	var ints []jsonpath.Int
	if l.ints && in.Memo != nil && in.Memo.Shared(l.field.ref) {
		if ints = in.Memo.Ints(l.field.ref); len(ints) != len(vals) {
			ints = nil
		}
	}
	var tally tally
	for k, r := range vals {
		if l.costly && !in.take(l.cost(r), l.pointer) {
			return false
		}
		var pass bool
		if ints != nil && ints[k].OK {
			pass = l.testInt(ints[k].N)
		} else {
			pass = l.test(r)
		}
		if pass {
			tally.pass(r)
			if l.any && in.rec == nil {
				break
			}
		} else {
			tally.fail(r)
			if !l.any && in.rec == nil {
				break
			}
		}
	}
	holds := len(vals) > 0 && (tally.passed > 0 && l.any || tally.failed == 0 && !l.any)
	if in.rec != nil {
		in.rec.leaf(l, vals, &tally, holds)
	}
	return holds
}

// cost is what testing a value costs at most, in steps, besides the one
// every value costs: comparing with an array or object, the nodes of the
// operand; a string's contains, a step per 64 bytes; an array's contains,
// its elements times the operand; a matches, the text times the program;
// an in of a short list, its operands.
func (l *leaf) cost(r document.Value) int {
	switch l.kind {
	case kContains:
		switch r.Kind() {
		case document.String:
			return len(r.Text()) >> 6
		case document.Array:
			return r.Len() * l.size
		}
	case kMatches:
		if r.Kind() == document.String {
			return (len(r.Text()) + 1) * l.reInsts / budget.RegexpWork
		}
	case kIn:
		if k := r.Kind(); k == document.Array || k == document.Object {
			return l.size
		}
		if !l.set.ready {
			return len(l.list)
		}
	case kCustom:
		return 0
	}
	if k := r.Kind(); k == document.Array || k == document.Object {
		return l.size
	}
	return 0
}

// nodes counts the nodes of a value.
func nodes(v document.Value) int {
	n := 1
	if k := v.Kind(); k == document.Array || k == document.Object {
		for it := v.Iter(); it.Next(); {
			n += nodes(it.Value())
		}
	}
	return n
}

// tally counts the values that passed and failed a test, and keeps the
// first of each.
type tally struct {
	passed, failed         int
	firstPassed, firstFail document.Value
}

func (t *tally) pass(r document.Value) {
	if t.passed == 0 {
		t.firstPassed = r
	}
	t.passed++
}

func (t *tally) fail(r document.Value) {
	if t.failed == 0 {
		t.firstFail = r
	}
	t.failed++
}

type nullTest struct {
	pointer string
	typ     string
	field   pathRef
	not     bool
}

func (n *nullTest) Eval(in *Input) bool {
	vals := in.values(&n.field, &in.buf)
	nulls := 0
	for _, r := range vals {
		if r.Kind() == document.Null {
			nulls++
		}
	}
	holds := nulls == len(vals)
	if n.not {
		holds = len(vals) > 0 && nulls == 0
	}
	if in.rec != nil {
		in.rec.nullTest(n, vals, nulls, holds)
	}
	return holds
}

type every struct {
	pointer     string
	field, path pathRef
}

func (e *every) Eval(in *Input) bool {
	vals := in.values(&e.field, &in.buf)
	allowed := in.values(&e.path, &in.buf2)
	var holds bool
	var missing document.Value
	if e.field.memo && e.path.memo && in.Memo != nil && in.Memo.Shared(e.field.ref) && in.Memo.Shared(e.path.ref) {
		holds, missing = e.holdsTexts(in, vals, allowed)
	} else {
		holds, missing = e.holds(in, vals, allowed)
	}
	if in.rec != nil {
		in.rec.every(e, vals, allowed, holds, missing)
	}
	return holds
}

// holdsTexts is holds for paths that several conditions read: their
// texts are read once per document (see Memo.Texts), and when the values
// and the allowed values are all strings, the texts are compared.
func (e *every) holdsTexts(in *Input, vals, allowed []document.Value) (bool, document.Value) {
	vt, at := in.Memo.Texts(e.field.ref), in.Memo.Texts(e.path.ref)
	if len(vals) == 0 || len(allowed) == 0 || len(vt) != len(vals) || len(at) != len(allowed) || len(allowed) > smallList {
		return e.holds(in, vals, allowed)
	}
	// Values that are not strings may equal a string operand (70 and
	// "70"): holds decides those, charging the same steps.
	for _, a := range at {
		if !a.OK {
			return e.holds(in, vals, allowed)
		}
	}
	for _, r := range vt {
		if !r.OK {
			return e.holds(in, vals, allowed)
		}
	}
	if !in.Steps.Take(len(allowed)) {
		return false, in.spentValue(e.pointer)
	}
	for k, r := range vt {
		if !in.Steps.Take(len(allowed)) {
			return false, in.spentValue(e.pointer)
		}
		found := false
		for _, a := range at {
			if a.S == r.S {
				found = true
				break
			}
		}
		if !found {
			return false, vals[k]
		}
	}
	return true, document.Value{}
}

// holds reports whether each value equals an allowed one, and else the
// first that does not.
func (e *every) holds(in *Input, vals, allowed []document.Value) (bool, document.Value) {
	if len(vals) == 0 || len(allowed) == 0 {
		return false, document.Value{}
	}
	// A string equals a string operand exactly when the texts are the
	// same, so when every allowed value is a string, string values are
	// compared as they are; operands are made only for other values.
	if !in.Steps.Take(len(allowed)) {
		return false, in.spentValue(e.pointer)
	}
	if len(allowed) > smallList && len(vals) > 1 {
		return e.hashed(in, vals, allowed)
	}
	strs := true
	for _, a := range allowed {
		if a.Kind() != document.String {
			strs = false
			break
		}
	}
	var ops []operand
	for _, r := range vals {
		if !in.Steps.Take(len(allowed)) {
			return false, in.spentValue(e.pointer)
		}
		found := false
		if strs && r.Kind() == document.String {
			t := r.Text()
			for _, a := range allowed {
				if a.Text() == t {
					found = true
					break
				}
			}
		} else {
			if ops == nil {
				ops = in.ops[:0]
				for _, a := range allowed {
					ops = append(ops, newOperand(a))
				}
				in.ops = ops
			}
			for i := range ops {
				if ops[i].equal(r) {
					found = true
					break
				}
			}
		}
		if !found {
			return false, r
		}
	}
	return true, document.Value{}
}

// hashed is holds for many allowed values: they are put in a set once.
func (e *every) hashed(in *Input, vals, allowed []document.Value) (bool, document.Value) {
	ops := in.ops[:0]
	for _, a := range allowed {
		ops = append(ops, newOperand(a))
	}
	in.ops = ops
	in.set.reset()
	in.set.add(ops)
	for _, r := range vals {
		cost := 1
		if k := r.Kind(); k == document.Array || k == document.Object {
			cost += len(in.set.composite)
		}
		if !in.take(cost, e.pointer) {
			return false, document.Value{}
		}
		if !in.set.has(r) {
			return false, r
		}
	}
	return true, document.Value{}
}

type expression struct {
	pointer string
	src     string
	expr    *casectx.Expr
}

func (e *expression) Eval(in *Input) bool {
	holds, err := e.expr.Eval(in.Context, in.event())
	if err != nil {
		at := e.pointer
		if p, ok := err.(*diag.Problem); ok && p.Offset >= 0 {
			at += "/expression" // the offset is the expression's
		}
		in.fail(failure(at, err))
		holds = false
	}
	if in.rec != nil {
		in.rec.expression(e, holds, err)
	}
	return holds
}
