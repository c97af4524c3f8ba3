// Package backtest runs automations over many cases at once — folders of
// case files and NDJSON files — in parallel, and summarises what they would
// have done: how many cases triggered and fired, which actions and target
// statuses, which cases could not be read, and, against a baseline version
// of the automations, which cases would be decided differently.
//
//	sum, err := backtest.Run(ctx, set, backtest.Sources(paths...), backtest.Options{})
//
// A case that cannot be read or decoded is reported with its file (and
// line, in NDJSON) and skipped; it never stops the run.
package backtest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/verdict-rules/verdict/rules"
)

// Item is one case to evaluate.
type Item struct {
	Name string // the file, or file:line for NDJSON
	Data []byte
	Err  error // the case could not be read
}

// Source produces the cases of a run, in order, on a channel it closes
// when done. Count returns how many there are, or -1 when unknown.
type Source struct {
	paths []string
}

// Sources reads cases from files and folders: a folder is searched for
// *.json files (each a case), a *.ndjson or *.jsonl file holds one case per
// line, any other file is one case.
func Sources(paths ...string) Source { return Source{paths: paths} }

// files lists the files of the source in a stable order.
func (s Source) files() ([]string, error) {
	var out []string
	for _, p := range s.paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			out = append(out, p)
			continue
		}
		var found []string
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && (strings.HasSuffix(path, ".json") || isNDJSON(path)) {
				found = append(found, path)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		sort.Strings(found)
		out = append(out, found...)
	}
	return out, nil
}

func isNDJSON(path string) bool {
	return strings.HasSuffix(path, ".ndjson") || strings.HasSuffix(path, ".jsonl")
}

// Count returns the number of cases, reading NDJSON files to count their
// lines.
func (s Source) Count() (int, error) {
	files, err := s.files()
	if err != nil {
		return 0, err
	}
	n := 0
	for _, f := range files {
		if !isNDJSON(f) {
			n++
			continue
		}
		fh, err := os.Open(f)
		if err != nil {
			n++
			continue
		}
		lines, err := countLines(fh)
		fh.Close()
		if err != nil {
			return 0, err
		}
		n += lines
	}
	return n, nil
}

func countLines(r io.Reader) (int, error) {
	buf := make([]byte, 1<<20)
	n, last := 0, byte('\n')
	for {
		k, err := r.Read(buf)
		for _, b := range buf[:k] {
			if b == '\n' {
				n++
			}
		}
		if k > 0 {
			last = buf[k-1]
		}
		if err == io.EOF {
			if last != '\n' {
				n++
			}
			return n, nil
		}
		if err != nil {
			return n, err
		}
	}
}

// emit sends every case on ch and closes it. Blank NDJSON lines are
// skipped.
func (s Source) emit(ctx context.Context, ch chan<- Item) error {
	defer close(ch)
	files, err := s.files()
	if err != nil {
		return err
	}
	send := func(it Item) bool {
		select {
		case ch <- it:
			return true
		case <-ctx.Done():
			return false
		}
	}
	for _, f := range files {
		if !isNDJSON(f) {
			data, err := os.ReadFile(f)
			if !send(Item{Name: f, Data: data, Err: err}) {
				return ctx.Err()
			}
			continue
		}
		fh, err := os.Open(f)
		if err != nil {
			if !send(Item{Name: f, Err: err}) {
				return ctx.Err()
			}
			continue
		}
		sc := bufio.NewScanner(fh)
		sc.Buffer(make([]byte, 1<<20), 64<<20)
		line := 0
		for sc.Scan() {
			line++
			b := bytes.TrimSpace(sc.Bytes())
			if len(b) == 0 {
				continue
			}
			if !send(Item{Name: fmt.Sprintf("%s:%d", f, line), Data: bytes.Clone(b)}) {
				fh.Close()
				return ctx.Err()
			}
		}
		if err := sc.Err(); err != nil {
			send(Item{Name: fmt.Sprintf("%s:%d", f, line+1), Err: err})
		}
		fh.Close()
	}
	return nil
}

// Options configure a run.
type Options struct {
	// Workers is the number of cases evaluated at once (default: the
	// number of CPUs).
	Workers int
	// Event is the event every case is evaluated with; nil is a
	// conditions-only dry run.
	Event *rules.Event
	// Baseline, when set, is evaluated on every case too; cases that the
	// two decide differently are listed in Summary.Changed.
	Baseline *rules.Set
	// Out, when set, receives one JSON line per case and automation: the
	// Result with a "case" member naming its source, in input order.
	Out io.Writer
	// Trace puts the trace in the lines written to Out.
	Trace bool
	// Progress, when set, is called from time to time with the cases done
	// so far.
	Progress func(done int)
	// CaseOptions apply when decoding cases (limits).
	CaseOptions []rules.Option
}

// Summary is what a run found.
type Summary struct {
	Cases         int // cases evaluated (errors excluded)
	Triggered     int // cases where some automation was triggered
	Fired         int // cases where some automation fired
	PerAutomation []AutomationSummary
	Actions       map[string]int // action type → how many times it ran (no-ops included)
	Noops         map[string]int // action type → how many of those were no-ops
	Statuses      map[string]int // target status of set_case_status → cases
	Errors        []CaseError    // cases that could not be read, decoded or evaluated
	Changed       []Change       // with a baseline: cases decided differently
	Elapsed       time.Duration
}

