// Package lint runs the static checks of a checked definition: every path
// is walked through a case schema, and every comparison is compared with
// what its path can yield, to find what can never work. A path that
// yields nothing makes its condition false, silently; these warnings say
// so before the automation runs. None of them stops compiling.
package lint

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/verdict-rules/verdict/diag"
	"github.com/verdict-rules/verdict/document"
	"github.com/verdict-rules/verdict/internal/check"
	"github.com/verdict-rules/verdict/internal/jsonpath"
	"github.com/verdict-rules/verdict/internal/suggest"
	"github.com/verdict-rules/verdict/schema"
)

// Options configure the checks.
type Options struct {
	// Schema is the case schema paths are walked through, or nil.
	Schema *schema.Validator
	// MaxVisits bounds the schema nodes the walk of one path visits (0
	// means DefaultMaxVisits).
	MaxVisits int
	// ContextType returns the JSON type of a context field whose type is
	// known (a built-in one the options leave as it is), or "".
	ContextType func(name string) string
}

// Definition returns the warnings about a checked definition, with
// pointers relative to the automation.
func Definition(def *check.Definition, opts Options) []diag.Problem {
	l := linter{opts: opts}
	for _, c := range def.Conditions {
		l.condition(c)
	}
	l.contradictions(def.Conditions)
	l.reasonCodes(def.Conditions)
	for _, a := range def.Actions {
		if a.Type == "set_check_status" {
			l.checkType(a.Check, a.Pointer+"/check")
		}
	}
	return l.out
}

// checkTypes is where the case schema lists the check types.
var checkTypes = jsonpath.MustParse("$.checks[*].type")

// checkType warns when set_check_status names a check type the case schema
// does not allow: no case has such a check, so the action never changes
// anything.
func (l *linter) checkType(check, pointer string) {
	if l.opts.Schema == nil || check == "" {
		return
	}
	vals, _ := walkPath(l.opts.Schema, checkTypes, DefaultMaxVisits)
	if !vals.Known || len(vals.Enum) == 0 {
		return
	}
	what := vals.Title
	if what == "" {
		what = "check type"
	}
	l.checkEnumAs(vals, what, check, pointer, "the action never changes anything", diag.UnknownCheckType)
}

type linter struct {
	opts Options
	out  []diag.Problem
	// walked keeps what each path yields and the findings of its walk, so
	// that a path read by many conditions is walked once.
	walked map[string]walk
}

type walk struct {
	vals     Values
	findings []diag.Problem
}

func (l *linter) warn(pointer string, offset int, source string, code diag.Code, format string, args ...any) {
	l.out = append(l.out, diag.Problem{Pointer: pointer, Offset: offset, Source: source, Code: code, Msg: fmt.Sprintf(format, args...)})
}

// values checks one path and returns what it yields.
func (l *linter) values(p *check.Path, pointer string) Values {
	if p == nil {
		return Values{}
	}
	if name := p.Context(); name != "" {
		if l.opts.ContextType != nil && len(p.Parsed.Steps()) == 0 {
			if t := l.opts.ContextType(name); t != "" {
				return Values{Known: true, Types: []string{t}, Title: "context field " + name}
			}
		}
		return Values{}
	}
	if l.opts.Schema == nil {
		return Values{}
	}
	w, ok := l.walked[p.Src]
	if !ok {
		w.vals, w.findings = walkPath(l.opts.Schema, p.Parsed, l.opts.MaxVisits)
		if l.walked == nil {
			l.walked = map[string]walk{}
		}
		l.walked[p.Src] = w
	}
	for _, f := range w.findings {
		l.warn(pointer, f.Offset, p.Src, f.Code, "%s", f.Msg)
	}
	return w.vals
}

