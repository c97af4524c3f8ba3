package conditions

import (
	"errors"
	"fmt"
	"regexp/syntax"
	"slices"
	"strings"

	"github.com/verdict-rules/verdict/conditions/jsonpath"
	"github.com/verdict-rules/verdict/internal/regex"
	"github.com/verdict-rules/verdict/internal/suggest"
)

// Error is a problem found while compiling a condition.
type Error struct {
	Pointer string // JSON Pointer of the node in the definition
	Offset  int    // byte offset inside the string at Pointer, or -1
	Code    string // stable kind: "path_syntax", "regexp", "unknown_context_field", ...
	Msg     string
	Source  string // the string at Pointer, when Offset applies
}

func (e *Error) Error() string {
	if e.Offset >= 0 {
		return fmt.Sprintf("%s (byte %d): %s", e.Pointer, e.Offset, e.Msg)
	}
	return e.Pointer + ": " + e.Msg
}

// Options configure Compile.
type Options struct {
	// Pointer is the JSON Pointer of the condition in its definition, so
	// errors and traces point into the document the user wrote.
	Pointer string
	// ContextFields lists the computed context fields paths may read as
	// $.context.<name>. Reading another name is an error.
	ContextFields []string
	// Types holds condition types registered by the user.
	Types map[string]Type
	// Expression compiles the source of an expression condition. Without
	// it, expression conditions are an error.
	Expression func(src string) (Predicate, error)
	// Table, when set, receives every path, so an Input with a Memo of
	// this table walks each distinct path and filter prefix once per case.
	Table *jsonpath.Table
	// Paths parses the JSONPaths; its limits bound their length and the
	// nesting of their filters (the zero Parser has the default limits).
	Paths jsonpath.Parser
	// MaxRegexp bounds the length of a matches pattern, and its size once
	// its repetitions are written out (default 4,096).
	MaxRegexp int
}

// Predicate is a compiled boolean expression over the input.
type Predicate interface {
	Eval(in *Input) (bool, error)
}

// ExpressionError is what an Options.Expression compiler returns for a bad
// expression, with the byte offset of the problem.
type ExpressionError struct {
	Offset int
	Msg    string
	Code   string // "" for "expression", or a limit's code such as "too_long"
}

func (e *ExpressionError) Error() string { return e.Msg }

// Type is a condition type registered by the user. Compile parses the
// condition's field (when it has one) and hands the rest to Compile.
type Type interface {
	// Compile checks the condition's value and parameters and returns the
	// test each value the field yields must pass; errors should say what
	// was expected.
	Compile(c Condition) (Test, error)
}

// Test decides whether one value a path yielded passes a registered
// condition type.
type Test func(v *jsonpath.Value) bool

// Compile compiles one condition and everything under it. All problems are
// reported, each with its pointer.
func Compile(c Condition, opts Options) (Node, []*Error) {
	cc := compiler{opts: opts}
	n := cc.compile(c, opts.Pointer)
	if len(cc.errs) > 0 {
		return nil, cc.errs
	}
	return n, nil
}

type compiler struct {
	opts Options
	errs []*Error
}

func (cc *compiler) errorf(pointer, code, format string, args ...any) {
	cc.errs = append(cc.errs, &Error{Pointer: pointer, Offset: -1, Code: code, Msg: fmt.Sprintf(format, args...)})
}

// Built-in condition types.
var builtinTypes = []string{"and", "or", "not", "equal", "not_equal", "greater_than", "greater_than_or_equal",
	"less_than", "less_than_or_equal", "equal_to_null", "not_equal_to_null", "every", "contains", "in",
	"matches", "expression"}

// Builtins returns the names of the built-in condition types.
func Builtins() []string { return slices.Clone(builtinTypes) }

var leafKinds = map[string]leafKind{
	"equal": kEqual, "not_equal": kNotEqual, "greater_than": kGT, "greater_than_or_equal": kGE,
	"less_than": kLT, "less_than_or_equal": kLE, "contains": kContains, "in": kIn, "matches": kMatches,
}

