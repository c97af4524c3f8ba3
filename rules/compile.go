package rules

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/verdict-rules/verdict/diag"
	"github.com/verdict-rules/verdict/document"
	"github.com/verdict-rules/verdict/internal/check"
	"github.com/verdict-rules/verdict/internal/eval"
	"github.com/verdict-rules/verdict/internal/jsonpath"
	"github.com/verdict-rules/verdict/internal/suggest"
)

// Compile checks and compiles one automation: every problem in one ErrorList.
func Compile(def Automation, opts ...Option) (*Program, error) {
	cfg, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	return cfg.compile(def)
}

// MustCompile is Compile that panics on error, for tests and examples.
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
	checked, errs, err := cfg.checked(def)
	if err != nil {
		return nil, nil, err
	}
	if len(errs) > 0 {
		return nil, rebase(errs, base), nil
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
	p.root, errs = eval.Compile(checked, eval.Options{Table: p.table, Types: cfg.evalTypes()})
	for i, a := range def.Actions {
		ca, err := cfg.compileAction(a)
		if err != nil {
			errs = append(errs, &Error{Pointer: document.IndexPointer("/actions", i), Offset: -1, Code: diag.Action, Msg: err.Error()})
			continue
		}
		p.actions = append(p.actions, ca)
	}
	if len(errs) > 0 {
		return nil, rebase(errs, base), nil
	}
	p.context = checked.ReadsContext
	p.reach = &lazyReach{make: func() *document.Reach { return cfg.reachOf(checked) }}
	if p.ref.Fingerprint, err = cfg.fingerprint(def, checked); err != nil {
		return nil, nil, err
	}
	p.warnings = cfg.lint(def, checked)
	p.noteHead = "Automation " + strconv.Quote(def.Name)
	if p.ref.ID != "" {
		p.noteHead += " (" + p.ref.ID + ")"
	}
	p.allHold = allHold(len(def.Conditions))
	p.custom = make([]func(Trigger, *Event) bool, len(p.triggers))
	for i, t := range p.triggers {
		if tt, ok := cfg.triggerTypes[t.Type]; ok {
			p.custom[i] = tt.Match
		}
	}
	p.failNotes = make([][2]string, len(def.Conditions))
	for i := range def.Conditions {
		p.failNotes[i][0] = p.note(&Result{}, nil, i)
		p.failNotes[i][1] = p.note(&Result{Triggered: true}, &Event{}, i)
	}
	p.pool.New = func() any { return p.newState() }
	return p, nil, nil
}

// checked returns the checked form of a definition: the one Parse made,
// while the definition is as Parse made it and the options are to the
// same effect; else the definition's document checked again, while it is
// as it was decoded; else the definition in its JSON form. Its problems
// are relative to the automation.
func (cfg *config) checked(def Automation) (*check.Definition, ErrorList, error) {
	o := def.origin
	if o.unchanged(def) {
		if o.checked != nil && o.key == cfg.key {
			return o.checked, nil, nil
		}
		checked, errs := check.Check(o.value, cfg.check)
		return checked, errs, nil
	}
	raw, err := json.Marshal(def)
	if err != nil {
		return nil, nil, fmt.Errorf("rules: %w", err)
	}
	v, err := document.Decode(raw)
	if err != nil {
		return nil, nil, fmt.Errorf("rules: %w", err)
	}
	checked, errs := check.Check(v, cfg.check)
	return checked, errs, nil
}

// CompileSet compiles automations into a Set, every problem in one ErrorList.
func CompileSet(defs []Automation, opts ...Option) (*Set, error) {
	cfg, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	return cfg.compileSet(defs)
}

func (cfg *config) compileSet(defs []Automation) (*Set, error) {
	s := &Set{cfg: cfg}
	cfg.table = jsonpath.NewTable()
	var errs ErrorList
	// The problems of definitions parsed from one document are located in
	// one reading of it.
	var pending []struct {
		doc  []byte
		errs ErrorList
	}
	for i, d := range defs {
		if d.origin.doc == nil {
			// Built in Go: point into the list as if it were a JSON array.
			d.origin.pointer = fmt.Sprintf("/%d", i)
		}
		p, list, err := cfg.build(d)
		if err != nil {
			return nil, err
		}
		if len(list) > 0 {
			if n := len(pending); n > 0 && sameDoc(pending[n-1].doc, d.origin.doc) {
				pending[n-1].errs = append(pending[n-1].errs, list...)
			} else {
				pending = append(pending, struct {
					doc  []byte
					errs ErrorList
				}{d.origin.doc, list})
			}
			continue
		}
		s.progs = append(s.progs, p)
	}
	for _, g := range pending {
		g.errs.Locate(g.doc)
		errs = append(errs, g.errs...)
	}
	if len(errs) > 0 {
		return nil, errs.Finish()
	}
	warnDuplicateIDs(s.progs)
	progs := s.progs
	s.reach = &lazyReach{make: func() *document.Reach {
		reaches := make([]*document.Reach, len(progs))
		for i, p := range progs {
			reaches[i] = p.reach.get()
		}
		return document.Union(reaches...)
	}}
	s.ids = map[string]bool{}
	for _, p := range s.progs {
		if p.def.ID != "" {
			s.ids[p.def.ID] = true
		}
	}
	table := cfg.table
	s.pool.New = func() any { return cfg.newState(table) }
	return s, nil
}

// maxNamedDuplicates is how many of the other automations that share its
// id a duplicate_id warning names; it counts the rest.
const maxNamedDuplicates = 3

// warnDuplicateIDs warns on every automation whose id another automation
// of the set has too: changeset entries and notes name an automation by its
// id, so theirs could not be told apart. Each warning names at most
// maxNamedDuplicates of the others, so the check stays linear however many
// automations share an id. The programs are the set's own, not yet shared,
// so their warnings may still change.
func warnDuplicateIDs(progs []*Program) {
	byID := map[string][]int{}
	for i, p := range progs {
		if id := p.def.ID; id != "" {
			byID[id] = append(byID[id], i)
		}
	}
	for i, p := range progs {
		same := byID[p.def.ID]
		if len(same) < 2 {
			continue
		}
		var others []string
		for _, j := range same {
			if len(others) == maxNamedDuplicates {
				break
			}
			if j != i {
				others = append(others, suggest.Quote(progs[j].def.Name))
			}
		}
		list := strings.Join(others, ", ")
		if more := len(same) - 1 - len(others); more > 0 {
			list += fmt.Sprintf(" and %d more", more)
		}
		p.warnings = append(p.warnings, Warning{Pointer: "/id", Offset: -1, Code: diag.DuplicateID,
			Msg: fmt.Sprintf("the id %s is also the id of %s in this set: changeset entries and notes name an automation by its id, so theirs cannot be told apart",
				suggest.Quote(p.def.ID), list)})
	}
}

// sameDoc reports whether two definitions came from the same document.
func sameDoc(a, b []byte) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}
