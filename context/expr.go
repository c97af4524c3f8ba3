package context

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/parser"
	"github.com/expr-lang/expr/vm"

	"github.com/verdict-rules/verdict/diag"
	"github.com/verdict-rules/verdict/document"
	"github.com/verdict-rules/verdict/internal/suggest"
)

// Expressions are written in expr-lang (https://expr-lang.org) over this
// environment:
//
//	case     the case document: objects as maps, integers an int holds as
//	         int, other numbers as the nearest float64 when it writes
//	         back as the same number (0.1, 2.5e10), else as json.Number
//	         (0.30000000000000001, 1e400), which ==, !=, in, uniq and
//	         string() take, by value, and arithmetic and ordering refuse;
//	         ==, in and uniq compare lists and maps element by element,
//	         and groupBy groups numbers by value
//	context  the context fields, read by name: context.company_age
//	event    the event: event.type, event.status, event.previous_status
//	         (expression conditions only; nil in a dry run)
//	now      the evaluation time from the clock option (time.Time), in
//	         UTC, where company_age and the date helpers count days
//
// plus the date helpers parseDate(s), yearsBetween(a, b) and
// daysBetween(a, b), whose arguments are times or date strings.
//
// Reading a member that is missing gives nil instead of an error, so
// case.prefills[0].data on a case without prefills is nil. A division by
// zero is an error, not an infinity, and so is an integer +, - or * whose
// result an int does not hold, arithmetic whose result is an infinity or
// NaN, float() of "NaN" or "Inf" and int() of a float no int holds. A
// context field
// whose expression gives nil is absent. expr's own clock (now()) and date
// parsing are disabled: the clock option is the only clock. keys(), values()
// and toPairs() list object members sorted by name, so results do not
// depend on map order.
//
// An expression is bounded (see Limits): its length and nesting are
// checked before it is parsed, a range needs constant bounds and matches a
// constant pattern, and an evaluation spends at most its budget on loop
// steps and on the text and lists it builds, and stops when the context of
// its Values ends.

// DefaultExprBudget bounds the work of one evaluation of an expression, in
// units (see Limits.Budget).
const DefaultExprBudget = 100_000

// MaxExprNodes bounds the size of an expression.
const MaxExprNodes = 2_000

// exprEnv is the typed environment expressions compile against.
type exprEnv struct {
	Case    map[string]any `expr:"case"`
	Context map[string]any `expr:"context"`
	Event   map[string]any `expr:"event"`
	Now     time.Time      `expr:"now"`
	Meter   *meter         `expr:"__meter"`
}

// WithExpression returns a registry with a field computed by an expr-lang
// expression. The expression is compiled by Compile, once every field is
// known.
func (r *Registry) WithExpression(name, src string) (*Registry, error) {
	if !namePattern.MatchString(name) {
		return nil, fmt.Errorf("context field name %s: use letters, digits and _, starting with a letter", suggest.Quote(name))
	}
	if strings.TrimSpace(src) == "" {
		return nil, fmt.Errorf("context field %s: empty expression", suggest.Quote(name))
	}
	return r.with(&Field{Name: name, Expression: src, Doc: "expr-lang: " + src}), nil
}

// Compile compiles the expression fields of the registry against all its
// fields and returns the registry ready for use. It reports every problem:
// syntax and type errors with their offset, expressions beyond the limits,
// unknown context fields, and fields that depend on each other in a cycle.
func (r *Registry) Compile(l Limits) (*Registry, diag.List) {
	l = l.withDefaults()
	r.build()
	out := newRegistry(slices.Clone(r.fields))
	var errs diag.List
	for i, f := range out.fields {
		if f.Expression == "" || f.compute != nil {
			continue
		}
		prog, deps, _, err := out.compileExpr(f.Expression, false, l)
		if err != nil {
			err.Field = f.Name
			if err.Code == "" {
				err.Code = diag.ContextField
			}
			errs = append(errs, err)
			continue
		}
		nf := *f
		nf.deps = deps
		nf.compute = exprField(prog, deps, l.Budget)
		out.fields[i] = &nf
	}
	if len(errs) > 0 {
		return nil, errs
	}
	if cycle := out.cycle(); cycle != nil {
		return nil, diag.List{{Field: cycle[0], Offset: -1, Code: diag.ContextField,
			Msg: "context fields depend on each other in a cycle: " + strings.Join(cycle, " → ")}}
	}
	return out, nil
}

