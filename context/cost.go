package context

import (
	stdctx "context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/builtin"
	"github.com/expr-lang/expr/vm/runtime"

	"github.com/verdict-rules/verdict/diag"
	"github.com/verdict-rules/verdict/internal/budget"
	"github.com/verdict-rules/verdict/internal/regex"
)

// expr-lang's virtual machine counts the arrays and maps an expression
// builds against its memory budget, but not the text it builds, nor the
// steps of its loops, and it never looks at a context. Compiling an
// expression therefore rewrites it so that it pays for these itself: each
// loop step (each run of the predicate of all, filter, map, reduce, ...),
// each + that joins text, and each builtin that builds text or a list
// charge a meter, which ends the evaluation with a *BudgetError when the
// budget is spent and checks the evaluation's context as it goes. What
// cannot be bounded this way is refused when the expression is compiled: a
// range whose bounds are not constants, a matches whose pattern is not a
// constant.

// Default limits of expressions.
const (
	// DefaultExprBytes bounds the length of an expression.
	DefaultExprBytes = 8192
	// DefaultExprDepth bounds how deep an expression nests.
	DefaultExprDepth = 32
)

// textUnit is how many bytes of text one unit of the budget pays for.
const textUnit = 64

// checkEvery is how many charges a running expression makes between two
// looks at its context.
const checkEvery = 16

// Limits bound expressions: their size when they are compiled and their
// cost when they run. A zero field takes its default.
type Limits struct {
	// Budget bounds the work of one evaluation, in units: one per array
	// element or map entry built (expr-lang's own memory count), and,
	// counted apart, one per loop step and per 64 bytes of text or element
	// of a list that + and the builtins build (default DefaultExprBudget).
	Budget int
	// MaxBytes bounds the length of an expression (default 8,192 bytes).
	MaxBytes int
	// MaxDepth bounds how deep an expression nests: each parenthesis,
	// bracket or brace, and each unary operator (!, not, -, +) applied to
	// another, is a level (default 32).
	MaxDepth int
	// MaxRegexp bounds the pattern of a matches (default 4,096 bytes, and
	// as many steps once its repetitions are written out).
	MaxRegexp int
}

func (l Limits) withDefaults() Limits {
	if l.Budget <= 0 {
		l.Budget = DefaultExprBudget
	}
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultExprBytes
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = DefaultExprDepth
	}
	if l.MaxRegexp <= 0 {
		l.MaxRegexp = regex.DefaultMaxBytes
	}
	return l
}

// BudgetError reports an expression evaluation that spent its budget on
// loop steps or on the text and lists it built.
type BudgetError struct {
	Budget int
}

// Error says the budget was exceeded and what it counts.
func (e *BudgetError) Error() string {
	return fmt.Sprintf("expression budget exceeded: it needs more than %d units (one per loop step, and per %d bytes of text or element of a list it builds)", e.Budget, textUnit)
}

// meter is what one evaluation of an expression has left to spend.
type meter struct {
	budget  int
	left    int
	charges int
	ctx     stdctx.Context
	spend   func(units int) error // the evaluation's budget, when there is one
	err     error                 // why the evaluation was stopped
}

func (m *meter) reset(budget int, ctx stdctx.Context) {
	*m = meter{budget: budget, left: budget, ctx: ctx}
}

// charge spends units, and every checkEvery charges looks at the context.
func (m *meter) charge(units int) error {
	if m.err != nil {
		return m.err
	}
	m.left -= units
	if m.left < 0 {
		m.err = &BudgetError{Budget: m.budget}
		return m.err
	}
	if m.spend != nil {
		if err := m.spend(units); err != nil {
			m.err = err
			return err
		}
	}
	m.charges++
	if m.ctx != nil && m.charges%checkEvery == 0 {
		if err := m.ctx.Err(); err != nil {
			m.err = err
			return err
		}
	}
	return nil
}

// textUnits is what building n bytes of text costs.
func textUnits(n int) int { return (n + textUnit - 1) / textUnit }

// units is what building a value costs: its text, or the elements or
// entries of a list or map (of every level when deep).
func units(x any, deep bool) int {
	switch v := x.(type) {
	case string:
		return textUnits(len(v))
	case []any:
		n := len(v)
		if deep {
			for _, e := range v {
				n += units(e, true)
			}
		}
		return n
	case map[string]any:
		n := len(v)
		if deep {
			for k, e := range v {
				n += textUnits(len(k)) + units(e, true)
			}
		}
		return n
	case []string:
		n := len(v)
		for _, s := range v {
			n += textUnits(len(s))
		}
		return n
	}
	if rv := reflect.ValueOf(x); rv.Kind() == reflect.Slice || rv.Kind() == reflect.Map {
		return rv.Len()
	}
	return 0
}

// The names the rewriting adds. An expression may not use names that
// start with "__".
const (
	meterName   = "__meter"
	stepName    = "__step"
	addName     = "__add"
	builtName   = "__built"
	parsedName  = "__parsed"
	replaceName = "__replace"
	joinName    = "__join"
	deepName    = "__deep"
	eqName      = "__eq"
	neName      = "__ne"
	inName      = "__in"
	matchName   = "__match"
	readName    = "__read"
	uniqName    = "__uniq"
	groupName   = "__groupKey"
	splitName   = "__split"
	afterName   = "__splitAfter"
	concatName  = "__concat"
	divName     = "__div"
	subName     = "__sub"
	mulName     = "__mul"
	intAddName  = "__iadd"
	intSubName  = "__isub"
	intMulName  = "__imul"
	powName     = "__pow"
	floatName   = "__float"
	intName     = "__int"
	negName     = "__neg"
	intNegName  = "__ineg"
	absArgName  = "__absArg"
	sumName     = "__sum"
	finiteName  = "__finite"
)

