package backtest

import (
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/verdict-rules/verdict/cases"
	"github.com/verdict-rules/verdict/document"
	"github.com/verdict-rules/verdict/internal/jsonpath"
	"github.com/verdict-rules/verdict/internal/suggest"
	"github.com/verdict-rules/verdict/labels"
	"github.com/verdict-rules/verdict/mask"
	"github.com/verdict-rules/verdict/rules"
)

// Labelling compares each automation's outcome with what people decided:
// a labelled backtest. Each case's label comes from a label file (File,
// case id → label) or from the case itself (Path). Which labels agree with
// an automation is its Agreement (by default the statuses its
// set_case_status actions set). A case without a label is counted, with
// the reason, in the cells of the unlabelled, never dropped.
type Labelling struct {
	// File holds the labels by case id; FileName is its name, for
	// messages. When File is nil, Path gives the label.
	File     *labels.Labels
	FileName string
	// Path is a JSONPath that yields the case's label ("$.status"): it
	// must yield one string, not empty; nothing, the empty string,
	// several values or another type leave the case unlabelled, counted
	// by reason.
	Path string
	// CaseID is the JSONPath of a case's id (default DefaultCaseID),
	// which must yield one string (not empty) or number: the key into
	// File, and how cases are listed (a case without one is listed by its
	// source).
	CaseID string
	// Agreement says which labels agree with which automation (nil: the
	// statuses each sets).
	Agreement *labels.Agreement
	// List bounds the case ids listed per off-diagonal cell and of the
	// unlabelled, repeated and unseen cases (default DefaultList; < 0
	// lists none).
	List int
	// Sample draws up to Sample cases per automation and cell, with
	// Seed, for people to review again (LabelSummary.WriteSamples).
	Sample int
	Seed   uint64
}

// DefaultCaseID is where a case's id is read from: Quickr cases carry it
// in "id".
const DefaultCaseID = "$.id"

// DefaultList is how many case ids a labelled backtest lists per list by
// default.
const DefaultList = 20

// maxLabels bounds the distinct labels LabelSummary.Labels counts: labels
// read from cases can take any value.
const maxLabels = 1000

// LabelSpecError is a Labelling that cannot be used: a path that does not
// compile, an agreement that names no automation, or an agreeing label no
// case of the label file has. Spec names the part: "labels", "case id" or
// "agree".
type LabelSpecError struct {
	Spec string
	Err  error
}

// Error returns "spec: cause".
func (e *LabelSpecError) Error() string { return e.Spec + ": " + e.Err.Error() }

// Unwrap returns the cause.
func (e *LabelSpecError) Unwrap() error { return e.Err }

// LabelSummary is what a labelled backtest found: the confusion matrix of
// each automation, the cases without a label and why, and the samples.
// Case ids and labels longer than 1,024 bytes are kept as their first 1,024,
// "…" and their length.
type LabelSummary struct {
	// File is the label file's name, or Path the JSONPath of the label.
	File, Path string
	CaseID     string // the case id's path
	// Cases are the cases compared (every case evaluated); Labelled
	// those with a label.
	Cases, Labelled int
	Unlabelled      Unlabelled
	// UnlabelledCases lists the first cases without a label, each as
	// "id or source: reason".
	UnlabelledCases labels.Listing
	// Labels counts the cases per label (at most 1,000 distinct labels;
	// LabelsNotListed counts the cases of the others).
	Labels          map[string]int
	LabelsNotListed int
	// NotInCorpus counts the cases of the label file that no case of the
	// run has; NotInCorpusCases lists the first, sorted.
	NotInCorpus      int
	NotInCorpusCases []string
	// Repeated lists the first cases whose labelled id an earlier case of
	// the run had too (each counts in the matrices again), and counts the
	// others.
	Repeated    labels.Listing
	Automations []LabelledAutomation
	// SampleSize and Seed are Labelling.Sample and Seed.
	SampleSize int
	Seed       uint64
	Warnings   []string // agreeing labels no case has
	list       int
	labelOf    func(ctx context.Context, c *cases.Case) caseLabel
	reach      *document.Reach // what the id and label paths read of a case
	seen       map[string]int  // with a label file: how often each labelled id was seen
	agreed     map[string]bool // the agreeing labels some case has (Labels may show a label as its token)
	samplers   []*labels.Sampler
}

