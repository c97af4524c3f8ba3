// Package record writes decision records: one JSON document per automation
// evaluated on a case, saying which version of which automation decided,
// when, on what evidence and why, in the shape of
// schema/decision-record.schema.json.
//
//	recs, results, err := record.Evaluate(ctx, set, c, ev, record.Options{Mask: m})
//	enc := json.NewEncoder(auditLog) // one record per line
//	for _, r := range recs {
//		err = enc.Encode(r)
//	}
//
// A record holds: the decision id (Options.DecisionID, else 128 random bits
// in 32 hex digits, shared by the records of one evaluation of a set); the
// time of the evaluation (the clock of rules.WithClock); the case's id (its
// "id" member, when it is a string or a number); the event; the
// automation's id, name and fingerprint; the outcome (triggered, matched,
// fired); the condition that decided, with its label and reason code; the
// evidence, each path's values with the JSON Pointer each came from in the
// case (null for a computed value: a context field, a .length); the
// condition tree (the trace); the actions, the changeset, the note and the
// warnings.
//
// Evidence is bounded as evaluations are: a path that yields more than
// rules.Limits.PathValues values fails the evaluation, and no record is
// written; a record is at most about twice the size of the values its
// paths yield (the trace and the evidence each hold them once), and of
// rules.Limits.TraceBytes: past it, an Evidence says how many values it
// leaves out (Omitted).
//
// With Options.Mask, what the mask names is written as hmac-sha256 tokens
// in the trace, the evidence, the reasons, the note, the actions' reasons
// and the case id (package mask). The changeset is never masked: it is
// what the case service applies.
package record

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/verdict-rules/verdict/cases"
	"github.com/verdict-rules/verdict/conditions"
	"github.com/verdict-rules/verdict/document"
	"github.com/verdict-rules/verdict/mask"
	"github.com/verdict-rules/verdict/rules"
)

// Version is the version of the record format, in every record's
// "verdict_record" member; a change that breaks readers changes it.
const Version = 1

// Record is one decision record. Its JSON form is the published one.
type Record struct {
	Version     int                    `json:"verdict_record"`
	DecisionID  string                 `json:"decision_id"`
	EvaluatedAt string                 `json:"evaluated_at"` // RFC 3339, UTC
	CaseID      *string                `json:"case_id"`      // the case's id member; nil when it has none
	Event       *rules.Event           `json:"event"`        // nil in a conditions-only dry run
	Automation  rules.AutomationRef    `json:"automation"`
	Outcome     Outcome                `json:"outcome"`
	DecidedBy   Decider                `json:"decided_by"`
	Evidence    []Evidence             `json:"evidence"`
	Trace       *rules.Trace           `json:"trace"`
	Actions     []rules.ActionResult   `json:"actions"`
	Changeset   []rules.ChangesetEntry `json:"changeset"`
	Note        rules.Note             `json:"note"`
	Warnings    []rules.Warning        `json:"warnings"`
	Masked      []string               `json:"masked"` // the mask's JSONPaths; [] without one
}

// Outcome is what the automation did.
type Outcome struct {
	Triggered bool `json:"triggered"`
	Matched   bool `json:"matched"`
	Fired     bool `json:"fired"`
}

// Decider is the condition that settled the outcome (Result.DecidedBy).
type Decider struct {
	Pointer    string `json:"pointer"`
	Type       string `json:"type"`
	Outcome    bool   `json:"outcome"`
	Reason     string `json:"reason"`
	Label      string `json:"label,omitempty"`
	ReasonCode string `json:"reason_code,omitempty"`
}

// Evidence is what one path of one condition yielded.
type Evidence struct {
	Condition string  `json:"condition"` // the condition's pointer in the automation
	Path      string  `json:"path"`
	Values    []Value `json:"values"`
	// Omitted is how many more values the path yielded than Values
	// holds: those past the bytes a trace keeps
	// (rules.Limits.TraceBytes); 0, and left out of the JSON, when
	// Values holds them all.
	Omitted int `json:"omitted,omitempty"`
}

// Value is one value a path yielded and where it came from.
type Value struct {
	Pointer *string         `json:"pointer"` // in the case; nil for a computed value
	Value   json.RawMessage `json:"value"`
}

// Options configure the records of an evaluation.
type Options struct {
	// DecisionID identifies the evaluation; "" makes a random one
	// (NewID).
	DecisionID string
	// Mask, when set, hides what it names (see package mask).
	Mask *mask.Mask
}

// NewID returns a random decision id: 128 bits from crypto/rand, in 32
// lower-case hex digits.
func NewID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		// crypto/rand does not fail on the systems Go supports.
		panic(fmt.Sprintf("record: reading random bits: %v", err))
	}
	return hex.EncodeToString(b[:])
}

