package rules

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/verdict-rules/verdict/conditions"
	"github.com/verdict-rules/verdict/conditions/jsonpath"
	casectx "github.com/verdict-rules/verdict/context"
	"github.com/verdict-rules/verdict/internal/regex"
	"github.com/verdict-rules/verdict/internal/suggest"
	"github.com/verdict-rules/verdict/schema"
)

// Option configures Parse, Compile and CompileSet.
type Option func(*config)

// Statuses is a vocabulary of case statuses. A status in a definition that
// is not in the vocabulary is an error, which catches typos before an
// automation runs.
type Statuses []string

// QuickrStatuses are the Quickr case statuses, the default vocabulary: the
// agent-determined status enum of the case API plus PROCESSING_DETAILS,
// which the guide names (the docs give no complete list).
var QuickrStatuses = Statuses{"ACTIVE", "ARCHIVED", "DECLINED", "READY_FOR_REVIEW", "REVIEW_IN_PROGRESS",
	"SUSPENDED", "WAITING_FOR_DETAILS", "FORM_NOT_STARTED", "FORM_IN_PROGRESS", "PROCESSING_DETAILS"}

// DinteroStatuses are Dintero's approval case statuses, including the
// TERMINATED that the cdd_case_update webhook's counts show.
var DinteroStatuses = Statuses{"ACTIVE", "DECLINED", "UNDER_MANUAL_REVIEW", "AUTOMATIC_REVIEW",
	"WAITING_FOR_SIGNATURE", "WAITING_FOR_DECLARATION", "WAITING_FOR_DETAILS", "ERROR", "ARCHIVED", "TERMINATED"}

// StatusesByName returns a built-in vocabulary: "quickr" or "dintero".
func StatusesByName(name string) (Statuses, bool) {
	switch strings.ToLower(name) {
	case "quickr":
		return QuickrStatuses, true
	case "dintero":
		return DinteroStatuses, true
	}
	return nil, false
}

// CheckStatuses are the statuses set_check_status may set (the docs' check
// status enum).
var CheckStatuses = []string{"NOT_STARTED", "IN_PROGRESS", "COMPLETED", "FAILED"}

// WithStatuses sets the vocabulary of case statuses that triggers and
// set_case_status may use (default QuickrStatuses).
func WithStatuses(s Statuses) Option {
	return func(c *config) {
		if len(s) == 0 {
			c.errs = append(c.errs, "WithStatuses: the vocabulary is empty")
			return
		}
		c.statuses = slices.Clone(s)
	}
}

// WithClock sets the clock that gives "now" for computed context such as
// company_age (default time.Now). Tests and golden files fix it so results
// are reproducible.
func WithClock(now func() time.Time) Option {
	return func(c *config) {
		if now == nil {
			c.errs = append(c.errs, "WithClock: nil clock")
			return
		}
		c.clock = now
	}
}

// Limits bound the work verdict does for one definition or one case. A zero
// field takes its default.
type Limits struct {
	// DefinitionDepth bounds how deep conditions nest (default 32).
	DefinitionDepth int
	// CaseDepth bounds the nesting of arrays and objects in a case
	// (default 512).
	CaseDepth int
	// CaseBytes bounds the size of a case, and of a definition document
	// (default 32 MiB).
	CaseBytes int
	// PathValues bounds how many values one path may yield on one case,
	// so a recursive descent over a huge case stops (default 100,000).
	PathValues int
	// PathVisits bounds how many nodes of a case the recursive descents
	// (..) of one path may visit, so a path that descends again and again
	// ($..a..b..c) stops on a deeply nested case (default 20,000,000: more
	// than a case of the largest size has nodes, so one descent always
	// finishes).
	PathVisits int
	// PathBytes bounds the length of a JSONPath in a definition (default
	// 4,096 bytes).
	PathBytes int
	// FilterDepth bounds how deep a JSONPath filter nests: parentheses,
	// ! and chained comparisons (default 32).
	FilterDepth int
	// RegexpBytes bounds the length of a regular expression (a matches
	// value, or a pattern in an expression), and its size once its
	// repetitions are written out, x{100} counting x a hundred times
	// (default 4,096).
	RegexpBytes int
	// ExpressionBytes bounds the length of an expr-lang expression, of a
	// condition or a context field (default 8,192 bytes).
	ExpressionBytes int
	// ExpressionDepth bounds how deep an expression nests: brackets,
	// braces and unary operators applied to another (default 32).
	ExpressionDepth int
	// SchemaVisits bounds the schema nodes the static checks visit to
	// follow one path through the case schema; a path that needs more is
	// not checked past that point, and gets a "too_complex" warning
	// (default 100,000).
	SchemaVisits int
}

