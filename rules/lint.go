package rules

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/verdict-rules/verdict/conditions/jsonpath"
	"github.com/verdict-rules/verdict/internal/suggest"
	"github.com/verdict-rules/verdict/schema"
)

// WithCaseSchema sets the case schema the static checks walk paths
// against: rules.CaseSchema("quickr"), ("dintero"), a schema of one's own,
// or nil to turn the checks off. By default automations with a case status
// trigger are checked against the Quickr case details schema (Dintero's
// cdd_case_update schema when the status vocabulary is Dintero's).
func WithCaseSchema(v *schema.Validator) Option {
	return func(c *config) {
		c.caseSchema = v
		c.caseSchemaSet = true
	}
}

// caseSchemaFor returns the case schema that applies to a definition, or
// nil.
func (cfg *config) caseSchemaFor(def Automation) *schema.Validator {
	if cfg.caseSchemaSet {
		return cfg.caseSchema
	}
	caseTrigger := false
	for _, t := range def.Triggers {
		if t.Type == "case_status_updated" || t.Type == "case_status_change" {
			caseTrigger = true
		}
	}
	if !caseTrigger {
		return nil
	}
	name := schema.QuickrCaseFile
	if slices.Equal(cfg.statuses, DinteroStatuses) {
		name = schema.DinteroCaseFile
	}
	v, err := schema.Embedded(name)
	if err != nil {
		return nil
	}
	return v
}

// Types of the built-in context fields, for the static checks.
var contextTypes = map[string]string{"company_age": "integer", "case_age_days": "integer", "ubo_count": "integer",
	"credit_score": "number", "flags": "array"}

