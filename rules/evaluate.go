package rules

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
	"unsafe"

	casectx "github.com/verdict-rules/verdict/context"
	"github.com/verdict-rules/verdict/diag"
	"github.com/verdict-rules/verdict/document"

	"github.com/verdict-rules/verdict/internal/budget"
	"github.com/verdict-rules/verdict/internal/eval"
	"github.com/verdict-rules/verdict/internal/jsonpath"
	"github.com/verdict-rules/verdict/internal/suggest"
	"github.com/verdict-rules/verdict/mask"
)

// EvalOption configures one evaluation.
type EvalOption func(*evalConfig)

type evalConfig struct {
	trace, evidence, named bool
	mask                   *mask.Mask
}

// WithTrace adds the explained condition tree (Result.Trace), nothing else.
func WithTrace() EvalOption { return func(c *evalConfig) { c.trace = true } }

// WithCaseAutomations runs only the automations the case names
// (cases.Case.Automations); the others, and unknown ids, get NotRun.
func WithCaseAutomations() EvalOption { return func(c *evalConfig) { c.named = true } }

// The reasons of Result.NotRun.
const (
	notNamed     = "the case does not name it"
	unknownNamed = "the case names it, and no automation evaluated has this id"
)

// WithEvidence is WithTrace with each value's place (Trace.Sources).
func WithEvidence() EvalOption { return func(c *evalConfig) { c.trace, c.evidence = true, true } }

// WithMask hides what m masks in the trace and the note (see Mask.Reach).
func WithMask(m *mask.Mask) EvalOption { return func(c *evalConfig) { c.mask = m } }

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
	in   eval.Input
	vals *casectx.Values
	data evalData
	note []byte // where a note is written before it is copied into its string
}

// evalData is what expressions and registered types see besides the case.
type evalData struct {
	c      *Case
	ev     *Event
	now    time.Time
	values *casectx.Values
}

func (cfg *config) newState(table *jsonpath.Table) *evalState {
	st := &evalState{vals: cfg.context.NewValues(document.Value{}, time.Time{})}
	st.in.Memo = table.NewMemo()
	st.in.Env.Context = st.vals.Get
	st.in.Env.MaxValues = cfg.limits.PathValues
	st.in.Env.MaxVisits = cfg.limits.PathVisits
	st.in.MaxSteps = cfg.limits.EvalSteps
	st.in.TraceBytes = cfg.limits.TraceBytes
	// Expressions spend from the evaluation's steps too.
	st.vals.Spend = func(units int) error {
		if st.in.Steps.Take(units * budget.ExprUnit) {
			return nil
		}
		return st.in.Steps.Err()
	}
	st.data.values = st.vals
	st.in.Context = st.vals
	st.in.Event = st.data.EventMap
	return st
}

func (p *Program) newState() *evalState { return p.cfg.newState(p.table) }

// EventMap gives expression conditions the event's members: its other
// members converted as the case's values are (9007199254740993 stays
// itself, 5 is an int), then type, status and previous_status as the
// triggers read them, which a member of Data of the same name cannot
// replace.
func (d *evalData) EventMap() map[string]any {
	if d.ev == nil {
		return nil
	}
	m := make(map[string]any, len(d.ev.Data)+3)
	for k, v := range d.ev.Data {
		if doc, err := (document.Decoder{MaxDepth: eventDepth}).Decode(v); err == nil {
			m[k] = casectx.ExprValue(doc)
		}
	}
	m["type"], m["status"], m["previous_status"] = d.ev.Type, d.ev.Status, d.ev.PreviousStatus
	return m
}

// eventDepth bounds the nesting of an event's member, as event.Parse
// bounds the event's.
const eventDepth = 64

// reset prepares the state for an evaluation; the walks of its paths and
// its expressions watch ctx.
func (st *evalState) reset(ctx context.Context, c *Case, ev *Event, now time.Time) {
	st.in.Reset()
	st.in.Memo.Reset()
	st.in.Case = c.Value()
	st.in.Env.Ctx = ctx
	st.vals.Reset(c.Value(), now)
	st.vals.Ctx = ctx
	st.data.c, st.data.ev, st.data.now = c, ev, now
}

// release forgets the evaluation's context and case and returns the state
// to its pool.
func (st *evalState) release(pool *sync.Pool) {
	st.in.Env.Ctx, st.vals.Ctx = nil, nil
	st.in.Forget()
	pool.Put(st)
}

