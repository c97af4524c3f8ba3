package rules

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/verdict-rules/verdict/cases"
	"github.com/verdict-rules/verdict/conditions"
	casectx "github.com/verdict-rules/verdict/context"
	"github.com/verdict-rules/verdict/diag"
	"github.com/verdict-rules/verdict/document"
	"github.com/verdict-rules/verdict/event"
	"github.com/verdict-rules/verdict/internal/budget"
	"github.com/verdict-rules/verdict/internal/check"
	"github.com/verdict-rules/verdict/internal/eval"
	"github.com/verdict-rules/verdict/internal/jsonpath"
	"github.com/verdict-rules/verdict/internal/lint"
	"github.com/verdict-rules/verdict/internal/regex"
	"github.com/verdict-rules/verdict/schema"
)

// Option configures Parse, Load, Compile and CompileSet.
type Option func(*config)

// WithStatuses sets the statuses of triggers and set_case_status.
func WithStatuses(s cases.Statuses) Option {
	return func(c *config) {
		if len(s) == 0 {
			c.errs = append(c.errs, "WithStatuses: the vocabulary is empty")
			return
		}
		c.statuses = slices.Clone(s)
	}
}

// WithClock sets the clock of company_age and the like (default time.Now).
func WithClock(now func() time.Time) Option {
	return func(c *config) {
		if now == nil {
			c.errs = append(c.errs, "WithClock: nil clock")
			return
		}
		c.clock = now
	}
}

// WithCounterfactuals makes refused results say what would change them
// (conditions.Counterfactual): on the trace and at the end of the note.
func WithCounterfactuals() Option { return func(c *config) { c.counterfactuals = true } }

// Limits bound the work of a definition and an evaluation; a zero field
// takes its default. The README's table of limits says what each means.
type Limits struct {
	DefinitionDepth int // nesting of conditions (32)
	DocumentBytes   int // size of a definition document (32 MiB)
	PathValues      int // values one path may yield on one case (100,000)
	PathVisits      int // nodes the descents and unions of one path may visit on one case (20,000,000)
	PathBytes       int // length of a JSONPath (4,096 bytes)
	FilterDepth     int // nesting of a filter: parentheses, ! and chained comparisons (32)
	RegexpBytes     int // length of a pattern, and its size with its repetitions written out (4,096)
	ExpressionBytes int // length of an expression (8,192 bytes)
	ExpressionDepth int // nesting of an expression: brackets, braces and unary operators (32)
	SchemaVisits    int // schema nodes the static checks visit for one path (100,000)
	EvalSteps       int // work of one evaluation, all its conditions together (20,000,000 steps)
	TraceBytes      int // values one trace keeps, and Query returns, as JSON (4 MiB)
	CompileBytes    int // memory the compiled definitions of one call hold (16 MiB)
}

// DefaultLimits returns the limits used when none are given.
func DefaultLimits() Limits {
	return Limits{DefinitionDepth: 32,
		DocumentBytes: document.DefaultMaxBytes, PathValues: 100_000, PathVisits: 20_000_000,
		PathBytes: jsonpath.DefaultMaxPathBytes, FilterDepth: jsonpath.DefaultMaxFilterDepth, RegexpBytes: regex.DefaultMaxBytes,
		ExpressionBytes: casectx.DefaultExprBytes, ExpressionDepth: casectx.DefaultExprDepth, SchemaVisits: lint.DefaultMaxVisits,
		EvalSteps: budget.DefaultSteps, TraceBytes: eval.DefaultTraceBytes, CompileBytes: check.DefaultCompileBytes}
}

// WithLimits sets the limits; zero fields keep their defaults.
func WithLimits(l Limits) Option {
	return func(c *config) {
		if l.DefinitionDepth < 0 || l.DocumentBytes < 0 || l.PathValues < 0 || l.PathVisits < 0 ||
			l.PathBytes < 0 || l.FilterDepth < 0 || l.RegexpBytes < 0 || l.ExpressionBytes < 0 || l.ExpressionDepth < 0 ||
			l.SchemaVisits < 0 || l.EvalSteps < 0 || l.TraceBytes < 0 || l.CompileBytes < 0 {
			c.errs = append(c.errs, "WithLimits: limits must not be negative")
			return
		}
		c.limits = l.withDefaults()
	}
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.DefinitionDepth > 0 {
		d.DefinitionDepth = l.DefinitionDepth
	}
	if l.DocumentBytes > 0 {
		d.DocumentBytes = l.DocumentBytes
	}
	if l.PathValues > 0 {
		d.PathValues = l.PathValues
	}
	if l.PathVisits > 0 {
		d.PathVisits = l.PathVisits
	}
	if l.PathBytes > 0 {
		d.PathBytes = l.PathBytes
	}
	if l.FilterDepth > 0 {
		d.FilterDepth = l.FilterDepth
	}
	if l.RegexpBytes > 0 {
		d.RegexpBytes = l.RegexpBytes
	}
	if l.ExpressionBytes > 0 {
		d.ExpressionBytes = l.ExpressionBytes
	}
	if l.ExpressionDepth > 0 {
		d.ExpressionDepth = l.ExpressionDepth
	}
	if l.SchemaVisits > 0 {
		d.SchemaVisits = l.SchemaVisits
	}
	if l.EvalSteps > 0 {
		d.EvalSteps = l.EvalSteps
	}
	if l.TraceBytes > 0 {
		d.TraceBytes = l.TraceBytes
	}
	if l.CompileBytes > 0 {
		d.CompileBytes = l.CompileBytes
	}
	return d
}