// Unlabelled counts the cases without a label, by reason.
type Unlabelled struct {
	NoID      int `json:"no_id"`          // a label file, and the case id path yields no string or number, or the empty string
	NotInFile int `json:"not_in_file"`    // the label file has no label for the case's id
	NoValue   int `json:"no_value"`       // the label path yields nothing, or the empty string
	Several   int `json:"several_values"` // the label path yields more than one value
	NotString int `json:"not_a_string"`   // the label path yields something else than a string
}

// Total returns the number of cases without a label.
func (u Unlabelled) Total() int { return u.NoID + u.NotInFile + u.NoValue + u.Several + u.NotString }

// LabelledAutomation is one automation compared with the labels.
type LabelledAutomation struct {
	Automation rules.AutomationRef
	// Matrix is its confusion matrix; nil when it cannot be compared
	// (NotCompared says why).
	Matrix      *labels.Matrix
	NotCompared string
	// Samples are the cases drawn for review, per cell, in input order.
	Samples map[labels.Cell][]SampledCase
	// Baseline is, with a baseline, the matrix of its partner there
	// (PairSets) against the same labels, agreeing with the same ones:
	// how the change moves precision and recall.
	Baseline *LabelledBaseline
}

// LabelledBaseline is the baseline's partner of an automation compared
// with the labels.
type LabelledBaseline struct {
	Automation rules.AutomationRef `json:"automation"`
	Matrix     *labels.Matrix      `json:"matrix"`
	index      int                 // its place in the baseline
}

// pairBaseline gives each automation compared with the labels that has a
// partner in the baseline a matrix for that partner.
func (s *LabelSummary) pairBaseline(p *Pairing) {
	for _, pr := range p.Pairs {
		if pr.Index >= len(s.Automations) {
			continue
		}
		a := &s.Automations[pr.Index]
		if a.Matrix != nil {
			a.Baseline = &LabelledBaseline{Automation: pr.Baseline, Matrix: labels.NewMatrix(a.Matrix.Agree, s.list), index: pr.BaselineIndex}
		}
	}
}

// SampledCase is a case drawn for review.
type SampledCase struct {
	Case     string `json:"case"`   // its id, or its source when it has none
	Source   string `json:"source"` // file, file:line, with #/data/N in a list
	Label    string `json:"label"`
	Labelled bool   `json:"labelled"`
}

// caseLabel is what a worker found of one case's id and label.
type caseLabel struct {
	id       string
	shown    string // the id as summaries show it: its token when a mask hides it
	hasID    bool
	label    string
	shownAs  string // the label as summaries show it: its token when a mask hides it
	labelled bool
	why      string // why it has no label
	reason   unlabelledReason
	err      error
}

// unlabelledReason is a field of Unlabelled.
type unlabelledReason uint8

const (
	noIDReason unlabelledReason = iota
	notInFile
	noValue
	several
	notString
)

func (u *Unlabelled) count(r unlabelledReason) {
	*[...]*int{&u.NoID, &u.NotInFile, &u.NoValue, &u.Several, &u.NotString}[r]++
}

// Check reports whether the labelling can be used with the set: its paths
// compile, its agreement names automations of the set, and, with a label
// file, every label the agreement names is a label of the file. Its errors
// are *LabelSpecError. Run checks it too.
func (l *Labelling) Check(set *rules.Set) error {
	_, err := l.prepare(set, nil)
	return err
}

