package rules

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/verdict-rules/verdict/conditions"
	"github.com/verdict-rules/verdict/conditions/jsonpath"
	casectx "github.com/verdict-rules/verdict/context"
	"github.com/verdict-rules/verdict/internal/suggest"
)

// Program is a compiled automation. It is immutable and safe for concurrent
// use by any number of goroutines. (It remembers the text of its recent
// notes, to share them between results; that changes no result.)
type Program struct {
	cfg      *config
	def      Automation
	ref      AutomationRef
	changeID string // changeset entry id: the automation's id, else its name
	// docPointer is the automation's place in the document it was parsed
	// from ("", "/2", "/data/2"). Errors and warnings rendered against the
	// file use it; results, traces and notes point into the automation
	// alone, whatever the file's shape.
	docPointer string
	triggers   []Trigger
	// custom[i] matches triggers[i] when its type is registered; nil for
	// the built-in types.
	custom  []func(Trigger, *Event) bool
	conds   []conditions.Node // the top-level conditions, an implicit and
	actions []compiledAction
	context bool // some condition reads $.context
	// ctxNames maps each field or path that reads $.context.<name> to the
	// name, for traces.
	ctxNames map[string]string
	// quotedName is the name as Go quotes it, for notes.
	quotedName string
	// failNotes[i] are the notes of a result whose condition i does not
	// hold: [0] in a dry run, [1] when the event matched a trigger. They
	// depend on nothing else, so they are written once.
	failNotes [][2]string
	// notes are recent notes of another kind it wrote (fired, or not
	// triggered), in slots chosen by the old status: the next one with the
	// same text shares its string, and when statusOnly, the next one
	// written from the same event, outcome and old status is not written
	// again.
	notes      [16]atomic.Pointer[noteMemo]
	statusOnly bool // its one action is set_case_status
	warnings   []Warning
	table      *jsonpath.Table // the paths its conditions read (shared in a Set)
	pool       sync.Pool       // *evalState
}

// Compile compiles one automation. Every problem is reported at once in an
// ErrorList: schema violations, unknown types and statuses, malformed
// JSONPaths (with the byte offset), regular expressions and expressions.
// When the automation came from Parse, pointers, lines and columns refer to
// the document it was parsed from.
func Compile(def Automation, opts ...Option) (*Program, error) {
	cfg, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	return cfg.compile(def)
}

// MustCompile is Compile for definitions known to be valid, as in tests
// and examples; it panics on error.
func MustCompile(def Automation, opts ...Option) *Program {
	p, err := Compile(def, opts...)
	if err != nil {
		panic(err)
	}
	return p
}

func (cfg *config) compile(def Automation) (*Program, error) {
	p, errs, err := cfg.build(def)
	if err != nil {
		return nil, err
	}
	if len(errs) > 0 {
		return nil, located(def.origin.doc, errs)
	}
	return p, nil
}

