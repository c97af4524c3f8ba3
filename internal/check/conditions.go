package check

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp/syntax"
	"slices"
	"strings"

	"github.com/verdict-rules/verdict/conditions"
	"github.com/verdict-rules/verdict/diag"
	"github.com/verdict-rules/verdict/document"
	"github.com/verdict-rules/verdict/internal/regex"
	"github.com/verdict-rules/verdict/internal/suggest"
)

// Comparisons are the built-in condition types that test each value of a
// field against the condition's value.
var comparisons = []string{"equal", "not_equal", "greater_than", "greater_than_or_equal",
	"less_than", "less_than_or_equal", "contains", "in", "matches"}

// condition checks the condition v at pointer p and what it holds.
func (c *checker) condition(v document.Value, p string) *Condition {
	n := &Condition{Type: Text(v, "type"), Pointer: p, Node: v, Label: Text(v, "label"), ReasonCode: Text(v, "reason_code")}
	switch n.Type {
	case "and", "or":
		list, _ := v.Member("conditions")
		if list.Len() == 0 {
			c.errorf(p+"/conditions", diag.Empty, "%s needs at least one condition", n.Type)
		}
		for i := 0; i < list.Len(); i++ {
			n.Conditions = append(n.Conditions, c.condition(list.Index(i), document.IndexPointer(p+"/conditions", i)))
		}
		return n
	case "not":
		inner, ok := v.Member("condition")
		if !ok {
			c.errorf(p, diag.Required, "not needs a condition")
			return n
		}
		n.Condition = c.condition(inner, p+"/condition")
		return n
	case "equal_to_null", "not_equal_to_null":
		n.Field = c.path(Text(v, "field"), p+"/field")
		return n
	case "every":
		n.Field = c.path(Text(v, "field"), p+"/field")
		n.Path = c.path(Text(v, "path"), p+"/path")
		return n
	case "expression":
		c.expression(v, n)
		return n
	}
	if slices.Contains(comparisons, n.Type) {
		c.comparison(v, n)
		return n
	}
	if check, ok := c.cfg.ConditionTypes[n.Type]; ok {
		n.Field = c.path(Text(v, "field"), p+"/field")
		n.Any = Text(v, "match") == "any"
		n.Value, _ = v.Member("value")
		if err := check(ConditionOf(v)); err != nil {
			c.errorf(p, diag.CustomCondition, "%s: %v", n.Type, err)
		}
		return n
	}
	known := conditions.Builtins()
	for name := range c.cfg.ConditionTypes {
		known = append(known, name)
	}
	slices.Sort(known[len(conditions.Builtins()):])
	msg := "unknown condition type " + suggest.Quote(n.Type)
	if near := suggest.Closest(n.Type, known); near != "" {
		msg += fmt.Sprintf(" (did you mean %s?)", suggest.Quote(near))
	}
	c.errorf(p+"/type", diag.UnknownConditionType, "%s; expected one of: %s", msg, suggest.List(known))
	return n
}

// comparison checks a comparison and its value.
func (c *checker) comparison(v document.Value, n *Condition) {
	p := n.Pointer
	n.Field = c.path(Text(v, "field"), p+"/field")
	match := Text(v, "match")
	n.Any = match == "any"
	if match != "" && match != "all" && match != "any" {
		c.errorf(p+"/match", diag.Enum, "unknown match %s; expected all or any", suggest.Quote(match))
	}
	val, ok := v.Member("value")
	if !ok {
		c.errorf(p, diag.Required, "%s needs a value", n.Type)
		return
	}
	n.Value = val
	switch n.Type {
	case "in":
		if val.Kind() != document.Array || val.Len() == 0 {
			c.errorf(p+"/value", diag.WrongType, "in needs a non-empty array of values")
		}
	case "matches":
		if val.Kind() != document.String {
			c.errorf(p+"/value", diag.WrongType, "matches needs a regular expression string")
			return
		}
		if c.full(p+"/value", val.Text()) {
			return
		}
		re, size, err := regex.Measure(val.Text(), c.cfg.MaxRegexp)
		if err != nil {
			c.regexpError(p+"/value", val.Text(), err)
			return
		}
		*c.compiled += size.Bytes
		n.Regexp, n.RegexpInsts = re, size.Insts
	case "greater_than", "greater_than_or_equal", "less_than", "less_than_or_equal":
		if k := val.Kind(); k != document.String && k != document.Number {
			c.errorf(p+"/value", diag.WrongType, "%s compares with a number or a string, found %s", n.Type, k)
		}
	case "contains":
		if k := val.Kind(); k == document.Array || k == document.Object {
			c.errorf(p+"/value", diag.WrongType, "contains looks for a string, number, boolean or null, found %s", k)
		}
	}
}

