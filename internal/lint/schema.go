package lint

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/verdict-rules/verdict/diag"
	"github.com/verdict-rules/verdict/document"
	"github.com/verdict-rules/verdict/internal/jsonpath"
	"github.com/verdict-rules/verdict/internal/suggest"
	"github.com/verdict-rules/verdict/schema"
)

// Values describes what a path yields according to a schema.
type Values struct {
	// Known is false when the schema does not describe the values (an
	// open object, a recursive descent): nothing is known about them.
	Known bool
	// Types are the JSON types the values may have ("string", "number",
	// "integer", "boolean", "null", "object", "array"); empty when any.
	Types []string
	// Enum lists the values allowed, when the schema limits them.
	Enum []any
	// Title names the values, when the schema does ("check type").
	Title string
	// Items are the JSON types of the elements of the values that are
	// arrays, when the schema says; empty when any.
	Items []string
}

// HasType reports whether the values may be of type t ("number" also
// matches "integer").
func (v Values) HasType(t string) bool {
	if len(v.Types) == 0 {
		return true
	}
	for _, x := range v.Types {
		if x == t || (t == "number" && x == "integer") || (t == "integer" && x == "number") {
			return true
		}
	}
	return false
}

// node is a schema object, with what is known of the instance: the values
// of its discriminating members (type) read from filters.
type node = map[string]any

// DefaultMaxVisits bounds the schema nodes the walk of one path visits.
const DefaultMaxVisits = 100_000

// walkPath walks a path through a case schema and reports, as problems
// with an offset in the path, what the schema says cannot work: a member
// it does not have, .length on an object, a filter value outside an enum.
// It returns what the path yields, as far as the schema tells. Paths into
// computed context are not walked.
//
// It visits at most maxVisits schema nodes (0 means DefaultMaxVisits).
// Each step's schema nodes are kept once, however many ways lead to them
// (a union of forty indexes leads forty times to the same item schema), so
// a walk costs what the schema's size and the path's length allow; a path
// that needs more visits is reported (TooComplex) and not followed
// further.
func walkPath(v *schema.Validator, p *jsonpath.Path, maxVisits int) (Values, []diag.Problem) {
	if p.Context() != "" {
		return Values{}, nil
	}
	root, ok := v.Tree().(node)
	if !ok {
		return Values{}, nil
	}
	if maxVisits <= 0 {
		maxVisits = DefaultMaxVisits
	}
	w := pathWalker{tree: v.Tree(), src: p.String(), left: maxVisits}
	set := w.expand(root, nil)
	for _, st := range p.Steps() {
		if len(set) == 0 {
			return Values{}, w.findings
		}
		set = unique(w.step(set, st))
		if w.left < 0 {
			w.findings = append(w.findings, diag.Problem{Offset: st.Offset, Code: diag.TooComplex,
				Msg: fmt.Sprintf("the static checks stop here: following the path through the case schema takes more than %d steps", maxVisits)})
			return Values{}, w.findings
		}
	}
	if len(set) == 0 {
		return Values{}, w.findings
	}
	return w.describe(set), w.findings
}

type pathWalker struct {
	tree     any // the schema
	src      string
	findings []diag.Problem
	left     int // schema nodes it may still visit
}

// identity is what tells schema nodes apart: the map itself.
func identity(n node) uintptr { return reflect.ValueOf(n).Pointer() }

// unique keeps the first of each schema node in a set. Nodes made up on
// the way ({"type": "integer"} for a length) are new maps, and kept.
func unique(set []node) []node {
	if len(set) < 2 {
		return set
	}
	seen := make(map[uintptr]bool, len(set))
	out := set[:0:0]
	for _, n := range set {
		if id := identity(n); !seen[id] {
			seen[id] = true
			out = append(out, n)
		}
	}
	return out
}

func (w *pathWalker) report(off int, code diag.Code, format string, args ...any) {
	w.findings = append(w.findings, diag.Problem{Offset: off, Code: code, Msg: fmt.Sprintf(format, args...)})
}