// build compiles a definition; the problems it finds are not yet located
// in the definition's document, so that a Set locates those of all its
// definitions in one reading of their document.
func (cfg *config) build(def Automation) (*Program, ErrorList, error) {
	base := def.origin.pointer
	// The definition is checked in its JSON form, so Go-built and parsed
	// definitions get the same checks and messages.
	raw, err := json.Marshal(def)
	if err != nil {
		return nil, nil, fmt.Errorf("rules: %w", err)
	}
	doc, err := jsonpath.Decode(raw)
	if err != nil {
		return nil, nil, fmt.Errorf("rules: %w", err)
	}
	errs := cfg.validateDefinition(doc, base)
	if len(errs) > 0 {
		return nil, errs, nil
	}
	p := &Program{cfg: cfg, def: def, docPointer: base, triggers: def.Triggers,
		ref: AutomationRef{ID: def.ID, Name: def.Name}, changeID: def.ID}
	if p.changeID == "" {
		p.changeID = def.Name
	}
	p.table = cfg.table
	if p.table == nil {
		p.table = jsonpath.NewTable()
	}
	copts := conditions.Options{
		ContextFields: cfg.fieldNames,
		Types:         cfg.conditionTypes,
		Expression:    cfg.expressionCompiler(),
		Table:         p.table,
		Paths:         cfg.paths(),
		MaxRegexp:     cfg.limits.RegexpBytes,
	}
	for i, c := range def.Conditions {
		// Nodes carry pointers relative to the automation; errors, which
		// are rendered against the file, get the automation's place.
		copts.Pointer = jsonpath.IndexPointer("/conditions", i)
		n, cerrs := conditions.Compile(c, copts)
		for _, e := range cerrs {
			errs = append(errs, &Error{Pointer: base + e.Pointer, Offset: e.Offset, Code: e.Code, Msg: e.Msg, Source: e.Source})
		}
		p.conds = append(p.conds, n)
	}
	for i, a := range def.Actions {
		run, err := cfg.compileAction(a)
		if err != nil {
			errs = append(errs, &Error{Pointer: jsonpath.IndexPointer(base+"/actions", i), Offset: -1, Code: "action", Msg: err.Error()})
			continue
		}
		ca := compiledAction{def: a, run: run}
		if a.Type == "set_case_status" {
			ca.status = newStatusChange(a.Status)
		}
		p.actions = append(p.actions, ca)
	}
	if len(errs) > 0 {
		return nil, errs, nil
	}
	p.ctxNames = map[string]string{}
	cfg.contextNames(def.Conditions, p.ctxNames)
	p.context = len(p.ctxNames) > 0 || hasExpression(def.Conditions)
	p.warnings = capWarnings(cfg.lint(def, ""))
	cfg.parsed = nil
	p.quotedName = strconv.Quote(def.Name)
	p.custom = make([]func(Trigger, *Event) bool, len(p.triggers))
	for i, t := range p.triggers {
		if tt, ok := cfg.triggerTypes[t.Type]; ok {
			p.custom[i] = tt.Match
		}
	}
	p.statusOnly = len(p.actions) == 1 && p.actions[0].status != nil
	p.failNotes = make([][2]string, len(p.conds))
	for i := range p.conds {
		p.failNotes[i][0] = p.note(&Result{}, nil, i)
		p.failNotes[i][1] = p.note(&Result{Triggered: true}, &Event{}, i)
	}
	p.pool.New = func() any { return p.newState() }
	return p, nil, nil
}

// contextNames records, for each field and path of the conditions that
// reads $.context.<name>, the name.
func (cfg *config) contextNames(cs []Condition, into map[string]string) {
	for _, c := range cs {
		for _, src := range [...]string{c.Field, c.Path} {
			if name := cfg.contextName(src); name != "" {
				into[src] = name
			}
		}
		cfg.contextNames(c.Conditions, into)
		if c.Condition != nil {
			cfg.contextNames([]Condition{*c.Condition}, into)
		}
	}
}

// hasExpression reports whether an expression condition, which may read
// any context field, is among the conditions.
func hasExpression(cs []Condition) bool {
	for _, c := range cs {
		if c.Type == "expression" || hasExpression(c.Conditions) || (c.Condition != nil && hasExpression([]Condition{*c.Condition})) {
			return true
		}
	}
	return false
}

// Automation returns the definition the program was compiled from (the
// zero Automation for a nil or zero Program).
func (p *Program) Automation() Automation {
	if p == nil {
		return Automation{}
	}
	return p.def
}

// Warnings returns what compiling found worth a look but not wrong. Their
// pointers are relative to the automation, like those of results; add
// DocumentPointer to find them in the file.
func (p *Program) Warnings() []Warning {
	if p == nil {
		return nil
	}
	return append([]Warning(nil), p.warnings...)
}

// errNotCompiled is what the methods of a Program or Set that did not come
// from Compile or CompileSet return: a zero value has nothing to run.
var errNotCompiled = errors.New("rules: the program was not compiled: use Compile or CompileSet")

// errNilContext is what Evaluate returns for a nil context.
var errNilContext = errors.New("rules: Evaluate needs a context: pass context.Background() rather than nil")