// maskErr hides in an evaluation's error what the mask hides, as the
// trace's copy of it does: an expression's error may quote a value of the
// case ("int(CRMSECRET1)"). An error whose text quotes nothing masked is
// returned as it is; another becomes its masked text. Its *Error keeps
// its pointer and offset, which are the definition's (a masked number
// such as 0 would else garble /conditions/0), and errors.As still opens
// it, masked; errors.Is still finds its cause (the context's deadline),
// and errors.As its *context.BudgetError, which quote no case.
func (st *evalState) maskErr(err error) error {
	text := err.Error()
	masked := st.in.MaskText(text)
	if masked == text {
		return err
	}
	out := &maskedError{text: masked, cause: err}
	var p *diag.Problem
	if errors.As(err, &p) {
		q := *p
		q.Msg = st.in.MaskText(p.Msg)
		q.Err = nil
		if p.Err != nil {
			q.Err = &maskedError{text: st.in.MaskText(p.Err.Error()), cause: p.Err}
		}
		out.problem = &q
		if pt := p.Error(); strings.HasSuffix(text, pt) {
			out.text = st.in.MaskText(text[:len(text)-len(pt)]) + q.Error()
		}
	}
	return out
}

// maskCaseErr hides in err, the error of a case met before it is
// evaluated (a malformed automations list, which it quotes), what the
// mask of the evaluation hides.
func maskCaseErr(pool *sync.Pool, ctx context.Context, c *Case, ec *evalConfig, now time.Time, err error) error {
	if ec.mask == nil {
		return err
	}
	st := pool.Get().(*evalState)
	defer st.release(pool)
	st.reset(ctx, c, nil, now)
	if perr := st.prepare(ec); perr != nil {
		return fmt.Errorf("rules: %w", perr)
	}
	return st.maskErr(err)
}

// maskedError is an evaluation's error with what the mask hides hidden.
type maskedError struct {
	text    string
	problem *diag.Problem // masked, or nil
	cause   error         // the error in clear, never unwrapped
}

func (e *maskedError) Error() string { return e.text }

// Unwrap returns the masked *Error, if the error held one.
func (e *maskedError) Unwrap() error {
	if e.problem == nil {
		return nil
	}
	return e.problem
}

// Is reports whether the error in clear is target: only a yes or no.
func (e *maskedError) Is(target error) bool { return errors.Is(e.cause, target) }

// As opens the error in clear to a *context.BudgetError, which holds a
// bound and nothing of the case; the *Error is opened through Unwrap,
// masked.
func (e *maskedError) As(target any) bool {
	if be, ok := target.(**casectx.BudgetError); ok {
		return errors.As(e.cause, be)
	}
	return false
}

// prepare readies the evidence and the mask an evaluation asks for.
func (st *evalState) prepare(ec *evalConfig) error {
	if !ec.evidence && ec.mask == nil {
		return nil
	}
	return st.in.Evidence(ec.mask, ec.evidence)
}

// Evaluate runs the automation on a case and an event (nil: a dry run);
// its errors are ctx's, and *Error of a limit or a failed expression.
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
	if !c.Value().Exists() {
		return Result{}, errors.New("rules: Evaluate needs a case")
	}
	if err := coversLazy(c, p.reach); err != nil {
		return Result{}, err
	}
	ec := evalOptions(opts)
	if err := coversMask(c, ec.mask); err != nil {
		return Result{}, err
	}
	if ec.named {
		ids, _, err := c.Automations()
		if err != nil {
			return Result{}, maskCaseErr(&p.pool, ctx, c, &ec, p.cfg.clock(), err)
		}
		if !slices.Contains(ids, p.def.ID) {
			return notRun(p.ref, ev, notNamed), nil
		}
	}
	st := p.pool.Get().(*evalState)
	defer st.release(&p.pool)
	st.reset(ctx, c, ev, p.cfg.clock())
	if err := st.prepare(&ec); err != nil {
		return Result{}, fmt.Errorf("automation %q: %w", p.ref.Name, err)
	}
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
	r.Time = st.data.now
	if ev != nil {
		r.Event = ev
		r.Triggered = p.matches(ev)
	}
	if ec.trace {
		st.in.Record(p.cfg.counterfactuals)
	}
	failed := p.root.Eval(&st.in)
	r.Trace = p.root.Trace(&st.in)
	if err := st.in.Err(); err != nil {
		return fmt.Errorf("automation %s: %w", suggest.Quote(p.ref.Name), st.maskErr(err))
	}
	if err := st.vals.Err(); err != nil {
		return fmt.Errorf("automation %s: %w", suggest.Quote(p.ref.Name), st.maskErr(err))
	}
	r.DecidedBy = p.root.DecidedBy(&st.in, failed)
	r.Matched = failed < 0
	r.Fired = r.Matched && (ev == nil || r.Triggered)
	r.Note.Section = "automation"
	if !r.Matched && p.cfg.counterfactuals {
		return p.counterfactuals(st, c, ev, ec, r, failed)
	}
	switch {
	case r.Fired:
		if err := p.fire(st, c, ev, r); err != nil {
			return st.maskErr(err)
		}
	case r.Matched || (ev != nil && !r.Triggered) || p.root.HasLabels():
		b := p.appendNote(st.note[:0], r, ev, failed, st.in.MaskAt)
		st.note = b
		r.Note.Body = string(b)
	case ev == nil:
		r.Note.Body = p.failNotes[failed][0]
	default:
		r.Note.Body = p.failNotes[failed][1]
	}
	p.finish(st, c, ec, r)
	return nil
}