// cycle returns a dependency cycle among the fields, or nil.
func (r *Registry) cycle() []string {
	const (
		white = iota
		grey
		black
	)
	color := make([]int, len(r.fields))
	var stack []string
	var found []string
	var visit func(i int) bool
	visit = func(i int) bool {
		color[i] = grey
		stack = append(stack, r.fields[i].Name)
		for _, d := range r.fields[i].deps {
			j := r.find(d)
			if j < 0 {
				continue
			}
			if color[j] == grey {
				start := slices.Index(stack, d)
				found = append(append([]string{}, stack[start:]...), d)
				return true
			}
			if color[j] == white && visit(j) {
				return true
			}
		}
		stack = stack[:len(stack)-1]
		color[i] = black
		return false
	}
	for i := range r.fields {
		if color[i] == white && visit(i) {
			return found
		}
	}
	return nil
}

// CompileCondition compiles the expression of an expression condition. It
// must give a boolean. Its problem, if any, is a *diag.Problem located in
// the expression.
func (r *Registry) CompileCondition(src string, l Limits) (*Expr, error) {
	l = l.withDefaults()
	prog, deps, nodes, err := r.compileExpr(src, true, l)
	if err != nil {
		if err.Code == "" {
			err.Code = diag.Expression
		}
		return nil, err
	}
	size := nodes*exprNodeBytes + 2*len(src)
	return &Expr{prog: prog, deps: deps, budget: l.Budget, size: size, readsCase: readsCase(src)}, nil
}

// Expr is a compiled expression condition. It is immutable and safe for
// concurrent use.
type Expr struct {
	prog      *vm.Program
	deps      []string
	budget    int
	size      int
	readsCase bool
}

// Reads returns the context fields the expression reads, sorted.
func (p *Expr) Reads() []string { return slices.Clone(p.deps) }

// exprNodeBytes is about what the compiled program of an expression holds
// per node of its syntax tree (measured: 183 bytes).
const exprNodeBytes = 192

// Size returns about how many bytes the compiled expression holds.
func (p *Expr) Size() int { return p.size }

// Eval evaluates the expression on the case and the clock of v, with the
// context fields of v and the event's members (nil in a dry run). An
// expression that gives nil (a missing member) is false. The error is one
// of its budget, of the context of v, or a *diag.Problem of code
// evaluation_failed at the byte of the expression where it failed (an
// invalid operation, a division by zero, an overflow).
func (p *Expr) Eval(v *Values, event map[string]any) (bool, error) {
	env := exprEnv{Case: v.caseMap(), Context: v.contextMap(p.deps), Event: event, Now: v.Now.UTC()}
	out, err := v.run(p.prog, env, p.budget)
	if err != nil {
		return false, err
	}
	b, ok := out.(bool)
	if !ok {
		// nil from a missing member: the condition does not hold.
		return false, nil
	}
	return b, nil
}