// readUnit is how many bytes of text one unit pays for when a builtin or
// an operator reads it without building anything (len counts its
// characters, contains and indexOf search it).
const readUnit = 1024

// readsText lists the builtins that read their first argument's text
// through.
var readsText = map[string]bool{"len": true, "indexOf": true, "lastIndexOf": true}

// compareUnit is how many elements one unit pays for when == or in
// compares them: a comparison is far cheaper than a loop step.
const compareUnit = 16

// compareUnits is what comparing a with b may cost when one unit is left:
// == and in read both as deep as the smaller goes, and a list may hold one
// list many times over, so that is counted (up to the budget) rather than
// assumed.
func compareUnits(a, b any, left int) int {
	limit := (left + 1) * compareUnit
	na := deepUnits(a, limit)
	return 1 + min(na, deepUnits(b, min(na, limit)))/compareUnit
}

// inUnits is what a in list costs: a comparison with each element.
func inUnits(a, list any, left int) int {
	limit := (left + 1) * compareUnit
	switch l := list.(type) {
	case []any:
		na := deepUnits(a, limit)
		n := len(l)
		for _, e := range l {
			if n > limit {
				break
			}
			n += min(na, deepUnits(e, min(na, limit-n)))
		}
		return 1 + n/compareUnit
	case map[string]any:
		return 1
	}
	return 1 + units(list, false)/compareUnit
}

// readsDeep lists the builtins that read their arguments at every level
// (toJSON writes all of it; flatten, max, sum and the others look into
// nested lists). A list may hold the same list many times over, so what
// they read can be far larger than what was built: it is charged before
// they run.
var readsDeep = map[string]bool{"toJSON": true, "string": true, "flatten": true, "max": true, "min": true,
	"mean": true, "median": true, "sum": true}

// deepUnits counts the units of x at every level, as a builtin that reads
// all of it does, and stops counting past limit.
func deepUnits(x any, limit int) int {
	n := 0
	var walk func(x any)
	walk = func(x any) {
		if n > limit {
			return
		}
		switch v := x.(type) {
		case string:
			n += textUnits(len(v))
		case []any:
			n += len(v)
			for _, e := range v {
				walk(e)
			}
		case map[string]any:
			n += len(v)
			for k, e := range v {
				n += textUnits(len(k))
				walk(e)
			}
		case []string:
			n += units(v, false)
		case nil, bool, int, float64:
		default:
			rv := reflect.ValueOf(x)
			switch rv.Kind() {
			case reflect.Slice, reflect.Array:
				n += rv.Len()
				for i := 0; i < rv.Len() && n <= limit; i++ {
					walk(rv.Index(i).Interface())
				}
			case reflect.Map:
				n += rv.Len()
				for it := rv.MapRange(); it.Next() && n <= limit; {
					walk(it.Value().Interface())
				}
			}
		}
	}
	walk(x)
	return n
}

// builds lists the builtins that build text or a list from their
// arguments: what they return is charged once built. The predicate
// builtins (map, filter, ...) are charged by their steps instead.
// (uniq, split, splitAfter and concat, whose work or result can be far
// larger than their arguments, are replaced by functions that pay as they
// go, below.)
var builds = map[string]bool{"trim": true, "trimPrefix": true, "trimSuffix": true, "upper": true, "lower": true,
	"string": true, "toJSON": true, "toBase64": true, "fromBase64": true,
	"reverse": true, "flatten": true, "sort": true, "take": true, "fromPairs": true,
	"keys": true, "values": true, "toPairs": true}

// paysAsItGoes maps the builtins that are replaced by functions charging
// the meter before or while they work to the names of those functions.
var paysAsItGoes = map[string]string{"uniq": uniqName, "split": splitName, "splitAfter": afterName, "concat": concatName}

