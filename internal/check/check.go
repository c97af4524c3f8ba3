// Package check turns an automation definition, as its JSON document holds
// it, into the checked definition the later stages read: every path parsed
// (with the context fields it reads checked), every operand decoded, every
// regular expression and expression compiled within its limits, every
// pointer relative to the automation. It is the one validator of
// definitions, however they are reached: parsed from a file, or built in Go
// and turned into their JSON form once.
//
// A definition is checked once: the static checks (package lint) and the
// compiler of conditions (package eval) read the checked tree, and never
// parse a path or decode a value again.
package check

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/verdict-rules/verdict/conditions"
	casectx "github.com/verdict-rules/verdict/context"
	"github.com/verdict-rules/verdict/diag"
	"github.com/verdict-rules/verdict/document"
	"github.com/verdict-rules/verdict/internal/jsonpath"
	"github.com/verdict-rules/verdict/internal/suggest"
	"github.com/verdict-rules/verdict/schema"
)

// Config is what a definition is checked against.
type Config struct {
	// Schema is the automation schema, with the registered types.
	Schema *schema.Validator
	// Statuses is the case status vocabulary of triggers and
	// set_case_status.
	Statuses []string
	// DefinitionDepth bounds how deep conditions nest.
	DefinitionDepth int
	// Paths parses the JSONPaths within their limits.
	Paths jsonpath.Parser
	// MaxRegexp bounds the length and size of a matches pattern.
	MaxRegexp int
	// ContextFields are the names $.context.<name> may read.
	ContextFields []string
	// Expression compiles an expression condition; its error is a
	// *diag.Problem located in the expression.
	Expression func(src string) (*casectx.Expr, error)
	// ConditionTypes and ActionTypes check the conditions and actions of
	// registered types: they report what the type's Compile refuses.
	ConditionTypes map[string]func(conditions.Condition) error
	ActionTypes    map[string]func(action document.Value) error
	// CompileBytes bounds the bytes the compiled regular expressions,
	// paths and expressions of the definitions checked with this Config
	// hold together (0: DefaultCompileBytes); Compiled counts them, and
	// is shared by the definitions of one document. A nil Compiled
	// counts each definition apart.
	CompileBytes int
	Compiled     *int
}

// DefaultCompileBytes is the default of Config.CompileBytes.
const DefaultCompileBytes = 16 << 20

// Definition is a checked automation.
type Definition struct {
	Conditions []*Condition // the top-level conditions, an implicit and
	Actions    []Action
	// ReadsContext is true when a path reads $.context or an expression
	// condition, which may read any context field, is among the
	// conditions.
	ReadsContext bool
}

// Action is a checked action.
type Action struct {
	Type, Status, Check string
	Pointer             string // relative to the automation: "/actions/0"
}

// Condition is one checked condition. Pointers are relative to the
// automation: "/conditions/1/conditions/0".
type Condition struct {
	Type    string
	Pointer string
	// Field is the path whose values are tested, Path the one every
	// compares with; nil when absent.
	Field, Path *Path
	// Value is the operand as written, decoded; nil when absent.
	Value document.Value
	Any   bool // "match": "any"
	// Regexp is the pattern of matches, compiled, and RegexpInsts the
	// size of its program, what matching a byte costs at most.
	Regexp      *regexp.Regexp
	RegexpInsts int
	// Expression is the source of an expression condition, Expr its
	// compiled form.
	Expression string
	Expr       *casectx.Expr
	Conditions []*Condition // and, or
	Condition  *Condition   // not
	// Node is the condition as written, for registered types.
	Node document.Value
	// Label and ReasonCode say, for people and for systems, what the
	// condition checks; "" when not given.
	Label, ReasonCode string
}

// Path is a parsed JSONPath of a condition.
type Path struct {
	Src    string
	Parsed *jsonpath.Path
}

// Context returns the context field the path reads, or "".
func (p *Path) Context() string {
	if p == nil {
		return ""
	}
	return p.Parsed.Context()
}

// Check checks the automation v and returns its checked form, or every
// problem found, each with its pointer relative to the automation.
//
// Problems with the definition as a whole (its nesting, its schema, its
// statuses) come first: when there are any, only the top-level conditions
// they do not touch are checked further, so that a bad path is reported
// along with a misspelt property, and actions are not.
func Check(v document.Value, cfg *Config) (*Definition, diag.List) {
	c := newChecker(cfg)
	if d, p := depth(v, ""); d > cfg.DefinitionDepth {
		return nil, diag.List{{Pointer: p, Offset: -1, Code: diag.TooDeep,
			Msg: fmt.Sprintf("conditions nest %d levels deep, more than the limit of %d", d, cfg.DefinitionDepth)}}
	}
	problems := cfg.Schema.Validate(v.Interface())
	problems = append(problems, c.statuses(v)...)
	def := &Definition{}
	list, _ := v.Member("conditions")
	for i := 0; i < list.Len() && list.Kind() == document.Array; i++ {
		p := document.IndexPointer("/conditions", i)
		if len(problems) > 0 && (touches(problems, p) || list.Index(i).Kind() != document.Object) {
			continue
		}
		def.Conditions = append(def.Conditions, c.condition(list.Index(i), p))
	}
	if len(problems) == 0 {
		def.Actions = c.actions(v)
	}
	if errs := append(problems, c.errs...); len(errs) > 0 {
		return nil, errs
	}
	def.ReadsContext = c.context
	return def, nil
}