func (cc *compiler) compile(c Condition, p string) Node {
	switch c.Type {
	case "and", "or":
		if len(c.Conditions) == 0 {
			cc.errorf(p+"/conditions", "empty", "%s needs at least one condition", c.Type)
		}
		g := &group{typ: c.Type, pointer: p, all: c.Type == "and"}
		for i, k := range c.Conditions {
			g.kids = append(g.kids, cc.compile(k, jsonpath.IndexPointer(p+"/conditions", i)))
		}
		return g
	case "not":
		if c.Condition == nil {
			cc.errorf(p, "required", "not needs a condition")
			return &not{pointer: p}
		}
		return &not{pointer: p, x: cc.compile(*c.Condition, p+"/condition")}
	case "equal_to_null", "not_equal_to_null":
		return &nullTest{pointer: p, typ: c.Type, field: cc.path(c.Field, p+"/field"), not: c.Type == "not_equal_to_null"}
	case "every":
		return &every{pointer: p, field: cc.path(c.Field, p+"/field"), path: cc.path(c.Path, p+"/path")}
	case "expression":
		return cc.expression(c, p)
	}
	if kind, ok := leafKinds[c.Type]; ok {
		return cc.leaf(c, kind, p)
	}
	if t, ok := cc.opts.Types[c.Type]; ok {
		l := &leaf{pointer: p, typ: c.Type, kind: kCustom, field: cc.path(c.Field, p+"/field"), any: c.Match == "any", value: c.Value}
		test, err := t.Compile(c)
		if err != nil {
			cc.errorf(p, "custom_condition", "%s: %v", c.Type, err)
		}
		l.custom = test
		return l
	}
	known := append(Builtins(), sortedTypes(cc.opts.Types)...)
	msg := "unknown condition type " + suggest.Quote(c.Type)
	if near := suggest.Closest(c.Type, known); near != "" {
		msg += fmt.Sprintf(" (did you mean %s?)", suggest.Quote(near))
	}
	cc.errorf(p+"/type", "unknown_condition_type", "%s; expected one of: %s", msg, suggest.List(known))
	return &group{typ: "and", pointer: p, all: true}
}

func sortedTypes(m map[string]Type) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func (cc *compiler) leaf(c Condition, kind leafKind, p string) Node {
	l := &leaf{pointer: p, typ: c.Type, kind: kind, field: cc.path(c.Field, p+"/field"), any: c.Match == "any", value: c.Value}
	if c.Match != "" && c.Match != "all" && c.Match != "any" {
		cc.errorf(p+"/match", "enum", "unknown match %s; expected all or any", suggest.Quote(c.Match))
	}
	if c.Value == nil {
		cc.errorf(p, "required", "%s needs a value", c.Type)
		return l
	}
	v, err := jsonpath.Decode(c.Value)
	if err != nil {
		cc.errorf(p+"/value", "value", "value is not valid JSON: %v", err)
		return l
	}
	switch kind {
	case kIn:
		if v.Kind() != jsonpath.Array || v.Len() == 0 {
			cc.errorf(p+"/value", "type", "in needs a non-empty array of values")
			return l
		}
		for i := 0; i < v.Len(); i++ {
			l.list = append(l.list, newOperand(*v.Index(i)))
		}
	case kMatches:
		if v.Kind() != jsonpath.String {
			cc.errorf(p+"/value", "type", "matches needs a regular expression string")
			return l
		}
		re, err := regex.Compile(v.Text(), cc.opts.MaxRegexp)
		if err != nil {
			cc.regexpError(p+"/value", v.Text(), err)
			return l
		}
		l.re = re
	case kGT, kGE, kLT, kLE:
		if k := v.Kind(); k != jsonpath.String && k != jsonpath.Number {
			cc.errorf(p+"/value", "type", "%s compares with a number or a string, found %s", c.Type, k)
			return l
		}
		l.op = newOperand(*v)
	case kContains:
		if k := v.Kind(); k == jsonpath.Array || k == jsonpath.Object {
			cc.errorf(p+"/value", "type", "contains looks for a string, number, boolean or null, found %s", k)
			return l
		}
		l.op = newOperand(*v)
	default:
		l.op = newOperand(*v)
	}
	return l
}