// costFunctions are the functions the rewriting calls.
func costFunctions() []expr.Option {
	call := func(name string) func(args ...any) (any, error) {
		b := builtin.Builtins[builtin.Index[name]]
		return b.Func
	}
	replace, join := call("replace"), call("join")
	return []expr.Option{
		expr.Function(stepName, func(p ...any) (any, error) {
			return true, p[0].(*meter).charge(1)
		}, new(func(*meter) bool)),
		expr.Function(addName, func(p ...any) (any, error) {
			m := p[0].(*meter)
			if a, ok := p[1].(string); ok {
				if b, ok := p[2].(string); ok {
					// Charged before the text is built.
					if err := m.charge(textUnits(len(a) + len(b))); err != nil {
						return nil, err
					}
					return a + b, nil
				}
			}
			return arith('+', p[1], p[2])
		}, new(func(*meter, any, any) any)),
		expr.Function(subName, func(p ...any) (any, error) {
			return arith('-', p[1], p[2])
		}, new(func(*meter, any, any) any)),
		expr.Function(mulName, func(p ...any) (any, error) {
			return arith('*', p[1], p[2])
		}, new(func(*meter, any, any) any)),
		expr.Function(intAddName, func(p ...any) (any, error) {
			return arith('+', p[1], p[2])
		}, new(func(*meter, int, int) int)),
		expr.Function(intSubName, func(p ...any) (any, error) {
			return arith('-', p[1], p[2])
		}, new(func(*meter, int, int) int)),
		expr.Function(intMulName, func(p ...any) (any, error) {
			return arith('*', p[1], p[2])
		}, new(func(*meter, int, int) int)),
		expr.Function(builtName, func(p ...any) (any, error) {
			return p[1], p[0].(*meter).charge(units(p[1], false))
		}, new(func(*meter, any) any)),
		expr.Function(deepName, func(p ...any) (any, error) {
			m := p[0].(*meter)
			return p[1], m.charge(deepUnits(p[1], m.left))
		}, new(func(*meter, any) any)),
		expr.Function(eqName, func(p ...any) (any, error) {
			m := p[0].(*meter)
			if err := m.charge(compareUnits(p[1], p[2], m.left)); err != nil {
				return false, err
			}
			return equal(m, p[1], p[2])
		}, new(func(*meter, any, any) bool)),
		expr.Function(neName, func(p ...any) (any, error) {
			m := p[0].(*meter)
			if err := m.charge(compareUnits(p[1], p[2], m.left)); err != nil {
				return false, err
			}
			eq, err := equal(m, p[1], p[2])
			return !eq, err
		}, new(func(*meter, any, any) bool)),
		expr.Function(inName, func(p ...any) (any, error) {
			m := p[0].(*meter)
			if err := m.charge(inUnits(p[1], p[2], m.left)); err != nil {
				return false, err
			}
			return in(m, p[1], p[2])
		}, new(func(*meter, any, any) bool)),
		expr.Function(matchName, func(p ...any) (any, error) {
			// A match may run every instruction of the program on every
			// byte of the text: charged before it runs.
			m := p[0].(*meter)
			if s, ok := p[1].(string); ok {
				insts := p[2].(int)
				work := (len(s) + 1) * insts / budget.RegexpWork / budget.ExprUnit
				if err := m.charge(max(1, work)); err != nil {
					return nil, err
				}
			}
			return p[1], nil
		}, new(func(*meter, any, int) any)),
		expr.Function(readName, func(p ...any) (any, error) {
			if s, ok := p[1].(string); ok {
				return p[1], p[0].(*meter).charge(1 + len(s)/readUnit)
			}
			return p[1], nil
		}, new(func(*meter, any) any)),
		expr.Function(parsedName, func(p ...any) (any, error) {
			return p[1], p[0].(*meter).charge(units(p[1], true))
		}, new(func(*meter, any) any)),
		expr.Function(replaceName, func(p ...any) (any, error) {
			m, args := p[0].(*meter), p[1:]
			s, ok1 := args[0].(string)
			old, ok2 := args[1].(string)
			repl, ok3 := args[2].(string)
			if ok1 && ok2 && ok3 {
				// The size of the result, charged before it is built.
				n := strings.Count(s, old)
				if old == "" {
					n = utf8.RuneCountInString(s) + 1
				}
				if len(args) == 4 {
					if k := runtime.ToInt(args[3]); k >= 0 && k < n {
						n = k
					}
				}
				if err := m.charge(textUnits(len(s)) + n*textUnits(len(repl)+1)); err != nil {
					return nil, err
				}
			}
			return replace(args...)
		}, new(func(*meter, any, any, any) any), new(func(*meter, any, any, any, any) any)),
		expr.Function(uniqName, func(p ...any) (any, error) {
			return uniq(p[0].(*meter), p[1])
		}, new(func(*meter, any) any)),
		expr.Function(groupName, func(p ...any) (any, error) {
			return groupKey(p[0].(*meter), p[1])
		}, new(func(*meter, any) any)),
		expr.Function(splitName, func(p ...any) (any, error) {
			return split(p[0].(*meter), p[1:], false, call("split"))
		}, new(func(*meter, any, any) any), new(func(*meter, any, any, any) any)),
		expr.Function(afterName, func(p ...any) (any, error) {
			return split(p[0].(*meter), p[1:], true, call("splitAfter"))
		}, new(func(*meter, any, any) any), new(func(*meter, any, any, any) any)),
		expr.Function(concatName, func(p ...any) (any, error) {
			return concat(p[0].(*meter), p[1:])
		}, new(func(*meter, ...any) any)),
		expr.Function(divName, func(p ...any) (any, error) {
			// expr-lang divides in float64: by zero it gave +Inf or NaN,
			// which compare as plausible numbers.
			if isZero(p[2]) {
				return nil, errDivisionByZero
			}
			return finite(runtime.Divide(p[1], p[2]))
		}, new(func(*meter, any, any) float64)),
		expr.Function(negName, func(p ...any) (any, error) {
			return negate(p[1])
		}, new(func(*meter, any) any)),
		expr.Function(intNegName, func(p ...any) (any, error) {
			return negate(p[1])
		}, new(func(*meter, int) int)),
		expr.Function(sumName, func(p ...any) (any, error) {
			return sum(p[1])
		}, new(func(*meter, any) any)),
		expr.Function(finiteName, func(p ...any) (any, error) {
			return finite(p[1])
		}, new(func(*meter, any) any)),
		expr.Function(absArgName, func(p ...any) (any, error) {
			if x, ok := p[1].(int); ok && x == math.MinInt {
				return nil, errOverflow
			}
			return p[1], nil
		}, new(func(*meter, any) any)),
		expr.Function(powName, func(p ...any) (any, error) {
			return finite(runtime.Exponent(p[1], p[2]))
		}, new(func(*meter, any, any) float64)),
		expr.Function(floatName, func(p ...any) (any, error) {
			out := builtin.Float(p[1])
			if f, ok := out.(float64); ok && (math.IsNaN(f) || math.IsInf(f, 0)) {
				return nil, fmt.Errorf("float(%s) is not a finite number", quoteArg(p[1]))
			}
			return out, nil
		}, new(func(*meter, any) float64)),
		expr.Function(intName, func(p ...any) (any, error) {
			// Go converts a float no int holds to whatever the machine
			// gives: int(1e19) was negative.
			var f float64
			switch x := p[1].(type) {
			case float64:
				f = x
			case float32:
				f = float64(x)
			default:
				return builtin.Int(p[1]), nil
			}
			if math.IsNaN(f) || f >= 0x1p63 || f < -0x1p63 {
				return nil, fmt.Errorf("int(%s): an int holds no such number", quoteArg(p[1]))
			}
			return builtin.Int(p[1]), nil
		}, new(func(*meter, any) int)),
		expr.Function(joinName, func(p ...any) (any, error) {
			m, args := p[0].(*meter), p[1:]
			glue := ""
			if len(args) == 2 {
				glue, _ = args[1].(string)
			}
			n := 0
			switch list := args[0].(type) {
			case []string:
				for _, s := range list {
					n += len(s) + len(glue)
				}
			case []any:
				for _, x := range list {
					s, _ := x.(string)
					n += len(s) + len(glue)
				}
			}
			if err := m.charge(textUnits(n)); err != nil {
				return nil, err
			}
			return join(args...)
		}, new(func(*meter, any) any), new(func(*meter, any, any) any)),
	}
}