// resolveRef follows a local $ref.
func (w *pathWalker) resolveRef(ref string) (node, bool) {
	if !strings.HasPrefix(ref, "#") {
		return nil, false
	}
	target, ok := document.Lookup(w.tree, strings.TrimPrefix(ref, "#"))
	if !ok {
		return nil, false
	}
	n, ok := target.(node)
	return n, ok
}

// expand returns the schema objects that apply to an instance described by
// n: n itself, what its $ref, allOf, anyOf and oneOf bring, and the then
// of each if that the known member values do not rule out.
func (w *pathWalker) expand(n node, known map[string]any) []node {
	var out []node
	seen := map[uintptr]bool{}
	var visit func(n node, depth int)
	visit = func(n node, depth int) {
		if n == nil || depth > 32 || w.left < 0 {
			return
		}
		// A node reached twice (two $refs to one definition) brings the
		// same schemas again: it is expanded once.
		if id := identity(n); seen[id] {
			return
		} else {
			seen[id] = true
		}
		w.left--
		out = append(out, n)
		if ref, ok := n["$ref"].(string); ok {
			if t, ok := w.resolveRef(ref); ok {
				visit(t, depth+1)
			}
		}
		for _, key := range [...]string{"allOf", "anyOf", "oneOf"} {
			for _, sub := range anyList(n[key]) {
				if m, ok := sub.(node); ok {
					visit(m, depth+1)
				}
			}
		}
		if cond, ok := n["if"].(node); ok {
			if w.mayMatch(cond, known) {
				if then, ok := n["then"].(node); ok {
					visit(then, depth+1)
				}
			}
		}
	}
	visit(n, 0)
	return out
}

// mayMatch tells whether an if schema may hold, given the known member
// values: only const and enum of properties are looked at.
func (w *pathWalker) mayMatch(cond node, known map[string]any) bool {
	props, _ := cond["properties"].(node)
	for name, sub := range props {
		val, ok := known[name]
		if !ok {
			continue
		}
		s, _ := sub.(node)
		if c, has := s["const"]; has && !sameJSON(c, val) {
			return false
		}
		if e, has := s["enum"]; has {
			found := false
			for _, x := range anyList(e) {
				if sameJSON(x, val) {
					found = true
				}
			}
			if !found {
				return false
			}
		}
	}
	return true
}

func sameJSON(a, b any) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	if string(ja) == string(jb) {
		return true
	}
	// Numbers decoded as json.Number against float64.
	fa, errA := strconv.ParseFloat(strings.Trim(string(ja), `"`), 64)
	fb, errB := strconv.ParseFloat(strings.Trim(string(jb), `"`), 64)
	_, aNum := a.(json.Number)
	_, bNum := b.(float64)
	return errA == nil && errB == nil && fa == fb && (aNum || bNum)
}

// types returns the JSON types a set of schema objects allows; nil when
// they do not say.
func types(set []node) []string {
	var out []string
	said := false
	for _, n := range set {
		switch t := n["type"].(type) {
		case string:
			said = true
			out = append(out, t)
		case []any:
			said = true
			for _, x := range t {
				if s, ok := x.(string); ok {
					out = append(out, s)
				}
			}
		}
		if _, ok := n["properties"]; ok && n["type"] == nil {
			said = true
			out = append(out, "object")
		}
		if _, ok := n["items"]; ok && n["type"] == nil {
			said = true
			out = append(out, "array")
		}
		if e, ok := n["enum"]; ok {
			said = true
			for _, x := range anyList(e) {
				out = append(out, jsonType(x))
			}
		}
		if c, ok := n["const"]; ok {
			said = true
			out = append(out, jsonType(c))
		}
	}
	if !said {
		return nil
	}
	sort.Strings(out)
	return slices.Compact(out)
}

