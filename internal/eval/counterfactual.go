package eval

import (
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"strings"

	"github.com/verdict-rules/verdict/conditions"
	"github.com/verdict-rules/verdict/document"
)

// Counterfactuals works out, on the trace of the last evaluation (which
// must have been recorded with counterfactuals, and failed), what change
// would make each condition that keeps the conditions from holding come
// out the other way. It goes down from the top: a condition that needs to
// hold and does not (or, under a not, the other way round) gets a
// counterfactual, and so do the conditions inside it that need to change
// for it to. Whether a change alone is enough is read from the outcomes
// of the trace (see sufficient); fires says whether holding conditions
// would fire the automation (the event matched a trigger, or a dry run),
// and when it does not no change is enough. It sets Trace.Counterfactual
// on those conditions and returns them in order, outer ones first. Its
// work is charged to the evaluation's budget of steps.
func (r *Root) Counterfactuals(in *Input, fires bool) []*conditions.Trace {
	rec := in.rec
	if rec == nil || rec.nodes == nil || rec.top == nil {
		return nil
	}
	w := cfWalk{in: in, rec: rec, want: map[*conditions.Trace]bool{}, never: map[*conditions.Trace]bool{}}
	w.locate()
	w.walk(rec.top, true)
	w.index()
	w.maxWork = 4*len(w.ix.reads) + 1024
	for i, t := range w.out {
		if in.stopped() {
			break
		}
		w.sufficient(t, w.touch[i], fires)
	}
	return w.out
}

type cfWalk struct {
	in    *Input
	rec   *recorder
	out   []*conditions.Trace
	touch []touch                    // what the change of each of out touches in the case
	want  map[*conditions.Trace]bool // the outcome each condition on the way down needs
	// never holds the conditions no change to the case makes come out as
	// they need: their counterfactual is never enough.
	never map[*conditions.Trace]bool
	ptrs  map[document.Value]string
	ix    cfIndex
	// cost is the steps of the counterfactual being decided; work, the
	// conditions looked into again for all of them, at most maxWork.
	cost, work, maxWork int
}

// addTouch gives t its counterfactual, whose change touches tc.
func (w *cfWalk) addTouch(t *conditions.Trace, cf *conditions.Counterfactual, tc touch) {
	t.Counterfactual = cf
	w.out, w.touch = append(w.out, t), append(w.touch, tc)
}

// walk gives t, which needs to come out as want, and the conditions
// inside it their counterfactuals.
func (w *cfWalk) walk(t *conditions.Trace, want bool) {
	if t.Outcome == want {
		return
	}
	s := w.rec.nodes[t]
	if s == nil {
		return
	}
	w.want[t] = want
	switch n := s.node.(type) {
	case nil: // the top-level conditions
		for _, k := range t.Children {
			w.walk(k, want)
		}
	case *group:
		if n.all != want {
			// An or that must hold, or an and that must not: one of its
			// conditions changing is enough.
			verb := "hold"
			if !want {
				verb = "stop holding"
			}
			w.addTouch(t, &conditions.Counterfactual{Kind: "any_of",
				Sentence: fmt.Sprintf("any one of its %d conditions must %s", len(n.kids), verb)}, touch{inside: true})
		}
		never := n.all != want
		for _, k := range t.Children {
			w.walk(k, want)
			never = never && (k.Outcome == want || w.never[k])
		}
		if never {
			w.never[t] = true
			t.Counterfactual.Sentence += ", which none of them can"
		}
	case *not:
		inner := t.Children[0]
		verb := "stop holding"
		if !want {
			verb = "hold"
		}
		w.addTouch(t, &conditions.Counterfactual{Kind: "not",
			Sentence: fmt.Sprintf("the inner condition must %s, where now %s", verb, inner.Reason)}, touch{inside: true})
		w.walk(inner, !want)
		if w.never[inner] {
			w.never[t] = true
			t.Counterfactual.Sentence += ", which it cannot"
		}
	case *leaf:
		cf, tc, never := w.leaf(n, s.vals, want)
		w.addTouch(t, cf, tc)
		if never {
			w.never[t] = true
		}
	case *nullTest:
		cf, tc := w.nullTest(n, s.vals, want)
		w.addTouch(t, cf, tc)
	case *every:
		cf, tc := w.every(n, s.vals, s.allowed, want)
		w.addTouch(t, cf, tc)
	case *expression:
		verb := "hold"
		if !want {
			verb = "stop holding"
		}
		w.addTouch(t, &conditions.Counterfactual{Kind: "unknown",
			Sentence: "verdict cannot compute which change to the case would make this expression " + verb}, touch{all: true})
	}
}

