package backtest

import (
	"sort"
	"strings"

	"github.com/verdict-rules/verdict/labels"
	"github.com/verdict-rules/verdict/rules"
)

// Report is a Summary in the shape `verdict backtest --format json` prints
// (schema/backtest-output.schema.json): counts, per automation its
// outcomes, what decided them and its static warnings, and lists capped at
// a length, each with how many more were not listed.
type Report struct {
	// Event is the event every case was evaluated with; null for a
	// conditions-only dry run (DryRun), where fired means the
	// conditions held.
	Event          *rules.Event           `json:"event"`
	DryRun         bool                   `json:"dry_run"`
	Cases          int                    `json:"cases"`
	Skipped        int                    `json:"skipped"`
	Triggered      int                    `json:"triggered"`
	Fired          int                    `json:"fired"`
	Conflicts      int                    `json:"conflicts"`
	WithoutStatus  int                    `json:"without_status"`
	ElapsedSeconds float64                `json:"elapsed_seconds"`
	Automations    []AutomationReport     `json:"automations"`
	Actions        map[string]ActionCount `json:"actions"`
	// TargetStatuses counts, per status, the set_case_status actions that
	// change a case to it; TargetStatusNoops those that found the case in
	// it already.
	TargetStatuses    map[string]int `json:"target_statuses"`
	TargetStatusNoops map[string]int `json:"target_status_noops"`
	// IgnoredFiles counts the files in the folders that are not case
	// files (neither .json, .ndjson nor .jsonl).
	IgnoredFiles int           `json:"ignored_files"`
	SkippedCases []SkippedCase `json:"skipped_cases"`
	// SkippedNotListed counts the skipped cases left out of SkippedCases.
	SkippedNotListed int             `json:"skipped_not_listed"`
	Baseline         *BaselineReport `json:"baseline,omitempty"`
	// Labels is the comparison with people's decisions (--labels).
	Labels *LabelReport `json:"labels,omitempty"`
	// CaseAutomations is which automations the cases name
	// (--case-automations).
	CaseAutomations *CaseAutomationsReport `json:"case_automations,omitempty"`
}

// LabelReport is a LabelSummary.
type LabelReport struct {
	File             string           `json:"file,omitempty"` // the label file, or
	Path             string           `json:"path,omitempty"` // the JSONPath of the label in the case
	CaseID           string           `json:"case_id"`
	Cases            int              `json:"cases"`
	Labelled         int              `json:"labelled"`
	Unlabelled       Unlabelled       `json:"unlabelled"`
	UnlabelledCases  labels.Listing   `json:"unlabelled_cases"`
	Labels           map[string]int   `json:"labels"`
	LabelsNotListed  int              `json:"labels_not_listed"`
	NotInCorpus      int              `json:"not_in_corpus"`
	NotInCorpusCases []string         `json:"not_in_corpus_cases"`
	Repeated         labels.Listing   `json:"repeated"`
	Warnings         []string         `json:"warnings"`
	Sample           *SampleReport    `json:"sample"`
	Automations      []LabelledReport `json:"automations"`
}

// SampleReport says how the samples were drawn.
type SampleReport struct {
	Size int    `json:"size"`
	Seed uint64 `json:"seed"`
}

// LabelledReport is a LabelledAutomation.
type LabelledReport struct {
	ID          string                        `json:"id,omitempty"`
	Name        string                        `json:"name"`
	Matrix      *labels.Matrix                `json:"matrix"`
	NotCompared string                        `json:"not_compared,omitempty"`
	Samples     map[labels.Cell][]SampledCase `json:"samples,omitempty"`
	// Baseline is the matrix of its partner in the baseline (--baseline).
	Baseline *LabelledBaseline `json:"baseline,omitempty"`
}

// CaseAutomationsReport is a CaseAutomations.
type CaseAutomationsReport struct {
	Automations []NamedReport `json:"automations"`
	// NamedByNoCase are the automations no case names: they ran on none.
	NamedByNoCase []rules.AutomationRef `json:"named_by_no_case"`
	WithoutList   int                   `json:"without_list"`
	// Unknown are the ids no automation has, most named first.
	Unknown          []UnknownReport `json:"unknown"`
	UnknownNotListed int             `json:"unknown_not_listed"`
}

// NamedReport is how many cases name one automation.
type NamedReport struct {
	ID    string `json:"id,omitempty"`
	Name  string `json:"name"`
	Cases int    `json:"cases"`
}

