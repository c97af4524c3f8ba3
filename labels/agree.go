package labels

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Agreement says which labels agree with each automation's action. The
// zero value and nil name no automation: each agrees with the statuses it
// sets.
type Agreement struct {
	entries []agreeEntry // in the order given
	def     []string     // the default for automations not named; nil when none
}

type agreeEntry struct {
	key    string // an automation's id or name
	labels []string
}

// AgreementError is a spec ParseAgreement cannot read, or an entry Resolve
// cannot match.
type AgreementError struct {
	Entry string // the entry, or the whole spec
	Msg   string
}

// Error returns "agreement: entry: message".
func (e *AgreementError) Error() string {
	return fmt.Sprintf("agreement: %q: %s", e.Entry, e.Msg)
}

// ParseAgreement reads agreement specs (see the package documentation),
// each either a list of entries or a JSON object, and merges them. An
// automation named twice, or two defaults, are errors.
func ParseAgreement(specs ...string) (*Agreement, error) {
	a := &Agreement{}
	seen := map[string]bool{}
	for _, spec := range specs {
		entries, err := parseSpec(spec)
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			if e.key == "*" {
				if a.def != nil {
					return nil, &AgreementError{e.key, "a second default: give the labels every automation not named agrees with once"}
				}
				a.def = e.labels
				continue
			}
			if seen[e.key] {
				return nil, &AgreementError{e.key, "the automation is named twice"}
			}
			seen[e.key] = true
			a.entries = append(a.entries, e)
		}
	}
	return a, nil
}

// parseSpec reads one spec into its entries; the default has the key "*".
func parseSpec(spec string) ([]agreeEntry, error) {
	t := strings.TrimSpace(spec)
	if strings.HasPrefix(t, "{") {
		return parseJSONSpec(t)
	}
	var entries []agreeEntry
	for _, part := range strings.Split(spec, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		key, list := "*", part
		if k, l, ok := strings.Cut(part, "="); ok {
			key, list = strings.TrimSpace(k), l
			if key == "" {
				return nil, &AgreementError{part, "no automation before '=' (write * for every automation)"}
			}
		}
		var labs []string
		for _, l := range strings.Split(list, ",") {
			l = strings.TrimSpace(l)
			if l == "" {
				return nil, &AgreementError{part, "an empty label"}
			}
			if !slices.Contains(labs, l) {
				labs = append(labs, l)
			}
		}
		entries = append(entries, agreeEntry{key, labs})
	}
	if len(entries) == 0 {
		return nil, &AgreementError{spec, "no labels"}
	}
	return entries, nil
}

// parseJSONSpec reads {"automation": ["LABEL", ...] or "LABEL", ...}.
func parseJSONSpec(spec string) ([]agreeEntry, error) {
	dec := json.NewDecoder(strings.NewReader(spec))
	bad := func(msg string) error { return &AgreementError{spec, msg} }
	if _, err := dec.Token(); err != nil {
		return nil, bad("malformed JSON: " + err.Error())
	}
	var entries []agreeEntry
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, bad("malformed JSON: " + err.Error())
		}
		key := strings.TrimSpace(tok.(string))
		if key == "" {
			return nil, bad("an empty automation name (write * for every automation)")
		}
		if seen[key] {
			return nil, &AgreementError{key, "the automation is named twice"}
		}
		seen[key] = true
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, bad("malformed JSON: " + err.Error())
		}
		var labs []string
		var one string
		switch {
		case bytes.HasPrefix(raw, []byte(`"`)) && json.Unmarshal(raw, &one) == nil:
			labs = []string{one}
		case bytes.HasPrefix(raw, []byte(`[`)) && json.Unmarshal(raw, &labs) == nil:
		default:
			return nil, &AgreementError{key, "the labels must be a string or an array of strings, not " + excerpt(raw)}
		}
		if len(labs) == 0 {
			return nil, &AgreementError{key, "no labels"}
		}
		var uniq []string
		for _, l := range labs {
			if l = strings.TrimSpace(l); l == "" {
				return nil, &AgreementError{key, "an empty label"}
			}
			if !slices.Contains(uniq, l) {
				uniq = append(uniq, l)
			}
		}
		entries = append(entries, agreeEntry{key, uniq})
	}
	if _, err := dec.Token(); err != nil {
		return nil, bad("malformed JSON: " + err.Error())
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, bad("text after the object")
	}
	if len(entries) == 0 {
		return nil, bad("no labels")
	}
	return entries, nil
}

// Automation is what Resolve needs to know of an automation.
type Automation struct {
	ID, Name string
	// Statuses are the statuses its set_case_status actions set: the
	// labels it agrees with when the agreement does not name it.
	Statuses []string
}

// Resolve returns, for each automation in order, the labels that agree with
// it: those of the entry naming its id, else its name, else the default
// entry, else its Statuses. An automation with none gets nil: it cannot be
// compared with labels, and the caller should say so.
//
// An entry that names no automation is an error, and so is an entry that
// names one automation's id and another's name, or an automation named by
// two entries (one by id, one by name).
func (a *Agreement) Resolve(autos []Automation) ([][]string, error) {
	out := make([][]string, len(autos))
	var def []string
	var entries []agreeEntry
	if a != nil {
		def, entries = a.def, a.entries
	}
	by := make([]int, len(autos)) // the entry each automation matched, +1
	for k, e := range entries {
		var ids, names []int
		for i, au := range autos {
			if au.ID != "" && au.ID == e.key {
				ids = append(ids, i)
			} else if au.Name != "" && au.Name == e.key {
				names = append(names, i)
			}
		}
		hits := ids
		switch {
		case len(ids) > 0 && len(names) > 0:
			return nil, &AgreementError{e.key, fmt.Sprintf("is the id of one automation and the name of another (%q)", autos[names[0]].ID)}
		case len(ids) == 0:
			hits = names
		}
		if len(hits) == 0 {
			return nil, &AgreementError{e.key, "is neither the id nor the name of any automation evaluated (a baseline's do not count)"}
		}
		for _, i := range hits {
			if by[i] != 0 {
				return nil, &AgreementError{e.key, fmt.Sprintf("names automation %q, which %q names too", label(autos[i]), entries[by[i]-1].key)}
			}
			by[i] = k + 1
			out[i] = e.labels
		}
	}
	for i, au := range autos {
		if by[i] != 0 {
			continue
		}
		switch {
		case def != nil:
			out[i] = def
		case len(au.Statuses) > 0:
			var uniq []string
			for _, s := range au.Statuses {
				if !slices.Contains(uniq, s) {
					uniq = append(uniq, s)
				}
			}
			out[i] = uniq
		}
	}
	return out, nil
}

// label names an automation in a message.
func label(a Automation) string {
	if a.Name != "" {
		return a.Name
	}
	return a.ID
}
