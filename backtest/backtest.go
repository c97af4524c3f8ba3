// Package backtest runs automations over many cases at once — folders of
// case files, NDJSON files and API list responses — in parallel, and
// summarises what they would have done: how many cases triggered and fired,
// which actions and target statuses, which conditions decided, where fired
// automations conflict, which cases could not be read, and, against a
// baseline version of the automations, which cases would be decided
// differently.
//
//	sum, err := backtest.Run(ctx, set, backtest.Sources(paths...), backtest.Options{})
//
// A case that cannot be read or decoded is reported with its file (and
// line, in NDJSON) and skipped; it never stops the run, and the summary
// lists it (Summary.Errors), so the caller can refuse a partial answer. A
// source with no case at all is an error (*NoCasesError), not an empty
// summary. Reading stops promptly when ctx ends, even inside a line.
//
// With Options.Labels (a Labelling), a run compares each automation's
// outcome with what people decided, in a confusion matrix per automation
// (Summary.Labelled); with Options.CaseAutomations, each case runs only the
// automations it names (Summary.CaseAutomations).
package backtest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/verdict-rules/verdict/cases"
	"github.com/verdict-rules/verdict/document"
	"github.com/verdict-rules/verdict/mask"
	"github.com/verdict-rules/verdict/record"
	"github.com/verdict-rules/verdict/rules"
)

// Options configure a run.
type Options struct {
	// Workers is the number of cases evaluated at once (default: the
	// number of CPUs; at most MaxWorkers).
	Workers int
	// Event is the event every case is evaluated with; nil is a
	// conditions-only dry run. Run does not check it: call
	// Set.CheckEvent first.
	Event *rules.Event
	// Baseline, when set, is evaluated on every case too; its automations
	// are paired with the run's (PairSets), and the cases a pair decides
	// differently are listed in Summary.Changed.
	Baseline *rules.Set
	// Out, when set, receives one JSON line per case and automation: the
	// Result, led by "verdict_result" (the format's version, 1), "case"
	// (where the case came from) and "decided_by", in input order. Such
	// lines are recognised (cases.IsResult) and skipped as input.
	Out io.Writer
	// Trace puts the trace in the lines written to Out.
	Trace bool
	// Records, when set, receives one decision record (package record)
	// per case and automation, one per line, in input order; each case's
	// records share a random decision id.
	Records io.Writer
	// Mask, when set, hides what it names in Out and Records (see
	// package mask).
	Mask *mask.Mask
	// Progress, when set, is called from time to time with the items done
	// so far.
	Progress func(done int)
	// MaxCaseBytes bounds a case file and an NDJSON line, and is the size
	// limit of a case when it is decoded (default DefaultMaxCaseBytes). A
	// longer line is reported with its file and line (*LineTooLongError)
	// and reading goes on with the next one.
	MaxCaseBytes int
	// MaxCaseDepth bounds the nesting of a case's arrays and objects
	// (default document.DefaultMaxDepth); a deeper case is skipped, with
	// its file, line and the place it passed the limit.
	MaxCaseDepth int
	cases        cases.Decoder // MaxCaseBytes and MaxCaseDepth as the decoder's limits

	// Labels, when set, compares each automation's outcome with people's
	// decisions (Summary.Labelled).
	Labels  *Labelling
	labelOf func(context.Context, *cases.Case) caseLabel
	// CaseAutomations runs on each case only the automations it names
	// (rules.WithCaseAutomations), the baseline's too, and sums up which
	// automations the cases name (Summary.CaseAutomations). Off, every
	// automation runs on every case, as drafts no case names yet must.
	CaseAutomations bool

	// Keep bounds how many skipped cases and changed outcomes the Summary
	// lists (default DefaultKeep); the rest are only counted, so a run
	// over millions of cases holds a bounded summary.
	Keep int
}

// DefaultKeep is how many skipped cases and changed outcomes a Summary
// lists by default; Report lists at most as many.
const DefaultKeep = 1000

// MaxWorkers bounds Options.Workers: more goroutines than this only cost
// memory (each holds cases in flight) on any machine verdict runs on.
const MaxWorkers = 1024

// DecidedByTrigger is the key of Summary's and Report's decided_by
// histograms for the outcomes the trigger settled: an event was given and
// matched none of the automation's triggers, so its conditions did not
// decide whether it fired.
const DecidedByTrigger = "trigger (the event matches none)"