// DefaultLimits are the limits used when none are given.
var DefaultLimits = Limits{DefinitionDepth: 32, CaseDepth: jsonpath.DefaultMaxDepth,
	CaseBytes: jsonpath.DefaultMaxBytes, PathValues: 100_000, PathVisits: 20_000_000,
	PathBytes: jsonpath.DefaultMaxPathBytes, FilterDepth: jsonpath.DefaultMaxFilterDepth, RegexpBytes: regex.DefaultMaxBytes,
	ExpressionBytes: casectx.DefaultExprBytes, ExpressionDepth: casectx.DefaultExprDepth, SchemaVisits: schema.DefaultMaxVisits}

// WithLimits sets the limits; zero fields keep their defaults.
func WithLimits(l Limits) Option {
	return func(c *config) {
		if l.DefinitionDepth < 0 || l.CaseDepth < 0 || l.CaseBytes < 0 || l.PathValues < 0 || l.PathVisits < 0 ||
			l.PathBytes < 0 || l.FilterDepth < 0 || l.RegexpBytes < 0 || l.ExpressionBytes < 0 || l.ExpressionDepth < 0 ||
			l.SchemaVisits < 0 {
			c.errs = append(c.errs, "WithLimits: limits must not be negative")
			return
		}
		c.limits = l.withDefaults()
	}
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	if l.DefinitionDepth > 0 {
		d.DefinitionDepth = l.DefinitionDepth
	}
	if l.CaseDepth > 0 {
		d.CaseDepth = l.CaseDepth
	}
	if l.CaseBytes > 0 {
		d.CaseBytes = l.CaseBytes
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
	return d
}

// paths is the parser of the JSONPaths of definitions.
func (c *config) paths() jsonpath.Parser {
	return jsonpath.Parser{MaxBytes: c.limits.PathBytes, MaxDepth: c.limits.FilterDepth}
}

// parsePath parses a path of the definition being compiled, once however
// many of its checks read it.
func (c *config) parsePath(src string) (*jsonpath.Path, error) {
	if p, ok := c.parsed[src]; ok {
		return p, nil
	}
	p, err := c.paths().Parse(src)
	if err != nil {
		return nil, err
	}
	if c.parsed == nil {
		c.parsed = map[string]*jsonpath.Path{}
	}
	c.parsed[src] = p
	return p, nil
}

// config is what the options build.
type config struct {
	clock    func() time.Time
	statuses Statuses
	limits   Limits
	errs     []string // problems with the options themselves

	context        *casectx.Registry
	fieldNames     []string        // its names, listed once for every definition compiled
	userFields     map[string]bool // context fields the options define
	exprBudget     int
	caseSchema     *schema.Validator
	caseSchemaSet  bool
	table          *jsonpath.Table // the paths of a Set, shared by its programs
	conditionTypes map[string]conditions.Type
	actionTypes    map[string]ActionType
	triggerTypes   map[string]TriggerType
	schemaTypes    []schemaType
	parsed         map[string]*jsonpath.Path // while a definition is compiled: its paths

	schema *schema.Validator
}

func newConfig(opts []Option) (*config, error) {
	c := &config{clock: time.Now, statuses: QuickrStatuses, limits: DefaultLimits, context: casectx.Builtins()}
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
			list = append(list, &Error{Offset: e.Offset, Code: code, Msg: e.Msg, Source: e.Source, Field: e.Field})
		}
		return nil, list.finish()
	}
	c.context = reg
	c.fieldNames = reg.Names()
	return c, nil
}

func (c *config) validator() *schema.Validator { return c.schema }

// checkStatus reports a status outside the vocabulary.
func (c *config) checkStatus(pointer, status string) *Error {
	if status == "" || slices.Contains(c.statuses, status) {
		return nil
	}
	msg := "unknown case status " + suggest.Quote(status)
	if near := suggest.Closest(status, c.statuses); near != "" {
		msg += fmt.Sprintf(" (did you mean %s?)", suggest.Quote(near))
	}
	return &Error{Pointer: pointer, Offset: -1, Code: "unknown_status",
		Msg: msg + "; expected one of: " + suggest.List(c.statuses)}
}

// expressionCompiler returns the compiler of expression conditions.
func (c *config) expressionCompiler() func(string) (conditions.Predicate, error) {
	return func(src string) (conditions.Predicate, error) {
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
