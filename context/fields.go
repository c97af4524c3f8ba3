// Package context computes the case facts that automations read as
// $.context.<name>: company_age and the other built-in fields, and fields
// that users add as Go functions or expr-lang expressions.
//
// Import it as casectx: code that uses it also uses the standard library's
// context package.
//
//	import casectx "github.com/verdict-rules/verdict/context"
//
//	reg := casectx.Builtins()
//	vals := reg.NewValues(doc, now)
//	age, ok := vals.Get("company_age")
//
// Fields are computed lazily, once per case: a Values computes a field the
// first time it is read and keeps the result. Registries are immutable and
// safe for concurrent use; a Values belongs to one evaluation at a time.
package context

import (
	stdctx "context"
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"regexp"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/verdict-rules/verdict/document"
	"github.com/verdict-rules/verdict/internal/suggest"
)

// Func computes a context field in Go from the decoded case and the clock's
// "now". It returns false when the field is absent for this case (a
// condition on an absent field is false). The result may be nil, a bool, a
// string, any Go integer or float, json.Number, time.Time (written as
// RFC 3339), []any, map[string]any, or a document.Value.
type Func func(c document.Value, now time.Time) (any, bool)

// Field describes one context field.
type Field struct {
	Name string // the name after $.context.
	Doc  string // what it holds and which case fields it comes from
	// Expression is the expr-lang source of a field defined by one.
	Expression string
	// Reads are the other fields an expression field reads, sorted.
	Reads []string
	// Builtin is true for a field of Builtins(), computed as verdict
	// defines it, and false for a field the caller defined.
	Builtin bool

	compute func(v *Values, i int) (document.Value, bool)
	explain func(v *Values, show Show) string // where the value came from, for traces
	growth  *growth                           // fields counted from a date of the case
	// alters, when set, says whether a change of the case at the
	// pointer of these tokens may change the field; unset, any may.
	alters  func(tokens []string) bool
	deps    []string // other fields it reads (expression fields)
	builtin bool     // a built-in field, whose reach builtinReach lists
}

// Registry is a set of context fields. It is immutable: the With methods
// return a new registry.
type Registry struct {
	// A registry made by adding a field to another is that one (base) and
	// the field (added); its list and index are worked out once, when it is
	// first read, from the nearest registry before it that has them, so
	// that adding n fields one after another costs O(n), not O(n²).
	base  *Registry
	added *Field
	once  sync.Once
	built atomic.Bool // fields and index are set

	fields []*Field
	index  map[string]int // name → position in fields
}

// newRegistry returns a registry of the given fields, built.
func newRegistry(fields []*Field) *Registry {
	r := &Registry{fields: fields, index: make(map[string]int, len(fields))}
	for i, f := range fields {
		r.index[f.Name] = i
	}
	r.once.Do(func() {})
	r.built.Store(true)
	return r
}

// build works out the list and index of a registry made by adding fields.
func (r *Registry) build() *Registry {
	if r.built.Load() {
		return r
	}
	r.once.Do(func() {
		var chain []*Field // the fields added since the nearest built registry, last first
		from := r
		for from.base != nil && !from.built.Load() {
			chain = append(chain, from.added)
			from = from.base
		}
		if from.base == nil && !from.built.Load() {
			// A registry made as a zero value: no fields.
			from = &Registry{}
		}
		r.fields = slices.Clone(from.fields)
		r.index = make(map[string]int, len(from.fields)+len(chain))
		for i, f := range r.fields {
			r.index[f.Name] = i
		}
		for i := len(chain) - 1; i >= 0; i-- {
			f := chain[i]
			if j, ok := r.index[f.Name]; ok {
				r.fields[j] = f
			} else {
				r.index[f.Name] = len(r.fields)
				r.fields = append(r.fields, f)
			}
		}
		r.built.Store(true)
	})
	return r
}

var namePattern = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// Names returns the field names in registration order.
func (r *Registry) Names() []string {
	r.build()
	out := make([]string, len(r.fields))
	for i, f := range r.fields {
		out[i] = f.Name
	}
	return out
}