func jsonType(x any) string {
	switch x.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case json.Number, float64:
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	}
	return "object"
}

// step moves the set of schema objects through one path step.
func (w *pathWalker) step(set []node, st jsonpath.Step) []node {
	if w.left -= len(set); w.left < 0 {
		return nil
	}
	ts := types(set)
	has := func(t string) bool { return ts == nil || slices.Contains(ts, t) }
	switch st.Kind {
	case jsonpath.StepDescend:
		return nil // anything below: nothing more can be told
	case jsonpath.StepName:
		if st.Name == "length" {
			if members := w.members(set, "length"); len(members) > 0 {
				return members
			}
			if has("array") || has("string") {
				return []node{{"type": "integer"}}
			}
			w.report(st.Offset, diag.LengthOfNonArray, ".length reads the length of an array or a string, but %s", w.isA(set, ts))
			return nil
		}
		if st.Index && len(w.itemRoots(set)) > 0 {
			return w.items(set)
		}
		if ts != nil && !slices.Contains(ts, "object") {
			if slices.Contains(ts, "array") && !st.Index {
				w.report(st.Offset, diag.MemberOfArray, "%q is read from an array, which has no members: write [*].%s or [?(...)].%s to read its elements'", st.Name, st.Name, st.Name)
			} else if !st.Index {
				w.report(st.Offset, diag.MemberOfScalar, "%q is read from %s, which has no members", st.Name, describeTypes(ts))
			}
			return nil
		}
		return w.member(set, st.Name, st.Offset)
	case jsonpath.StepUnion:
		var out []node
		done := map[string]bool{}
		for _, name := range st.Names {
			// A name repeated in the union leads where it led before.
			if done[name] {
				continue
			}
			done[name] = true
			out = append(out, w.step(set, jsonpath.Step{Kind: jsonpath.StepName, Name: name, Offset: st.Offset, Index: isIndex(name)})...)
		}
		return unique(out)
	case jsonpath.StepWildcard, jsonpath.StepSlice:
		out := w.items(set)
		if st.Kind == jsonpath.StepWildcard {
			out = append(out, w.allMembers(set)...)
		}
		return out
	case jsonpath.StepFilter:
		roots := append(w.itemRoots(set), w.memberRoots(set)...)
		if len(roots) == 0 {
			return nil
		}
		return w.filter(roots, st)
	}
	return nil
}

func isIndex(name string) bool {
	_, err := strconv.Atoi(name)
	return err == nil && !strings.HasPrefix(name, "-")
}

func describeTypes(ts []string) string {
	parts := make([]string, len(ts))
	for i, t := range ts {
		parts[i] = suggest.Article(t)
	}
	return strings.Join(parts, " or ")
}

func (w *pathWalker) isA(set []node, ts []string) string {
	for _, n := range set {
		if t, ok := n["title"].(string); ok && t != "" {
			return fmt.Sprintf("the %s is %s", t, describeTypes(ts))
		}
	}
	return "the value is " + describeTypes(ts)
}

// props returns the declared members of a set, and whether the set is
// closed to others (it declares members and no schema for the rest).
func props(set []node) (map[string][]node, []node, bool) {
	declared := map[string][]node{}
	var extra []node
	anyDeclared, open := false, false
	for _, n := range set {
		if p, ok := n["properties"].(node); ok {
			anyDeclared = true
			for name, sub := range p {
				if s, ok := sub.(node); ok {
					declared[name] = append(declared[name], s)
				} else if sub == true {
					declared[name] = append(declared[name], node{})
				}
			}
		}
		switch ap := n["additionalProperties"].(type) {
		case node:
			extra = append(extra, ap)
		case bool:
			if ap {
				open = true
			}
		}
		if pp, ok := n["patternProperties"].(node); ok && len(pp) > 0 {
			open = true
		}
	}
	return declared, extra, anyDeclared && !open && len(extra) == 0
}

