package changeset

import (
	"bytes"
	"strings"
)

// Conflict is a field of the case that the changesets change in ways that
// cannot all be applied: to different values, or one inside a value
// another replaces. Entries are the changes to the field or inside it,
// each in the entry (automation and action) that makes it, in the order
// of the changesets.
type Conflict struct {
	Field   string  `json:"field"`
	Entries []Entry `json:"entries"`
}

// Merge merges changesets, such as those of the automations of a set
// evaluated on one case, into one changeset that Apply applies at once. A
// change that several changesets make alike is kept once, the first time.
// Changes of different changesets that disagree, to one field with
// different values (each changeset's last) or to a field inside another's,
// are all left out and reported as a Conflict, in the order their fields
// first appear: which to apply is for the caller to decide. Changes one
// changeset makes to the same field are kept as they are; Apply applies
// them in order.
func Merge(changesets ...[]Entry) ([]Entry, []Conflict) {
	type made struct {
		source int
		change Change
	}
	byField := map[string][]made{}
	var fields []string
	for i, cs := range changesets {
		for _, e := range cs {
			for _, c := range e.Changes {
				if _, ok := byField[c.Field]; !ok {
					fields = append(fields, c.Field)
				}
				byField[c.Field] = append(byField[c.Field], made{i, c})
			}
		}
	}
	// A field is contested when changesets set it to different values, or
	// when another changeset changes a field around it; the outermost
	// contested field is the conflict's.
	contested := map[string]bool{}
	for _, f := range fields {
		ms := byField[f]
		last := map[int][]byte{}
		for _, m := range ms {
			last[m.source] = m.change.NewValue
		}
		for _, v := range last {
			if !bytes.Equal(v, last[ms[0].source]) {
				contested[f] = true
			}
		}
		for a := parentPointer(f); a != ""; a = parentPointer(a) {
			for _, outer := range byField[a] {
				for _, m := range ms {
					if outer.source != m.source {
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
	kept := map[string]int{} // the changeset whose changes to a field are kept
	out := []Entry{}
	for i, cs := range changesets {
		for _, e := range cs {
			entry := Entry{ID: e.ID, Type: e.Type}
			for _, c := range e.Changes {
				if outer := conflictOf(c.Field); outer != "" {
					k, ok := at[outer]
					if !ok {
						k = len(conflicts)
						at[outer] = k
						conflicts = append(conflicts, Conflict{Field: outer})
					}
					conflicts[k].Entries = append(conflicts[k].Entries, Entry{ID: e.ID, Type: e.Type, Changes: []Change{c}})
					continue
				}
				if source, ok := kept[c.Field]; ok && source != i {
					continue // made alike by an earlier changeset
				}
				kept[c.Field] = i
				entry.Changes = append(entry.Changes, c)
			}
			if len(entry.Changes) > 0 {
				out = append(out, entry)
			}
		}
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