// Fields returns the descriptions of the fields in registration order.
func (r *Registry) Fields() []Field {
	r.build()
	out := make([]Field, len(r.fields))
	for i, f := range r.fields {
		out[i] = f.describe()
	}
	return out
}

// describe is the field as callers see it.
func (f *Field) describe() Field {
	return Field{Name: f.Name, Doc: f.Doc, Expression: f.Expression, Reads: slices.Clone(f.deps),
		Builtin: slices.Contains(builtins.fields, f)}
}

// Lookup reports whether the registry has a field.
func (r *Registry) Lookup(name string) (Field, bool) {
	if i := r.find(name); i >= 0 {
		return r.fields[i].describe(), true
	}
	return Field{}, false
}

// find returns the position of a field, or -1.
func (r *Registry) find(name string) int {
	r.build()
	if i, ok := r.index[name]; ok {
		return i
	}
	return -1
}

// with returns r with f added, or replacing a field of the same name (so
// users can override a built-in), in constant time.
func (r *Registry) with(f *Field) *Registry {
	return &Registry{base: r, added: f}
}

// WithFunc returns a registry with a field computed by a Go function.
func (r *Registry) WithFunc(name, doc string, fn Func) (*Registry, error) {
	if !namePattern.MatchString(name) {
		return nil, fmt.Errorf("context field name %s: use letters, digits and _, starting with a letter", suggest.Quote(name))
	}
	if fn == nil {
		return nil, fmt.Errorf("context field %s: nil function", suggest.Quote(name))
	}
	f := &Field{Name: name, Doc: doc}
	f.compute = func(v *Values, _ int) (document.Value, bool) {
		x, ok := fn(v.Case, v.Now)
		if !ok {
			return document.Value{}, false
		}
		val, err := FromGo(x)
		if err != nil {
			v.fail(fmt.Errorf("context field %s: %w", suggest.Quote(name), err))
			return document.Value{}, false
		}
		return val, true
	}
	return r.with(f), nil
}

// Values holds the context fields of one case, computed on first read.
type Values struct {
	reg  *Registry
	Case document.Value
	Now  time.Time
	// Ctx, when set, is watched while expressions run, so that a deadline
	// or a cancellation ends them; Reset clears it.
	Ctx stdctx.Context
	// Spend, when set, is told of the units each expression spends as it
	// spends them, and its error stops the expression: the budget of an
	// evaluation, which all its expressions share.
	Spend func(units int) error
	vals  []document.Value
	state []uint8
	err   error
	cache map[string]any // expression fields: the case as plain values
	conv  map[string]any // the context fields expressions read, as plain values
	meter meter          // what the running expression has left to spend
}

const (
	unknown uint8 = iota
	computing
	present
	absent
)

// NewValues returns the context of one case.
func (r *Registry) NewValues(c document.Value, now time.Time) *Values {
	v := &Values{reg: r.build()}
	v.Reset(c, now)
	return v
}

// Reset points the values at another case, forgetting what was computed.
func (v *Values) Reset(c document.Value, now time.Time) {
	n := len(v.reg.fields)
	if cap(v.vals) < n {
		v.vals = make([]document.Value, n)
		v.state = make([]uint8, n)
	}
	v.vals = v.vals[:n]
	v.state = v.state[:n]
	clear(v.state) // a value is read only once its state says present
	v.Case, v.Now, v.err, v.cache, v.conv, v.Ctx = c, now, nil, nil, nil, nil
}

// Registry returns the registry the values come from.
func (v *Values) Registry() *Registry { return v.reg }

// Get returns a field, computing it on first use. It is false when the
// field is absent for this case or unknown.
func (v *Values) Get(name string) (document.Value, bool) {
	i := v.reg.find(name)
	if i < 0 {
		return document.Value{}, false
	}
	return v.get(i)
}

func (v *Values) get(i int) (document.Value, bool) {
	switch v.state[i] {
	case present:
		return v.vals[i], true
	case absent:
		return document.Value{}, false
	case computing:
		v.fail(fmt.Errorf("context field %s depends on itself", suggest.Quote(v.reg.fields[i].Name)))
		return document.Value{}, false
	}
	v.state[i] = computing
	val, ok := v.reg.fields[i].compute(v, i)
	if !ok {
		v.state[i] = absent
		return document.Value{}, false
	}
	v.vals[i] = val
	v.state[i] = present
	return v.vals[i], true
}