func (w *pathWalker) member(set []node, name string, off int) []node {
	declared, extra, _ := props(set)
	if subs, ok := declared[name]; ok {
		var out []node
		for _, s := range subs {
			out = append(out, w.expand(s, nil)...)
		}
		return out
	}
	if len(extra) > 0 {
		var out []node
		for _, s := range extra {
			out = append(out, w.expand(s, nil)...)
		}
		return out
	}
	if len(declared) == 0 {
		return nil // an object the schema leaves open: nothing known
	}
	names := make([]string, 0, len(declared))
	for n := range declared {
		names = append(names, n)
	}
	sort.Strings(names)
	msg := fmt.Sprintf("the case schema has no member %s here", suggest.Quote(name))
	if near := suggest.Closest(name, names); near != "" {
		msg += fmt.Sprintf(" (did you mean %s?)", suggest.Quote(near))
	} else {
		msg += "; it knows: " + suggest.List(names)
	}
	w.report(off, diag.UnknownMember, "%s", msg)
	return nil
}

// members returns the schema of a declared member, without reporting.
func (w *pathWalker) members(set []node, name string) []node {
	declared, _, _ := props(set)
	var out []node
	for _, s := range declared[name] {
		out = append(out, w.expand(s, nil)...)
	}
	return out
}

func (w *pathWalker) allMembers(set []node) []node {
	declared, extra, _ := props(set)
	var out []node
	for _, subs := range declared {
		for _, s := range subs {
			out = append(out, w.expand(s, nil)...)
		}
	}
	for _, s := range extra {
		out = append(out, w.expand(s, nil)...)
	}
	return out
}

func (w *pathWalker) items(set []node) []node {
	var out []node
	for _, it := range w.itemRoots(set) {
		out = append(out, w.expand(it, nil)...)
	}
	return out
}

// itemRoots returns the item schemas of the arrays in a set, unexpanded.
func (w *pathWalker) itemRoots(set []node) []node {
	var out []node
	for _, n := range set {
		if it, ok := n["items"].(node); ok {
			out = append(out, it)
		}
	}
	return out
}

// memberRoots returns the member schemas of the objects in a set,
// unexpanded.
func (w *pathWalker) memberRoots(set []node) []node {
	declared, extra, _ := props(set)
	var out []node
	for _, subs := range declared {
		out = append(out, subs...)
	}
	return append(out, extra...)
}

// filter checks the comparisons of a filter against the item schemas and
// narrows the items by the discriminating values the filter requires.
func (w *pathWalker) filter(roots []node, st jsonpath.Step) []node {
	var items []node
	for _, r := range roots {
		items = append(items, w.expand(r, nil)...)
	}
	known := map[string]any{}
	for _, c := range st.Comparisons {
		target := items
		ok := true
		for i, name := range c.Members {
			if name == "length" {
				target = []node{{"type": "integer"}}
				continue
			}
			ts := types(target)
			if ts != nil && !slices.Contains(ts, "object") {
				ok = false
				break
			}
			declared, extra, _ := props(target)
			if subs, found := declared[name]; found {
				var next []node
				for _, s := range subs {
					next = append(next, w.expand(s, nil)...)
				}
				target = next
				continue
			}
			if len(extra) > 0 || len(declared) == 0 {
				ok = false
				break
			}
			names := make([]string, 0, len(declared))
			for n := range declared {
				names = append(names, n)
			}
			sort.Strings(names)
			msg := fmt.Sprintf("the filter reads @.%s, but the case schema has no member %s there", strings.Join(c.Members[:i+1], "."), suggest.Quote(name))
			if near := suggest.Closest(name, names); near != "" {
				msg += fmt.Sprintf(" (did you mean %s?)", suggest.Quote(near))
			}
			w.report(c.MemberOffset, diag.UnknownMember, "%s", msg)
			ok = false
			break
		}
		if !ok || len(c.Members) == 0 {
			continue
		}
		vals := w.describe(target)
		w.checkComparison(c, vals)
		if c.Required && len(c.Members) == 1 && (c.Op == "===" || c.Op == "==") {
			known[c.Members[0]] = c.Literal
		}
	}
	if len(known) == 0 {
		return items
	}
	// Narrow: expand the items again with the values the filter requires,
	// so only the matching then-branches apply.
	var out []node
	for _, r := range roots {
		out = append(out, w.expand(r, known)...)
	}
	return out
}