// relations names what a comparison needs, [0] to hold and [1] to fail.
var relations = map[leafKind][2]string{
	kEqual: {"equal", "not_equal"}, kNotEqual: {"not_equal", "equal"}, kGT: {"more_than", "at_most"},
	kGE: {"at_least", "less_than"}, kLT: {"less_than", "at_least"}, kLE: {"at_most", "more_than"},
	kContains: {"contains", "not_contains"}, kIn: {"one_of", "none_of"}, kMatches: {"matches", "not_matches"},
}

// leaf is the counterfactual of a comparison, and whether no change
// makes the comparison come out as it needs.
func (w *cfWalk) leaf(l *leaf, vals []document.Value, want bool) (*conditions.Counterfactual, touch, bool) {
	if l.kind == kCustom {
		verb := "hold"
		if !want {
			verb = "stop holding"
		}
		// A registered test is handed values that lead to the whole
		// document: it may read anything.
		return &conditions.Counterfactual{Kind: "unknown",
			Sentence: fmt.Sprintf("verdict cannot compute which change to the case would make this %s condition %s", l.typ, verb)}, touch{all: true}, false
	}
	rel := relations[l.kind][0]
	if !want {
		rel = relations[l.kind][1]
	}
	cf := &conditions.Counterfactual{Kind: rel, Value: l.required()}
	phrase := need(rel, l)
	// Nothing is less than the empty string: not a string, which orders
	// only with strings, nor a number, which it does not read as.
	never := rel == "less_than" && l.op.str && l.op.v.Text() == ""
	if never {
		phrase += ", which no value is"
	}
	field := pathString(l.field)
	if len(vals) == 0 {
		cf.Missing = true
		cf.Sentence = fmt.Sprintf("%s yields nothing; the field must exist and %s", field, phrase)
		return cf, under(l.field), never
	}
	if l.field.context != "" && len(vals) == 1 {
		if ok, out := w.dated(cf, l, vals[0], want, phrase); ok {
			// The clock moves, which changes only context fields (which
			// any reader of one is taken to read), or else the date.
			tc := touch{clock: true}
			if cf.Date == "" {
				tc = touch{ptrs: []string{cf.Targets[0].Pointer}}
			}
			return cf, tc, never || out
		}
	}
	// The values that must change: under all, to hold, the ones that
	// fail, each of them; to fail, any one of them. Under any, to hold,
	// any one of them; to fail, each that passes.
	var targets []document.Value
	for _, v := range vals {
		if l.test(v) != want {
			targets = append(targets, v)
		}
	}
	each := !l.any == want
	if !each {
		targets = vals
	}
	w.targets(cf, targets, each)
	cf.Sentence = w.sentence(field, len(vals), targets, each, phrase)
	return cf, w.touches(targets, l.field), never
}