// counterfactuals finishes a result whose conditions do not hold, for a
// program compiled WithCounterfactuals: they are worked out on the trace
// (recorded now, when the caller did not ask for it), written on it, and
// said at the end of the note.
func (p *Program) counterfactuals(st *evalState, c *Case, ev *Event, ec *evalConfig, r *Result, failed int) error {
	if !ec.trace {
		st.in.Reset()
		st.in.Record(true)
		p.root.Eval(&st.in)
		if err := st.in.Err(); err != nil {
			return fmt.Errorf("automation %s: %w", suggest.Quote(p.ref.Name), st.maskErr(err))
		}
	}
	cfs := p.root.Counterfactuals(&st.in, ev == nil || r.Triggered)
	if err := st.in.Err(); err != nil {
		// Working them out passed the evaluation's budget or outlived
		// its context.
		return fmt.Errorf("automation %s: %w", suggest.Quote(p.ref.Name), st.maskErr(err))
	}
	b := p.appendNote(st.note[:0], r, ev, failed, st.in.MaskAt)
	b = appendCounterfactuals(b, cfs)
	st.note = b
	r.Note.Body = string(b)
	p.finish(st, c, ec, r)
	return nil
}

// finish adds the program's warnings.
func (p *Program) finish(st *evalState, c *Case, ec *evalConfig, r *Result) {
	p.warn(c, r)
}

// warn adds the program's warnings to a result.
func (p *Program) warn(c *Case, r *Result) {
	if len(p.warnings) > 0 {
		r.Warnings = append(r.Warnings, p.warnings...)
	}
	if p.context {
		if c.HasContext() {
			r.Warnings = append(r.Warnings, Warning{Offset: -1, Code: diag.ContextShadowed,
				Msg: "the case has its own \"context\" member; $.context reads the computed fields instead"})
		}
	}
}

// fire runs the actions of a fired automation and writes its note.
func (p *Program) fire(st *evalState, c *Case, ev *Event, r *Result) error {
	var blk *firedBlock
	note := st.note[:0]
	if len(p.actions) == 1 {
		// The common case, one action: its result, changeset entry,
		// change and note in one allocation.
		blk = new(firedBlock)
		r.Actions, r.Changeset, note = blk.a[:0], blk.e[:0], blk.note[:0]
	} else {
		r.Actions = make([]ActionResult, 0, len(p.actions))
		r.Changeset = make([]ChangesetEntry, 0, len(p.actions))
	}
	for _, a := range p.actions {
		var changes []Change
		var reason string
		var err error
		if a.status != nil {
			var room *changeRoom
			if blk != nil {
				room = &blk.room
			} else {
				room = new(changeRoom)
			}
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
	note = p.appendNote(note, r, ev, -1, st.in.MaskAt)
	if blk == nil {
		st.note = note
		r.Note.Body = string(note)
		return nil
	}
	// The note's bytes are in the block (or, when they outgrew it, in an
	// array of their own) and never written again: the string may stand
	// on them.
	r.Note.Body = unsafe.String(unsafe.SliceData(note), len(note))
	return nil
}

// firedBlock is the one allocation of a fired one-action result: the
// action, its changeset entry and change, and room for its note, which
// fills the block to a size class of the allocator (512 bytes).
type firedBlock struct {
	firedParts
	note [512 - unsafe.Sizeof(firedParts{})]byte
}

type firedParts struct {
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
		} else if t.Matches(ev) {
			return true
		}
	}
	return false
}