// costPatch rewrites an expression so it charges its meter (see above).
// It runs after a first compilation has checked the expression, so the
// types it gives up (its functions return any) change no message.
type costPatch struct{}

func (costPatch) Visit(node *ast.Node) {
	switch n := (*node).(type) {
	case *ast.PredicateNode:
		body := n.Node
		seq := &ast.SequenceNode{Nodes: []ast.Node{call(stepName, body), body}}
		seq.SetLocation(body.Location())
		n.Node = seq
	case *ast.UnaryNode:
		// A literal is never the smallest int, whose negation no int holds.
		switch n.Node.(type) {
		case *ast.IntegerNode, *ast.FloatNode:
			return
		}
		if n.Operator == "-" {
			if t := n.Node.Type(); isInt(t) {
				ast.Patch(node, call(intNegName, n, n.Node))
			} else if mayBeNumber(t) {
				ast.Patch(node, call(negName, n, n.Node))
			}
		}
	case *ast.BinaryNode:
		switch n.Operator {
		case "+", "-", "*":
			l, r := n.Left.Type(), n.Right.Type()
			switch {
			case isInt(l) && isInt(r):
				ast.Patch(node, call(intArith[n.Operator], n, n.Left, n.Right))
			case n.Operator == "+" && !(plainNumber(l) && plainNumber(r)),
				mayBeNumber(l) && mayBeNumber(r):
				ast.Patch(node, call(anyArith[n.Operator], n, n.Left, n.Right))
			}
		case "**", "^":
			ast.Patch(node, call(powName, n, n.Left, n.Right))
		case "==", "!=":
			// A scalar on either side makes the comparison cheap.
			if !scalar(n.Left.Type()) && !scalar(n.Right.Type()) {
				name := eqName
				if n.Operator == "!=" {
					name = neName
				}
				ast.Patch(node, call(name, n, n.Left, n.Right))
			}
		case "/":
			ast.Patch(node, call(divName, n, n.Left, n.Right))
		case "in":
			ast.Patch(node, call(inName, n, n.Left, n.Right))
		case "contains":
			n.Left = call(readName, n.Left, n.Left)
		case "matches":
			if pattern, ok := n.Right.(*ast.StringNode); ok {
				if re, err := regexp.Compile(pattern.Value); err == nil {
					insts := &ast.IntegerNode{Value: regex.Insts(re)}
					insts.SetLocation(n.Location())
					n.Left = call(matchName, n, n.Left, insts)
				}
			}
		}
	case *ast.BuiltinNode:
		if readsText[n.Name] && len(n.Arguments) > 0 {
			n.Arguments[0] = call(readName, n.Arguments[0], n.Arguments[0])
		}
		if readsDeep[n.Name] {
			for i, arg := range n.Arguments {
				if _, ok := arg.(*ast.PredicateNode); !ok {
					n.Arguments[i] = call(deepName, arg, arg)
				}
			}
		}
		if n.Name == "abs" && len(n.Arguments) == 1 {
			n.Arguments[0] = call(absArgName, n.Arguments[0], n.Arguments[0])
		}
		switch {
		case n.Name == "sum" && len(n.Arguments) == 1:
			ast.Patch(node, call(sumName, n, n.Arguments[0]))
		case n.Name == "sum" && len(n.Arguments) == 2:
			// What the predicate gives, summed.
			each := &ast.BuiltinNode{Name: "map", Arguments: n.Arguments}
			each.SetLocation(n.Location())
			ast.Patch(node, call(sumName, n, each))
		case n.Name == "mean" || n.Name == "median":
			// They add in float64.
			ast.Patch(node, call(finiteName, n, n))
		case n.Name == "float" && len(n.Arguments) == 1:
			ast.Patch(node, call(floatName, n, n.Arguments[0]))
		case n.Name == "int" && len(n.Arguments) == 1:
			ast.Patch(node, call(intName, n, n.Arguments[0]))
		case n.Name == "replace":
			ast.Patch(node, call(replaceName, n, n.Arguments...))
		case n.Name == "join":
			ast.Patch(node, call(joinName, n, n.Arguments...))
		case n.Name == "fromJSON":
			ast.Patch(node, call(parsedName, n, n))
		case n.Name == "groupBy" && len(n.Arguments) == 2:
			// Groups are keyed by value, as == compares: 1 and 1.0 are
			// one group, and so are 1e400 and 10e399.
			if pred, ok := n.Arguments[1].(*ast.PredicateNode); ok {
				pred.Node = call(groupName, pred.Node, pred.Node)
			}
		case paysAsItGoes[n.Name] != "":
			ast.Patch(node, call(paysAsItGoes[n.Name], n, n.Arguments...))
		case builds[n.Name]:
			ast.Patch(node, call(builtName, n, n))
		}
	case *ast.CallNode:
		if id, ok := n.Callee.(*ast.IdentifierNode); ok && builds[id.Value] {
			ast.Patch(node, call(builtName, n, n))
		}
	}
}