// dated fills in the counterfactual of a comparison of a context field
// counted from a date of the case: the date on which it holds, the case
// otherwise unchanged, or that no date does; out reports that no date
// does, whatever the date it counts from, since the field is a whole
// number and no whole number meets the comparison.
func (w *cfWalk) dated(cf *conditions.Counterfactual, l *leaf, v document.Value, want bool, phrase string) (dated, out bool) {
	vals := w.rec.values
	if vals == nil {
		return false, false
	}
	name := l.field.context
	n, date, from, ok := vals.Reaches(name, func(x document.Value) bool { return l.test(x) == want })
	if from == "" {
		return false, false
	}
	origin, _ := w.in.Case.At(from)
	cf.Targets = []conditions.Target{{Pointer: from, Value: w.in.maskedJSON(origin)}}
	if !ok {
		if cur, isInt := v.Int(); isInt && !l.someInt(cur, want) {
			cf.Sentence = fmt.Sprintf("%s is %s; it must %s, which no whole number does, whatever the date it counts from",
				name, w.in.show(v), phrase)
			return true, true
		}
		cf.Sentence = fmt.Sprintf("%s is %s; it must %s, which it does not become as time passes: the date it counts from, %s at %s, would have to change",
			name, w.in.show(v), phrase, w.in.show(origin), from)
		return true, false
	}
	cf.Date = date.Format("2006-01-02")
	if ev := w.in.current(); ev != nil && !ev.mask.Empty() {
		if _, ok := ev.mask.Covered(origin, true); ok {
			// The date a masked date makes a field reach its bound tells
			// the masked date's day and month.
			cf.Date = ev.mask.Token(document.NewString(cf.Date))
		}
	}
	cf.Sentence = fmt.Sprintf("%s is %s; it must %s: %s reaches %d on %s (counted from %s at %s)",
		name, w.in.show(v), phrase, name, n, cf.Date, w.in.show(origin), from)
	return true, false
}

// someInt reports whether some whole number comes out of l as want. Its
// outcome on whole numbers changes only at the numbers it compares with,
// so it tries those, the whole numbers on each side of them, and a few
// others; a number no int64 holds counts as met, so that only a
// comparison surely out of reach is said to be.
func (l *leaf) someInt(cur int64, want bool) bool {
	tries := []int64{cur, 0, -1, 1, math.MinInt64, math.MaxInt64}
	ops := l.list
	if l.kind != kIn {
		ops = []operand{l.op}
	}
	for _, op := range ops {
		if !op.num {
			continue
		}
		r, ok := new(big.Rat).SetString(string(op.numVal.AppendJSON(nil)))
		if !ok {
			return true
		}
		q := new(big.Int).Quo(r.Num(), r.Denom()) // toward zero
		if !q.IsInt64() || q.Int64() <= math.MinInt64+1 || q.Int64() >= math.MaxInt64-1 {
			return true
		}
		f := q.Int64()
		tries = append(tries, f-2, f-1, f, f+1, f+2)
	}
	for _, n := range tries {
		if l.test(document.NewInt(n)) == want {
			return true
		}
	}
	return false
}

// nullTest is the counterfactual of equal_to_null and not_equal_to_null.
func (w *cfWalk) nullTest(n *nullTest, vals []document.Value, want bool) (*conditions.Counterfactual, touch) {
	// To be null (or absent): equal_to_null to hold, not_equal_to_null to
	// fail.
	toNull := n.not != want
	cf := &conditions.Counterfactual{Kind: "present"}
	if toNull {
		cf.Kind = "absent"
	}
	field := pathString(n.field)
	if len(vals) == 0 {
		cf.Missing = true
		if want {
			cf.Sentence = field + " yields nothing; the field must exist and not be null"
		} else {
			cf.Sentence = field + " yields nothing; the field must exist and one of its values must not be null"
		}
		return cf, under(n.field)
	}
	var targets []document.Value
	for _, v := range vals {
		if (v.Kind() == document.Null) != toNull {
			targets = append(targets, v)
		}
	}
	// Each value must be null for equal_to_null to hold, and none for
	// not_equal_to_null; one is enough for either to fail.
	each := want
	if !each {
		targets = vals
	}
	phrase := "not be null"
	if toNull {
		phrase = "be null, or the field yield nothing"
	}
	w.targets(cf, targets, each)
	cf.Sentence = w.sentence(field, len(vals), targets, each, phrase)
	return cf, w.touches(targets, n.field)
}