// Evaluate runs every automation in order; fired ones that disagree warn.
func (s *Set) Evaluate(ctx context.Context, c *Case, ev *Event, opts ...EvalOption) ([]Result, error) {
	if s == nil || s.cfg == nil {
		return nil, errNotCompiled
	}
	if ctx == nil {
		return nil, errNilContext
	}
	if !c.Value().Exists() {
		return nil, errors.New("rules: Evaluate needs a case")
	}
	if err := coversLazy(c, s.reach); err != nil {
		return nil, err
	}
	ec := evalOptions(opts)
	if err := coversMask(c, ec.mask); err != nil {
		return nil, err
	}
	var named map[string]bool // with WithCaseAutomations, the ids the case names
	var unknown []string
	if ec.named {
		ids, _, err := c.Automations()
		if err != nil {
			return nil, maskCaseErr(&s.pool, ctx, c, &ec, s.cfg.clock(), err)
		}
		named = make(map[string]bool, len(ids))
		for _, id := range ids {
			named[id] = true
			if !s.ids[id] {
				unknown = append(unknown, id)
			}
		}
	}
	st := s.pool.Get().(*evalState)
	defer st.release(&s.pool)
	st.reset(ctx, c, ev, s.cfg.clock())
	if err := st.prepare(&ec); err != nil {
		return nil, fmt.Errorf("rules: %w", err)
	}
	out := make([]Result, len(s.progs), len(s.progs)+len(unknown))
	for i, p := range s.progs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if ec.named && !named[p.def.ID] {
			out[i] = notRun(p.ref, ev, notNamed)
			continue
		}
		st.in.Reset()
		if err := p.evaluate(st, c, ev, &ec, &out[i]); err != nil {
			return nil, err
		}
	}
	var idNodes map[string]document.Value // with a mask, the unknown ids' nodes, to hide what it hides
	if ec.mask != nil && len(unknown) > 0 {
		idNodes = map[string]document.Value{}
		list, _ := c.Value().Member("automations")
		for i := range list.Len() {
			if id, ok := list.Index(i).Member("id"); ok {
				idNodes[id.Text()] = id
			}
		}
	}
	for _, id := range unknown {
		if tok, ok := st.in.MaskToken(idNodes[id]); ok {
			id = tok
		}
		out = append(out, notRun(AutomationRef{ID: id}, ev, unknownNamed))
	}
	markConflicts(out)
	return out, nil
}

// notRun is the result of an automation that did not run: nothing
// triggered, matched or fired, no note, and why.
func notRun(ref AutomationRef, ev *Event, why string) Result {
	return Result{Automation: ref, Event: ev, Actions: []ActionResult{}, Changeset: []ChangesetEntry{},
		Warnings: []Warning{}, NotRun: why}
}

// markConflicts warns on both sides when fired automations set one field of
// the case to different values. For each field it keeps the first
// automation that set each distinct value, so it stays linear in the number
// of automations.
func markConflicts(rs []Result) {
	type setter struct {
		result int
		value  []byte
	}
	byField := map[string][]setter{} // distinct values per field, in order
	var fields []string
	for i := range rs {
		for _, e := range rs[i].Changeset {
			for _, c := range e.Changes {
				list, seen := byField[c.Field]
				if !seen {
					fields = append(fields, c.Field)
				}
				known := false
				for _, s := range list {
					if bytes.Equal(s.value, c.NewValue) {
						known = true
						break
					}
				}
				if !known {
					byField[c.Field] = append(list, setter{i, c.NewValue})
				}
			}
		}
	}
	for _, field := range fields {
		distinct := byField[field]
		if len(distinct) < 2 {
			continue
		}
		for i := range rs {
			for _, e := range rs[i].Changeset {
				for _, c := range e.Changes {
					if c.Field != field {
						continue
					}
					for _, other := range distinct {
						if !bytes.Equal(other.value, c.NewValue) {
							rs[i].Warnings = append(rs[i].Warnings, conflict(rs[other.result].Automation, field, other.value))
						}
					}
				}
			}
		}
	}
}

func conflict(other AutomationRef, field string, value []byte) Warning {
	return Warning{Offset: -1, Code: diag.Conflict,
		Msg: fmt.Sprintf("automation %s also fired and sets %s to %s", suggest.Quote(other.Name), field, suggest.Cut(string(value)))}
}

// coversLazy is covers with a reach worked out only for a case decoded
// for one.
func coversLazy(c *Case, r *lazyReach) error {
	if c.Value().Doc().Reach() == nil {
		return nil // decoded whole
	}
	return covers(c, r.get())
}

// coversMask checks that a case decoded for a reach keeps what the mask
// of an evaluation reads: a value its decode skipped would change a
// token, or leave unmasked a value one of the mask's filters hides.
func coversMask(c *Case, m *mask.Mask) error {
	if m == nil || c.Value().Doc().Reach() == nil {
		return nil
	}
	if err := c.Value().Doc().Covers(m.Reach()); err != nil {
		return fmt.Errorf("rules: the case was decoded without what the mask reads: %w", err)
	}
	return nil
}

// covers checks that a case decoded for a program (cases.Decoder.Reach)
// keeps everything r reaches, so that a value its decode skipped is never
// read as a missing one.
func covers(c *Case, r *document.Reach) error {
	if err := c.Value().Doc().Covers(r); err != nil {
		return fmt.Errorf("rules: the case was decoded for a program that reads less: %w", err)
	}
	return nil
}