// prepare checks the labelling and returns the summary the run fills in;
// the ids and labels a mask hides are shown as their tokens.
func (l *Labelling) prepare(set *rules.Set, m *mask.Mask) (*LabelSummary, error) {
	idSrc := l.CaseID
	if idSrc == "" {
		idSrc = DefaultCaseID
	}
	idPath, err := compileLabelPath(idSrc)
	if err != nil {
		return nil, &LabelSpecError{"case id", err}
	}
	s := &LabelSummary{CaseID: idSrc, Labels: map[string]int{}, SampleSize: max(l.Sample, 0), Seed: l.Seed,
		UnlabelledCases: labels.Listing{Cases: []string{}}, Repeated: labels.Listing{Cases: []string{}},
		NotInCorpusCases: []string{}, list: l.List}
	if s.list == 0 {
		s.list = DefaultList
	}
	var labelPath *jsonpath.Path
	switch {
	case l.File != nil:
		s.File = l.FileName
		s.seen = map[string]int{}
	case l.Path == "":
		return nil, &LabelSpecError{"labels", errors.New("give a label file or a JSONPath that yields each case's label")}
	default:
		if labelPath, err = compileLabelPath(l.Path); err != nil {
			return nil, &LabelSpecError{"labels", err}
		}
		s.Path = l.Path
	}
	s.reach = document.NewReach(idPath.Reach()...)
	if labelPath != nil {
		s.reach = document.Union(s.reach, document.NewReach(labelPath.Reach()...))
	}
	progs := set.Programs()
	autos := make([]labels.Automation, len(progs))
	for i, p := range progs {
		a := p.Automation()
		autos[i] = labels.Automation{ID: a.ID, Name: a.Name}
		for _, act := range a.Actions {
			if act.Type == "set_case_status" && act.Status != "" {
				autos[i].Statuses = append(autos[i].Statuses, act.Status)
			}
		}
	}
	agree, err := l.Agreement.Resolve(autos)
	if err != nil {
		return nil, &LabelSpecError{"agree", err}
	}
	defaults, _ := (*labels.Agreement)(nil).Resolve(autos)
	if l.File != nil {
		if err := checkAgreeing(l, autos, agree, defaults); err != nil {
			return nil, err
		}
	}
	for i, p := range progs {
		a := p.Automation()
		la := LabelledAutomation{Automation: rules.AutomationRef{ID: a.ID, Name: a.Name}, Samples: map[labels.Cell][]SampledCase{}}
		if agree[i] == nil {
			la.NotCompared = "it sets no case status, and the agreement does not name it: say which labels agree with it"
		} else {
			la.Matrix = labels.NewMatrix(agree[i], s.list)
		}
		s.Automations = append(s.Automations, la)
		// Each automation draws with a generator of its own, so adding
		// an automation does not change the others' samples.
		s.samplers = append(s.samplers, labels.NewSampler(s.SampleSize, l.Seed+uint64(i)))
	}
	env := jsonpath.Env{MaxValues: rules.DefaultLimits().PathValues, MaxVisits: rules.DefaultLimits().PathVisits}
	file := l.File
	s.labelOf = func(ctx context.Context, c *cases.Case) caseLabel {
		var cl caseLabel
		e := env
		e.Ctx = ctx
		ids, err := idPath.Select(c.Value(), &e, nil)
		if err != nil {
			return caseLabel{err: fmt.Errorf("the case id path %s: %w", idSrc, err)}
		}
		// The id is copied: the summary keeps some ids, and a string of
		// the document would keep the whole case in memory with it.
		emptyID := false
		if len(ids) == 1 {
			switch ids[0].Kind() {
			case document.String:
				// An empty id names no case: no label file has it, and
				// a summary could not list the case by it.
				emptyID = ids[0].Text() == ""
				cl.id, cl.hasID = strings.Clone(ids[0].Text()), !emptyID
			case document.Number:
				cl.id, cl.hasID = strings.Clone(ids[0].Literal()), true
			}
			cl.shown = cl.id
			if cl.hasID && m != nil && m.Hides(c.Value(), ids[0]) {
				// The token records give the same value under the same key.
				cl.shown = m.Token(ids[0])
			}
		}
		if file != nil {
			switch {
			case emptyID:
				cl.why, cl.reason = "the case id at "+idSrc+" is the empty string", noIDReason
			case !cl.hasID:
				cl.why, cl.reason = "no case id at "+idSrc, noIDReason
			default:
				cl.label, cl.labelled = file.Get(cl.id)
				if !cl.labelled {
					cl.why, cl.reason = "not in the label file", notInFile
				}
			}
			return cl
		}
		vals, err := labelPath.Select(c.Value(), &e, nil)
		if err != nil {
			return caseLabel{err: fmt.Errorf("the label path %s: %w", l.Path, err)}
		}
		switch {
		case len(vals) == 0:
			cl.why, cl.reason = l.Path+" yields nothing", noValue
		case len(vals) > 1:
			cl.why, cl.reason = fmt.Sprintf("%s yields %d values", l.Path, len(vals)), several
		case vals[0].Kind() != document.String:
			cl.why, cl.reason = l.Path+" yields "+vals[0].Describe(), notString
		case vals[0].Text() == "":
			// No decision, as a label file refuses an empty label:
			// counted as another label, it would move precision.
			cl.why, cl.reason = l.Path+" yields the empty string", noValue
		default:
			cl.label, cl.labelled = vals[0].Text(), true
			if m != nil && m.Hides(c.Value(), vals[0]) {
				cl.shownAs = m.Token(vals[0])
			}
		}
		return cl
	}
	return s, nil
}

