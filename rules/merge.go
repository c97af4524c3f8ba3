package rules

import (
	"bytes"
	"strings"
)

// Conflict is a field of the case that fired automations change in ways
// that cannot all be applied: to different values, or one inside a value
// another replaces. Changes[i] is what Automations[i] does to the field or
// inside it, in the order of the results.
type Conflict struct {
	Field       string          `json:"field"`
	Automations []AutomationRef `json:"automations"`
	Changes     []Change        `json:"changes"`
}

// Merge merges the changesets of results, as Set.Evaluate returns them for
// one case, into one changeset that Apply applies at once. A change that
// several automations make alike is kept once, the first time. Changes of
// different automations that disagree, to one field with different
// values or to a field inside another's, are all left out and reported as
// a Conflict, in the order their fields first appear: which to apply is
// for the caller to decide. Changes one automation makes to the same field
// are kept as they are; Apply applies them in order.
func Merge(results []Result) ([]ChangesetEntry, []Conflict) {
	type made struct {
		result int
		change Change
	}
	byField := map[string][]made{}
	var fields []string
	for i := range results {
		for _, e := range results[i].Changeset {
			for _, c := range e.Changes {
				if _, ok := byField[c.Field]; !ok {
					fields = append(fields, c.Field)
				}
				byField[c.Field] = append(byField[c.Field], made{i, c})
			}
		}
	}
	// A field is contested when automations set it to different values
	// (each by the last change it makes there), or when another automation
	// changes a field around it; the outermost contested field is the
	// conflict's.
	contested := map[string]bool{}
	for _, f := range fields {
		ms := byField[f]
		last := map[int][]byte{}
		for _, m := range ms {
			last[m.result] = m.change.NewValue
		}
		for _, v := range last {
			if !bytes.Equal(v, last[ms[0].result]) {
				contested[f] = true
			}
		}
		for a := parentPointer(f); a != ""; a = parentPointer(a) {
			for _, outer := range byField[a] {
				for _, m := range ms {
					if outer.result != m.result {
						contested[a] = true
					}
				}
			}
		}
	}
	conflictOf := func(f string) string {
		found := ""
		for a := f; a != ""; a = parentPointer(a) {
			if contested[a] {
				found = a
			}
		}
		return found
	}
	var conflicts []Conflict
	at := map[string]int{}
	kept := map[string]int{} // the result whose changes to a field are kept
	var out []ChangesetEntry
	for i := range results {
		for _, e := range results[i].Changeset {
			entry := ChangesetEntry{ID: e.ID, Type: e.Type}
			for _, c := range e.Changes {
				if outer := conflictOf(c.Field); outer != "" {
					k, ok := at[outer]
					if !ok {
						k = len(conflicts)
						at[outer] = k
						conflicts = append(conflicts, Conflict{Field: outer})
					}
					conflicts[k].Automations = append(conflicts[k].Automations, results[i].Automation)
					conflicts[k].Changes = append(conflicts[k].Changes, c)
					continue
				}
				if r, ok := kept[c.Field]; ok && r != i {
					continue // made alike by an earlier automation
				}
				kept[c.Field] = i
				entry.Changes = append(entry.Changes, c)
			}
			if len(entry.Changes) > 0 {
				out = append(out, entry)
			}
		}
	}
	if out == nil {
		out = []ChangesetEntry{}
	}
	return out, conflicts
}

// parentPointer returns the pointer of the value around the one p points
// to, or "" for the document's members.
func parentPointer(p string) string {
	if i := strings.LastIndexByte(p, '/'); i > 0 {
		return p[:i]
	}
	return ""
}