// UnknownReport is an id cases name that no automation has.
type UnknownReport struct {
	ID    string `json:"id"`
	Cases int    `json:"cases"`
}

// AutomationReport is one automation's part of a Report.
type AutomationReport struct {
	ID          string `json:"id,omitempty"`
	Name        string `json:"name"`
	Fingerprint string `json:"fingerprint,omitempty"` // the version of its logic
	Triggered   int    `json:"triggered"`
	Matched     int    `json:"matched"`
	Fired       int    `json:"fired"`
	// NotRun counts the cases that do not name it (--case-automations).
	NotRun int `json:"not_run,omitempty"`
	// DecidedBy is the histogram of the deciding conditions, most cases
	// first.
	DecidedBy []DecidedCount  `json:"decided_by"`
	Warnings  []rules.Warning `json:"warnings"`
}

// DecidedCount is how many cases one condition decided.
type DecidedCount struct {
	Pointer string `json:"pointer"`
	Cases   int    `json:"cases"`
}

// ActionCount is how many times an action type ran, and how many of those
// changed nothing.
type ActionCount struct {
	Ran   int `json:"ran"`
	Noops int `json:"noops"`
}

// SkippedCase is a case that was not evaluated, and why.
type SkippedCase struct {
	Case   string `json:"case"`
	Reason string `json:"reason"`
}

// BaselineReport is the comparison with a baseline.
type BaselineReport struct {
	Pairs    []PairReport     `json:"pairs"`
	Unpaired []UnpairedReport `json:"unpaired"`
	// Warnings are the static warnings of the baseline's automations.
	Warnings []AutomationWarnings `json:"warnings"`
	// Changed counts the cases decided differently, ChangedOutcomes the
	// automation outcomes (a case counts once in Changed however many of
	// its automations changed); Changes lists the first outcomes.
	Changed          int            `json:"changed"`
	ChangedOutcomes  int            `json:"changed_outcomes"`
	Changes          []ChangeReport `json:"changes"`
	ChangesNotListed int            `json:"changes_not_listed"`
}

// PairReport is a Pair.
type PairReport struct {
	Automation rules.AutomationRef `json:"automation"`
	Baseline   rules.AutomationRef `json:"baseline"`
	By         string              `json:"by"`
}

// UnpairedReport is an Unpaired.
type UnpairedReport struct {
	Automation rules.AutomationRef `json:"automation"`
	Side       string              `json:"side"` // "automations" or "baseline"
}

// ChangeReport is a Change.
type ChangeReport struct {
	Case       string `json:"case"`
	Automation string `json:"automation"`
	Baseline   string `json:"baseline"`
	Before     string `json:"before"`
	After      string `json:"after"`
}

