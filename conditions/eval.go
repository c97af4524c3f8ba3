package conditions

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	casectx "github.com/verdict-rules/verdict/context"

	"github.com/verdict-rules/verdict/diag"
	"github.com/verdict-rules/verdict/document"
	"github.com/verdict-rules/verdict/internal/jsonpath"
)

// Node is a compiled condition. It is immutable and safe for concurrent
// use; all per-evaluation state lives in the Input.
type Node interface {
	// Eval reports whether the condition holds on the input.
	Eval(in *Input) bool
	// Explain evaluates the condition like Eval and returns the trace of
	// how the outcome came about.
	Explain(in *Input) *Trace
}

// Input is what conditions are evaluated on. One Input serves one
// evaluation at a time; reuse it (after Reset) to avoid allocations.
type Input struct {
	// Case is the decoded case document.
	Case *document.Value
	// Env gives paths the computed context and the bound on values.
	Env jsonpath.Env
	// Context holds the context fields of the case, for expressions.
	Context *casectx.Values
	// Event returns the event's members for expressions (nil in a dry
	// run).
	Event func() map[string]any
	// Memo, when set, holds the values of the paths registered in
	// Options.Table, so each distinct path and filter prefix is walked once
	// per case.
	Memo *jsonpath.Memo

	buf, buf2 []*document.Value
	ops       []operand
	err       error
	decider   string // the pointer of the last condition that settled a group (see Decider)
}

// event returns the event's members, nil without an event.
func (in *Input) event() map[string]any {
	if in.Event == nil {
		return nil
	}
	return in.Event()
}

// Err returns the first error met while evaluating (a path that yielded
// more values than allowed, an expression that failed), or nil.
func (in *Input) Err() error { return in.err }

// Reset clears the error and keeps the scratch buffers.
func (in *Input) Reset() {
	clear(in.buf)
	clear(in.buf2)
	in.buf, in.buf2, in.ops, in.err, in.decider = in.buf[:0], in.buf2[:0], in.ops[:0], nil, ""
}

// Fail records an evaluation error; the first one is kept.
func (in *Input) Fail(err error) {
	if in.err == nil {
		in.err = err
	}
}

// values selects a path into one of the scratch buffers.
func (in *Input) values(p pathRef, buf *[]*document.Value) []*document.Value {
	if p.p == nil {
		return nil
	}
	if in.Memo != nil && p.memo {
		out, err := in.Memo.Select(p.ref, in.Case, &in.Env)
		if err != nil {
			in.Fail(failure(p.pointer, err))
		}
		return out
	}
	out, err := p.p.Select(in.Case, &in.Env, (*buf)[:0])
	*buf = out
	if err != nil {
		in.Fail(failure(p.pointer, err))
	}
	return out
}

type group struct {
	typ     string
	pointer string
	all     bool // and: all must hold; or: one must
	kids    []Node
}

func (g *group) Eval(in *Input) bool {
	for _, k := range g.kids {
		if h := k.Eval(in); h != g.all {
			in.decided(k, h)
			return h
		}
	}
	return g.all
}

func (g *group) Explain(in *Input) *Trace {
	t := &Trace{Type: g.typ, Pointer: g.pointer, Outcome: g.all}
	decided := -1
	for i, k := range g.kids {
		kt := k.Explain(in)
		t.Children = append(t.Children, kt)
		if decided < 0 && kt.Outcome != g.all {
			decided = i
			t.Outcome = !g.all
		}
	}
	switch {
	case len(g.kids) == 0:
		t.Reason = "no conditions: holds"
	case decided >= 0 && g.all:
		t.Reason = fmt.Sprintf("condition %d of %d does not hold", decided+1, len(g.kids))
	case decided >= 0:
		t.Reason = fmt.Sprintf("condition %d of %d holds", decided+1, len(g.kids))
	case g.all:
		t.Reason = fmt.Sprintf("all %d conditions hold", len(g.kids))
	default:
		t.Reason = fmt.Sprintf("none of the %d conditions holds", len(g.kids))
	}
	return t
}

type not struct {
	pointer string
	x       Node
}

func (n *not) Eval(in *Input) bool { return !n.x.Eval(in) }