// every is the counterfactual of an every condition.
func (w *cfWalk) every(e *every, vals, allowed []document.Value, want bool) (*conditions.Counterfactual, touch) {
	list := make([]json.RawMessage, len(allowed))
	shown := make([]string, len(allowed))
	for i, a := range allowed {
		list[i] = w.in.maskedJSON(a) // the allowed values are the case's
		shown[i] = w.in.show(a)
	}
	cf := &conditions.Counterfactual{Kind: "allowed"}
	if !want {
		cf.Kind = "not_allowed"
	}
	cf.Value, _ = json.Marshal(list)
	field, path := pathString(e.field), pathString(e.path)
	among := fmt.Sprintf("one of the values of %s (%s)", path, cut(strings.Join(shown, ", ")))
	switch {
	case len(vals) == 0:
		cf.Missing = true
		if want {
			cf.Sentence = fmt.Sprintf("%s yields nothing; the field must exist and each of its values equal %s", field, among)
		} else {
			cf.Sentence = fmt.Sprintf("%s yields nothing; the field must exist and one of its values equal none of the values of %s", field, path)
		}
		return cf, under(e.field)
	case want && len(allowed) == 0:
		cf.Sentence = fmt.Sprintf("%s yields nothing to compare with; it must yield each value of %s", path, field)
		return cf, under(e.path)
	}
	var targets []document.Value
	if want {
		for _, v := range vals {
			if ok, _ := e.holds(w.in, []document.Value{v}, allowed); !ok {
				targets = append(targets, v)
			}
		}
	} else {
		targets = vals
	}
	w.targets(cf, targets, want)
	if want {
		cf.Sentence = w.sentence(field, len(vals), targets, true, "equal "+among)
	} else {
		cf.Sentence = w.sentence(field, len(vals), targets, false, "equal none of the values of "+path)
	}
	return cf, w.touches(targets, e.field)
}

// targets lists the values that must change, with where they are in the
// case, as many as the trace's bytes of values allow.
func (w *cfWalk) targets(cf *conditions.Counterfactual, vals []document.Value, each bool) {
	// The values are written within what is left of the trace's bytes of
	// values; the sentence counts them all.
	shown, _ := w.rec.rawValues(vals)
	ptrs := w.pointers(vals[:len(shown)])
	cf.Targets = make([]conditions.Target, len(shown))
	for i, v := range shown {
		cf.Targets[i] = conditions.Target{Pointer: ptrs[i], Value: v}
	}
	cf.Need = "any"
	if each {
		cf.Need = "each"
	}
}

