package eval

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/verdict-rules/verdict/conditions"
	casectx "github.com/verdict-rules/verdict/context"
	"github.com/verdict-rules/verdict/document"
	"github.com/verdict-rules/verdict/mask"
)

// recorder builds the trace of an evaluation as its nodes report their
// values and outcomes: groups open a trace that the conditions inside them
// add theirs to.
type recorder struct {
	values *casectx.Values // where context fields came from
	labels map[string]Label
	in     *Input
	top    *conditions.Trace
	stack  []*conditions.Trace
	limit  int // the bytes of values a trace may keep
	left   int // what is left of them
	// nodes, when counterfactuals are asked for, keeps the node of each
	// trace and the values it saw.
	nodes map[*conditions.Trace]*seen
}

// seen is what counterfactuals need of a condition's evaluation.
type seen struct {
	node          Node
	vals, allowed []document.Value
}

// keep notes the node of a trace and the values it saw, copied out of the
// scratch buffers, when counterfactuals are asked for.
func (r *recorder) keep(t *conditions.Trace, n Node, vals, allowed []document.Value) {
	if r.nodes != nil {
		r.nodes[t] = &seen{node: n, vals: append([]document.Value(nil), vals...), allowed: append([]document.Value(nil), allowed...)}
	}
}

// DefaultTraceBytes is the default limit of the bytes of the values one
// trace keeps.
const DefaultTraceBytes = 4 << 20

// rawValues writes the values a path yielded for the trace, while the
// trace's bytes of values last; it returns how many it left out.
func (r *recorder) rawValues(vals []document.Value) ([]json.RawMessage, int) {
	ev := r.in.current()
	masking := ev != nil && !ev.mask.Empty()
	out := make([]json.RawMessage, 0, len(vals))
	for i, v := range vals {
		if r.left <= 0 {
			return out, len(vals) - i
		}
		var b json.RawMessage
		if masking {
			// What the mask hides is written as its token.
			b, _ = ev.mask.JSON(v, ev.index.has(v))
		} else {
			b = v.AppendJSON(nil)
		}
		if len(b) > r.left {
			r.left = 0
			return out, len(vals) - i
		}
		r.left -= len(b)
		out = append(out, b)
	}
	return out, 0
}

// omitted says in a reason how many values the trace leaves out.
func (r *recorder) omitted(t *conditions.Trace, n, of int) {
	t.Omitted = n
	if n > 0 {
		t.Reason += fmt.Sprintf("; the trace shows %d of the %d values: the values of a trace are cut at %d bytes", of-n, of, r.limit)
	}
}

// add puts a trace under the group being evaluated.
func (r *recorder) add(t *conditions.Trace) {
	if l, ok := r.labels[t.Pointer]; ok {
		t.Label, t.ReasonCode = l.Text, l.Code
	}
	if n := len(r.stack); n > 0 {
		parent := r.stack[n-1]
		parent.Children = append(parent.Children, t)
	} else {
		r.top = t
	}
}

// open starts the trace of a group, which its conditions go into until it
// is closed.
func (r *recorder) open(typ, pointer string, n Node) *conditions.Trace {
	t := &conditions.Trace{Type: typ, Pointer: pointer}
	r.keep(t, n, nil, nil)
	r.add(t)
	r.stack = append(r.stack, t)
	return t
}

func (r *recorder) close(t *conditions.Trace, holds bool, reason string) {
	t.Outcome, t.Reason = holds, reason
	r.stack = r.stack[:len(r.stack)-1]
}

// root closes the trace of the top-level conditions.
func (r *recorder) root(t *conditions.Trace, n, failed int) {
	var reason string
	switch {
	case n == 0:
		reason = "no conditions: the automation always matches"
	case failed >= 0:
		reason = "condition " + strconv.Itoa(failed+1) + " of " + strconv.Itoa(n) + " does not hold"
	case n == 1:
		reason = "the condition holds"
	default:
		reason = "all " + strconv.Itoa(n) + " conditions hold"
	}
	r.close(t, failed < 0, reason)
}