// DocumentPointer returns the automation's place in the document Parse
// read it from: "" for a file of one automation, "/2" in an array,
// "/data/2" in an API list response. Pointers in results, traces, notes
// and warnings are relative to the automation; this is what turns them
// into places in the file (as verdict validate shows them).
func (p *Program) DocumentPointer() string {
	if p == nil {
		return ""
	}
	return p.docPointer
}

// EvalOption configures one evaluation.
type EvalOption func(*evalConfig)

type evalConfig struct {
	trace bool
}

// WithTrace asks for Result.Trace: the condition tree with the values each
// path yielded, what they were compared with, the outcome and the reason.
// Tracing allocates; it is off by default. A traced Result equals the
// untraced one once Trace is removed.
func WithTrace() EvalOption { return func(c *evalConfig) { c.trace = true } }

// evalOptions applies evaluation options. It leaves the common case, no
// options, free of allocations.
func evalOptions(opts []EvalOption) evalConfig {
	if len(opts) == 0 {
		return evalConfig{}
	}
	c := new(evalConfig)
	for _, o := range opts {
		if o != nil {
			o(c)
		}
	}
	return *c
}

// evalState is the scratch space of one evaluation, pooled.
type evalState struct {
	in   conditions.Input
	vals *casectx.Values
	data evalData
	note []byte // where notes are written before they are compared with the last one
}

// evalData is what expressions and registered types see besides the case.
type evalData struct {
	c      *Case
	ev     *Event
	now    time.Time
	values *casectx.Values
}

func (cfg *config) newState(table *jsonpath.Table) *evalState {
	st := &evalState{vals: cfg.context.NewValues(nil, time.Time{})}
	st.in.Memo = table.NewMemo()
	st.in.Env.Context = st.vals.Get
	st.in.Env.MaxValues = cfg.limits.PathValues
	st.in.Env.MaxVisits = cfg.limits.PathVisits
	st.data.values = st.vals
	st.in.Data = &st.data
	return st
}

func (p *Program) newState() *evalState { return p.cfg.newState(p.table) }

// ContextValues and EventMap give expression conditions their scope.
func (d *evalData) ContextValues() *casectx.Values { return d.values }

func (d *evalData) EventMap() map[string]any {
	if d.ev == nil {
		return nil
	}
	m := map[string]any{"type": d.ev.Type, "status": d.ev.Status, "previous_status": d.ev.PreviousStatus}
	for k, v := range d.ev.Data {
		var x any
		if json.Unmarshal(v, &x) == nil {
			m[k] = x
		}
	}
	return m
}

// reset prepares the state for an evaluation; the walks of its paths and
// its expressions watch ctx.
func (st *evalState) reset(ctx context.Context, c *Case, ev *Event, now time.Time) {
	st.in.Reset()
	st.in.Memo.Reset()
	st.in.Case = c.root
	st.in.Env.Ctx = ctx
	st.vals.Reset(c.root, now)
	st.vals.Ctx = ctx
	st.data.c, st.data.ev, st.data.now = c, ev, now
}

// release forgets the evaluation's context and returns the state to its
// pool.
func (st *evalState) release(pool *sync.Pool) {
	st.in.Env.Ctx, st.vals.Ctx = nil, nil
	pool.Put(st)
}

// Evaluate runs the automation against a case and an event. A nil event
// is a conditions-only dry run: the result says so, and fires when the
// conditions hold. The case is never changed. Errors come from ctx, from a
// path that yields more values than the limit allows, or from an
// expression that fails.
func (p *Program) Evaluate(ctx context.Context, c *Case, ev *Event, opts ...EvalOption) (Result, error) {
	if p == nil || p.cfg == nil {
		return Result{}, errNotCompiled
	}
	if ctx == nil {
		return Result{}, errNilContext
	}
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	if c == nil || c.root == nil {
		return Result{}, errors.New("rules: Evaluate needs a case")
	}
	ec := evalOptions(opts)
	st := p.pool.Get().(*evalState)
	defer st.release(&p.pool)
	st.reset(ctx, c, ev, p.cfg.clock())
	var r Result
	if err := p.evaluate(st, c, ev, &ec, &r); err != nil {
		return Result{}, err
	}
	return r, nil
}

