package suite

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/google/go-cmp/cmp"

	"github.com/verdict-rules/verdict/conditions/jsonpath"
	"github.com/verdict-rules/verdict/rules"
)

// File is a test suite file (*.suite.json): one automation, shared
// settings, and tests that each give a case, an event and what to expect.
//
//	{
//	  "automation": "../automations/auto-approve.json",
//	  "now": "2026-11-24T09:00:00Z",
//	  "event": {"type": "case_status_updated", "status": "READY_FOR_REVIEW"},
//	  "tests": [
//	    {"name": "Ragnarok is approved", "case": "../cases/quickr/ragnarok-as.json",
//	     "expect": {"fired": true, "status": "ACTIVE"}},
//	    {"name": "no sanction check", "case": {"status": "READY_FOR_REVIEW"},
//	     "expect": {"fired": false, "decided_by": "/conditions/0"}}
//	  ]
//	}
//
// File names are relative to the suite file. "automation" and "case" may
// also be inline JSON; the automation file may hold several automations
// when "automation_name" picks one.
type File struct {
	// Description says what the suite checks.
	Description string `json:"description,omitempty"`
	// Automation is a file name or an inline automation.
	Automation json.RawMessage `json:"automation"`
	// AutomationName picks one automation of a file that holds several.
	AutomationName string `json:"automation_name,omitempty"`
	// Now, Statuses and ContextFields are as in a scenario's config.json.
	Now           string            `json:"now,omitempty"`
	Statuses      json.RawMessage   `json:"statuses,omitempty"`
	ContextFields map[string]string `json:"context_fields,omitempty"`
	// Event is the default event of the tests; null or absent means a
	// conditions-only dry run.
	Event json.RawMessage `json:"event,omitempty"`
	Tests []Test          `json:"tests"`
}

// Test is one case of a suite.
type Test struct {
	Name string `json:"name"`
	// Case is a file name or an inline case.
	Case json.RawMessage `json:"case"`
	// Event overrides the suite's event; null asks for a dry run.
	Event json.RawMessage `json:"event,omitempty"`
	// Now overrides the suite's time.
	Now    string `json:"now,omitempty"`
	Expect Expect `json:"expect"`
}

// Expect lists what a test checks; what is left out is not checked.
type Expect struct {
	Fired     *bool `json:"fired,omitempty"`
	Triggered *bool `json:"triggered,omitempty"`
	Matched   *bool `json:"matched,omitempty"`
	// Status is the case status after the changeset: a string, or null
	// when the changeset must leave /status alone.
	Status json.RawMessage `json:"status,omitempty"`
	// Changeset is compared whole.
	Changeset *[]rules.ChangesetEntry `json:"changeset,omitempty"`
	// DecidedBy is the pointer of the condition that settled the outcome:
	// the first that failed in a failing and, the first that held in a
	// holding or (see conditions.Trace.Decider).
	DecidedBy string `json:"decided_by,omitempty"`
	// Warnings lists the codes of the warnings, in order.
	Warnings *[]string `json:"warnings,omitempty"`
}

// Outcome of one test.
type TestResult struct {
	Suite    string   // the suite file or scenario folder
	Name     string   // the test's name
	Failures []string // what did not match, with diffs; empty when it passed
	Err      error    // the test could not run
	results  []rules.Result
}

// Passed reports whether the test ran and matched its expectations.
func (r TestResult) Passed() bool { return r.Err == nil && len(r.Failures) == 0 }

// LoadFile reads a suite file.
func LoadFile(path string) (*File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var f File
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(f.Automation) == 0 {
		return nil, fmt.Errorf("%s: the suite has no automation", path)
	}
	if len(f.Tests) == 0 {
		return nil, fmt.Errorf("%s: the suite has no tests", path)
	}
	return &f, nil
}