func (n *not) Explain(in *Input) *Trace {
	kt := n.x.Explain(in)
	t := &Trace{Type: "not", Pointer: n.pointer, Outcome: !kt.Outcome, Children: []*Trace{kt}}
	if kt.Outcome {
		t.Reason = "the inner condition holds"
	} else {
		t.Reason = "the inner condition does not hold"
	}
	return t
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

var verbs = map[leafKind]string{kEqual: "equals", kNotEqual: "differs from", kGT: "is greater than",
	kGE: "is at least", kLT: "is less than", kLE: "is at most", kContains: "contains", kIn: "is one of",
	kMatches: "matches", kCustom: "passes"}

// leaf is a comparison of every value a path yields.
type leaf struct {
	pointer string
	typ     string
	kind    leafKind
	field   pathRef
	any     bool
	op      operand
	list    []operand
	re      *regexp.Regexp
	custom  Test
	value   json.RawMessage
}

func (l *leaf) test(r *document.Value) bool {
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

func (l *leaf) Eval(in *Input) bool {
	vals := in.values(l.field, &in.buf)
	if len(vals) == 0 {
		return false
	}
	if l.any {
		for _, r := range vals {
			if l.test(r) {
				return true
			}
		}
		return false
	}
	for _, r := range vals {
		if !l.test(r) {
			return false
		}
	}
	return true
}

func (l *leaf) Explain(in *Input) *Trace {
	vals := in.values(l.field, &in.buf)
	t := &Trace{Type: l.typ, Pointer: l.pointer, Field: pathString(l.field), Values: rawValues(vals), Value: l.value}
	if l.any {
		t.Match = "any"
	}
	verb := verbs[l.kind]
	var pass, fail []*document.Value
	for _, r := range vals {
		if l.test(r) {
			pass = append(pass, r)
		} else {
			fail = append(fail, r)
		}
	}
	want := string(l.value)
	switch {
	case len(vals) == 0:
		t.Reason = "the path yielded nothing, so the condition is false (missing means false)"
	case l.any && len(pass) > 0:
		t.Outcome = true
		t.Reason = fmt.Sprintf("%s %s %s (one value is enough)", short(pass[0]), verb, want)
	case l.any && len(vals) == 1:
		t.Reason = fmt.Sprintf("%s %s %s", short(vals[0]), negVerb(verb), want)
	case l.any:
		t.Reason = fmt.Sprintf("none of the %d values %s %s", len(vals), verb, want)
	case len(fail) == 0 && len(vals) == 1:
		t.Outcome = true
		t.Reason = fmt.Sprintf("%s %s %s", short(vals[0]), verb, want)
	case len(fail) == 0:
		t.Outcome = true
		t.Reason = fmt.Sprintf("all %d values %s %s", len(vals), plainVerb(verb), want)
	case len(vals) == 1:
		t.Reason = fmt.Sprintf("%s %s %s", short(fail[0]), negVerb(verb), want)
	default:
		t.Reason = fmt.Sprintf("%d of %d values fail, all must pass: %s %s %s", len(fail), len(vals), short(fail[0]), negVerb(verb), want)
	}
	if len(vals) > 0 && len(pass) == 0 && (l.kind == kGT || l.kind == kGE || l.kind == kLT || l.kind == kLE) && !anyComparable(&l.op, vals) {
		t.Reason += " (these values do not compare with " + want + ")"
	}
	return t
}

// negVerb negates a verb: "equals" → "does not equal", "is at least" →
// "is not at least".
func negVerb(v string) string {
	if strings.HasPrefix(v, "is ") {
		return "is not " + v[3:]
	}
	return "does not " + plainVerb(v)
}

// plainVerb turns "equals" into "equal" for plural subjects.
func plainVerb(v string) string {
	switch v {
	case "equals":
		return "equal"
	case "differs from":
		return "differ from"
	case "contains":
		return "contain"
	case "matches":
		return "match"
	case "passes":
		return "pass"
	}
	return strings.Replace(v, "is ", "are ", 1)
}

func anyComparable(op *operand, vals []*document.Value) bool {
	for _, r := range vals {
		if _, ok := op.order(r); ok {
			return true
		}
	}
	return false
}

type nullTest struct {
	pointer string
	typ     string
	field   pathRef
	not     bool
}

func (n *nullTest) holds(vals []*document.Value) bool {
	nulls := 0
	for _, r := range vals {
		if r.Kind() == document.Null {
			nulls++
		}
	}
	if n.not {
		return len(vals) > 0 && nulls == 0
	}
	return nulls == len(vals)
}

func (n *nullTest) Eval(in *Input) bool { return n.holds(in.values(n.field, &in.buf)) }

func (n *nullTest) Explain(in *Input) *Trace {
	vals := in.values(n.field, &in.buf)
	t := &Trace{Type: n.typ, Pointer: n.pointer, Field: pathString(n.field), Values: rawValues(vals), Outcome: n.holds(vals)}
	nulls := 0
	for _, r := range vals {
		if r.Kind() == document.Null {
			nulls++
		}
	}
	switch {
	case len(vals) == 0:
		t.Reason = "the path yielded nothing (not defined)"
	case nulls == len(vals):
		t.Reason = fmt.Sprintf("all %d values are null", len(vals))
	case nulls == 0:
		t.Reason = fmt.Sprintf("%d values, none null", len(vals))
	default:
		t.Reason = fmt.Sprintf("%d of %d values are null", nulls, len(vals))
	}
	return t
}

type every struct {
	pointer     string
	field, path pathRef
}

func (e *every) holds(in *Input) (vals, allowed []*document.Value, ok bool, missing *document.Value) {
	vals = in.values(e.field, &in.buf)
	allowed = in.values(e.path, &in.buf2)
	if len(vals) == 0 || len(allowed) == 0 {
		return vals, allowed, false, nil
	}
	// A string equals a string operand exactly when the texts are the
	// same, so when every allowed value is a string, string values are
	// compared as they are; operands are made only for other values.
	strs := true
	for _, a := range allowed {
		if a.Kind() != document.String {
			strs = false
			break
		}
	}
	var ops []operand
	for _, r := range vals {
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
					ops = append(ops, newOperand(*a))
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
			return vals, allowed, false, r
		}
	}
	return vals, allowed, true, nil
}

func (e *every) Eval(in *Input) bool {
	_, _, ok, _ := e.holds(in)
	return ok
}

func (e *every) Explain(in *Input) *Trace {
	vals, allowed, ok, missing := e.holds(in)
	t := &Trace{Type: "every", Pointer: e.pointer, Field: pathString(e.field), Values: rawValues(vals),
		Path: pathString(e.path), PathValues: rawValues(allowed), Outcome: ok}
	switch {
	case len(vals) == 0:
		t.Reason = "the field yielded nothing, so the condition is false (missing means false)"
	case len(allowed) == 0:
		t.Reason = "the path yielded nothing to compare with"
	case ok:
		t.Reason = fmt.Sprintf("each of the %d values equals a value of the path", len(vals))
	default:
		t.Reason = fmt.Sprintf("%s equals no value of the path", short(missing))
	}
	return t
}

type expression struct {
	pointer string
	src     string
	pred    *casectx.Expr
}

func (e *expression) Eval(in *Input) bool {
	if e.pred == nil {
		return false
	}
	ok, err := e.pred.Eval(in.Context, in.event())
	if err != nil {
		in.Fail(failure(e.pointer, err))
		return false
	}
	return ok
}

func (e *expression) Explain(in *Input) *Trace {
	t := &Trace{Type: "expression", Pointer: e.pointer, Expression: e.src}
	if e.pred == nil {
		t.Reason = "not compiled"
		return t
	}
	ok, err := e.pred.Eval(in.Context, in.event())
	switch {
	case err != nil:
		in.Fail(failure(e.pointer, err))
		t.Reason = "evaluation failed: " + err.Error()
	case ok:
		t.Outcome = true
		t.Reason = "the expression is true"
	default:
		t.Reason = "the expression is false"
	}
	return t
}

// pathRef is a compiled path and, when the compiler had a table, its slot
// in it.
type pathRef struct {
	p       *jsonpath.Path
	ref     jsonpath.Ref
	memo    bool
	pointer string // where the path is in the definition, for errors
}

func pathString(p pathRef) string {
	if p.p == nil {
		return ""
	}
	return p.p.String()
}

func rawValues(vals []*document.Value) []json.RawMessage {
	out := make([]json.RawMessage, len(vals))
	for i, v := range vals {
		out[i] = v.AppendJSON(nil)
	}
	return out
}

// short renders a value for a reason, cut to a readable length.
func short(v *document.Value) string {
	s := v.String()
	if len(s) > 60 {
		cut := 57
		for cut > 0 && s[cut]&0xc0 == 0x80 {
			cut--
		}
		s = s[:cut] + "..."
	}
	return s
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