func exprField(prog *vm.Program, deps []string, budget int) func(v *Values, i int) (document.Value, bool) {
	return func(v *Values, i int) (document.Value, bool) {
		env := exprEnv{Case: v.caseMap(), Context: v.contextMap(deps), Now: v.Now.UTC()}
		out, err := v.run(prog, env, budget)
		if err != nil {
			name := suggest.Quote(v.reg.fields[i].Name)
			if p, ok := err.(*diag.Problem); ok && p.Offset >= 0 {
				v.fail(fmt.Errorf("context field %s (byte %d of its expression): %w", name, p.Offset, err))
			} else {
				v.fail(fmt.Errorf("context field %s: %w", name, err))
			}
			return document.Value{}, false
		}
		if out == nil {
			return document.Value{}, false
		}
		// A list may hold one list many times over: what the value is
		// written out to is charged before it is.
		if err := v.meter.charge(deepUnits(out, v.meter.left)); err != nil {
			v.fail(fmt.Errorf("context field %q: %w", v.reg.fields[i].Name, err))
			return document.Value{}, false
		}
		val, err := FromGo(out)
		if err != nil {
			v.fail(fmt.Errorf("context field %s: %w", suggest.Quote(v.reg.fields[i].Name), err))
			return document.Value{}, false
		}
		return val, true
	}
}

// run executes a program on a fresh VM with a memory budget and a meter
// with the same budget, which also watches the context of the evaluation.
func (v *Values) run(prog *vm.Program, env exprEnv, budget int) (any, error) {
	if v.Ctx != nil {
		if err := v.Ctx.Err(); err != nil {
			return nil, err
		}
	}
	v.meter.reset(budget, v.Ctx)
	v.meter.spend = v.Spend
	env.Meter = &v.meter
	machine := vm.VM{MemoryBudget: uint(budget)}
	out, err := machine.Run(prog, env)
	if v.meter.err != nil {
		return nil, v.meter.err
	}
	if err != nil {
		msg := err.Error()
		var fe *file.Error
		if errors.As(err, &fe) {
			msg = fe.Message
		}
		if strings.Contains(msg, "json.Number") {
			msg += " (json.Number is a number of the case that no float64 holds: past 64-bit integers, 17 digits or the range of float64, so an expression cannot compute with it)"
		}
		if fe == nil {
			return nil, errors.New(msg)
		}
		// Where in the expression it failed, as a byte offset.
		p := locate(prog.Source().String(), fe.Location, msg)
		p.Code, p.Err = diag.Failed, err
		return nil, p
	}
	return out, nil
}

// caseMap converts the case for expressions, once per case.
func (v *Values) caseMap() map[string]any {
	if v.cache == nil {
		v.cache = map[string]any{}
	}
	if m, ok := v.cache["case"].(map[string]any); ok {
		return m
	}
	m, _ := exprValue(v.Case).(map[string]any)
	if m == nil {
		m = map[string]any{}
	}
	v.cache["case"] = m
	return m
}

// contextMap computes the fields an expression reads, each converted once
// per case.
func (v *Values) contextMap(deps []string) map[string]any {
	m := make(map[string]any, len(deps))
	for _, d := range deps {
		if x, ok := v.conv[d]; ok {
			m[d] = x
			continue
		}
		if val, ok := v.Get(d); ok {
			x := exprValue(val)
			if v.conv == nil {
				v.conv = map[string]any{}
			}
			v.conv[d] = x
			m[d] = x
		}
	}
	return m
}

// ExprValue converts a value to what expressions read, as they read the
// case's: an integer an int holds becomes an int, another number a float64
// or, when no float64 is it, a json.Number; null and undefined nil.
// Callers that give expressions values of their own (an event's members)
// convert them with it, so that event.n computes as case.n does.
func ExprValue(v document.Value) any { return exprValue(v) }

// exprValue converts a document value to the Go values expr computes with:
// integers that fit an int become int, other numbers float64 or, when no
// float64 is them, json.Number.
func exprValue(v document.Value) any {
	switch v.Kind() {
	case document.Null, document.Undefined:
		return nil
	case document.Bool:
		return v.Bool()
	case document.String:
		return v.Text()
	case document.Number:
		// An integer an int holds is read from its text: through a float64
		// 9007199254740993 became 9007199254740992.
		if lit := v.Literal(); !strings.ContainsAny(lit, ".eE") {
			if n, err := strconv.ParseInt(lit, 10, strconv.IntSize); err == nil {
				return int(n)
			}
		}
		f := v.Float()
		if !faithful(v.Literal(), f) {
			// No float64 is this number: as its text, which expressions
			// cannot order or compute with, so that they fail rather
			// than answer about a number the case does not hold.
			return json.Number(v.Literal())
		}
		return f
	case document.Array:
		out := make([]any, v.Len())
		for i := range out {
			out[i] = exprValue(v.Index(i))
		}
		return out
	}
	out := make(map[string]any, v.Len())
	for i := 0; i < v.Len(); i++ {
		out[v.Key(i)] = exprValue(v.Index(i))
	}
	return out
}