// paths is the parser of the JSONPaths of definitions.
func (c *config) paths() jsonpath.Parser {
	return jsonpath.Parser{MaxBytes: c.limits.PathBytes, MaxDepth: c.limits.FilterDepth}
}

// config is what the options build.
type config struct {
	clock    func() time.Time
	statuses cases.Statuses
	limits   Limits
	errs     []string // problems with the options themselves

	counterfactuals bool // refused results say what would change them

	context        *casectx.Registry
	userFields     map[string]bool // context fields the options define
	exprBudget     int
	caseSchema     *schema.Validator
	caseSchemaSet  bool
	table          *jsonpath.Table // the paths of a Set, shared by its programs
	conditionTypes map[string]conditions.Type
	actionTypes    map[string]ActionType
	triggerTypes   map[string]event.TriggerType
	schemaTypes    []schemaType

	schema *schema.Validator
	// check is what definitions are checked against, and key says what
	// a check depends on, so a definition checked by Parse is not checked
	// again by a Compile with options to the same effect.
	check *check.Config
	key   string
}

func newConfig(opts []Option) (*config, error) {
	c := &config{clock: time.Now, statuses: cases.QuickrStatuses(), limits: DefaultLimits(), context: casectx.Builtins()}
	for _, o := range opts {
		if o != nil {
			o(c)
		}
	}
	if len(c.errs) > 0 {
		return nil, fmt.Errorf("rules: %s", strings.Join(c.errs, "; "))
	}
	if len(c.schemaTypes) > 0 {
		v, err := extendedSchema(c.schemaTypes)
		if err != nil {
			return nil, fmt.Errorf("rules: registered types: %w", err)
		}
		c.schema = v
	} else {
		c.schema = schema.Automation()
	}
	reg, errs := c.context.Compile(c.exprLimits())
	if len(errs) > 0 {
		var list ErrorList
		for _, e := range errs {
			code := e.Code
			if code == "" {
				code = "context_field"
			}
			list = append(list, &Error{Offset: e.Offset, Code: diag.Code(code), Msg: e.Msg, Source: e.Source, Field: e.Field})
		}
		return nil, list.Finish()
	}
	c.context = reg
	c.check = c.checkConfig()
	c.key = c.checkKey()
	return c, nil
}

// checkConfig is what definitions are checked against under these options.
func (c *config) checkConfig() *check.Config {
	cc := &check.Config{Schema: c.schema, Statuses: c.statuses, DefinitionDepth: c.limits.DefinitionDepth,
		Paths: c.paths(), MaxRegexp: c.limits.RegexpBytes, ContextFields: c.context.Names(),
		Expression: c.expressionCompiler(), CompileBytes: c.limits.CompileBytes, Compiled: new(int)}
	for name, t := range c.conditionTypes {
		if cc.ConditionTypes == nil {
			cc.ConditionTypes = map[string]func(conditions.Condition) error{}
		}
		cc.ConditionTypes[name] = func(cond conditions.Condition) error {
			_, err := t.Compile(cond)
			return err
		}
	}
	for name, t := range c.actionTypes {
		if cc.ActionTypes == nil {
			cc.ActionTypes = map[string]func(document.Value) error{}
		}
		cc.ActionTypes[name] = func(v document.Value) error {
			_, err := t.Compile(toAction(v))
			return err
		}
	}
	return cc
}

// evalTypes are the registered condition types, for the compiler of
// conditions.
func (c *config) evalTypes() map[string]func(conditions.Condition) (func(document.Value) bool, error) {
	if len(c.conditionTypes) == 0 {
		return nil
	}
	out := map[string]func(conditions.Condition) (func(document.Value) bool, error){}
	for name, t := range c.conditionTypes {
		out[name] = t.Compile
	}
	return out
}

// checkKey writes down everything the checked form of a definition
// depends on: the vocabulary, the limits, the expression budget, the
// registered types and the names of the context fields. (The registered
// types' Compile functions are called again by every compilation.)
func (c *config) checkKey() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%q %+v %d %q", []string(c.statuses), c.limits, c.exprBudget, c.context.Names())
	for _, t := range c.schemaTypes {
		fmt.Fprintf(&b, " %s %q %q", t.kind, t.name, t.required)
		for _, name := range slices.Sorted(maps.Keys(t.props)) {
			fmt.Fprintf(&b, " %q=%q", name, t.props[name])
		}
	}
	return b.String()
}

// expressionCompiler returns the compiler of expression conditions.
func (c *config) expressionCompiler() func(string) (*casectx.Expr, error) {
	return func(src string) (*casectx.Expr, error) {
		return c.context.CompileCondition(src, c.exprLimits())
	}
}

// exprLimits are the limits of expressions.
func (c *config) exprLimits() casectx.Limits {
	return casectx.Limits{Budget: c.exprBudget, MaxBytes: c.limits.ExpressionBytes, MaxDepth: c.limits.ExpressionDepth,
		MaxRegexp: c.limits.RegexpBytes}
}

// contextOverridden reports whether the options replaced a built-in field.
func (c *config) contextOverridden(name string) bool { return c.userFields[name] }