// Evaluate evaluates the set on the case and event with the evidence the
// records need (rules.WithEvidence) and the options' mask, and returns a
// record per automation with the results.
func Evaluate(ctx context.Context, set *rules.Set, c *cases.Case, ev *rules.Event, o Options) ([]Record, []rules.Result, error) {
	opts := []rules.EvalOption{rules.WithEvidence()}
	if o.Mask != nil {
		opts = append(opts, rules.WithMask(o.Mask))
	}
	results, err := set.Evaluate(ctx, c, ev, opts...)
	if err != nil {
		return nil, nil, err
	}
	recs, err := FromResults(results, c, o)
	if err != nil {
		return nil, nil, err
	}
	return recs, results, nil
}

// ErrNoEvidence is what FromResults returns for a result evaluated without
// rules.WithEvidence.
var ErrNoEvidence = errors.New("record: the result has no evidence: evaluate with rules.WithEvidence()")

// FromResults writes the records of results of one evaluation of a case,
// which must have been made with rules.WithEvidence (and, to mask, with
// rules.WithMask of the same mask as the options'). A result that did not
// run (Result.NotRun, under rules.WithCaseAutomations) decided nothing and
// has no record.
func FromResults(results []rules.Result, c *cases.Case, o Options) ([]Record, error) {
	id := o.DecisionID
	if id == "" {
		id = NewID()
	}
	caseID := caseID(c, o.Mask)
	masked := []string{}
	if o.Mask != nil {
		masked = o.Mask.Paths()
	}
	out := make([]Record, 0, len(results))
	for _, r := range results {
		if r.NotRun != "" {
			continue
		}
		out = append(out, Record{})
		i := len(out) - 1
		if r.Trace == nil || !hasSources(r.Trace) {
			return nil, fmt.Errorf("automation %q: %w", r.Automation.Name, ErrNoEvidence)
		}
		d := r.Trace.Decider()
		out[i] = Record{Version: Version, DecisionID: id, EvaluatedAt: r.Time.UTC().Format(time.RFC3339Nano), CaseID: caseID,
			Event: r.Event, Automation: r.Automation, Outcome: Outcome{r.Triggered, r.Matched, r.Fired},
			DecidedBy: Decider{Pointer: d.Pointer, Type: d.Type, Outcome: d.Outcome, Reason: d.Reason, Label: d.Label, ReasonCode: d.ReasonCode},
			Evidence:  evidence(r.Trace), Trace: r.Trace, Actions: r.Actions, Changeset: r.Changeset, Note: r.Note,
			Warnings: r.Warnings, Masked: masked}
		if out[i].Actions == nil {
			out[i].Actions = []rules.ActionResult{}
		}
		if out[i].Changeset == nil {
			out[i].Changeset = []rules.ChangesetEntry{}
		}
		if out[i].Warnings == nil {
			out[i].Warnings = []rules.Warning{}
		}
	}
	return out, nil
}

// hasSources reports whether the trace was recorded with the sources of
// its values: the root of the tree always is a condition list, and a leaf
// with a field has Sources when they were asked for.
func hasSources(t *conditions.Trace) bool {
	found, with := false, true
	var walk func(t *conditions.Trace)
	walk = func(t *conditions.Trace) {
		if t.Field != "" {
			found = true
			with = with && t.Sources != nil
		}
		for _, k := range t.Children {
			walk(k)
		}
	}
	walk(t)
	return with || !found
}

// evidence lists the values of every path of the trace, condition by
// condition in the tree's order.
func evidence(t *conditions.Trace) []Evidence {
	out := []Evidence{}
	var walk func(t *conditions.Trace)
	walk = func(t *conditions.Trace) {
		if t.Field != "" {
			out = append(out, Evidence{Condition: t.Pointer, Path: t.Field, Values: values(t.Values, t.Sources), Omitted: t.Omitted})
		}
		if t.Path != "" {
			out = append(out, Evidence{Condition: t.Pointer, Path: t.Path, Values: values(t.PathValues, t.PathSources), Omitted: t.PathOmitted})
		}
		for _, k := range t.Children {
			walk(k)
		}
	}
	walk(t)
	return out
}

func values(vals []json.RawMessage, sources []string) []Value {
	out := make([]Value, len(vals))
	for i, v := range vals {
		out[i].Value = v
		if i < len(sources) && sources[i] != conditions.Computed {
			p := sources[i]
			out[i].Pointer = &p
		}
	}
	return out
}

// caseID returns the case's id member as text (a string's characters, a
// number's literal), or its token when the mask hides it; nil when there
// is none.
func caseID(c *cases.Case, m *mask.Mask) *string {
	root := c.Value()
	v, ok := root.Member("id")
	if !ok {
		return nil
	}
	var s string
	switch v.Kind() {
	case document.String:
		s = v.Text()
	case document.Number:
		s = v.Literal()
	default:
		return nil
	}
	if m != nil && m.Hides(root, v) {
		s = m.Token(v)
	}
	return &s
}