// compileLabelPath compiles a path that reads the case itself.
func compileLabelPath(src string) (*jsonpath.Path, error) {
	p, err := jsonpath.Parse(src)
	if err != nil {
		return nil, err
	}
	if p.Context() != "" {
		return nil, fmt.Errorf("%s reads a computed context field; a label or case id is read from the case itself", src)
	}
	return p, nil
}

// checkAgreeing refuses an agreeing label the agreement names that no case
// of the label file has: it is most likely misspelt, and every case would
// silently count as another label.
func checkAgreeing(l *Labelling, autos []labels.Automation, agree, defaults [][]string) error {
	have := l.File.Counts()
	for i := range agree {
		for _, lab := range agree[i] {
			if have[lab] > 0 || slices.Contains(defaults[i], lab) {
				continue // a status the automation sets itself: a warning after the run, if no case has it
			}
			known := make([]string, 0, len(have))
			for k := range have {
				known = append(known, k)
			}
			slices.Sort(known)
			msg := fmt.Sprintf("label %s, which agrees with %s, is the label of no case in %s", suggest.Quote(lab), suggest.Quote(autoName(autos[i])), l.FileName)
			if near := suggest.Closest(lab, known); near != "" {
				msg += fmt.Sprintf(" (did you mean %s?)", suggest.Quote(near))
			}
			msg += "; its labels: " + suggest.List(known)
			return &LabelSpecError{"agree", errors.New(msg)}
		}
	}
	return nil
}

func autoName(a labels.Automation) string {
	if a.Name != "" {
		return a.Name
	}
	return a.ID
}

// add counts one evaluated case in every automation's matrix.
func (s *LabelSummary) add(name string, cl caseLabel, results, base []rules.Result) {
	s.Cases++
	shown := shorten(cl.shown)
	if !cl.hasID {
		shown = name
	}
	label := cl.label
	if cl.shownAs != "" {
		label = cl.shownAs
	}
	if cl.labelled {
		s.Labelled++
		switch n, ok := s.Labels[shorten(label)]; {
		case ok:
			s.Labels[shorten(label)] = n + 1
		case len(s.Labels) < maxLabels:
			// A copy: a label read from the case is a string of its
			// document, which would stay in memory with it.
			s.Labels[strings.Clone(shorten(label))] = 1
		default:
			s.LabelsNotListed++
		}
		if s.seen != nil {
			s.seen[cl.id]++
			if s.seen[cl.id] > 1 {
				listAdd(&s.Repeated, shown, s.list)
			}
		}
	} else {
		s.Unlabelled.count(cl.reason)
		listAdd(&s.UnlabelledCases, shown+": "+cl.why, s.list)
	}
	for i := range s.Automations {
		m := s.Automations[i].Matrix
		if m == nil {
			continue
		}
		fired := i < len(results) && results[i].Fired
		if cl.labelled {
			for _, lab := range m.Agree {
				if lab == cl.label && !s.agreed[lab] {
					if s.agreed == nil {
						s.agreed = map[string]bool{}
					}
					s.agreed[lab] = true // the agreement's string: the case's stays free
				}
			}
		}
		cell := m.Add(shown, fired, cl.label, cl.labelled)
		if s.SampleSize > 0 {
			s.samplers[i].Add(cell, sampleKey(shown, name, shorten(label), cl.labelled))
		}
		if b := s.Automations[i].Baseline; b != nil {
			b.Matrix.Add(shown, b.index < len(base) && base[b.index].Fired, cl.label, cl.labelled)
		}
	}
}

func listAdd(l *labels.Listing, id string, limit int) {
	if len(l.Cases) < limit {
		l.Cases = append(l.Cases, id)
	} else {
		l.NotListed++
	}
}