// evaluate runs the program on a prepared state, writing into r, which
// must be a zero Result; Set shares one state (and so one computed
// context) between its programs.
func (p *Program) evaluate(st *evalState, c *Case, ev *Event, ec *evalConfig, r *Result) error {
	r.Automation, r.Actions, r.Changeset, r.Warnings = p.ref, []ActionResult{}, []ChangesetEntry{}, []Warning{}
	if ev != nil {
		r.Event = ev
		r.Triggered = p.matches(ev)
	}
	failed := -1
	if ec.trace {
		t := &Trace{Type: "and", Pointer: "/conditions", Outcome: true}
		for i, n := range p.conds {
			kt := n.Explain(&st.in)
			t.Children = append(t.Children, kt)
			if !kt.Outcome && failed < 0 {
				failed = i
				t.Outcome = false
			}
		}
		t.Reason = topReason(len(p.conds), failed)
		if p.context {
			annotateContext(t, st.vals, p.ctxNames)
		}
		r.Trace = t
	} else {
		for i, n := range p.conds {
			if !n.Eval(&st.in) {
				failed = i
				break
			}
		}
	}
	if err := st.in.Err(); err != nil {
		return fmt.Errorf("automation %s: %w", suggest.Quote(p.ref.Name), err)
	}
	if err := st.vals.Err(); err != nil {
		return fmt.Errorf("automation %s: %w", suggest.Quote(p.ref.Name), err)
	}
	switch {
	case r.Trace != nil:
		r.DecidedBy = r.Trace.Decider().Pointer
	case failed < 0:
		r.DecidedBy = "/conditions"
	default:
		r.DecidedBy = conditions.Decider(p.conds[failed], &st.in, false)
	}
	r.Matched = failed < 0
	r.Fired = r.Matched && (ev == nil || r.Triggered)
	if r.Fired {
		var room *changeRoom
		if len(p.actions) == 1 {
			// The common case, one action: its result and changeset entry
			// in one allocation.
			blk := new(firedBlock)
			r.Actions, r.Changeset = blk.a[:0], blk.e[:0]
			room = &blk.room
		} else {
			r.Actions = make([]ActionResult, 0, len(p.actions))
			r.Changeset = make([]ChangesetEntry, 0, len(p.actions))
		}
		for _, a := range p.actions {
			var changes []Change
			var reason string
			var err error
			if a.status != nil && room != nil {
				changes, reason = a.status.into(c, room)
			} else {
				changes, reason, err = a.run(c)
			}
			if err != nil {
				return fmt.Errorf("automation %s: action %s: %w", suggest.Quote(p.ref.Name), a.def.Type, err)
			}
			r.Actions = append(r.Actions, ActionResult{Type: a.def.Type, Check: a.def.Check, Status: a.def.Status,
				Params: a.def.Params, Noop: len(changes) == 0, Reason: reason})
			if len(changes) > 0 {
				r.Changeset = append(r.Changeset, ChangesetEntry{ID: p.changeID, Type: a.def.Type, Changes: changes})
			}
		}
	}
	switch {
	case r.Matched || (ev != nil && !r.Triggered):
		r.Note = Note{Section: "automation", Body: p.noteOf(st, r, ev, failed)}
	case ev == nil:
		r.Note = Note{Section: "automation", Body: p.failNotes[failed][0]}
	default:
		r.Note = Note{Section: "automation", Body: p.failNotes[failed][1]}
	}
	if len(p.warnings) > 0 {
		r.Warnings = append(r.Warnings, p.warnings...)
	}
	if p.context {
		if c.shadow {
			r.Warnings = append(r.Warnings, Warning{Offset: -1, Code: "context_shadowed",
				Message: "the case has its own \"context\" member; $.context reads the computed fields instead"})
		}
	}
	return nil
}

// firedBlock is the one allocation of a fired one-action result: the
// action, its changeset entry and its change.
type firedBlock struct {
	a    [1]ActionResult
	e    [1]ChangesetEntry
	room changeRoom
}