func (cc *compiler) regexpError(p, src string, err error) {
	off := -1
	msg := err.Error()
	var le *regex.LimitError
	if errors.As(err, &le) {
		cc.errs = append(cc.errs, &Error{Pointer: p, Offset: le.Offset, Code: le.Code, Msg: le.Msg, Source: src})
		return
	}
	var se *syntax.Error
	if errors.As(err, &se) {
		msg = fmt.Sprintf("invalid regular expression: %s: %s", se.Code, se.Expr)
		if i := strings.Index(src, se.Expr); i >= 0 && se.Expr != "" {
			off = i
		}
	}
	cc.errs = append(cc.errs, &Error{Pointer: p, Offset: off, Code: "regexp", Msg: msg, Source: src})
}

// path compiles a JSONPath, checks the context fields it reads and
// registers it in the table.
func (cc *compiler) path(src, p string) pathRef {
	path := cc.parsePath(src, p)
	if path == nil {
		return pathRef{}
	}
	r := pathRef{p: path, pointer: p}
	if cc.opts.Table != nil {
		r.ref, r.memo = cc.opts.Table.Add(path), true
	}
	return r
}

func (cc *compiler) parsePath(src, p string) *jsonpath.Path {
	if src == "" {
		cc.errorf(strings.TrimSuffix(strings.TrimSuffix(p, "/field"), "/path"), "required",
			"missing required property %q", p[strings.LastIndexByte(p, '/')+1:])
		return nil
	}
	path, err := cc.opts.Paths.Parse(src)
	if err != nil {
		var pe *jsonpath.Error
		if errors.As(err, &pe) {
			cc.errs = append(cc.errs, &Error{Pointer: p, Offset: pe.Offset, Code: pe.Code, Msg: pe.Msg, Source: src})
		} else {
			cc.errorf(p, "path_syntax", "%v", err)
		}
		return nil
	}
	if name := path.Context(); name != "" && cc.opts.ContextFields != nil && !slices.Contains(cc.opts.ContextFields, name) {
		msg := "unknown context field " + suggest.Quote(name)
		if near := suggest.Closest(name, cc.opts.ContextFields); near != "" {
			msg += fmt.Sprintf(" (did you mean %s?)", suggest.Quote(near))
		}
		off := strings.Index(src, name)
		cc.errs = append(cc.errs, &Error{Pointer: p, Offset: off, Code: "unknown_context_field",
			Msg: msg + "; available: " + suggest.List(cc.opts.ContextFields), Source: src})
	}
	return path
}

func (cc *compiler) expression(c Condition, p string) Node {
	if cc.opts.Expression == nil {
		cc.errorf(p, "unsupported", "expression conditions need an expression compiler")
		return &expression{pointer: p}
	}
	if c.Expression == "" {
		cc.errorf(p, "required", "missing required property \"expression\"")
		return &expression{pointer: p}
	}
	pred, err := cc.opts.Expression(c.Expression)
	if err != nil {
		var ee *ExpressionError
		if errors.As(err, &ee) {
			code := ee.Code
			if code == "" {
				code = "expression"
			}
			cc.errs = append(cc.errs, &Error{Pointer: p + "/expression", Offset: ee.Offset, Code: code,
				Msg: ee.Msg, Source: c.Expression})
		} else {
			cc.errorf(p+"/expression", "expression", "%v", err)
		}
		return &expression{pointer: p, src: c.Expression}
	}
	return &expression{pointer: p, src: c.Expression, pred: pred}
}