// Explain says where a field's value came from, for traces: for
// company_age, the date and its pointer in the case.
func (v *Values) Explain(name string) string { return v.ExplainShown(name, nil) }

// Show writes, for a sentence, a value an explanation quotes: val, with its
// JSON Pointer in the case ("" for a computed value), which text would
// show. A mask gives one to hide what it hides.
type Show func(val document.Value, pointer, text string) string

// ExplainShown is Explain with each value of the case it quotes written
// by show (nil: as it is).
func (v *Values) ExplainShown(name string, show Show) string {
	i := v.reg.find(name)
	if i < 0 {
		return fmt.Sprintf("%s is not a context field", name)
	}
	f := v.reg.fields[i]
	val, ok := v.get(i)
	if f.explain != nil {
		return f.explain(v, show)
	}
	if !ok {
		return fmt.Sprintf("%s is absent for this case", name)
	}
	if show != nil {
		return fmt.Sprintf("%s = %s", name, show(val, "", val.String()))
	}
	return fmt.Sprintf("%s = %s", name, val.String())
}

// Err returns the first error met while computing fields, or nil.
func (v *Values) Err() error { return v.err }

func (v *Values) fail(err error) {
	if v.err == nil {
		v.err = err
	}
}

// FromGo converts a Go value to a document value: nil, bool, string, Go
// integers and floats, json.Number, *big.Int, time.Time (RFC 3339), []any,
// map[string]any (members sorted by name) and document.Value.
func FromGo(x any) (document.Value, error) {
	switch t := x.(type) {
	case nil:
		return document.NewNull(), nil
	case document.Value:
		if !t.Exists() {
			return document.NewNull(), nil
		}
		return t, nil
	case bool:
		return document.NewBool(t), nil
	case string:
		return document.NewString(t), nil
	case int:
		return document.NewInt(int64(t)), nil
	case int8:
		return document.NewInt(int64(t)), nil
	case int16:
		return document.NewInt(int64(t)), nil
	case int32:
		return document.NewInt(int64(t)), nil
	case int64:
		return document.NewInt(t), nil
	case uint:
		return numberValue(fmt.Sprint(t))
	case uint8:
		return document.NewInt(int64(t)), nil
	case uint16:
		return document.NewInt(int64(t)), nil
	case uint32:
		return document.NewInt(int64(t)), nil
	case uint64:
		return numberValue(fmt.Sprint(t))
	case float32:
		return floatValue(float64(t))
	case float64:
		return floatValue(t)
	case json.Number:
		return numberValue(string(t))
	case *big.Int:
		return numberValue(t.String())
	case time.Time:
		return document.NewString(t.UTC().Format(time.RFC3339Nano)), nil
	case time.Duration:
		return floatValue(t.Seconds())
	case []string:
		elems := make([]document.Value, len(t))
		for i, s := range t {
			elems[i] = document.NewString(s)
		}
		return document.NewArray(elems...), nil
	case []any:
		elems := make([]document.Value, len(t))
		for i, e := range t {
			v, err := FromGo(e)
			if err != nil {
				return document.Value{}, err
			}
			elems[i] = v
		}
		return document.NewArray(elems...), nil
	case map[string]any:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		members := make([]document.Member, len(keys))
		for i, k := range keys {
			v, err := FromGo(t[k])
			if err != nil {
				return document.Value{}, err
			}
			members[i] = document.Member{Name: k, Value: v}
		}
		return document.NewObject(members...), nil
	}
	return document.Value{}, fmt.Errorf("cannot use a %T as a JSON value", x)
}

func floatValue(f float64) (document.Value, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return document.Value{}, fmt.Errorf("%v has no JSON form", f)
	}
	return document.NewFloat(f), nil
}

func numberValue(lit string) (document.Value, error) {
	v, ok := document.NewNumber(lit)
	if !ok {
		return document.Value{}, fmt.Errorf("%s is not a JSON number", suggest.Quote(lit))
	}
	return v, nil
}