func (l *linter) condition(c *check.Condition) {
	p := c.Pointer
	switch c.Type {
	case "and", "or":
		for _, k := range c.Conditions {
			l.condition(k)
		}
		if c.Type == "and" {
			l.contradictions(c.Conditions)
		}
		return
	case "not":
		if c.Condition != nil {
			l.condition(c.Condition)
		}
		return
	case "expression":
		return
	}
	if c.Field == nil {
		return
	}
	field := l.values(c.Field, p+"/field")
	if c.Type == "every" {
		path := l.values(c.Path, p+"/path")
		if field.Known && path.Known && len(field.Types) > 0 && len(path.Types) > 0 && !overlap(field.Types, path.Types) {
			l.warn(p, -1, "", diag.EveryTypesDiffer, "every compares %s values with %s values: they are never equal, so it never holds",
				strings.Join(field.Types, " or "), strings.Join(path.Types, " or "))
		}
		return
	}
	if !field.Known || !c.Value.Exists() {
		return
	}
	value := c.Value
	what := field.Title
	if what == "" {
		what = "value at " + c.Field.Src
	}
	switch c.Type {
	case "equal", "not_equal":
		if value.Kind() == document.String && len(field.Enum) > 0 {
			l.checkEnum(field, what, value.Text(), p+"/value", c.Type == "not_equal")
		}
		if value.Kind() == document.String && onlyNumbers(field) && !numericText(value.Text()) {
			outcome := "equal never holds"
			if c.Type == "not_equal" {
				outcome = "not_equal holds whenever the value is there"
			}
			l.warn(p+"/value", -1, "", diag.NotComparable, "%s is a number and %s is not: %s", what, suggest.Quote(value.Text()), outcome)
		} else {
			l.checkTypes(c.Type, field, what, value, p+"/value")
		}
	case "in":
		for i := 0; i < value.Len(); i++ {
			v := value.Index(i)
			if v.Kind() == document.String && len(field.Enum) > 0 {
				l.checkEnum(field, what, v.Text(), document.IndexPointer(p+"/value", i), false)
			}
			l.checkTypes(c.Type, field, what, v, document.IndexPointer(p+"/value", i))
		}
	case "greater_than", "greater_than_or_equal", "less_than", "less_than_or_equal":
		if value.Kind() == document.String && onlyNumbers(field) && !numericText(value.Text()) {
			l.warn(p+"/value", -1, "", diag.NotComparable, "%s is a number and %s is not a number: %s never holds", what, suggest.Quote(value.Text()), c.Type)
		} else {
			l.checkTypes(c.Type, field, what, value, p+"/value")
		}
	case "contains", "matches":
		l.checkTypes(c.Type, field, what, value, p+"/value")
	}
}

// checkTypes warns when no value of the types the schema allows for the
// field can meet the comparison with v, under the coercion rules: a
// boolean never equals "yes", an array never equals 0 (its .length does),
// only strings and arrays contain anything, only strings match, and only
// numbers and strings are ordered.
func (l *linter) checkTypes(typ string, field Values, what string, v document.Value, pointer string) {
	if len(field.Types) == 0 {
		return
	}
	for _, t := range field.Types {
		if meets(typ, v, t, field.Items) {
			return
		}
	}
	outcome := fmt.Sprintf("%s never holds", typ)
	switch typ {
	case "not_equal":
		outcome = "not_equal holds whenever the value is there"
	case "in":
		outcome = "no value equals it"
	}
	kinds := describeTypes(field.Types)
	if len(field.Items) > 0 && slices.Contains(field.Types, "array") && typ == "contains" {
		kinds += " (of " + strings.Join(field.Items, " or ") + " elements)"
	}
	hint := ""
	if slices.Contains(field.Types, "array") && v.Kind() == document.Number && (typ == "equal" || typ == "not_equal" || isOrdering(typ)) {
		hint = " (did you mean its .length?)"
	}
	l.warn(pointer, -1, "", diag.NotComparable, "%s is %s, which %s %s: %s%s", what, kinds, verb(typ), v.String(), outcome, hint)
}

func isOrdering(typ string) bool {
	switch typ {
	case "greater_than", "greater_than_or_equal", "less_than", "less_than_or_equal":
		return true
	}
	return false
}

// verb says how a value is compared with the operand, for messages.
func verb(typ string) string {
	switch typ {
	case "contains":
		return "cannot contain"
	case "matches":
		return "cannot match"
	}
	if isOrdering(typ) {
		return "cannot be ordered with"
	}
	return "cannot equal"
}

// meets reports whether a value of JSON type t (whose elements, for an
// array, are of the types items, or any when empty) can meet the
// comparison typ with the operand v, as package eval compares: numbers
// with numbers and numeric strings, strings with strings, numbers (a
// string may read as one) and booleans ("true"), booleans with booleans
// and "true"/"false", null with null, arrays and objects by deep
// equality.
func meets(typ string, v document.Value, t string, items []string) bool {
	num := t == "number" || t == "integer"
	switch {
	case typ == "equal" || typ == "not_equal" || typ == "in":
		switch v.Kind() {
		case document.Number:
			return num || t == "string"
		case document.String:
			text := v.Text()
			return t == "string" || (num && numericText(text)) || (t == "boolean" && (text == "true" || text == "false"))
		case document.Bool:
			return t == "boolean" || t == "string"
		case document.Null:
			return t == "null"
		case document.Array:
			return t == "array"
		case document.Object:
			return t == "object"
		}
	case isOrdering(typ):
		switch {
		case num:
			return v.Kind() == document.Number || (v.Kind() == document.String && numericText(v.Text()))
		case t == "string":
			return v.Kind() == document.Number || v.Kind() == document.String
		}
		return false
	case typ == "contains":
		switch t {
		case "string":
			return v.Kind() == document.String || v.Kind() == document.Number
		case "array":
			if len(items) == 0 {
				return true
			}
			for _, it := range items {
				if meets("equal", v, it, nil) {
					return true
				}
			}
		}
		return false
	case typ == "matches":
		return t == "string"
	}
	return true
}