// checkComparison reports a filter comparison that can never hold.
func (w *pathWalker) checkComparison(c jsonpath.Comparison, vals Values) {
	if !vals.Known {
		return
	}
	equality := c.Op == "===" || c.Op == "=="
	if lit, ok := c.Literal.(string); ok && len(vals.Enum) > 0 && equality {
		allowed := enumStrings(vals.Enum)
		if !slices.Contains(allowed, lit) {
			what := vals.Title
			if what == "" {
				what = "@." + strings.Join(c.Members, ".")
			}
			msg := fmt.Sprintf("%s is not a %s the case schema allows, so this comparison never holds", suggest.Quote(lit), what)
			if near := suggest.Closest(lit, allowed); near != "" {
				msg += fmt.Sprintf(" (did you mean %s?)", suggest.Quote(near))
			} else {
				msg += "; it allows: " + suggest.List(allowed)
			}
			w.report(c.Offset, diag.NotInEnum, "%s", msg)
		}
	}
	if _, isStr := c.Literal.(string); isStr && !equality && c.Op != "!=" && c.Op != "!==" &&
		len(vals.Types) > 0 && !vals.HasType("string") && vals.HasType("number") {
		if s := c.Literal.(string); !numeric(s) {
			w.report(c.Offset, diag.NotComparable, "@.%s is a number and %s is not: the comparison never holds", strings.Join(c.Members, "."), suggest.Quote(s))
		}
	}
}

func numeric(s string) bool {
	_, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	return err == nil
}

func enumStrings(enum []any) []string {
	out := make([]string, 0, len(enum))
	for _, e := range enum {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// describe sums up what a set of schema objects says about the values.
func (w *pathWalker) describe(set []node) Values {
	if len(set) == 0 {
		return Values{}
	}
	v := Values{Known: true, Types: types(set)}
	enumSeen, unlimited := false, false
	for _, n := range set {
		if t, ok := n["title"].(string); ok && v.Title == "" {
			v.Title = t
		}
		e, hasEnum := n["enum"]
		c, hasConst := n["const"]
		switch {
		case hasEnum:
			enumSeen = true
			v.Enum = append(v.Enum, anyList(e)...)
		case hasConst:
			enumSeen = true
			v.Enum = append(v.Enum, c)
		case n["$ref"] == nil && n["allOf"] == nil && n["anyOf"] == nil && n["oneOf"] == nil:
			if t, hasType := n["type"]; hasType && t != "null" {
				unlimited = true
			}
		}
	}
	if !enumSeen || unlimited {
		v.Enum = nil
	}
	if slices.Contains(v.Types, "array") {
		// Only arrays have items: the walk, which spends the visits, is
		// spared for every other path.
		v.Items = w.itemTypes(set)
	}
	return v
}

// itemTypes returns the JSON types the elements of the arrays in a set may
// have, or nil when any array of the set leaves them open.
func (w *pathWalker) itemTypes(set []node) []string {
	var out []string
	for _, n := range set {
		it, hasItems := n["items"]
		if !hasItems {
			if t := types([]node{n}); slices.Contains(t, "array") {
				return nil // an array whose elements may be anything
			}
			continue
		}
		root, ok := it.(node)
		if !ok {
			return nil
		}
		ts := types(w.expand(root, nil))
		if ts == nil {
			return nil
		}
		out = append(out, ts...)
	}
	sort.Strings(out)
	return slices.Compact(out)
}

func anyList(v any) []any {
	l, _ := v.([]any)
	return l
}