type checker struct {
	cfg      *Config
	errs     diag.List
	context  bool // a path reads $.context, or an expression is checked
	compiled *int // the bytes compiled so far (see Config.Compiled)
	spent    bool // the budget was found spent in this definition, and said so
}

func newChecker(cfg *Config) *checker {
	c := &checker{cfg: cfg, compiled: cfg.Compiled}
	if c.compiled == nil {
		c.compiled = new(int)
	}
	return c
}

// full reports whether what is compiled already takes the whole budget:
// nothing more is compiled, and the first of a definition's parts that
// would be is an error at its pointer.
func (c *checker) full(pointer, src string) bool {
	limit := c.cfg.CompileBytes
	if limit <= 0 {
		limit = DefaultCompileBytes
	}
	if *c.compiled <= limit {
		return false
	}
	if c.spent {
		return true
	}
	c.spent = true
	c.errs = append(c.errs, &diag.Problem{Pointer: pointer, Offset: -1, Code: diag.TooLarge, Source: src,
		Msg: fmt.Sprintf("the compiled definitions take more than %d bytes here (regular expressions with their classes, paths, expressions), more than the limit", limit)})
	return true
}

func (c *checker) errorf(pointer string, code diag.Code, format string, args ...any) {
	c.errs = append(c.errs, &diag.Problem{Pointer: pointer, Offset: -1, Code: code, Msg: fmt.Sprintf(format, args...)})
}

// at records a problem a stage found in the string src at pointer.
func (c *checker) at(pointer, src string, p *diag.Problem) {
	q := *p
	q.Pointer, q.Source = pointer, src
	c.errs = append(c.errs, &q)
}

// touches reports whether a problem concerns the node at p or inside it.
func touches(errs diag.List, p string) bool {
	for _, e := range errs {
		if e.Pointer == p || strings.HasPrefix(e.Pointer, p+"/") {
			return true
		}
	}
	return false
}

// depth measures how deep conditions nest under a definition, returning
// the depth and the pointer of the deepest condition.
func depth(v document.Value, p string) (int, string) {
	best, at := 0, p
	for _, key := range [...]string{"conditions", "condition"} {
		m, ok := v.Member(key)
		if !ok {
			continue
		}
		switch m.Kind() {
		case document.Array:
			for i := 0; i < m.Len(); i++ {
				cp := document.IndexPointer(p+"/"+key, i)
				if d, dp := depth(m.Index(i), cp); d+1 > best {
					best, at = d+1, dp
				}
			}
		case document.Object:
			if d, dp := depth(m, p+"/"+key); d+1 > best {
				best, at = d+1, dp
			}
		}
	}
	return best, at
}

// statuses checks the statuses of case status triggers and of
// set_case_status against the vocabulary.
func (c *checker) statuses(v document.Value) diag.List {
	var errs diag.List
	for _, key := range [...]string{"trigger", "triggers"} {
		list, _ := v.Member(key)
		for i := 0; i < list.Len() && list.Kind() == document.Array; i++ {
			if t := Text(list.Index(i), "type"); t != "case_status_updated" && t != "case_status_change" {
				continue
			}
			for _, f := range [...]string{"status", "previous_status"} {
				if e := Status(c.cfg.Statuses, document.JoinPointer(document.IndexPointer("/"+key, i), f), Text(list.Index(i), f)); e != nil {
					errs = append(errs, e)
				}
			}
		}
	}
	if list, ok := v.Member("actions"); ok && list.Kind() == document.Array {
		for i := 0; i < list.Len(); i++ {
			if a := list.Index(i); Text(a, "type") == "set_case_status" {
				if e := Status(c.cfg.Statuses, document.IndexPointer("/actions", i)+"/status", Text(a, "status")); e != nil {
					errs = append(errs, e)
				}
			}
		}
	}
	return errs
}

// Status reports a status outside the vocabulary, at pointer.
func Status(vocabulary []string, pointer, status string) *diag.Problem {
	if status == "" || slices.Contains(vocabulary, status) {
		return nil
	}
	return &diag.Problem{Pointer: pointer, Offset: -1, Code: diag.UnknownStatus,
		Msg: suggest.Unknown("case status", status, vocabulary)}
}

// actions checks the actions of registered types.
func (c *checker) actions(v document.Value) []Action {
	list, _ := v.Member("actions")
	var out []Action
	for i := 0; i < list.Len() && list.Kind() == document.Array; i++ {
		a := list.Index(i)
		p := document.IndexPointer("/actions", i)
		typ := Text(a, "type")
		if check, ok := c.cfg.ActionTypes[typ]; ok {
			if err := check(a); err != nil {
				c.errorf(p, diag.Action, "%s", err)
			}
		}
		out = append(out, Action{Type: typ, Status: Text(a, "status"), Check: Text(a, "check"), Pointer: p})
	}
	return out
}

// Text returns the string member name of v, or "" when it is not one.
func Text(v document.Value, name string) string {
	m, ok := v.Member(name)
	if !ok || m.Kind() != document.String {
		return ""
	}
	return m.Text()
}

// CheckCondition checks one condition at pointer, as Check checks those of
// a definition, but not against the automation schema.
func CheckCondition(v document.Value, pointer string, cfg *Config) (*Condition, diag.List) {
	c := newChecker(cfg)
	n := c.condition(v, pointer)
	if len(c.errs) > 0 {
		return nil, c.errs
	}
	return n, nil
}