// Report returns the summary as a Report whose lists hold at most limit
// entries (all when limit < 0).
func (s *Summary) Report(limit int) *Report {
	capAt := func(n int) int {
		if limit < 0 || n < limit {
			return n
		}
		return limit
	}
	r := &Report{Event: s.Event, DryRun: s.Event == nil, Cases: s.Cases, Skipped: s.Skipped, Triggered: s.Triggered, Fired: s.Fired,
		Conflicts: s.Conflicts, WithoutStatus: s.WithoutStatus, ElapsedSeconds: s.Elapsed.Seconds(),
		Automations: []AutomationReport{}, Actions: map[string]ActionCount{}, TargetStatuses: map[string]int{},
		TargetStatusNoops: map[string]int{}, IgnoredFiles: s.Ignored, SkippedCases: []SkippedCase{}}
	for _, a := range s.PerAutomation {
		ar := AutomationReport{ID: a.Automation.ID, Name: a.Name, Fingerprint: a.Automation.Fingerprint, Triggered: a.Triggered, Matched: a.Matched,
			Fired: a.Fired, NotRun: a.NotRun, DecidedBy: []DecidedCount{}, Warnings: a.Warnings}
		if ar.Warnings == nil {
			ar.Warnings = []rules.Warning{}
		}
		for p, n := range a.DecidedBy {
			ar.DecidedBy = append(ar.DecidedBy, DecidedCount{Pointer: p, Cases: n})
		}
		sort.Slice(ar.DecidedBy, func(i, j int) bool {
			x, y := ar.DecidedBy[i], ar.DecidedBy[j]
			if x.Cases != y.Cases {
				return x.Cases > y.Cases
			}
			return x.Pointer < y.Pointer
		})
		r.Automations = append(r.Automations, ar)
	}
	for t, n := range s.Actions {
		r.Actions[t] = ActionCount{Ran: n, Noops: s.Noops[t]}
	}
	for st, n := range s.Statuses {
		r.TargetStatuses[st] = n
	}
	for st, n := range s.StatusNoops {
		r.TargetStatusNoops[st] = n
	}
	for _, e := range s.Errors[:capAt(len(s.Errors))] {
		r.SkippedCases = append(r.SkippedCases, SkippedCase{Case: e.Case, Reason: strings.TrimPrefix(e.Err.Error(), "case: ")})
	}
	r.SkippedNotListed = s.Skipped - len(r.SkippedCases)
	if s.Pairing != nil {
		b := &BaselineReport{Pairs: []PairReport{}, Unpaired: []UnpairedReport{}, Changed: s.ChangedCases, ChangedOutcomes: s.ChangedOutcomes,
			Changes: []ChangeReport{}, Warnings: append([]AutomationWarnings{}, s.BaselineWarnings...)}
		for _, p := range s.Pairing.Pairs {
			b.Pairs = append(b.Pairs, PairReport{Automation: p.Automation, Baseline: p.Baseline, By: p.By})
		}
		for _, u := range s.Pairing.Unpaired {
			side := "automations"
			if u.Baseline {
				side = "baseline"
			}
			b.Unpaired = append(b.Unpaired, UnpairedReport{Automation: u.Automation, Side: side})
		}
		for _, c := range s.Changed[:capAt(len(s.Changed))] {
			b.Changes = append(b.Changes, ChangeReport(c))
		}
		b.ChangesNotListed = s.ChangedOutcomes - len(b.Changes)
		r.Baseline = b
	}
	if l := s.Labelled; l != nil {
		r.Labels = l.report()
	}
	if ca := s.CaseAutomations; ca != nil {
		cr := &CaseAutomationsReport{Automations: []NamedReport{}, NamedByNoCase: []rules.AutomationRef{},
			WithoutList: ca.WithoutList, Unknown: []UnknownReport{}, UnknownNotListed: ca.UnknownNotListed}
		for i, a := range s.PerAutomation {
			cr.Automations = append(cr.Automations, NamedReport{a.Automation.ID, a.Name, ca.Named[i]})
			if ca.Named[i] == 0 {
				cr.NamedByNoCase = append(cr.NamedByNoCase, rules.AutomationRef{ID: a.Automation.ID, Name: a.Automation.Name})
			}
		}
		for id, n := range ca.Unknown {
			cr.Unknown = append(cr.Unknown, UnknownReport{id, n})
		}
		sort.Slice(cr.Unknown, func(i, j int) bool {
			x, y := cr.Unknown[i], cr.Unknown[j]
			if x.Cases != y.Cases {
				return x.Cases > y.Cases
			}
			return x.ID < y.ID
		})
		if n := capAt(len(cr.Unknown)); n < len(cr.Unknown) {
			for _, u := range cr.Unknown[n:] {
				cr.UnknownNotListed += u.Cases
			}
			cr.Unknown = cr.Unknown[:n]
		}
		r.CaseAutomations = cr
	}
	return r
}

// report is the summary in the shape of the JSON output.
func (s *LabelSummary) report() *LabelReport {
	r := &LabelReport{File: s.File, Path: s.Path, CaseID: s.CaseID, Cases: s.Cases, Labelled: s.Labelled, Unlabelled: s.Unlabelled,
		UnlabelledCases: s.UnlabelledCases, Labels: s.Labels, LabelsNotListed: s.LabelsNotListed,
		NotInCorpus: s.NotInCorpus, NotInCorpusCases: s.NotInCorpusCases, Repeated: s.Repeated,
		Warnings: append([]string{}, s.Warnings...), Automations: []LabelledReport{}}
	if s.SampleSize > 0 {
		r.Sample = &SampleReport{s.SampleSize, s.Seed}
	}
	for _, a := range s.Automations {
		lr := LabelledReport{ID: a.Automation.ID, Name: a.Automation.Name, Matrix: a.Matrix, NotCompared: a.NotCompared, Baseline: a.Baseline}
		if s.SampleSize > 0 {
			lr.Samples = a.Samples
		}
		r.Automations = append(r.Automations, lr)
	}
	return r
}