// sentence says which values must change and how: n values in all, the
// targets among them, each of them or any one; phrase is what they must
// do ("be at least 70").
func (w *cfWalk) sentence(field string, n int, targets []document.Value, each bool, phrase string) string {
	ptrs := w.pointers(targets)
	if n == 1 && len(targets) == 1 {
		subject := field
		if ptrs[0] != "" {
			subject = ptrs[0]
		}
		return fmt.Sprintf("%s is %s; it must %s", subject, w.in.show(targets[0]), phrase)
	}
	var b strings.Builder
	switch {
	case each && len(targets) == n:
		fmt.Fprintf(&b, "each of the %d values must %s", n, phrase)
	case each:
		fmt.Fprintf(&b, "%d of the %d values must %s", len(targets), n, phrase)
	default:
		fmt.Fprintf(&b, "any one of the %d values must %s", n, phrase)
	}
	b.WriteString(": ")
	for i, v := range targets {
		if i == 5 {
			fmt.Fprintf(&b, ", and %d more", len(targets)-i)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		if ptrs[i] != "" {
			b.WriteString(ptrs[i] + " is ")
		}
		b.WriteString(w.in.show(v))
	}
	return b.String()
}

// pointers returns where values are in the case, "" for those that are
// not in it (a .length, a context field).
func (w *cfWalk) pointers(vals []document.Value) []string {
	out := make([]string, len(vals))
	for i, v := range vals {
		out[i] = w.ptrs[v]
	}
	return out
}

// locate finds where the values the conditions saw are in the case, in one
// walk of it.
func (w *cfWalk) locate() {
	wanted := map[document.Value]bool{}
	for _, s := range w.rec.nodes {
		for _, v := range s.vals {
			wanted[v] = true
		}
	}
	w.ptrs = make(map[document.Value]string, len(wanted))
	if len(wanted) > 0 {
		find(w.in.Case, wanted, w.ptrs)
	}
}

// find walks the case for the values wanted and records their pointers,
// stopping once it has them all; path holds the containers and indexes on
// the way down, so that a pointer is written only for a value found.
func find(v document.Value, wanted map[document.Value]bool, found map[document.Value]string) {
	type step struct {
		v document.Value
		i int
	}
	path := []step{{v, -1}}
	left := len(wanted)
	for len(path) > 0 && left > 0 {
		top := &path[len(path)-1]
		if top.i < 0 {
			top.i = 0
			if wanted[top.v] {
				var at string
				for _, s := range path[:len(path)-1] {
					if s.v.Kind() == document.Object {
						at = document.JoinPointer(at, s.v.Key(s.i))
					} else {
						at = document.IndexPointer(at, s.i)
					}
				}
				found[top.v] = at
				delete(wanted, top.v)
				left--
			}
		} else {
			top.i++
		}
		if k := top.v.Kind(); (k == document.Object || k == document.Array) && top.i < top.v.Len() {
			path = append(path, step{top.v.Index(top.i), -1})
			continue
		}
		path = path[:len(path)-1]
	}
}

// required is the value a comparison compares with, as a counterfactual
// gives it: a number (or a string that reads as one) as the number the
// definition writes, exactly; a list for in; the pattern for matches.
func (l *leaf) required() json.RawMessage {
	switch l.kind {
	case kIn:
		b := []byte{'['}
		for i := range l.list {
			if i > 0 {
				b = append(b, ',')
			}
			b = l.list[i].appendRequired(b)
		}
		return append(b, ']')
	case kMatches:
		return l.value
	}
	return l.op.appendRequired(nil)
}

func (op *operand) appendRequired(b []byte) []byte {
	if op.num {
		return op.numVal.AppendJSON(b)
	}
	return op.v.AppendJSON(b)
}

// need says what a value must do to meet a relation: "be at least 70".
func need(rel string, l *leaf) string {
	req := string(l.required())
	if l.kind == kIn {
		var parts []string
		for i := range l.list {
			parts = append(parts, string(l.list[i].appendRequired(nil)))
		}
		req = strings.Join(parts, ", ")
	}
	switch rel {
	case "at_least":
		return "be at least " + req
	case "more_than":
		return "be more than " + req
	case "at_most":
		return "be at most " + req
	case "less_than":
		return "be less than " + req
	case "equal":
		return "equal " + req
	case "not_equal":
		return "differ from " + req
	case "one_of":
		return "be one of " + cut(req)
	case "none_of":
		return "be none of " + cut(req)
	case "contains":
		return "contain " + req
	case "not_contains":
		return "not contain " + req
	case "matches":
		return "be a string that matches the regular expression " + req + " (verdict states the pattern; it does not make up a value that matches it)"
	case "not_matches":
		return "not be a string that matches the regular expression " + req
	}
	return rel + " " + req
}

// cut shortens a list for a sentence.
func cut(s string) string {
	if len(s) > 200 {
		i := 197
		for i > 0 && s[i]&0xc0 == 0x80 {
			i--
		}
		return s[:i] + "..."
	}
	return s
}