// AutomationSummary counts one automation's outcomes.
type AutomationSummary struct {
	Name                      string
	Triggered, Matched, Fired int
}

// CaseError is a case that was skipped.
type CaseError struct {
	Case string // file, or file:line
	Err  error
}

// Change is a case that the automations and their baseline decide
// differently.
type Change struct {
	Case       string
	Automation string
	Before     string // the baseline's outcome, e.g. "fired: /status → \"ACTIVE\""
	After      string
}

// Run evaluates the set on every case of the source.
func Run(ctx context.Context, set *rules.Set, src Source, opt Options) (*Summary, error) {
	start := time.Now()
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	in := make(chan Item, workers*16)
	srcErr := make(chan error, 1)
	go func() { srcErr <- src.emit(ctx, in) }()

	type job struct {
		seq int
		Item
	}
	type done struct {
		seq     int
		name    string
		results []rules.Result
		base    []rules.Result
		err     error
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
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				d := done{seq: j.seq, name: j.Name}
				if j.Err != nil {
					d.err = j.Err
					out <- d
					continue
				}
				c, err := rules.ParseCase(j.Data, opt.CaseOptions...)
				if err != nil {
					d.err = err
					out <- d
					continue
				}
				var evalOpts []rules.EvalOption
				if opt.Trace {
					evalOpts = append(evalOpts, rules.WithTrace())
				}
				d.results, d.err = set.Evaluate(ctx, c, opt.Event, evalOpts...)
				if d.err == nil && opt.Baseline != nil {
					d.base, d.err = opt.Baseline.Evaluate(ctx, c, opt.Event)
				}
				out <- d
			}
		}()
	}
	go func() {
		wg.Wait()
		close(out)
	}()

	sum := &Summary{Actions: map[string]int{}, Noops: map[string]int{}, Statuses: map[string]int{}}
	for _, p := range set.Programs() {
		sum.PerAutomation = append(sum.PerAutomation, AutomationSummary{Name: p.Automation().Name})
	}
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
	record := func(d done) {
		if d.err != nil {
			if errors.Is(d.err, context.Canceled) {
				return
			}
			sum.Errors = append(sum.Errors, CaseError{Case: d.name, Err: d.err})
			return
		}
		sum.Cases++
		triggered, fired := false, false
		for i, r := range d.results {
			if i < len(sum.PerAutomation) {
				a := &sum.PerAutomation[i]
				if r.Triggered {
					a.Triggered++
				}
				if r.Matched {
					a.Matched++
				}
				if r.Fired {
					a.Fired++
				}
			}
			triggered = triggered || r.Triggered
			fired = fired || r.Fired
			for _, a := range r.Actions {
				sum.Actions[a.Type]++
				if a.Noop {
					sum.Noops[a.Type]++
				}
				if a.Type == "set_case_status" {
					sum.Statuses[a.Status]++
				}
			}
			if opt.Out != nil && writeErr == nil {
				writeErr = enc.Encode(line{Case: d.name, Result: r})
			}
		}
		if triggered {
			sum.Triggered++
		}
		if fired {
			sum.Fired++
		}
		if opt.Baseline != nil {
			sum.Changed = append(sum.Changed, compare(d.name, d.base, d.results)...)
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
			record(d)
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
	sum.Elapsed = time.Since(start)
	if err := <-srcErr; err != nil {
		return sum, err
	}
	if err := ctx.Err(); err != nil {
		return sum, err
	}
	if writeErr != nil {
		return sum, fmt.Errorf("writing results: %w", writeErr)
	}
	return sum, nil
}

// line is one NDJSON output line: the case's source and its result.
type line struct {
	Case string `json:"case"`
	rules.Result
}

// MarshalJSON puts "case" first, then the result's members.
func (l line) MarshalJSON() ([]byte, error) {
	r, err := json.Marshal(l.Result)
	if err != nil {
		return nil, err
	}
	c, _ := json.Marshal(l.Case)
	out := append([]byte(`{"case":`), c...)
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

// compare lists the automations that decide a case differently from their
// baseline, matched by name.
func compare(name string, before, after []rules.Result) []Change {
	if len(before) == 1 && len(after) == 1 {
		if ob, oa := outcome(before[0]), outcome(after[0]); ob != oa {
			return []Change{{Case: name, Automation: after[0].Automation.Name, Before: ob, After: oa}}
		}
		return nil
	}
	byName := map[string]rules.Result{}
	for _, r := range before {
		byName[r.Automation.Name] = r
	}
	var out []Change
	for _, r := range after {
		b, ok := byName[r.Automation.Name]
		if !ok {
			continue
		}
		if ob, oa := outcome(b), outcome(r); ob != oa {
			out = append(out, Change{Case: name, Automation: r.Automation.Name, Before: ob, After: oa})
		}
	}
	return out
}