// checkEnum warns when a compared value is outside the values the schema
// allows.
func (l *linter) checkEnum(field Values, what, s, pointer string, negated bool) {
	outcome := "the condition never holds"
	if negated {
		outcome = "the condition holds whenever the value is there"
	}
	l.checkEnumAs(field, what, s, pointer, outcome, diag.ValueNotInEnum)
}

// checkEnumAs warns, with code, when s is outside the string values of an
// enum, saying what follows (outcome) and the closest allowed value.
func (l *linter) checkEnumAs(field Values, what, s, pointer, outcome string, code diag.Code) {
	var allowed []string
	for _, e := range field.Enum {
		if es, ok := e.(string); ok {
			allowed = append(allowed, es)
		}
	}
	if len(allowed) == 0 || slices.Contains(allowed, s) {
		return
	}
	msg := fmt.Sprintf("%s is not a %s the case schema allows, so %s", suggest.Quote(s), what, outcome)
	if near := suggest.Closest(s, allowed); near != "" {
		msg += fmt.Sprintf(" (did you mean %s?)", suggest.Quote(near))
	} else {
		msg += "; it allows: " + suggest.List(allowed)
	}
	l.warn(pointer, -1, "", code, "%s", msg)
}

// contradictions warns about an and (or the top-level list) whose equal
// and not_equal conditions on one single-valued field cannot all hold.
func (l *linter) contradictions(cs []*check.Condition) {
	type seen struct {
		value string
		at    string
	}
	equals := map[string]seen{}
	differs := map[string][]seen{}
	l.ranges(cs)
	for _, c := range cs {
		if (c.Type != "equal" && c.Type != "not_equal") || !c.Value.Exists() || !eachValue(c) {
			continue
		}
		field, key, at := c.Field.Src, canonical(c.Value), c.Pointer
		if c.Type == "equal" {
			if prev, ok := equals[field]; ok && prev.value != key {
				l.warn(at, -1, "", diag.Contradiction, "%s cannot equal both %s (%s) and %s: this and never holds", field, prev.value, prev.at, key)
			}
			for _, d := range differs[field] {
				if d.value == key {
					l.warn(at, -1, "", diag.Contradiction, "%s cannot equal %s and differ from it (%s): this and never holds", field, key, d.at)
				}
			}
			equals[field] = seen{key, at}
			continue
		}
		if prev, ok := equals[field]; ok && prev.value == key {
			l.warn(at, -1, "", diag.Contradiction, "%s cannot differ from %s and equal it (%s): this and never holds", field, key, prev.at)
		}
		differs[field] = append(differs[field], seen{key, at})
	}
}

// eachValue reports whether a condition asks each value its path yields
// to pass: "match": "all" (the default), or a path that yields at most one
// value. Two such conditions on one path that no value can pass together
// cannot both hold: the path must yield something for either to hold.
func eachValue(c *check.Condition) bool {
	return !c.Any || singleValued(c.Field)
}

// bound is a number a value must be more than (or at least), or less than
// (or at most).
type bound struct {
	n      document.Value
	strict bool
	at     string // the pointer of its condition
}

// ranges warns about an and whose bounds on one path leave no number
// between them (greater_than 50 and less_than 30), counting an equal
// number as both bounds. A bound counts when every value it orders
// compares with it as a number: a number operand, or a numeric string one
// on a field of numbers only.
func (l *linter) ranges(cs []*check.Condition) {
	lower, upper := map[string]bound{}, map[string]bound{}
	for _, c := range cs {
		if !c.Value.Exists() || !eachValue(c) || c.Field == nil {
			continue
		}
		n, ok := l.numberOperand(c)
		if !ok {
			continue
		}
		field := c.Field.Src
		var lo, hi *bound
		switch c.Type {
		case "greater_than", "greater_than_or_equal":
			lo = &bound{n, c.Type == "greater_than", c.Pointer}
		case "less_than", "less_than_or_equal":
			hi = &bound{n, c.Type == "less_than", c.Pointer}
		case "equal":
			lo, hi = &bound{n, false, c.Pointer}, &bound{n, false, c.Pointer}
		default:
			continue
		}
		if lo != nil {
			if prev, ok := lower[field]; !ok || tighter(*lo, prev, 1) {
				lower[field] = *lo
			}
		}
		if hi != nil {
			if prev, ok := upper[field]; !ok || tighter(*hi, prev, -1) {
				upper[field] = *hi
			}
		}
		lo2, okLo := lower[field]
		hi2, okHi := upper[field]
		if !okLo || !okHi || lo2.at == hi2.at {
			continue
		}
		if d := document.CompareNumbers(lo2.n, hi2.n); d > 0 || (d == 0 && (lo2.strict || hi2.strict)) {
			other := lo2.at
			if other == c.Pointer {
				other = hi2.at
			}
			l.warn(c.Pointer, -1, "", diag.Contradiction, "%s cannot be %s %s and %s %s (%s): no number is, so this and never holds",
				field, moreThan(lo2.strict), lo2.n.Literal(), lessThan(hi2.strict), hi2.n.Literal(), other)
			delete(lower, field)
			delete(upper, field)
		}
	}
}