// equal is expr-lang's ==, except that two numbers that no float64 holds
// (see exprValue) are equal when their values are, whatever their text,
// and that lists and maps are equal when their elements are, each pair
// compared as == compares it: expr-lang compared them with
// reflect.DeepEqual, by which [1] (a case's 1) and [1.0] (its 1.0)
// differed, and so did [1e400] and [10e399]. Reading the value of such a
// number reads all its text, which compareUnits does not count (two equal
// numbers may differ in length by any number of zeros): m pays for it
// here.
func equal(m *meter, a, b any) (bool, error) {
	switch x := a.(type) {
	case json.Number:
		if y, ok := b.(json.Number); ok {
			if err := m.charge(textUnits(len(x) + len(y))); err != nil {
				return false, err
			}
			return numberOf(x) == numberOf(y), nil
		}
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			break
		}
		for i := range x {
			if eq, err := equal(m, x[i], y[i]); !eq || err != nil {
				return false, err
			}
		}
		return true, nil
	case map[string]any:
		if y, ok := b.(map[string]any); ok {
			return sameEntries(m, x, y)
		}
	case map[any]any: // fromPairs's
		if y, ok := b.(map[any]any); ok {
			return sameEntries(m, x, y)
		}
	}
	return runtime.Equal(a, b), nil
}

// groupKey is the key groupBy files x under: numbers that == finds equal
// have one key (an integral float64 an int holds becomes that int, a
// json.Number its value written in one way), other values are their own.
func groupKey(m *meter, x any) (any, error) {
	switch t := x.(type) {
	case float64:
		if t == math.Trunc(t) && t >= math.MinInt64 && t < math.MaxInt64 {
			return int(t), nil
		}
	case json.Number:
		if err := m.charge(textUnits(len(t))); err != nil {
			return nil, err
		}
		k := numberOf(t)
		if k.digits == "" {
			return 0, nil
		}
		text := k.digits[:1]
		if len(k.digits) > 1 {
			text += "." + k.digits[1:]
		}
		if e := addExponent(k.exp, -1); e != "0" {
			text += "e" + e
		}
		if k.neg {
			text = "-" + text
		}
		return json.Number(text), nil
	}
	return x, nil
}

// sameEntries reports whether two maps have the same keys and, under
// each, values equal as equal has it.
func sameEntries[K comparable](m *meter, x, y map[K]any) (bool, error) {
	if len(x) != len(y) {
		return false, nil
	}
	for k, v := range x {
		w, ok := y[k]
		if !ok {
			return false, nil
		}
		if eq, err := equal(m, v, w); !eq || err != nil {
			return false, err
		}
	}
	return true, nil
}

// in is expr-lang's in, with == as equal has it for the elements of a
// list. A map's keys are strings: anything else is an error that says so.
func in(m *meter, a, list any) (bool, error) {
	switch l := list.(type) {
	case []any:
		for _, e := range l {
			if eq, err := equal(m, a, e); eq || err != nil {
				return eq, err
			}
		}
		return false, nil
	case map[string]any:
		k, ok := a.(string)
		if !ok && a != nil {
			return false, fmt.Errorf("cannot look up %T in a map: its keys are strings", a)
		}
		_, found := l[k]
		return found && ok, nil
	}
	return runtime.In(a, list), nil
}

// exactKey is the value of a number that no float64 holds, 0.digits ×
// 10^exp, negated when neg: equal json.Numbers have equal keys. The
// exponent is kept as decimal text, exactly: a JSON number's exponent may
// have any number of digits, and 1e1000000000000000000 is not
// 1e1000000000000000001.
type exactKey struct {
	neg    bool
	digits string
	exp    string
}

func numberOf(n json.Number) exactKey {
	lit := string(n)
	neg := strings.HasPrefix(lit, "-")
	if neg {
		lit = lit[1:]
	}
	mant, exp := lit, "0"
	if i := strings.IndexAny(lit, "eE"); i >= 0 {
		mant, exp = lit[:i], lit[i+1:]
	}
	intPart, frac, _ := strings.Cut(mant, ".")
	all := intPart + frac
	lead := len(all) - len(strings.TrimLeft(all, "0"))
	digits := strings.TrimRight(all[lead:], "0")
	if digits == "" {
		return exactKey{digits: "", exp: "0"} // -0 is 0
	}
	return exactKey{neg, digits, addExponent(exp, int64(len(intPart)-lead))}
}