// compileExpr checks and compiles an expression; it returns the context
// fields the expression reads.
// Its problems have the code of a limit, or none: the caller gives theirs.
func (r *Registry) compileExpr(src string, condition bool, l Limits) (*vm.Program, []string, int, *diag.Problem) {
	if len(src) > l.MaxBytes {
		return nil, nil, 0, &diag.Problem{Offset: l.MaxBytes, Source: src, Code: diag.TooLong,
			Msg: fmt.Sprintf("the expression is %d bytes long, more than the limit of %d", len(src), l.MaxBytes)}
	}
	if off := checkNesting(src, l.MaxDepth); off >= 0 {
		return nil, nil, 0, &diag.Problem{Offset: off, Source: src, Code: diag.TooDeep,
			Msg: fmt.Sprintf("the expression nests more than %d levels deep (brackets, braces and unary operators)", l.MaxDepth)}
	}
	tree, err := parser.Parse(src)
	if err != nil {
		return nil, nil, 0, exprError(src, err)
	}
	deps, perr := r.contextRefs(src, tree.Node, condition)
	if perr != nil {
		return nil, nil, 0, perr
	}
	bc := &boundsChecker{src: src, limits: l}
	ast.Walk(&tree.Node, bc)
	if bc.err != nil {
		return nil, nil, 0, bc.err
	}
	opts := exprOptions(condition)
	if _, err := expr.Compile(src, opts...); err != nil {
		e := exprError(src, err)
		if condition && strings.Contains(e.Msg, "expected bool") {
			e.Msg = "an expression condition must give a boolean: " + e.Msg
		}
		return nil, nil, 0, e
	}
	// Compiled again, rewritten so that it pays for what it does (see
	// costPatch); the first compilation reported any problem as written.
	opts = append(opts, expr.Patch(costPatch{}))
	opts = append(opts, costFunctions()...)
	prog, err := expr.Compile(src, opts...)
	if err != nil {
		return nil, nil, 0, &diag.Problem{Offset: -1, Source: src, Msg: "the expression cannot be bounded: " + err.Error()}
	}
	return prog, deps, bc.nodes, nil
}

// exprOptions are the options expressions are compiled with, before they
// are rewritten to pay for their cost.
func exprOptions(condition bool) []expr.Option {
	opts := []expr.Option{
		expr.Env(exprEnv{}),
		expr.MaxNodes(MaxExprNodes),
		expr.Patch(optionalMembers{}),
		expr.DisableBuiltin("now"),
		expr.DisableBuiltin("date"),
		expr.DisableBuiltin("timezone"),
		expr.DisableBuiltin("repeat"),
		expr.DisableBuiltin("keys"),
		expr.DisableBuiltin("values"),
		expr.DisableBuiltin("toPairs"),
		expr.Function("parseDate", parseDateFn, new(func(string) time.Time), new(func(time.Time) time.Time)),
		expr.Function("yearsBetween", betweenFn(YearsBetween), new(func(any, any) int)),
		expr.Function("daysBetween", betweenFn(DaysBetween), new(func(any, any) int)),
		expr.Function("keys", keysFn, new(func(map[string]any) []any)),
		expr.Function("values", valuesFn, new(func(map[string]any) []any)),
		expr.Function("toPairs", pairsFn, new(func(map[string]any) []any)),
	}
	if condition {
		opts = append(opts, expr.AsBool())
	}
	return opts
}