// NoCasesError is a run that found no case at all: its folders hold no
// *.json, *.ndjson or *.jsonl file, or its files no case. Summing up
// nothing would look like an answer.
type NoCasesError struct {
	Paths   []string // the source's paths
	Ignored int      // files in its folders that are not case files
}

// Error names the paths searched and how many other files they hold.
func (e *NoCasesError) Error() string {
	msg := "no cases found in " + strings.Join(e.Paths, ", ") + " (folders are searched for .json, .ndjson and .jsonl files"
	if e.Ignored > 0 {
		msg += fmt.Sprintf("; %s ignored", count(e.Ignored, "other file"))
	}
	return msg + ")"
}

// count writes "1 file", "2 files".
func count(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// Summary is what a run found.
type Summary struct {
	// Event is the event every case was evaluated with; nil for a
	// conditions-only dry run, where fired means the conditions held.
	Event         *rules.Event
	Cases         int // cases evaluated (errors excluded)
	Triggered     int // cases where some automation was triggered
	Fired         int // cases where some automation fired
	Conflicts     int // cases where fired automations set one field to different values
	WithoutStatus int // cases without a status member, when the automations read it
	PerAutomation []AutomationSummary
	Actions       map[string]int // action type → how many times it ran (no-ops included)
	Noops         map[string]int // action type → how many of those were no-ops
	// Statuses counts, per target status of set_case_status, the actions
	// that change the case to it; StatusNoops those that found the case
	// in it already.
	Statuses    map[string]int
	StatusNoops map[string]int
	// Errors lists the first Options.Keep cases that could not be read,
	// decoded or evaluated; Skipped counts them all.
	Errors  []CaseError
	Skipped int
	// Ignored counts the files the source's folders hold that are not
	// case files (neither .json, .ndjson nor .jsonl).
	Ignored int
	Pairing *Pairing // with a baseline: which automation is compared with which
	// BaselineWarnings are the static warnings of the baseline's
	// automations, one entry per automation that has some.
	BaselineWarnings []AutomationWarnings
	// Changed lists, with a baseline, the first Options.Keep automation
	// outcomes decided differently, case by case; ChangedOutcomes counts
	// them all, ChangedCases the distinct cases.
	Changed         []Change
	ChangedOutcomes int
	ChangedCases    int
	// Labelled is the comparison with people's decisions, with
	// Options.Labels.
	Labelled *LabelSummary
	// CaseAutomations is which automations the cases name, with
	// Options.CaseAutomations.
	CaseAutomations *CaseAutomations
	Elapsed         time.Duration
}

// CaseAutomations sums up the automations the cases name
// (Options.CaseAutomations).
type CaseAutomations struct {
	// Named counts, per automation of the set, the cases that name it:
	// on the others it did not run (AutomationSummary.NotRun).
	Named []int
	// WithoutList counts the cases without an automations member, which
	// name no automation.
	WithoutList int
	// Unknown counts, per id no automation of the set has, the cases that
	// name it (the first Keep distinct ids; one longer than 1,024 bytes as
	// its first 1,024, "…" and its length); UnknownNotListed counts the
	// cases naming the others.
	Unknown          map[string]int
	UnknownNotListed int
}

// AutomationSummary counts one automation's outcomes.
type AutomationSummary struct {
	Automation                rules.AutomationRef
	Name                      string // Automation.Name
	Triggered, Matched, Fired int
	// NotRun counts the cases it did not run on, since they do not name
	// it (Options.CaseAutomations); they count as not fired.
	NotRun int
	// DecidedBy counts, per condition pointer, the cases it decided (see
	// rules.Result.DecidedBy): "/conditions" when every condition held;
	// DecidedByTrigger when the event matched none of the triggers.
	DecidedBy map[string]int
	// Warnings are the automation's static warnings (Program.Warnings).
	Warnings []rules.Warning
}

// AutomationWarnings are the static warnings of one automation.
type AutomationWarnings struct {
	Automation rules.AutomationRef `json:"automation"`
	Warnings   []rules.Warning     `json:"warnings"`
}

// CaseError is a case that was skipped.
type CaseError struct {
	Case string // file, file:line, or either followed by #/data/N
	Err  error
}

// Change is a case that an automation and its baseline decide
// differently.
type Change struct {
	Case       string
	Automation string // the automation's name
	Baseline   string // its baseline's name
	Before     string // the baseline's outcome, e.g. "fired: /status → \"ACTIVE\""
	After      string
}

// evaluated is one case of an item and what came of it.
type evaluated struct {
	name    string
	results []rules.Result
	records []byte // the case's decision records, one JSON line each
	base    []rules.Result
	noState bool // the case has no status member the automations read
	noList  bool // the case has no automations member
	label   caseLabel
	err     error
}

// Run evaluates the set on every case of the source. It fails only when
// Workers is over MaxWorkers, the source cannot be listed, the pairing
// with the baseline is ambiguous (*PairingError) or pairs nothing
// (ErrNoPairs), ctx ends, Out cannot be written, or the source holds no
// case at all (*NoCasesError, with the summary).
func Run(ctx context.Context, set *rules.Set, src Source, opt Options) (*Summary, error) {
	start := time.Now()
	if opt.Workers > MaxWorkers {
		return nil, fmt.Errorf("backtest: %d workers, more than the limit of %d", opt.Workers, MaxWorkers)
	}
	sum := &Summary{Event: opt.Event, Actions: map[string]int{}, Noops: map[string]int{},
		Statuses: map[string]int{}, StatusNoops: map[string]int{}}
	for _, p := range set.Programs() {
		a := p.Automation()
		sum.PerAutomation = append(sum.PerAutomation, AutomationSummary{
			Automation: rules.AutomationRef{ID: a.ID, Name: a.Name, Fingerprint: p.Fingerprint()}, Name: a.Name,
			DecidedBy: map[string]int{}, Warnings: p.Warnings()})
	}
	if opt.Labels != nil {
		ls, err := opt.Labels.prepare(set, opt.Mask)
		if err != nil {
			return nil, err
		}
		sum.Labelled, opt.labelOf = ls, ls.labelOf
	}
	if opt.CaseAutomations {
		sum.CaseAutomations = &CaseAutomations{Named: make([]int, set.Len()), Unknown: map[string]int{}}
	}
	if opt.Baseline != nil {
		pairing, err := PairSets(set, opt.Baseline)
		if err != nil {
			return nil, err
		}
		sum.Pairing = pairing
		if sum.Labelled != nil {
			sum.Labelled.pairBaseline(pairing)
		}
		for _, p := range opt.Baseline.Programs() {
			if ws := p.Warnings(); len(ws) > 0 {
				a := p.Automation()
				sum.BaselineWarnings = append(sum.BaselineWarnings, AutomationWarnings{rules.AutomationRef{ID: a.ID, Name: a.Name}, ws})
			}
		}
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	maxBytes := opt.MaxCaseBytes
	if maxBytes <= 0 {
		maxBytes = DefaultMaxCaseBytes
	}
	// Cases are decoded for what the automations read of them, the rest
	// checked and skipped.
	var reaches []*document.Reach
	for _, s := range []*rules.Set{set, opt.Baseline} {
		if s != nil {
			reaches = append(reaches, s.Reach())
		}
	}
	if sum.Labelled != nil {
		reaches = append(reaches, sum.Labelled.reach)
	}
	if opt.Mask != nil {
		// The mask reads the case too: its tokens hash whole values.
		reaches = append(reaches, opt.Mask.Reach())
	}
	reach := document.Union(reaches...)
	// Each item's bytes are its own and never change, so cases borrow them.
	opt.cases = cases.Decoder{MaxBytes: maxBytes, MaxDepth: opt.MaxCaseDepth, Reach: reach, Borrow: true}
	files, ignored, err := src.files()
	if err != nil {
		return nil, err
	}
	sum.Ignored = ignored
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	in := make(chan Item, workers*16)
	srcErr := make(chan error, 1)
	go func() { srcErr <- src.emit(ctx, files, in, maxBytes) }()

	type job struct {
		seq int
		Item
	}
	type done struct {
		seq   int
		cases []evaluated
	}
	jobs := make(chan job, workers*16)
	out := make(chan done, workers*16)
	go func() {
		seq := 0
		for it := range in {
			jobs <- job{seq, it}
			seq++
		}
		close(jobs)
	}()
	var evalOpts, baseOpts []rules.EvalOption
	if opt.CaseAutomations {
		baseOpts = append(baseOpts, rules.WithCaseAutomations())
	}
	evalOpts = append(evalOpts, baseOpts...)
	if opt.Trace {
		evalOpts = append(evalOpts, rules.WithTrace())
	}
	if opt.Records != nil {
		evalOpts = append(evalOpts, rules.WithEvidence())
	}
	if opt.Mask != nil {
		evalOpts = append(evalOpts, rules.WithMask(opt.Mask))
	}
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				out <- done{seq: j.seq, cases: evaluateItem(ctx, set, j.Item, opt, evalOpts, baseOpts)}
			}
		}()
	}
	go func() {
		wg.Wait()
		close(out)
	}()

	var count atomic.Int64
	pending := map[int]done{}
	next := 0
	var writeErr error
	enc := json.NewEncoder(io.Discard)
	if opt.Out != nil {
		enc = json.NewEncoder(opt.Out)
		enc.SetEscapeHTML(false)
	}
	lastProgress := time.Now()
	keep := opt.Keep
	if keep <= 0 {
		keep = DefaultKeep
	}
	record := func(d evaluated) {
		if d.err != nil {
			if errors.Is(d.err, context.Canceled) {
				return
			}
			sum.Skipped++
			if len(sum.Errors) < keep {
				sum.Errors = append(sum.Errors, CaseError{Case: d.name, Err: d.err})
			}
			return
		}
		sum.Cases++
		if d.noState {
			sum.WithoutStatus++
		}
		triggered, fired, conflict := false, false, false
		if ca := sum.CaseAutomations; ca != nil {
			if d.noList {
				ca.WithoutList++
			}
			for i, r := range d.results {
				switch {
				case i < len(ca.Named):
					if r.NotRun == "" {
						ca.Named[i]++
					}
				case ca.Unknown[shorten(r.Automation.ID)] > 0:
					ca.Unknown[shorten(r.Automation.ID)]++
				case len(ca.Unknown) < keep:
					// A copy: the id is a string of the case document,
					// which would stay in memory with it.
					ca.Unknown[strings.Clone(shorten(r.Automation.ID))] = 1
				default:
					ca.UnknownNotListed++
				}
			}
		}
		if sum.Labelled != nil {
			sum.Labelled.add(d.name, d.label, d.results, d.base)
		}
		for i, r := range d.results {
			if i < len(sum.PerAutomation) {
				a := &sum.PerAutomation[i]
				if r.NotRun != "" {
					a.NotRun++
					continue
				}
				if r.Triggered {
					a.Triggered++
				}
				if r.Matched {
					a.Matched++
				}
				if r.Fired {
					a.Fired++
				}
				if opt.Event != nil && !r.Triggered {
					a.DecidedBy[DecidedByTrigger]++
				} else {
					a.DecidedBy[r.DecidedBy]++
				}
			}
			triggered = triggered || r.Triggered
			fired = fired || r.Fired
			for _, w := range r.Warnings {
				conflict = conflict || w.Code == "conflict"
			}
			for _, a := range r.Actions {
				sum.Actions[a.Type]++
				if a.Noop {
					sum.Noops[a.Type]++
				}
				if a.Type == "set_case_status" {
					if a.Noop {
						sum.StatusNoops[a.Status]++
					} else {
						sum.Statuses[a.Status]++
					}
				}
			}
			if opt.Out != nil && writeErr == nil {
				if !opt.Trace {
					r.Trace = nil // there for the records
				}
				if err := enc.Encode(line{Case: d.name, Result: r}); err != nil {
					writeErr = fmt.Errorf("writing results: %w", err)
				}
			}
		}
		if opt.Records != nil && writeErr == nil {
			if _, err := opt.Records.Write(d.records); err != nil {
				writeErr = fmt.Errorf("writing records: %w", err)
			}
		}
		if triggered {
			sum.Triggered++
		}
		if fired {
			sum.Fired++
		}
		if conflict {
			sum.Conflicts++
		}
		if sum.Pairing != nil {
			if changes := compare(d.name, sum.Pairing, d.base, d.results); len(changes) > 0 {
				sum.ChangedOutcomes += len(changes)
				sum.ChangedCases++
				if room := keep - len(sum.Changed); room > 0 {
					sum.Changed = append(sum.Changed, changes[:min(room, len(changes))]...)
				}
			}
		}
	}
	for d := range out {
		pending[d.seq] = d
		for {
			d, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			for _, c := range d.cases {
				record(c)
			}
		}
		n := count.Add(1)
		if opt.Progress != nil && time.Since(lastProgress) > 100*time.Millisecond {
			lastProgress = time.Now()
			opt.Progress(int(n))
		}
	}
	if opt.Progress != nil {
		opt.Progress(int(count.Load()))
	}
	if sum.Labelled != nil {
		sum.Labelled.finish(opt.Labels.File)
	}
	sum.Elapsed = time.Since(start)
	if err := <-srcErr; err != nil {
		return sum, err
	}
	if err := ctx.Err(); err != nil {
		return sum, err
	}
	if writeErr != nil {
		return sum, writeErr
	}
	if sum.Cases == 0 && sum.Skipped == 0 {
		paths := src.Paths()
		for i, p := range paths {
			if src.reads(p) {
				paths[i] = "standard input"
			}
		}
		return sum, &NoCasesError{Paths: paths, Ignored: sum.Ignored}
	}
	return sum, nil
}

