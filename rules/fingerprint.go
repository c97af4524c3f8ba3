package rules

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/verdict-rules/verdict/internal/check"
	"github.com/verdict-rules/verdict/internal/jcs"
)

// semantics is the version of what verdict makes of a definition: the
// condition semantics, the coercions, the JSONPath dialect, the built-in
// context fields and actions. It is part of every fingerprint, and changes
// when a release changes what some definition decides.
const semantics = "1"

// Fingerprint returns the version of the program's logic, "sha256:<hex>"
// (README: Decision records).
func (p *Program) Fingerprint() string {
	if p == nil {
		return ""
	}
	return p.ref.Fingerprint
}

// Fingerprint returns the hash of the set's programs' sorted fingerprints.
func (s *Set) Fingerprint() string {
	if s == nil {
		return ""
	}
	fps := make([]string, len(s.progs))
	for i, p := range s.progs {
		fps[i] = p.ref.Fingerprint
	}
	slices.Sort(fps)
	raw, _ := json.Marshal(map[string]any{"semantics": semantics, "automations": fps})
	return hashOf(raw)
}

// fingerprint hashes the canonical form of the logic of a definition:
// its triggers, conditions (without their labels, and without "match":
// "all", the default) and actions, the status vocabulary, the definitions
// of the context fields its conditions read, and the semantics version.
// The id, name, description, metadata and the API's read-only fields are
// left out: they change no outcome.
func (cfg *config) fingerprint(def Automation, checked *check.Definition) (string, error) {
	conds := cloneConditions(def.Conditions)
	normalize(conds)
	if conds == nil {
		conds = []Condition{}
	}
	statuses := slices.Clone([]string(cfg.statuses))
	slices.Sort(statuses)
	statuses = slices.Compact(statuses)
	fields := map[string]any{}
	var add func(name string)
	add = func(name string) {
		if _, done := fields[name]; done {
			return
		}
		f, ok := cfg.context.Lookup(name)
		switch {
		case !ok:
			fields[name] = map[string]any{"unknown": true}
		case f.Builtin:
			fields[name] = map[string]any{"builtin": true}
		case f.Expression != "":
			fields[name] = map[string]any{"expression": f.Expression}
			for _, dep := range f.Reads {
				add(dep)
			}
		default:
			// A Go function cannot be hashed: its description stands for it.
			fields[name] = map[string]any{"function": f.Doc}
		}
	}
	for _, name := range contextReads(checked.Conditions) {
		add(name)
	}
	obj := map[string]any{
		"semantics": semantics, "triggers": def.Triggers, "conditions": conds, "actions": def.Actions,
		"statuses": statuses, "context_fields": fields,
	}
	if def.Triggers == nil {
		obj["triggers"] = []Trigger{}
	}
	if def.Actions == nil {
		obj["actions"] = []Action{}
	}
	raw, err := json.Marshal(obj)
	if err != nil {
		return "", fmt.Errorf("rules: fingerprint: %w", err)
	}
	return hashOf(raw), nil
}

// hashOf returns "sha256:" and the hex digest of the canonical form of a
// JSON document verdict wrote itself.
func hashOf(raw []byte) string {
	canon, err := jcs.Canonicalize(raw)
	if err != nil {
		// json.Marshal writes valid JSON with unique member names; a
		// failure here is a bug, and an empty fingerprint would hide it.
		panic(fmt.Sprintf("rules: canonical JSON of a fingerprint: %v", err))
	}
	sum := sha256.Sum256(canon)
	return "sha256:" + hex.EncodeToString(sum[:])
}

// normalize clears what does not change an outcome: labels, and the
// default match.
func normalize(cs []Condition) {
	for i := range cs {
		c := &cs[i]
		c.Label = ""
		if c.Match == "all" {
			c.Match = ""
		}
		normalize(c.Conditions)
		if c.Condition != nil {
			inner := []Condition{*c.Condition} // a clone's: it may change
			normalize(inner)
			*c.Condition = inner[0]
		}
	}
}

// contextReads returns the context fields conditions read, sorted.
func contextReads(cs []*check.Condition) []string {
	var out []string
	var walk func(cs []*check.Condition)
	walk = func(cs []*check.Condition) {
		for _, c := range cs {
			if c == nil {
				continue
			}
			for _, name := range []string{c.Field.Context(), c.Path.Context()} {
				if name != "" {
					out = append(out, name)
				}
			}
			if c.Expr != nil {
				out = append(out, c.Expr.Reads()...)
			}
			walk(c.Conditions)
			if c.Condition != nil {
				walk([]*check.Condition{c.Condition})
			}
		}
	}
	walk(cs)
	slices.Sort(out)
	return slices.Compact(out)
}