// resolve reads a member that holds a file name (relative to dir) or
// inline JSON.
func resolve(dir string, raw json.RawMessage) (data []byte, name string, err error) {
	var file string
	if json.Unmarshal(raw, &file) == nil {
		path := filepath.Join(dir, filepath.FromSlash(file))
		data, err := os.ReadFile(path)
		return data, path, err
	}
	return raw, "inline", nil
}

// RunFile runs every test of a suite file.
func RunFile(path string, extra ...rules.Option) ([]TestResult, error) {
	f, err := LoadFile(path)
	if err != nil {
		return nil, err
	}
	dir := filepath.Dir(path)
	autoData, autoName, err := resolve(dir, f.Automation)
	if err != nil {
		return nil, fmt.Errorf("%s: automation: %w", path, err)
	}
	var results []TestResult
	for _, t := range f.Tests {
		res := TestResult{Suite: path, Name: t.Name}
		res.results, res.Failures, res.Err = f.runTest(dir, autoData, autoName, t, extra)
		results = append(results, res)
	}
	return results, nil
}

func (f *File) runTest(dir string, autoData []byte, autoName string, t Test, extra []rules.Option) ([]rules.Result, []string, error) {
	cfg := Config{Now: f.Now, Statuses: f.Statuses, ContextFields: f.ContextFields}
	if t.Now != "" {
		cfg.Now = t.Now
	}
	opts, err := cfg.Options()
	if err != nil {
		return nil, nil, err
	}
	opts = append(opts, extra...)
	defs, err := rules.Parse(autoData, opts...)
	if err != nil {
		return nil, nil, fmt.Errorf("%s", strings.TrimSpace(renderErrors(autoName, autoData, err)))
	}
	if f.AutomationName != "" {
		var picked []rules.Automation
		for _, d := range defs {
			if d.Name == f.AutomationName {
				picked = append(picked, d)
			}
		}
		if len(picked) != 1 {
			return nil, nil, fmt.Errorf("%s holds %d automations named %q, want 1", autoName, len(picked), f.AutomationName)
		}
		defs = picked
	}
	if len(defs) != 1 {
		return nil, nil, fmt.Errorf("%s holds %d automations: name one with automation_name", autoName, len(defs))
	}
	prog, err := rules.Compile(defs[0], opts...)
	if err != nil {
		return nil, nil, fmt.Errorf("%s", strings.TrimSpace(renderErrors(autoName, autoData, err)))
	}
	caseData, caseName, err := resolve(dir, t.Case)
	if err != nil {
		return nil, nil, fmt.Errorf("case: %w", err)
	}
	c, err := rules.ParseCase(caseData, opts...)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", caseName, err)
	}
	evRaw := f.Event
	if t.Event != nil {
		evRaw = t.Event
	}
	var ev *rules.Event
	if len(evRaw) > 0 && string(evRaw) != "null" {
		if ev, err = rules.ParseEvent(evRaw); err != nil {
			return nil, nil, err
		}
		if err := prog.CheckEvent(ev); err != nil {
			return nil, nil, err
		}
	}
	r, err := prog.Evaluate(context.Background(), c, ev, rules.WithTrace())
	if err != nil {
		return nil, nil, err
	}
	return []rules.Result{r}, t.Expect.check(r, c), nil
}