func (r *recorder) group(t *conditions.Trace, g *group, decided int, holds bool) {
	var reason string
	switch {
	case len(g.kids) == 0:
		reason = "no conditions: holds"
	case decided >= 0 && g.all:
		reason = "condition " + strconv.Itoa(decided+1) + " of " + strconv.Itoa(len(g.kids)) + " does not hold"
	case decided >= 0:
		reason = "condition " + strconv.Itoa(decided+1) + " of " + strconv.Itoa(len(g.kids)) + " holds"
	case g.all:
		reason = "all " + strconv.Itoa(len(g.kids)) + " conditions hold"
	default:
		reason = "none of the " + strconv.Itoa(len(g.kids)) + " conditions holds"
	}
	r.close(t, holds, reason)
}

func (r *recorder) not(t *conditions.Trace, holds bool) {
	if holds {
		r.close(t, holds, "the inner condition does not hold")
	} else {
		r.close(t, holds, "the inner condition holds")
	}
}

var verbs = map[leafKind]string{kEqual: "equals", kNotEqual: "differs from", kGT: "is greater than",
	kGE: "is at least", kLT: "is less than", kLE: "is at most", kContains: "contains", kIn: "is one of",
	kMatches: "matches", kCustom: "passes"}

func (r *recorder) leaf(l *leaf, vals []document.Value, tl *tally, holds bool) {
	shown, cut := r.rawValues(vals)
	t := &conditions.Trace{Type: l.typ, Pointer: l.pointer, Field: pathString(l.field), Values: shown,
		Sources: r.in.current().sourcesOf(vals[:len(shown)]), Value: l.value, Outcome: holds}
	short := r.short
	if l.any {
		t.Match = "any"
	}
	verb, want := verbs[l.kind], string(l.value)
	switch {
	case len(vals) == 0:
		t.Reason = "the path yielded nothing, so the condition is false (missing means false)"
	case l.any && tl.passed > 0:
		t.Reason = short(tl.firstPassed) + " " + verb + " " + want + " (one value is enough)"
	case l.any && len(vals) == 1:
		t.Reason = short(vals[0]) + " " + negVerb(verb) + " " + want
	case l.any:
		t.Reason = "none of the " + strconv.Itoa(len(vals)) + " values " + verb + " " + want
	case tl.failed == 0 && len(vals) == 1:
		t.Reason = short(vals[0]) + " " + verb + " " + want
	case tl.failed == 0:
		t.Reason = "all " + strconv.Itoa(len(vals)) + " values " + plainVerb(verb) + " " + want
	case len(vals) == 1:
		t.Reason = short(tl.firstFail) + " " + negVerb(verb) + " " + want
	default:
		t.Reason = strconv.Itoa(tl.failed) + " of " + strconv.Itoa(len(vals)) + " values fail, all must pass: " + short(tl.firstFail) + " " + negVerb(verb) + " " + want
	}
	if len(vals) > 0 && tl.passed == 0 && (l.kind == kGT || l.kind == kGE || l.kind == kLT || l.kind == kLE) && !anyComparable(&l.op, vals) {
		t.Reason += " (these values do not compare with " + want + ")"
	}
	r.context(t, l.field, pathRef{})
	r.omitted(t, cut, len(vals))
	r.keep(t, l, vals, nil)
	r.add(t)
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

func anyComparable(op *operand, vals []document.Value) bool {
	for _, r := range vals {
		if _, ok := op.order(r); ok {
			return true
		}
	}
	return false
}

func (r *recorder) nullTest(n *nullTest, vals []document.Value, nulls int, holds bool) {
	shown, cut := r.rawValues(vals)
	t := &conditions.Trace{Type: n.typ, Pointer: n.pointer, Field: pathString(n.field), Values: shown,
		Sources: r.in.current().sourcesOf(vals[:len(shown)]), Outcome: holds}
	switch {
	case len(vals) == 0:
		t.Reason = "the path yielded nothing (not defined)"
	case nulls == len(vals):
		t.Reason = "all " + strconv.Itoa(len(vals)) + " values are null"
	case nulls == 0:
		t.Reason = strconv.Itoa(len(vals)) + " values, none null"
	default:
		t.Reason = strconv.Itoa(nulls) + " of " + strconv.Itoa(len(vals)) + " values are null"
	}
	r.context(t, n.field, pathRef{})
	r.omitted(t, cut, len(vals))
	r.keep(t, n, vals, nil)
	r.add(t)
}

func (r *recorder) every(e *every, vals, allowed []document.Value, holds bool, missing document.Value) {
	shown, cut := r.rawValues(vals)
	shownAllowed, cutAllowed := r.rawValues(allowed)
	ev := r.in.current()
	t := &conditions.Trace{Type: "every", Pointer: e.pointer, Field: pathString(e.field), Values: shown,
		Sources: ev.sourcesOf(vals[:len(shown)]), Path: pathString(e.path), PathValues: shownAllowed,
		PathSources: ev.sourcesOf(allowed[:len(shownAllowed)]), Outcome: holds}
	short := r.short
	switch {
	case len(vals) == 0:
		t.Reason = "the field yielded nothing, so the condition is false (missing means false)"
	case len(allowed) == 0:
		t.Reason = "the path yielded nothing to compare with"
	case holds:
		t.Reason = "each of the " + strconv.Itoa(len(vals)) + " values equals a value of the path"
	default:
		t.Reason = short(missing) + " equals no value of the path"
	}
	r.context(t, e.field, e.path)
	r.omitted(t, cut, len(vals))
	t.PathOmitted = cutAllowed
	if cutAllowed > 0 {
		t.Reason += fmt.Sprintf("; the trace shows %d of the %d values of the path: the values of a trace are cut at %d bytes", len(allowed)-cutAllowed, len(allowed), r.limit)
	}
	r.keep(t, e, vals, allowed)
	r.add(t)
}

func (r *recorder) expression(e *expression, holds bool, err error) {
	t := &conditions.Trace{Type: "expression", Pointer: e.pointer, Expression: e.src, Outcome: holds}
	switch {
	case err != nil:
		// The expression's error may quote a value of the case, which
		// only the text says.
		t.Reason = "evaluation failed: " + r.in.MaskText(err.Error())
	case holds:
		t.Reason = "the expression is true"
	default:
		t.Reason = "the expression is false"
	}
	r.keep(t, e, nil, nil)
	r.add(t)
}

// context adds to the reason where the values of the context fields the
// paths read came from.
func (r *recorder) context(t *conditions.Trace, field, path pathRef) {
	if field.context != "" {
		t.Reason += "; " + r.values.ExplainShown(field.context, r.in.explainShow())
	}
	if path.context != "" {
		t.Reason += "; " + r.values.ExplainShown(path.context, r.in.explainShow())
	}
}

func pathString(p pathRef) string {
	if p.p == nil {
		return ""
	}
	return p.p.String()
}

// short renders a value for a reason, as the trace shows it.
func (r *recorder) short(v document.Value) string { return r.in.show(v) }

// show renders a value for a sentence, cut to a readable length, with what
// the mask of Evidence hides as tokens (a token whole).
func (in *Input) show(v document.Value) string {
	if ev := in.current(); ev != nil && !ev.mask.Empty() {
		raw, masked := ev.mask.JSON(v, ev.index.has(v))
		if masked && raw[0] == '"' {
			return string(raw)
		}
		return cutValue(string(raw))
	}
	return cutValue(v.String())
}

// explainShow writes the values a context field's explanation quotes with
// what the mask of Evidence hides as tokens: a date read from a masked
// value, whatever its form, is the value's token.
func (in *Input) explainShow() casectx.Show {
	ev := in.current()
	if ev == nil || ev.mask.Empty() {
		return nil
	}
	return func(val document.Value, _, text string) string {
		raw, masked := ev.mask.JSON(val, ev.index.has(val))
		if !masked {
			return text
		}
		if s := string(raw); strings.HasPrefix(s, `"`+mask.Prefix) {
			return strings.Trim(s, `"`)
		}
		return cutValue(string(raw))
	}
}

// maskedJSON is the JSON of a value, with what the mask of Evidence hides
// as tokens.
func (in *Input) maskedJSON(v document.Value) json.RawMessage {
	if ev := in.current(); ev != nil && !ev.mask.Empty() {
		raw, _ := ev.mask.JSON(v, ev.index.has(v))
		return raw
	}
	return v.AppendJSON(nil)
}

// cutValue cuts a rendered value to a readable length.
func cutValue(s string) string {
	if len(s) > 60 {
		cut := 57
		for cut > 0 && s[cut]&0xc0 == 0x80 {
			cut--
		}
		s = s[:cut] + "..."
	}
	return s
}