// tighter reports whether bound b narrows more than prev: a higher lower
// bound (dir 1), a lower upper bound (dir -1), or the same number strictly.
func tighter(b, prev bound, dir int) bool {
	d := document.CompareNumbers(b.n, prev.n) * dir
	return d > 0 || (d == 0 && b.strict && !prev.strict)
}

func moreThan(strict bool) string {
	if strict {
		return "more than"
	}
	return "at least"
}

func lessThan(strict bool) string {
	if strict {
		return "less than"
	}
	return "at most"
}

// numberOperand returns a condition's operand as a number when every value
// it orders or equals compares with it as a number.
func (l *linter) numberOperand(c *check.Condition) (document.Value, bool) {
	v := c.Value
	switch v.Kind() {
	case document.Number:
		return v, true
	case document.String:
		n, ok := document.NewNumber(strings.Trim(v.Text(), " \t"))
		if !ok {
			return document.Value{}, false
		}
		// An equal string pins the value to that text, which reads as
		// this number; a bound that is a string orders strings that do
		// not read as numbers by code point, so it counts only on a
		// field of numbers.
		if c.Type == "equal" || l.onlyNumbersAt(c.Field) {
			return n, true
		}
	}
	return document.Value{}, false
}

// onlyNumbersAt reports whether the static checks found that a path yields
// only numbers (or nulls), from what its walk found before.
func (l *linter) onlyNumbersAt(p *check.Path) bool {
	if name := p.Context(); name != "" {
		return l.opts.ContextType != nil && len(p.Parsed.Steps()) == 0 && onlyNumbers(Values{Types: []string{l.opts.ContextType(name)}})
	}
	w, ok := l.walked[p.Src]
	return ok && w.vals.Known && onlyNumbers(w.vals)
}

// singleValued reports whether a path yields at most one value: names and
// indexes only.
func singleValued(p *check.Path) bool {
	if p == nil {
		return false
	}
	for _, st := range p.Parsed.Steps() {
		if st.Kind != jsonpath.StepName {
			return false
		}
	}
	return true
}

// canonical writes a value so that values that compare equal for equal
// read alike: numbers and numeric strings by their number.
func canonical(v document.Value) string {
	// "true" and true equal the same values: booleans, and the strings
	// "true".
	if v.Kind() == document.String && (v.Text() == "true" || v.Text() == "false") {
		return v.Text()
	}
	if v.Kind() == document.String && numericText(v.Text()) {
		f, _ := strconv.ParseFloat(strings.TrimSpace(v.Text()), 64)
		return strconv.FormatFloat(f, 'g', -1, 64)
	}
	if v.Kind() == document.Number {
		return strconv.FormatFloat(v.Float(), 'g', -1, 64)
	}
	return v.String()
}

func numericText(s string) bool {
	_, ok := document.NewNumber(strings.Trim(s, " \t"))
	return ok
}

func onlyNumbers(v Values) bool {
	if len(v.Types) == 0 {
		return false
	}
	for _, t := range v.Types {
		if t != "number" && t != "integer" && t != "null" {
			return false
		}
	}
	return true
}

func overlap(a, b []string) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y || (x == "integer" && y == "number") || (x == "number" && y == "integer") {
				return true
			}
		}
	}
	return false
}

// reasonCodes warns on a reason code that two conditions give: a system
// that reads it could not tell which condition stopped the automation.
func (l *linter) reasonCodes(top []*check.Condition) {
	first := map[string]string{} // reason code → pointer of its first condition
	var walk func(cs []*check.Condition)
	walk = func(cs []*check.Condition) {
		for _, c := range cs {
			if c == nil {
				continue
			}
			if code := c.ReasonCode; code != "" {
				if at, ok := first[code]; ok {
					l.warn(c.Pointer+"/reason_code", -1, "", diag.DuplicateReason,
						"the reason code %s is also the reason code of %s: records and notes that give it cannot say which condition decided", code, at)
				} else {
					first[code] = c.Pointer
				}
			}
			walk(c.Conditions)
			if c.Condition != nil {
				walk([]*check.Condition{c.Condition})
			}
		}
	}
	walk(top)
}