// evaluateItem decodes the cases of an item and evaluates each.
func evaluateItem(ctx context.Context, set *rules.Set, it Item, opt Options, evalOpts, baseOpts []rules.EvalOption) []evaluated {
	if it.Err != nil {
		return []evaluated{{name: it.Name, err: it.Err}}
	}
	list, err := opt.cases.ParseList(it.Data)
	if err != nil {
		return []evaluated{{name: it.Name, err: err}}
	}
	out := make([]evaluated, len(list))
	for i, c := range list {
		e := &out[i]
		e.name = it.Name
		if p := c.Pointer(); p != "" {
			e.name += "#" + p
		}
		if cases.IsResult(c.Value()) {
			e.err = ErrResult
			continue
		}
		e.noState = len(set.CheckCase(c)) > 0
		if opt.CaseAutomations {
			_, e.noList = c.Value().Member("automations")
			e.noList = !e.noList
		}
		if opt.labelOf != nil {
			if e.label = opt.labelOf(ctx, c); e.label.err != nil {
				e.err = e.label.err
				continue
			}
		}
		e.results, e.err = set.Evaluate(ctx, c, opt.Event, evalOpts...)
		if e.err == nil && opt.Baseline != nil {
			e.base, e.err = opt.Baseline.Evaluate(ctx, c, opt.Event, baseOpts...)
		}
		if e.err == nil && opt.Records != nil {
			e.records, e.err = records(e.results, c, opt.Mask)
		}
	}
	return out
}

