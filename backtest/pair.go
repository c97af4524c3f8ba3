package backtest

import (
	"errors"
	"fmt"
	"strings"

	"github.com/verdict-rules/verdict/rules"
)

// Pairing matches the automations of a run with those of its baseline, so
// that each is compared with its own older version.
type Pairing struct {
	// Pairs are the automations compared, in the run's order.
	Pairs []Pair
	// Unpaired are the automations, on either side, with no partner; they
	// are evaluated but compared with nothing.
	Unpaired []Unpaired
}

// Pair is an automation of the run and its partner in the baseline.
type Pair struct {
	Automation, Baseline rules.AutomationRef
	// Index and BaselineIndex are their places in their sets.
	Index, BaselineIndex int
	// By says how they were paired: "only" (one automation on each side),
	// "id" or "name".
	By string
}

// Unpaired is an automation with no partner on the other side.
type Unpaired struct {
	Automation rules.AutomationRef
	// Baseline is true for an automation of the baseline.
	Baseline bool
}

// PairingError reports automations that make a pairing ambiguous: two
// automations of one side with the same id or the same name.
type PairingError struct {
	Duplicates []Duplicate
}

// Duplicate is an id or name that more than one automation of a side has.
type Duplicate struct {
	Baseline bool   // the side: the baseline, or the automations run
	Field    string // "id" or "name"
	Value    string
	Count    int
}

// Error lists the ids or names that more than one automation of a side holds.
func (e *PairingError) Error() string {
	parts := make([]string, len(e.Duplicates))
	for i, d := range e.Duplicates {
		side := "the automations hold"
		if d.Baseline {
			side = "the baseline holds"
		}
		parts[i] = fmt.Sprintf("%s %d automations with the %s %q", side, d.Count, d.Field, d.Value)
	}
	return "cannot pair the automations with their baseline: " + strings.Join(parts, "; ") +
		" (pairing is by id, then by name; give each automation its own)"
}

// ErrNoPairs is a baseline none of whose automations has a partner among
// the automations run: the comparison would compare nothing.
var ErrNoPairs = errors.New("nothing to compare: no automation has a partner in the baseline; pair them by giving the same id or name")

// PairSets matches the automations of set with those of baseline: one on each
// side are paired whatever their names; otherwise by id, then by name.
// Two automations of one side with the same id or name make the pairing
// ambiguous: a *PairingError. A pairing with no pair is ErrNoPairs.
func PairSets(set, baseline *rules.Set) (*Pairing, error) {
	after, before := refs(set), refs(baseline)
	if len(after) == 1 && len(before) == 1 {
		return &Pairing{Pairs: []Pair{{Automation: after[0], Baseline: before[0], By: "only"}}}, nil
	}
	var perr PairingError
	perr.Duplicates = append(duplicates(after, false), duplicates(before, true)...)
	if len(perr.Duplicates) > 0 {
		return nil, &perr
	}
	p := &Pairing{}
	used := make([]bool, len(before))
	paired := make([]bool, len(after))
	match := func(by string, key func(rules.AutomationRef) string) {
		index := map[string]int{}
		for j, b := range before {
			if k := key(b); k != "" && !used[j] {
				index[k] = j
			}
		}
		for i, a := range after {
			if paired[i] {
				continue
			}
			if j, ok := index[key(a)]; ok && key(a) != "" && !used[j] {
				p.Pairs = append(p.Pairs, Pair{Automation: a, Baseline: before[j], Index: i, BaselineIndex: j, By: by})
				paired[i], used[j] = true, true
			}
		}
	}
	match("id", func(r rules.AutomationRef) string { return r.ID })
	match("name", func(r rules.AutomationRef) string { return r.Name })
	// Pairs in the run's order.
	ordered := make([]Pair, 0, len(p.Pairs))
	for i := range after {
		for _, pr := range p.Pairs {
			if pr.Index == i {
				ordered = append(ordered, pr)
			}
		}
	}
	p.Pairs = ordered
	if len(p.Pairs) == 0 {
		return nil, ErrNoPairs
	}
	for i, a := range after {
		if !paired[i] {
			p.Unpaired = append(p.Unpaired, Unpaired{Automation: a})
		}
	}
	for j, b := range before {
		if !used[j] {
			p.Unpaired = append(p.Unpaired, Unpaired{Automation: b, Baseline: true})
		}
	}
	return p, nil
}

func refs(s *rules.Set) []rules.AutomationRef {
	var out []rules.AutomationRef
	for _, p := range s.Programs() {
		a := p.Automation()
		out = append(out, rules.AutomationRef{ID: a.ID, Name: a.Name})
	}
	return out
}

// duplicates lists the ids and names that several automations share.
func duplicates(rs []rules.AutomationRef, baseline bool) []Duplicate {
	var out []Duplicate
	for _, f := range []struct {
		name string
		key  func(rules.AutomationRef) string
	}{{"id", func(r rules.AutomationRef) string { return r.ID }}, {"name", func(r rules.AutomationRef) string { return r.Name }}} {
		count := map[string]int{}
		var order []string
		for _, r := range rs {
			k := f.key(r)
			if k == "" {
				continue
			}
			if count[k] == 0 {
				order = append(order, k)
			}
			count[k]++
		}
		for _, k := range order {
			if count[k] > 1 {
				out = append(out, Duplicate{Baseline: baseline, Field: f.name, Value: k, Count: count[k]})
			}
		}
	}
	return out
}

// Describe says how a pair was made, for the summary: `"B" (id X) with
// the baseline's "A" (id X), paired by id`.
func (p Pair) Describe() string {
	by := map[string]string{"only": "the only automation on each side", "id": "paired by id", "name": "paired by name"}[p.By]
	return fmt.Sprintf("comparing %s with the baseline's %s (%s)", describeRef(p.Automation), describeRef(p.Baseline), by)
}

func describeRef(r rules.AutomationRef) string {
	if r.ID == "" {
		return fmt.Sprintf("%q", r.Name)
	}
	return fmt.Sprintf("%q (id %s)", r.Name, r.ID)
}