// check compares a result with the expectations and describes each
// mismatch.
func (e Expect) check(r rules.Result, c *rules.Case) []string {
	var out []string
	flag := func(name string, want *bool, got bool) {
		if want != nil && *want != got {
			out = append(out, fmt.Sprintf("%s: got %v, want %v", name, got, *want))
		}
	}
	flag("fired", e.Fired, r.Fired)
	flag("triggered", e.Triggered, r.Triggered)
	flag("matched", e.Matched, r.Matched)
	if e.Status != nil {
		got := json.RawMessage("null")
		for _, entry := range r.Changeset {
			for _, ch := range entry.Changes {
				if ch.Field == "/status" {
					got = ch.NewValue
				}
			}
		}
		want, err := jsonpath.Decode(e.Status)
		gotV, _ := jsonpath.Decode(got)
		if err != nil || !jsonpath.Equal(want, gotV) {
			out = append(out, fmt.Sprintf("status after the changeset: got %s, want %s (case status now %q)", got, e.Status, c.Status()))
		}
	}
	if e.Changeset != nil {
		if diff := cmp.Diff(normalize(*e.Changeset), normalize(r.Changeset)); diff != "" {
			out = append(out, "changeset (-want +got):\n"+diff)
		}
	}
	if e.DecidedBy != "" && r.Trace != nil {
		if got := r.Trace.Decider().Pointer; got != e.DecidedBy {
			d := r.Trace.Decider()
			out = append(out, fmt.Sprintf("decided by %s (%s %s: %s), want %s", got, d.Type, d.Field, d.Reason, e.DecidedBy))
		}
	}
	if e.Warnings != nil {
		var got []string
		for _, w := range r.Warnings {
			got = append(got, w.Code)
		}
		if diff := cmp.Diff(*e.Warnings, got, cmp.Comparer(func(a, b []string) bool { return strings.Join(a, ",") == strings.Join(b, ",") })); diff != "" {
			out = append(out, "warnings (-want +got):\n"+diff)
		}
	}
	return out
}

// normalize turns a changeset into plain values, so that JSON written
// differently compares equal.
func normalize(cs []rules.ChangesetEntry) any {
	b, _ := json.Marshal(cs)
	var v any
	json.Unmarshal(b, &v)
	if v == nil {
		return []any{}
	}
	return v
}

// RunScenario runs a scenario folder as a test: its output must equal
// want.json or want.txt.
func RunScenario(s Scenario, extra ...rules.Option) TestResult {
	res := TestResult{Suite: s.Dir, Name: s.Name}
	out, err := s.Run(extra...)
	if err != nil {
		res.Err = err
		return res
	}
	res.results = out.Results
	if out.Results == nil {
		want, err := os.ReadFile(filepath.Join(s.Dir, "want.txt"))
		if err != nil {
			res.Err = fmt.Errorf("the scenario was rejected and has no want.txt: %s", strings.TrimSpace(out.Errors))
			return res
		}
		if diff := cmp.Diff(string(want), out.Errors); diff != "" {
			res.Failures = append(res.Failures, "errors (-want +got):\n"+diff)
		}
		return res
	}
	want, err := os.ReadFile(filepath.Join(s.Dir, "want.json"))
	if err != nil {
		res.Err = errors.New("no want.json to compare with")
		return res
	}
	var w, g any
	if err := json.Unmarshal(want, &w); err != nil {
		res.Err = fmt.Errorf("want.json: %w", err)
		return res
	}
	json.Unmarshal(out.Encode(), &g)
	if diff := cmp.Diff(w, g); diff != "" {
		res.Failures = append(res.Failures, "results (-want +got):\n"+diff)
	}
	return res
}

// Find lists the suite files (*.suite.json) and scenario folders under the
// given paths; a path may also name a suite file or a scenario directly.
func Find(paths ...string) (files []string, scenarios []Scenario, err error) {
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, nil, err
		}
		if !st.IsDir() {
			files = append(files, p)
			continue
		}
		if IsScenario(p) {
			scenarios = append(scenarios, Scenario{Name: filepath.ToSlash(p), Dir: p})
			continue
		}
		found, err := FindScenarios(p)
		if err != nil {
			return nil, nil, err
		}
		for _, s := range found {
			s.Name = filepath.ToSlash(filepath.Join(p, s.Name))
			scenarios = append(scenarios, s)
		}
		err = filepath.WalkDir(p, func(path string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(path, ".suite.json") {
				files = append(files, path)
			}
			return err
		})
		if err != nil {
			return nil, nil, err
		}
	}
	sort.Strings(files)
	return files, scenarios, nil
}