// matches reports whether an event matches one of the triggers.
func (p *Program) matches(ev *Event) bool {
	for i, t := range p.triggers {
		if match := p.custom[i]; match != nil {
			if match(t, ev) {
				return true
			}
			continue
		}
		if !sameTrigger(t.Type, ev.Type) {
			continue
		}
		if t.Status != "" && t.Status != ev.Status {
			continue
		}
		if t.PreviousStatus != "" && t.PreviousStatus != ev.PreviousStatus {
			continue
		}
		return true
	}
	return false
}

// sameTrigger treats case_status_change, the name the changelog uses, as
// an alias of case_status_updated.
func sameTrigger(a, b string) bool {
	if a == b {
		return true
	}
	alias := func(s string) bool { return s == "case_status_updated" || s == "case_status_change" }
	return alias(a) && alias(b)
}

func topReason(n, failed int) string { return string(appendTopReason(nil, n, failed)) }

func appendTopReason(b []byte, n, failed int) []byte {
	switch {
	case n == 0:
		return append(b, "no conditions: the automation always matches"...)
	case failed >= 0:
		b = append(b, "condition "...)
		b = strconv.AppendInt(b, int64(failed+1), 10)
		b = append(b, " of "...)
		b = strconv.AppendInt(b, int64(n), 10)
		return append(b, " does not hold"...)
	case n == 1:
		return append(b, "the condition holds"...)
	}
	b = append(b, "all "...)
	b = strconv.AppendInt(b, int64(n), 10)
	return append(b, " conditions hold"...)
}

// annotateContext adds to each trace of a $.context path where the value
// came from.
func annotateContext(t *Trace, vals *casectx.Values, names map[string]string) {
	if name := names[t.Field]; name != "" {
		t.Reason += "; " + vals.Explain(name)
	}
	if name := names[t.Path]; name != "" {
		t.Reason += "; " + vals.Explain(name)
	}
	for _, k := range t.Children {
		annotateContext(k, vals, names)
	}
}

func (cfg *config) contextName(field string) string {
	if field == "" {
		return ""
	}
	p, err := cfg.parsePath(field)
	if err != nil {
		return ""
	}
	return p.Context()
}

// note writes the body of the note an evaluation adds to the case.
func (p *Program) note(r *Result, ev *Event, failed int) string {
	return string(p.appendNote(nil, r, ev, failed))
}

// noteOf is note written in the state's buffer. The notes of one
// automation repeat (the same event, the same status before and after), so
// a note with the text of the last one shares its string, which is
// immutable, instead of allocating its own. When the one action is
// set_case_status, what the note says follows from the event, the outcome
// and the old status alone, and a note from the same ones is not written
// again.
func (p *Program) noteOf(st *evalState, r *Result, ev *Event, failed int) string {
	var old []byte
	if p.statusOnly && len(r.Changeset) == 1 {
		old = r.Changeset[0].Changes[0].OldValue
	}
	// Cases in different statuses keep their notes in different slots
	// (a collision only costs writing the note again).
	h := len(old) * 31
	if len(old) > 1 {
		h += int(old[1])
	}
	if r.Fired {
		h += 7
	}
	slot := &p.notes[h&(len(p.notes)-1)]
	last := slot.Load()
	if p.statusOnly && last != nil && last.from(r, ev, failed, old) {
		return last.body
	}
	b := p.appendNote(st.note[:0], r, ev, failed)
	st.note = b
	m := &noteMemo{}
	if last != nil && last.body == string(b) {
		m.body = last.body
	} else {
		m.body = string(b)
	}
	if p.statusOnly {
		m.keyed = true
		m.event, m.fired, m.matched, m.triggered, m.failed = ev != nil, r.Fired, r.Matched, r.Triggered, failed
		if ev != nil {
			m.evType, m.evPrev, m.evStatus = ev.Type, ev.PreviousStatus, ev.Status
		}
		m.noop = len(r.Actions) == 1 && r.Actions[0].Noop
		m.old = string(old)
	}
	slot.Store(m)
	return m.body
}

// noteMemo is a note and, when keyed, all it was written from.
type noteMemo struct {
	body                             string
	keyed                            bool
	event, fired, matched, triggered bool
	failed                           int
	evType, evPrev, evStatus         string
	noop                             bool
	old                              string // the old value of the status change
}

