package rules

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/verdict-rules/verdict/conditions/jsonpath"
	"github.com/verdict-rules/verdict/internal/suggest"
)

// Set is a group of compiled automations evaluated together against one
// case: the computed context is worked out once for all of them, results
// come in definition order, and automations that would set one field to
// different values are reported. A Set is immutable and safe for
// concurrent use.
type Set struct {
	cfg   *config
	progs []*Program
	pool  sync.Pool // *evalState
}

// CompileSet compiles many automations with the same options. Every problem
// of every automation is reported in one ErrorList.
func CompileSet(defs []Automation, opts ...Option) (*Set, error) {
	cfg, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	return cfg.compileSet(defs)
}

// compileSet is CompileSet with the options' config built.
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
		locateAll(g.doc, g.errs)
		errs = append(errs, g.errs...)
	}
	if len(errs) > 0 {
		return nil, errs.finish()
	}
	warnDuplicateIDs(s.progs)
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
		p.warnings = append(p.warnings, Warning{Pointer: "/id", Offset: -1, Code: "duplicate_id",
			Message: fmt.Sprintf("the id %s is also the id of %s in this set: changeset entries and notes name an automation by its id, so theirs cannot be told apart",
				suggest.Quote(p.def.ID), list)})
	}
}

// sameDoc reports whether two definitions came from the same document.
func sameDoc(a, b []byte) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// Programs returns the compiled automations in definition order.
func (s *Set) Programs() []*Program {
	if s == nil {
		return nil
	}
	return append([]*Program(nil), s.progs...)
}

// Len returns the number of automations.
func (s *Set) Len() int {
	if s == nil {
		return 0
	}
	return len(s.progs)
}

// Evaluate runs every automation against the case and event, in definition
// order, and returns their results in that order. Each sees the case as
// given, not the others' changes. ctx is checked between automations.
func (s *Set) Evaluate(ctx context.Context, c *Case, ev *Event, opts ...EvalOption) ([]Result, error) {
	if s == nil || s.cfg == nil {
		return nil, errNotCompiled
	}
	if ctx == nil {
		return nil, errNilContext
	}
	if c == nil || c.root == nil {
		return nil, errors.New("rules: Evaluate needs a case")
	}
	ec := evalOptions(opts)
	st := s.pool.Get().(*evalState)
	defer st.release(&s.pool)
	st.reset(ctx, c, ev, s.cfg.clock())
	out := make([]Result, len(s.progs))
	for i, p := range s.progs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		st.in.Reset()
		if err := p.evaluate(st, c, ev, &ec, &out[i]); err != nil {
			return nil, err
		}
	}
	markConflicts(out)
	return out, nil
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
	return Warning{Offset: -1, Code: "conflict",
		Message: fmt.Sprintf("automation %s also fired and sets %s to %s", suggest.Quote(other.Name), field, suggest.Cut(string(value)))}
}