func (c *checker) regexpError(p, src string, err error) {
	var le *diag.Problem
	if errors.As(err, &le) {
		c.at(p, src, le)
		return
	}
	off, msg := -1, err.Error()
	var se *syntax.Error
	if errors.As(err, &se) {
		msg = fmt.Sprintf("invalid regular expression: %s: %s", se.Code, se.Expr)
		if i := strings.Index(src, se.Expr); i >= 0 && se.Expr != "" {
			off = i
		}
	}
	c.errs = append(c.errs, &diag.Problem{Pointer: p, Offset: off, Code: diag.Regexp, Msg: msg, Source: src})
}

// path parses a JSONPath and checks the context field it reads.
func (c *checker) path(src, p string) *Path {
	if src == "" {
		c.errorf(strings.TrimSuffix(strings.TrimSuffix(p, "/field"), "/path"), diag.Required,
			"missing required property %q", p[strings.LastIndexByte(p, '/')+1:])
		return nil
	}
	if c.full(p, src) {
		return nil
	}
	parsed, err := c.cfg.Paths.Parse(src)
	if err == nil {
		*c.compiled += parsed.Size()
	}
	if err != nil {
		var pe *diag.Problem
		if errors.As(err, &pe) {
			c.at(p, src, pe)
		} else {
			c.errorf(p, diag.PathSyntax, "%v", err)
		}
		return nil
	}
	if name := parsed.Context(); name != "" {
		c.context = true
		if c.cfg.ContextFields != nil && !slices.Contains(c.cfg.ContextFields, name) {
			msg := "unknown context field " + suggest.Quote(name)
			if near := suggest.Closest(name, c.cfg.ContextFields); near != "" {
				msg += fmt.Sprintf(" (did you mean %s?)", suggest.Quote(near))
			}
			c.errs = append(c.errs, &diag.Problem{Pointer: p, Offset: strings.Index(src, name), Code: diag.UnknownContextField,
				Msg: msg + "; available: " + suggest.List(c.cfg.ContextFields), Source: src})
		}
	}
	return &Path{Src: src, Parsed: parsed}
}

// expression compiles the expression of an expression condition.
func (c *checker) expression(v document.Value, n *Condition) {
	c.context = true
	n.Expression = Text(v, "expression")
	if n.Expression == "" {
		c.errorf(n.Pointer, diag.Required, "missing required property \"expression\"")
		return
	}
	if c.cfg.Expression == nil {
		c.errorf(n.Pointer, diag.UnknownConditionType, "expression conditions need an expression compiler")
		return
	}
	if c.full(n.Pointer+"/expression", n.Expression) {
		return
	}
	expr, err := c.cfg.Expression(n.Expression)
	if err == nil {
		*c.compiled += expr.Size()
	}
	if err != nil {
		var ee *diag.Problem
		if errors.As(err, &ee) {
			c.at(n.Pointer+"/expression", n.Expression, ee)
		} else {
			c.errorf(n.Pointer+"/expression", diag.Expression, "%v", err)
		}
		return
	}
	n.Expr = expr
}

// ConditionOf returns the condition v in its Go form.
func ConditionOf(v document.Value) conditions.Condition {
	var c conditions.Condition
	for i := 0; i < v.Len(); i++ {
		m := v.Index(i)
		switch v.Key(i) {
		case "type":
			c.Type = m.Text()
		case "field":
			c.Field = m.Text()
		case "path":
			c.Path = m.Text()
		case "value":
			c.Value = m.AppendJSON(nil)
		case "match":
			c.Match = m.Text()
		case "conditions":
			c.Conditions = make([]conditions.Condition, m.Len())
			for j := range c.Conditions {
				c.Conditions[j] = ConditionOf(m.Index(j))
			}
		case "condition":
			inner := ConditionOf(m)
			c.Condition = &inner
		case "expression":
			c.Expression = m.Text()
		case "label":
			c.Label = m.Text()
		case "reason_code":
			c.ReasonCode = m.Text()
		default:
			if c.Params == nil {
				c.Params = map[string]json.RawMessage{}
			}
			c.Params[v.Key(i)] = m.AppendJSON(nil)
		}
	}
	return c
}