// from reports whether the note was written from these.
func (m *noteMemo) from(r *Result, ev *Event, failed int, old []byte) bool {
	if !m.keyed || m.event != (ev != nil) || m.fired != r.Fired || m.matched != r.Matched ||
		m.triggered != r.Triggered || m.failed != failed {
		return false
	}
	if ev != nil && (m.evType != ev.Type || m.evPrev != ev.PreviousStatus || m.evStatus != ev.Status) {
		return false
	}
	return m.noop == (len(r.Actions) == 1 && r.Actions[0].Noop) && m.old == string(old)
}

func (p *Program) appendNote(b []byte, r *Result, ev *Event, failed int) []byte {
	b = append(b, "Automation "...)
	b = append(b, p.quotedName...)
	if p.ref.ID != "" {
		b = append(b, " ("...)
		b = append(b, p.ref.ID...)
		b = append(b, ')')
	}
	switch {
	case r.Fired:
		b = append(b, " fired"...)
		if ev == nil {
			b = append(b, " in a conditions-only dry run (no event)"...)
		} else {
			b = append(b, " on "...)
			b = appendEvent(b, ev)
		}
		b = append(b, ": "...)
		b = appendTopReason(b, len(p.conds), -1)
		b = append(b, '.')
		next := 0 // the changeset entry of the next action that changed something
		for _, a := range r.Actions {
			b = append(b, ' ')
			var changes []Change
			if !a.Noop && next < len(r.Changeset) {
				changes = r.Changeset[next].Changes
				next++
			}
			b = appendAction(b, a, changes)
			b = append(b, '.')
		}
	case !r.Matched:
		b = append(b, " did not fire: "...)
		if n := len(p.conds); n > 1 {
			b = append(b, "condition "...)
			b = strconv.AppendInt(b, int64(failed+1), 10)
			b = append(b, " of "...)
			b = strconv.AppendInt(b, int64(n), 10)
		} else {
			b = append(b, "its condition"...)
		}
		b = append(b, " ("...)
		b = append(b, p.def.Conditions[failed].Type...)
		b = append(b, ", "...)
		b = append(b, "/conditions/"...)
		b = strconv.AppendInt(b, int64(failed), 10)
		b = append(b, ") does not hold"...)
		if ev == nil {
			b = append(b, " (conditions-only dry run, no event)"...)
		} else if !r.Triggered {
			b = append(b, ", and "...)
			b = appendEvent(b, ev)
			b = append(b, " matches none of its triggers"...)
		}
		b = append(b, '.')
	default:
		b = append(b, " did not fire: "...)
		b = appendEvent(b, ev)
		b = append(b, " matches none of its triggers; the conditions hold."...)
	}
	return b
}

func describeEvent(ev *Event) string { return string(appendEvent(nil, ev)) }

func appendEvent(b []byte, ev *Event) []byte {
	b = append(b, ev.Type...)
	if ev.PreviousStatus != "" && ev.Status != "" {
		b = append(b, " from "...)
		b = append(b, ev.PreviousStatus...)
	}
	if ev.Status != "" {
		b = append(b, " to "...)
		b = append(b, ev.Status...)
	}
	return b
}

func appendAction(b []byte, a ActionResult, changes []Change) []byte {
	switch a.Type {
	case "set_case_status":
		b = append(b, "Set the case status to "...)
		b = append(b, a.Status...)
	case "set_check_status":
		b = append(b, "Set the "...)
		b = append(b, a.Check...)
		b = append(b, " check status to "...)
		b = append(b, a.Status...)
	default:
		b = append(b, "Ran "...)
		b = append(b, a.Type...)
	}
	if a.Noop {
		b = append(b, ": no change, "...)
		return append(b, a.Reason...)
	}
	b = append(b, " ("...)
	for i, c := range changes {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, c.Field...)
		b = append(b, ' ')
		b = append(b, c.OldValue...)
		b = append(b, " → "...)
		b = append(b, c.NewValue...)
	}
	return append(b, ')')
}