// records writes the decision records of a case's results, a line each.
func records(results []rules.Result, c *cases.Case, m *mask.Mask) ([]byte, error) {
	recs, err := record.FromResults(results, c, record.Options{Mask: m})
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	for _, r := range recs {
		if err := enc.Encode(r); err != nil {
			return nil, err
		}
	}
	return b.Bytes(), nil
}

// line is one NDJSON output line: the case's source and its result.
type line struct {
	Case string
	rules.Result
}

// MarshalJSON writes "verdict_result" (the version of the format), "case"
// and "decided_by" first, then the result's members.
func (l line) MarshalJSON() ([]byte, error) {
	r, err := json.Marshal(l.Result)
	if err != nil {
		return nil, err
	}
	c, _ := json.Marshal(l.Case)
	d, _ := json.Marshal(l.DecidedBy)
	out := append([]byte(`{"verdict_result":1,"case":`), c...)
	out = append(out, `,"decided_by":`...)
	out = append(out, d...)
	out = append(out, ',')
	return append(out, r[1:]...), nil
}

// outcome describes a result for the comparison with a baseline.
func outcome(r rules.Result) string {
	if !r.Fired {
		if r.Matched {
			return "not fired (not triggered)"
		}
		return "not fired"
	}
	var parts []string
	for _, e := range r.Changeset {
		for _, c := range e.Changes {
			parts = append(parts, fmt.Sprintf("%s → %s", c.Field, c.NewValue))
		}
	}
	if len(parts) == 0 {
		return "fired (no changes)"
	}
	return "fired: " + strings.Join(parts, ", ")
}

// compare lists the pairs that decide a case differently.
func compare(name string, pairing *Pairing, before, after []rules.Result) []Change {
	var out []Change
	for _, p := range pairing.Pairs {
		if p.Index >= len(after) || p.BaselineIndex >= len(before) {
			continue
		}
		if ob, oa := outcome(before[p.BaselineIndex]), outcome(after[p.Index]); ob != oa {
			out = append(out, Change{Case: name, Automation: p.Automation.Name, Baseline: p.Baseline.Name, Before: ob, After: oa})
		}
	}
	return out
}