// lint runs the static checks on a definition's conditions: every path
// against the case schema, and every comparison against what the path can
// yield. It finds what can never work; none of it stops compiling.
func (cfg *config) lint(def Automation, base string) []Warning {
	v := cfg.caseSchemaFor(def)
	l := linter{cfg: cfg, v: v}
	for i, c := range def.Conditions {
		l.condition(c, jsonpath.IndexPointer(base+"/conditions", i))
	}
	l.contradictions(def.Conditions, base+"/conditions")
	for i, a := range def.Actions {
		if a.Type == "set_check_status" {
			l.checkType(a.Check, jsonpath.IndexPointer(base+"/actions", i)+"/check")
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
	if l.v == nil || check == "" {
		return
	}
	vals, _ := l.v.CheckPath(checkTypes)
	if !vals.Known || len(vals.Enum) == 0 {
		return
	}
	what := vals.Title
	if what == "" {
		what = "check type"
	}
	l.checkEnumAs(vals, what, check, pointer, "the action never changes anything", "unknown_check_type")
}

type linter struct {
	cfg *config
	v   *schema.Validator
	out []Warning
	// walked keeps what each path yields and the findings of its walk, so
	// that a path read by many conditions is walked once.
	walked map[string]walk
}

type walk struct {
	vals     schema.Values
	findings []schema.Finding
}

func (l *linter) warn(pointer string, offset int, source, code, format string, args ...any) {
	l.out = append(l.out, Warning{Pointer: pointer, Offset: offset, Source: source, Code: code, Message: fmt.Sprintf(format, args...)})
}

// values checks one path and returns what it yields.
func (l *linter) values(src, pointer string) schema.Values {
	p, err := l.cfg.parsePath(src)
	if err != nil {
		return schema.Values{}
	}
	if name := p.Context(); name != "" {
		if t, ok := contextTypes[name]; ok && len(p.Steps()) == 0 {
			if _, builtin := l.cfg.context.Lookup(name); builtin && !l.cfg.contextOverridden(name) {
				return schema.Values{Known: true, Types: []string{t}, Title: "context field " + name}
			}
		}
		return schema.Values{}
	}
	if l.v == nil {
		return schema.Values{}
	}
	w, ok := l.walked[src]
	if !ok {
		w.vals, w.findings = l.v.CheckPathWithin(p, l.cfg.limits.SchemaVisits)
		if l.walked == nil {
			l.walked = map[string]walk{}
		}
		l.walked[src] = w
	}
	for _, f := range w.findings {
		l.warn(pointer, f.Offset, src, f.Code, "%s", f.Msg)
	}
	return w.vals
}

func (l *linter) condition(c Condition, p string) {
	switch c.Type {
	case "and", "or":
		for i, k := range c.Conditions {
			l.condition(k, jsonpath.IndexPointer(p+"/conditions", i))
		}
		if c.Type == "and" {
			l.contradictions(c.Conditions, p+"/conditions")
		}
		return
	case "not":
		if c.Condition != nil {
			l.condition(*c.Condition, p+"/condition")
		}
		return
	case "expression":
		return
	}
	if c.Field == "" {
		return
	}
	field := l.values(c.Field, p+"/field")
	if c.Type == "every" {
		path := l.values(c.Path, p+"/path")
		if field.Known && path.Known && len(field.Types) > 0 && len(path.Types) > 0 && !overlap(field.Types, path.Types) {
			l.warn(p, -1, "", "every_types_differ", "every compares %s values with %s values: they are never equal, so it never holds",
				strings.Join(field.Types, " or "), strings.Join(path.Types, " or "))
		}
		return
	}
	if !field.Known || c.Value == nil {
		return
	}
	value, err := jsonpath.Decode(c.Value)
	if err != nil {
		return
	}
	what := field.Title
	if what == "" {
		what = "value at " + c.Field
	}
	switch c.Type {
	case "equal", "not_equal":
		if s, ok := stringValue(value); ok && len(field.Enum) > 0 {
			l.checkEnum(field, what, s, p+"/value", c.Type == "not_equal")
		}
		if value.Kind() == jsonpath.String && onlyNumbers(field) && !numericText(value.Text()) {
			l.warn(p+"/value", -1, "", "not_comparable", "%s is a number and %s is not: equal never holds", what, suggest.Quote(value.Text()))
		}
	case "in":
		for i := 0; i < value.Len(); i++ {
			if s, ok := stringValue(value.Index(i)); ok && len(field.Enum) > 0 {
				l.checkEnum(field, what, s, jsonpath.IndexPointer(p+"/value", i), false)
			}
		}
	case "greater_than", "greater_than_or_equal", "less_than", "less_than_or_equal":
		if value.Kind() == jsonpath.String && onlyNumbers(field) && !numericText(value.Text()) {
			l.warn(p+"/value", -1, "", "not_comparable", "%s is a number and %s is not a number: %s never holds", what, suggest.Quote(value.Text()), c.Type)
		}
	}
}

// checkEnum warns when a compared value is outside the values the schema
// allows.
func (l *linter) checkEnum(field schema.Values, what, s, pointer string, negated bool) {
	outcome := "the condition never holds"
	if negated {
		outcome = "the condition holds whenever the value is there"
	}
	l.checkEnumAs(field, what, s, pointer, outcome, "value_not_in_enum")
}

// checkEnumAs warns, with code, when s is outside the string values of an
// enum, saying what follows (outcome) and the closest allowed value.
func (l *linter) checkEnumAs(field schema.Values, what, s, pointer, outcome, code string) {
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
func (l *linter) contradictions(cs []Condition, p string) {
	type seen struct {
		value string
		at    string
	}
	equals := map[string]seen{}
	differs := map[string][]seen{}
	for i, c := range cs {
		if (c.Type != "equal" && c.Type != "not_equal") || c.Value == nil || !l.singleValued(c.Field) {
			continue
		}
		v, err := jsonpath.Decode(c.Value)
		if err != nil {
			continue
		}
		key := canonical(v)
		at := jsonpath.IndexPointer(p, i)
		if c.Type == "equal" {
			if prev, ok := equals[c.Field]; ok && prev.value != key {
				l.warn(at, -1, "", "contradiction", "%s cannot equal both %s (%s) and %s: this and never holds", c.Field, prev.value, prev.at, key)
			}
			for _, d := range differs[c.Field] {
				if d.value == key {
					l.warn(at, -1, "", "contradiction", "%s cannot equal %s and differ from it (%s): this and never holds", c.Field, key, d.at)
				}
			}
			equals[c.Field] = seen{key, at}
			continue
		}
		if prev, ok := equals[c.Field]; ok && prev.value == key {
			l.warn(at, -1, "", "contradiction", "%s cannot differ from %s and equal it (%s): this and never holds", c.Field, key, prev.at)
		}
		differs[c.Field] = append(differs[c.Field], seen{key, at})
	}
}

// singleValued reports whether a path yields at most one value: names and
// indexes only.
func (l *linter) singleValued(src string) bool {
	p, err := l.cfg.parsePath(src)
	if err != nil {
		return false
	}
	for _, st := range p.Steps() {
		if st.Kind != jsonpath.StepName {
			return false
		}
	}
	return true
}

// canonical writes a value so that values that compare equal for equal
// read alike: numbers and numeric strings by their number.
func canonical(v *jsonpath.Value) string {
	if v.Kind() == jsonpath.String && numericText(v.Text()) {
		f, _ := strconv.ParseFloat(strings.TrimSpace(v.Text()), 64)
		return strconv.FormatFloat(f, 'g', -1, 64)
	}
	if v.Kind() == jsonpath.Number {
		return strconv.FormatFloat(v.Float(), 'g', -1, 64)
	}
	return v.String()
}

func stringValue(v *jsonpath.Value) (string, bool) {
	if v.Kind() != jsonpath.String {
		return "", false
	}
	return v.Text(), true
}

func numericText(s string) bool {
	_, ok := jsonpath.NewNumber(strings.Trim(s, " \t"))
	return ok
}

func onlyNumbers(v schema.Values) bool {
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

// capWarnings keeps the first MaxErrors warnings of a definition and
// counts the rest in a final one, so that every result, which carries
// them, stays small.
func capWarnings(ws []Warning) []Warning {
	if len(ws) <= MaxErrors {
		return ws
	}
	rest := len(ws) - MaxErrors
	return append(ws[:MaxErrors:MaxErrors], Warning{Offset: -1, Code: "too_many_warnings",
		Message: fmt.Sprintf("%d more warnings were not reported", rest)})
}

// Render formats a warning as verdict validate prints it:
// "name: /pointer: warning: message", then an excerpt of doc (or of the
// path, with a caret under the offset).
func (w Warning) Render(name string, doc []byte) string {
	e := &Error{Pointer: w.Pointer, Offset: w.Offset, Code: w.Code, Msg: "warning: " + w.Message, Source: w.Source}
	if w.Source == "" {
		e.Offset = -1
	}
	// A warning about a string shows the string: the document is read to
	// find the node only when its line is shown.
	if e.Offset < 0 || strings.Contains(w.Source, "\n") || w.Pointer == "" {
		e.locate(doc)
	}
	return e.Render(name, doc)
}

// Locate returns the line and column of the warning's node in the
// document text doc (its pointer must be one into doc: add
// Program.DocumentPointer first), or 0, 0.
func (w Warning) Locate(doc []byte) (line, column int) {
	e := &Error{Pointer: w.Pointer, Offset: w.Offset, Code: w.Code, Source: w.Source}
	if w.Source == "" {
		e.Offset = -1
	}
	e.locate(doc)
	return e.Line, e.Column
}

// LocateWarnings returns the warnings as errors, in the same order, whose
// messages start "warning: ", located in the document text doc (their
// pointers must be ones into doc) in one reading of it: what Render and
// Locate of each warning give, for any number of warnings in time linear
// in the document and the warnings.
func LocateWarnings(doc []byte, ws []Warning) ErrorList {
	out := make(ErrorList, len(ws))
	for i, w := range ws {
		out[i] = &Error{Pointer: w.Pointer, Offset: w.Offset, Code: w.Code, Msg: "warning: " + w.Message, Source: w.Source}
		if w.Source == "" {
			out[i].Offset = -1
		}
	}
	locateAll(doc, out)
	return out
}

// DefinitionReport is what ValidateDefinitions found in a document of
// automation definitions.
type DefinitionReport struct {
	Automations int       // how many automations it holds (that parsed without problems, when some did not)
	Errors      ErrorList // every problem, located; none when it compiles
	// Warnings are the static checks' findings, their pointers into the
	// document (DocumentPointer prepended), when it compiles.
	Warnings []Warning
}

// ValidateDefinitions checks a document of automation definitions as
// Parse and CompileSet do, and gathers the warnings of what compiles, with
// pointers into the document. The error is for the options alone.
func ValidateDefinitions(data []byte, opts ...Option) (DefinitionReport, error) {
	var rep DefinitionReport
	cfg, err := newConfig(opts)
	if err != nil {
		return rep, err
	}
	defs, err := cfg.parse(data, true)
	rep.Automations = len(defs)
	var set *Set
	if err == nil {
		// A config of its own, as CompileSet would make: the set keeps it.
		if cfg, err = newConfig(opts); err == nil {
			set, err = cfg.compileSet(defs)
		}
	}
	if err != nil {
		var list ErrorList
		if !errors.As(err, &list) {
			list = ErrorList{{Offset: -1, Code: "document", Msg: err.Error()}}
		}
		rep.Errors = list
		return rep, nil
	}
	for _, p := range set.progs {
		for _, w := range p.warnings {
			w.Pointer = p.docPointer + w.Pointer
			rep.Warnings = append(rep.Warnings, w)
		}
	}
	return rep, nil
}