// addExponent returns the exponent written exp (digits, perhaps signed
// and with leading zeros) plus d, without leading zeros or a plus sign.
// |d| is below 2^62, so an exponent of 19 digits or more keeps its sign.
func addExponent(exp string, d int64) string {
	neg := false
	if exp != "" && (exp[0] == '+' || exp[0] == '-') {
		neg, exp = exp[0] == '-', exp[1:]
	}
	exp = strings.TrimLeft(exp, "0")
	if len(exp) <= 18 {
		e, _ := strconv.ParseInt("0"+exp, 10, 64)
		if neg {
			e = -e
		}
		return strconv.FormatInt(e+d, 10)
	}
	if neg {
		d = -d // the magnitude moves the other way
	}
	// The magnitude is at least 10^18, more than |d|: it stays positive.
	b := []byte(exp)
	carry := d
	for i := len(b) - 1; i >= 0 && carry != 0; i-- {
		v := int64(b[i]-'0') + carry%10
		carry /= 10
		switch {
		case v < 0:
			v += 10
			carry--
		case v > 9:
			v -= 10
			carry++
		}
		b[i] = byte('0' + v)
	}
	if carry > 0 {
		b = append([]byte(strconv.FormatInt(carry, 10)), b...)
	}
	out := strings.TrimLeft(string(b), "0")
	if neg {
		return "-" + out
	}
	return out
}

var errDivisionByZero = errors.New("division by zero")

// The functions +, - and * are rewritten to: of two ints, and of values
// that may be ints.
var (
	intArith = map[string]string{"+": intAddName, "-": intSubName, "*": intMulName}
	anyArith = map[string]string{"+": addName, "-": subName, "*": mulName}
)

var errOverflow = errors.New("integer overflow: the result does not fit in 64 bits")

// arith is expr-lang's +, - or * of a and b, except that ints whose result
// does not fit an int are an error: expr-lang wrapped around, so the
// largest integer plus one was negative.
func arith(op byte, a, b any) (any, error) {
	x, ok1 := a.(int)
	y, ok2 := b.(int)
	if !ok1 || !ok2 {
		switch op {
		case '+':
			return finite(runtime.Add(a, b))
		case '-':
			return finite(runtime.Subtract(a, b))
		}
		return finite(runtime.Multiply(a, b))
	}
	var z int
	var overflow bool
	switch op {
	case '+':
		z = x + y
		overflow = (z > x) != (y > 0)
	case '-':
		z = x - y
		overflow = (z < x) != (y > 0)
	default:
		z = x * y
		overflow = x != 0 && (z/x != y || (x == -1 && y == math.MinInt))
	}
	if overflow {
		return nil, errOverflow
	}
	return z, nil
}

// finite returns x, or an error when it is a float64 past the range of
// float64 or not a number: the operands of an operator are finite (the case
// holds no other numbers, and every operator that could make one checks),
// and an infinity or NaN compares as a plausible number, or as nothing.
func finite(x any) (any, error) {
	if f, ok := x.(float64); ok {
		switch {
		case math.IsInf(f, 0):
			return nil, errFloatRange
		case math.IsNaN(f):
			return nil, errNaN
		}
	}
	return x, nil
}

var (
	errFloatRange = errors.New("the result is past the range of float64")
	errNaN        = errors.New("the result is not a number")
)

// quoteArg writes the argument of a conversion for its error.
func quoteArg(x any) string {
	if s, ok := x.(string); ok {
		return strconv.Quote(s)
	}
	return fmt.Sprint(x)
}

// sum is expr-lang's sum: the values of xs added in order to 0 as +
// adds them, so that past 64 bits or the range of float64 it is an error
// too (expr-lang's wrapped around, or reached +Inf).
func sum(xs any) (any, error) {
	v := reflect.ValueOf(xs)
	if k := v.Kind(); k != reflect.Slice && k != reflect.Array {
		return nil, fmt.Errorf("sum of %T: it needs an array", xs)
	}
	var acc any = 0
	for i := range v.Len() {
		var err error
		if acc, err = arith('+', v.Index(i).Interface(), acc); err != nil {
			return nil, err
		}
	}
	return acc, nil
}

// negate is expr-lang's unary -, except that the smallest int, whose
// negation no int holds, is an error rather than itself.
func negate(x any) (any, error) {
	if i, ok := x.(int); ok && i == math.MinInt {
		return nil, errOverflow
	}
	return runtime.Negate(x), nil
}

// isInt reports whether values of type t are ints.
func isInt(t reflect.Type) bool { return t != nil && t.Kind() == reflect.Int }

// mayBeNumber reports whether values of type t may be ints or floats:
// ints, float64s, or values of any type.
func mayBeNumber(t reflect.Type) bool {
	if t == nil {
		return true
	}
	switch t.Kind() {
	case reflect.Int, reflect.Float64, reflect.Interface:
		return true
	}
	return false
}

// isZero reports whether x is a number equal to zero.
func isZero(x any) bool {
	switch n := x.(type) {
	case int:
		return n == 0
	case float64:
		return n == 0
	}
	v := reflect.ValueOf(x)
	switch v.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int() == 0
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return v.Uint() == 0
	case reflect.Float32, reflect.Float64:
		return v.Float() == 0
	}
	return false
}