// finish lists the unseen cases of the label file, the samples, and the
// agreeing labels no case has.
func (s *LabelSummary) finish(file *labels.Labels) {
	if file != nil {
		for _, id := range file.IDs() {
			if s.seen[id] == 0 {
				s.NotInCorpus++
				if len(s.NotInCorpusCases) < s.list {
					s.NotInCorpusCases = append(s.NotInCorpusCases, id)
				}
			}
		}
	}
	warned := map[string]bool{}
	for i := range s.Automations {
		a := &s.Automations[i]
		if a.Matrix == nil {
			continue
		}
		for _, lab := range a.Matrix.Agree {
			if s.Labels[lab] == 0 && !s.agreed[lab] && s.LabelsNotListed == 0 && !warned[lab] {
				warned[lab] = true
				s.Warnings = append(s.Warnings, fmt.Sprintf("no case is labelled %s, which agrees with %s: its recall is undefined, and every case counts as another label", suggest.Quote(lab), suggest.Quote(a.Automation.Name)))
			}
		}
		for cell, keys := range s.samplers[i].Samples() {
			for _, k := range keys {
				a.Samples[cell] = append(a.Samples[cell], fromSampleKey(k))
			}
		}
	}
}

// maxShown is the length up to which a summary keeps a case id, a label or
// an automation id read from a case as it is; a longer one is kept as its
// first maxShown bytes, "…", its length and the first 8 bytes of its
// SHA-256, so two long ones that differ only past the cut still count
// apart. So the memory a summary holds is bounded by its lists' lengths,
// whatever the cases hold.
const maxShown = 1024

// shorten returns s, or, when it is longer than maxShown bytes, its first
// maxShown bytes (whole characters) followed by "… (N bytes, sha256:X)".
func shorten(s string) string {
	if len(s) <= maxShown {
		return s
	}
	cut := maxShown
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	sum := sha256.Sum256([]byte(s))
	return fmt.Sprintf("%s… (%d bytes, sha256:%x)", s[:cut], len(s), sum[:8])
}

// sampleKey packs what a sampled case shows into the one string a Sampler
// keeps: each part led by its length, so any text may be in it.
func sampleKey(id, source, label string, labelled bool) string {
	var b strings.Builder
	for _, p := range []string{id, source, label} {
		b.WriteString(strconv.Itoa(len(p)))
		b.WriteByte(':')
		b.WriteString(p)
	}
	if labelled {
		b.WriteByte('1')
	}
	return b.String()
}

func fromSampleKey(k string) SampledCase {
	var parts [3]string
	for i := range parts {
		n, rest, _ := strings.Cut(k, ":")
		size, _ := strconv.Atoi(n)
		parts[i], k = rest[:size], rest[size:]
	}
	return SampledCase{Case: parts[0], Source: parts[1], Label: parts[2], Labelled: k == "1"}
}

// WriteSamples writes the sampled cases for review, automation by
// automation and cell by cell: CSV with the header
// automation_id,automation,cell,case,label,source (an empty label for an
// unlabelled case), or NDJSON objects with those members (label null when
// there is none).
func (s *LabelSummary) WriteSamples(w io.Writer, format labels.Format) error {
	var cw *csv.Writer
	if format == labels.CSV {
		cw = csv.NewWriter(w)
		if err := cw.Write([]string{"automation_id", "automation", "cell", "case", "label", "source"}); err != nil {
			return err
		}
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, a := range s.Automations {
		for _, cell := range labels.Cells() {
			for _, c := range a.Samples[cell] {
				if cw != nil {
					if err := cw.Write([]string{a.Automation.ID, a.Automation.Name, cell.String(), c.Case, c.Label, c.Source}); err != nil {
						return err
					}
					continue
				}
				var label *string
				if c.Labelled {
					label = &c.Label
				}
				err := enc.Encode(struct {
					AutomationID string      `json:"automation_id"`
					Automation   string      `json:"automation"`
					Cell         labels.Cell `json:"cell"`
					Case         string      `json:"case"`
					Label        *string     `json:"label"`
					Source       string      `json:"source"`
				}{a.Automation.ID, a.Automation.Name, cell, c.Case, label, c.Source})
				if err != nil {
					return err
				}
			}
		}
	}
	if cw != nil {
		cw.Flush()
		return cw.Error()
	}
	return nil
}