// contextRefs lists the context fields an expression reads and rejects
// unknown ones and reads of context that are not by name.
func (r *Registry) contextRefs(src string, root ast.Node, condition bool) ([]string, *diag.Problem) {
	f := &refFinder{reg: r, src: src, named: map[ast.Node]bool{}, field: !condition}
	ast.Walk(&root, f)
	if f.err != nil {
		return nil, f.err
	}
	for _, id := range f.idents {
		if !f.named[id] {
			return nil, locate(src, id.Location(), "read context fields by name, as context.company_age")
		}
	}
	sort.Strings(f.deps)
	return slices.Compact(f.deps), nil
}

type refFinder struct {
	reg    *Registry
	src    string
	deps   []string
	err    *diag.Problem
	idents []ast.Node        // every use of the identifier context
	named  map[ast.Node]bool // those that are read by name
	field  bool              // the expression of a context field, which has no event
}

func (f *refFinder) Visit(node *ast.Node) {
	if f.err != nil {
		return
	}
	switch n := (*node).(type) {
	case *ast.IdentifierNode:
		switch n.Value {
		case "context":
			f.idents = append(f.idents, n)
		case "event":
			if f.field {
				// A field is computed once per case, whatever the event:
				// event read nil, so event.status == "X" was false on
				// every case.
				f.err = locate(f.src, n.Location(), "event is not available in a context field, which is computed once per case whatever the event: read it in an expression condition")
			}
		case "$env":
			// Through the whole environment a field would be read without
			// being named: never computed, it read as nil.
			f.err = locate(f.src, n.Location(), "$env is not supported: read the case as case, the event as event, the clock as now and context fields by name, as context.company_age")
		}
	case *ast.MemberNode:
		id, ok := n.Node.(*ast.IdentifierNode)
		if !ok || id.Value != "context" {
			return
		}
		name, ok := n.Property.(*ast.StringNode)
		if !ok {
			return // reported as a read that is not by name
		}
		f.named[id] = true
		if f.reg.find(name.Value) < 0 {
			names := f.reg.Names()
			msg := "unknown context field " + suggest.Quote(name.Value)
			if near := suggest.Closest(name.Value, names); near != "" {
				msg += fmt.Sprintf(" (did you mean %s?)", suggest.Quote(near))
			}
			f.err = locate(f.src, name.Location(), msg+"; available: "+suggest.List(names))
			return
		}
		f.deps = append(f.deps, name.Value)
	}
}

// optionalMembers makes every member read optional (a?.b), so a missing
// member gives nil rather than an error.
type optionalMembers struct{}

func (optionalMembers) Visit(node *ast.Node) {
	m, ok := (*node).(*ast.MemberNode)
	if !ok || m.Method || m.Optional {
		return
	}
	m.Optional = true
	chain := &ast.ChainNode{Node: m}
	chain.SetLocation(m.Location())
	*node = chain
}

func exprError(src string, err error) *diag.Problem {
	var fe *file.Error
	if errors.As(err, &fe) {
		return locate(src, fe.Location, fe.Message)
	}
	return &diag.Problem{Offset: -1, Source: src, Msg: err.Error()}
}

// locate converts expr's rune location to a byte offset.
func locate(src string, loc file.Location, msg string) *diag.Problem {
	off := 0
	for i := 0; i < loc.From && off < len(src); i++ {
		_, size := utf8.DecodeRuneInString(src[off:])
		off += size
	}
	return &diag.Problem{Offset: off, Source: src, Msg: msg}
}

func parseDateFn(params ...any) (any, error) {
	switch x := params[0].(type) {
	case time.Time:
		return x, nil
	case string:
		if t, ok := ParseDate(x); ok {
			return t, nil
		}
		return nil, nil
	}
	return nil, nil
}