// call makes a call of one of the rewriting's functions, located where
// the node it stands for is, with the meter as its first argument.
func call(name string, at ast.Node, args ...ast.Node) *ast.CallNode {
	m := &ast.IdentifierNode{Value: meterName}
	m.SetLocation(at.Location())
	callee := &ast.IdentifierNode{Value: name}
	callee.SetLocation(at.Location())
	c := &ast.CallNode{Callee: callee, Arguments: append([]ast.Node{m}, args...)}
	c.SetLocation(at.Location())
	return c
}

// scalar reports whether values of type t are numbers, strings or
// booleans, which == compares without reading a list.
func scalar(t reflect.Type) bool {
	if t == nil {
		return false
	}
	switch t.Kind() {
	case reflect.String, reflect.Bool:
		return true
	}
	return plainNumber(t)
}

// plainNumber reports whether values of type t are numbers, times or
// durations, which + adds without building text.
func plainNumber(t reflect.Type) bool {
	if t == nil {
		return false
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return true
	}
	return t == reflect.TypeOf(time.Time{})
}

// checkNesting measures how deep src nests before it is parsed (expr-lang's
// parser recurses once per level, without a limit): brackets, and unary
// operators applied to another. It returns the offset of the first token
// past maxDepth, or -1.
func checkNesting(src string, maxDepth int) int {
	var stack []int
	depth := 0     // the levels the brackets around here open
	unary := 0     // the unary operators in a row before the next operand
	prefix := true // the next token starts an operand
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '"' || c == '\'':
			i = skipQuoted(src, i)
			unary, prefix = 0, false
		case c == '`':
			if j := strings.IndexByte(src[i+1:], '`'); j >= 0 {
				i += j + 2
			} else {
				i = len(src)
			}
			unary, prefix = 0, false
		case strings.HasPrefix(src[i:], "//"):
			if j := strings.IndexByte(src[i:], '\n'); j >= 0 {
				i += j
			} else {
				i = len(src)
			}
		case strings.HasPrefix(src[i:], "/*"):
			if j := strings.Index(src[i+2:], "*/"); j >= 0 {
				i += j + 4
			} else {
				i = len(src)
			}
		case c == '(' || c == '[' || c == '{':
			stack = append(stack, depth)
			depth += unary + 1
			if depth > maxDepth {
				return i
			}
			unary, prefix = 0, true
			i++
		case c == ')' || c == ']' || c == '}':
			if n := len(stack); n > 0 {
				depth, stack = stack[n-1], stack[:n-1]
			}
			unary, prefix = 0, false
			i++
		case prefix && (c == '!' || c == '-' || c == '+') && !strings.HasPrefix(src[i:], "!="):
			unary++
			if depth+unary > maxDepth {
				return i
			}
			i++
		case isWordByte(c):
			j := i
			for j < len(src) && isWordByte(src[j]) {
				j++
			}
			switch word := src[i:j]; {
			case word == "not" && prefix:
				unary++
				if depth+unary > maxDepth {
					return i
				}
			case word == "not" || word == "and" || word == "or" || word == "in" || word == "matches" ||
				word == "contains" || word == "startsWith" || word == "endsWith" || word == "let" ||
				word == "if" || word == "else":
				prefix = true
			default:
				unary, prefix = 0, false
			}
			i = j
		case c == '.' && !prefix:
			// A member read or a range: what follows is an operand of its own.
			i++
		default:
			// An operator, a comma or a semicolon: an operand follows.
			unary, prefix = 0, true
			i++
		}
	}
	return -1
}

// skipQuoted returns the offset after the string literal starting at i.
func skipQuoted(src string, i int) int {
	q := src[i]
	for j := i + 1; j < len(src); j++ {
		switch src[j] {
		case '\\':
			j++
		case q:
			return j + 1
		}
	}
	return len(src)
}

func isWordByte(c byte) bool {
	return c == '_' || c == '$' || c == '#' || c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}

// boundsChecker refuses, before an expression is compiled, what the meter
// cannot bound and the names the rewriting uses.
type boundsChecker struct {
	src    string
	limits Limits
	err    *diag.Problem
	nodes  int // the nodes of the tree, to measure it
}

func (b *boundsChecker) Visit(node *ast.Node) {
	b.nodes++
	if b.err != nil {
		return
	}
	switch n := (*node).(type) {
	case *ast.IdentifierNode:
		if strings.HasPrefix(n.Value, "__") {
			b.err = locate(b.src, n.Location(), fmt.Sprintf("unknown name %s: names starting with __ are reserved", n.Value))
		}
	case *ast.BinaryNode:
		switch n.Operator {
		case "..":
			if !constantInt(n.Left) || !constantInt(n.Right) {
				b.err = locate(b.src, n.Location(), "a range needs constant bounds, as in 1..10, so that its size is known when the expression is compiled")
			}
		case "matches":
			pattern, ok := n.Right.(*ast.StringNode)
			if !ok {
				b.err = locate(b.src, n.Location(), "matches needs a constant pattern (a string literal), so that it is checked when the expression is compiled")
				return
			}
			if _, err := regex.Compile(pattern.Value, b.limits.MaxRegexp); err != nil {
				if le, ok := err.(*diag.Problem); ok {
					b.err = locate(b.src, pattern.Location(), le.Msg)
					b.err.Code = le.Code
				}
				// A malformed pattern is reported by expr-lang's compiler.
			}
		}
	}
}

// constantInt reports whether n is an integer literal, negated or not.
func constantInt(n ast.Node) bool {
	if u, ok := n.(*ast.UnaryNode); ok && (u.Operator == "-" || u.Operator == "+") {
		n = u.Node
	}
	_, ok := n.(*ast.IntegerNode)
	return ok
}

// uniq is expr-lang's uniq (the first of each group of equal elements, in
// order, equal as == has it, see equal), paying one unit per element read and per
// element kept, and per comparison it makes what the comparison may read
// (see compareUnits). Numbers, strings,
// booleans, times and durations are found among the elements kept with a
// map, so a list of them costs linear time; other values (lists, maps,
// nil, numbers of other Go types) are compared with the kept values they
// could equal, one by one, each comparison paid for.
func uniq(m *meter, list any) (any, error) {
	v := reflect.ValueOf(list)
	if v.Kind() != reflect.Slice && v.Kind() != reflect.Array {
		return nil, fmt.Errorf("cannot uniq %s", v.Kind())
	}
	out := []any{}
	keyed := map[any][]any{} // kept values by their key
	var numbers []any        // kept numbers of any type, when some have no key
	var oddNumbers []any     // kept numbers without a key (int8, uint, float32, ...)
	var rest []any           // kept values of no kind above
	seen := func(x any, among []any) (bool, error) {
		for _, y := range among {
			// Lists may hold one list many times over: a comparison
			// pays for what it may read.
			if err := m.charge(compareUnits(x, y, m.left)); err != nil {
				return false, err
			}
			if eq, err := equal(m, x, y); eq || err != nil {
				return eq, err
			}
		}
		return false, nil
	}
	for i := 0; i < v.Len(); i++ {
		if err := m.charge(1); err != nil {
			return nil, err
		}
		x := v.Index(i).Interface()
		if n, isNumber := x.(json.Number); isNumber {
			// Its key is its value, read from all its text.
			if err := m.charge(textUnits(len(n))); err != nil {
				return nil, err
			}
		}
		key, number, ok := uniqKey(x)
		var dup bool
		var err error
		switch {
		case ok:
			if dup, err = seen(x, keyed[key]); err == nil && !dup && number {
				dup, err = seen(x, oddNumbers)
			}
		case number:
			if dup, err = seen(x, numbers); err == nil && !dup {
				dup, err = seen(x, oddNumbers)
			}
		default:
			dup, err = seen(x, rest)
		}
		if err != nil {
			return nil, err
		}
		if dup {
			continue
		}
		if err := m.charge(1); err != nil {
			return nil, err
		}
		out = append(out, x)
		switch {
		case ok:
			keyed[key] = append(keyed[key], x)
			if number {
				numbers = append(numbers, x)
			}
		case number:
			oddNumbers = append(oddNumbers, x)
		default:
			rest = append(rest, x)
		}
	}
	return out, nil
}

// Keys of the values uniq finds with a map: equal values (as == has it)
// have equal keys.
type (
	numberKey   float64
	timeKey     struct{ sec, nsec int64 }
	durationKey time.Duration
)

// uniqKey returns the key of x, and whether x is a number: ints and
// float64s (the numbers of expressions) are keyed by their float64 value,
// as == compares an int with a float64, and json.Numbers by their exact
// value, which equals no int's or float64's; numbers of other Go types
// have no key.
func uniqKey(x any) (key any, number, ok bool) {
	switch t := x.(type) {
	case int:
		return numberKey(float64(t)), true, true
	case float64:
		return numberKey(t), true, true
	case string:
		return t, false, true
	case bool:
		return t, false, true
	case time.Time:
		return timeKey{t.Unix(), int64(t.Nanosecond())}, false, true
	case time.Duration:
		return durationKey(t), false, true
	case json.Number:
		return numberOf(t), false, true
	case int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, float32:
		return nil, true, false
	}
	return nil, false, false
}

// split is split or splitAfter, paying for the text and the parts before
// it builds them.
func split(m *meter, args []any, after bool, builtin func(...any) (any, error)) (any, error) {
	s, ok1 := args[0].(string)
	sep, ok2 := args[1].(string)
	if !ok1 || !ok2 {
		return builtin(args...) // which refuses them as it always has
	}
	parts := strings.Count(s, sep) + 1
	if sep == "" {
		parts = utf8.RuneCountInString(s)
	}
	if len(args) == 3 {
		if n := runtime.ToInt(args[2]); n >= 0 {
			parts = min(parts, n)
		}
	}
	if err := m.charge(textUnits(len(s)) + parts); err != nil {
		return nil, err
	}
	return builtin(args...)
}

// concat is expr-lang's concat, paying for the elements of the list it
// builds before it builds it.
func concat(m *meter, args []any) (any, error) {
	if len(args) == 0 {
		return nil, fmt.Errorf("invalid number of arguments (expected at least 1, got 0)")
	}
	n := 0
	for _, arg := range args {
		v := reflect.ValueOf(arg)
		if v.Kind() != reflect.Slice && v.Kind() != reflect.Array {
			return nil, fmt.Errorf("cannot concat %s", v.Kind())
		}
		n += v.Len()
	}
	if err := m.charge(n); err != nil {
		return nil, err
	}
	var out []any
	for _, arg := range args {
		v := reflect.ValueOf(arg)
		for i := 0; i < v.Len(); i++ {
			out = append(out, v.Index(i).Interface())
		}
	}
	return out, nil
}