// betweenFn adapts YearsBetween and DaysBetween: arguments are times or
// date strings; an argument that is neither gives nil.
func betweenFn(f func(from, to time.Time) int) func(params ...any) (any, error) {
	return func(params ...any) (any, error) {
		from, ok1 := asTime(params[0])
		to, ok2 := asTime(params[1])
		if !ok1 || !ok2 {
			return nil, nil
		}
		return f(from, to), nil
	}
}

func asTime(x any) (time.Time, bool) {
	switch t := x.(type) {
	case time.Time:
		return t, true
	case string:
		return ParseDate(t)
	}
	return time.Time{}, false
}

func sortedMapKeys(m map[string]any) []string { return slices.Sorted(maps.Keys(m)) }

func keysFn(params ...any) (any, error) {
	m, _ := params[0].(map[string]any)
	out := []any{}
	for _, k := range sortedMapKeys(m) {
		out = append(out, k)
	}
	return out, nil
}

func valuesFn(params ...any) (any, error) {
	m, _ := params[0].(map[string]any)
	out := []any{}
	for _, k := range sortedMapKeys(m) {
		out = append(out, m[k])
	}
	return out, nil
}

func pairsFn(params ...any) (any, error) {
	m, _ := params[0].(map[string]any)
	out := []any{}
	for _, k := range sortedMapKeys(m) {
		out = append(out, []any{k, m[k]})
	}
	return out, nil
}

// faithful reports whether the float64 f read from the JSON number lit
// stands for lit: lit is the shortest decimal that reads as f, give or take
// zeros. 0.30000000000000001, 12345678901234567890, 1e400 and 1e-400 are
// not: as floats they are 0.3, 12345678901234567000, +Inf and 0.
func faithful(lit string, f float64) bool {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return false
	}
	if f != 0 && math.Abs(f) >= 0x1p-1022 && significantDigits(lit) <= 15 {
		// Any decimal of 15 significant digits or fewer in the range of
		// normal floats reads back from the nearest float.
		return true
	}
	neg, digits, exp := decimal(lit)
	fneg, fdigits, fexp := decimal(strconv.FormatFloat(f, 'e', -1, 64))
	if digits == "" || fdigits == "" {
		return digits == fdigits
	}
	return neg == fneg && digits == fdigits && exp == fexp
}

// significantDigits counts the digits of a JSON number's mantissa from its
// first nonzero digit to its last, without allocating.
func significantDigits(lit string) int {
	first, last, n := -1, -1, 0 // positions among the mantissa's digits
	for i := 0; i < len(lit); i++ {
		c := lit[i]
		if c == 'e' || c == 'E' {
			break
		}
		if c < '0' || c > '9' {
			continue
		}
		if c != '0' {
			if first < 0 {
				first = n
			}
			last = n
		}
		n++
	}
	if first < 0 {
		return 0
	}
	return last - first + 1
}

// decimal splits a JSON number into its sign, its significant digits
// without leading and trailing zeros, and the exponent of its first digit
// (123 is 0.123e3).
func decimal(lit string) (neg bool, digits string, exp int) {
	if strings.HasPrefix(lit, "-") {
		neg, lit = true, lit[1:]
	}
	mant, e := lit, 0
	if i := strings.IndexAny(lit, "eE"); i >= 0 {
		mant = lit[:i]
		s := lit[i+1:]
		sign := 1
		if s != "" && (s[0] == '+' || s[0] == '-') {
			if s[0] == '-' {
				sign = -1
			}
			s = s[1:]
		}
		for j := 0; j < len(s); j++ {
			if e < 1e15 { // past any exponent a case can balance with zeros
				e = e*10 + int(s[j]-'0')
			}
		}
		e *= sign
	}
	intPart, frac, _ := strings.Cut(mant, ".")
	all := intPart + frac
	lead := len(all) - len(strings.TrimLeft(all, "0"))
	digits = strings.TrimRight(all[lead:], "0")
	return neg, digits, e + len(intPart) - lead
}
