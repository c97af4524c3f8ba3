package suite

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/verdict-rules/verdict/backtest"
	"github.com/verdict-rules/verdict/cases"
	"github.com/verdict-rules/verdict/diag"
	"github.com/verdict-rules/verdict/document"
	"github.com/verdict-rules/verdict/event"
	"github.com/verdict-rules/verdict/internal/suggest"
	"github.com/verdict-rules/verdict/rules"
	"github.com/verdict-rules/verdict/schema"
)

// Scenario is a folder that holds one test: automation.json, case.json, an
// optional event.json and config.json, and the expected output, want.json
// (the results, as `verdict run --format json` prints them, less the
// counterfactuals run adds) or want.txt
// (the rendered errors, for a definition or case that must be rejected).
type Scenario struct {
	Name string // the folder, relative to the root it was found under
	Dir  string // the folder's path
}

// Config is a scenario's config.json.
type Config struct {
	// Description says what the scenario shows.
	Description string `json:"description,omitempty"`
	// Now is the evaluation time (RFC 3339 or YYYY-MM-DD). Scenarios
	// always fix it, so their results do not depend on the day they run.
	Now string `json:"now,omitempty"`
	// Statuses selects the case status vocabulary: "quickr" (the
	// default), "dintero", or a list.
	Statuses json.RawMessage `json:"statuses,omitempty"`
	// ContextFields adds computed context fields, name → expr-lang
	// expression, as --context-fields does.
	ContextFields map[string]string `json:"context_fields,omitempty"`
}

// DefaultNow is the evaluation time of scenarios whose config gives none.
const DefaultNow = "2026-11-24T09:00:00Z"

// FindScenarios returns every scenario folder under root (a folder holding
// automation.json and case.json), sorted by name.
func FindScenarios(root string) ([]Scenario, error) {
	var out []Scenario
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if exists(filepath.Join(path, "automation.json")) && exists(filepath.Join(path, "case.json")) {
			name, _ := filepath.Rel(root, path)
			out = append(out, Scenario{Name: filepath.ToSlash(name), Dir: path})
			return filepath.SkipDir
		}
		return nil
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, err
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// IsScenario reports whether dir is a scenario folder.
func IsScenario(dir string) bool {
	return exists(filepath.Join(dir, "automation.json")) && exists(filepath.Join(dir, "case.json"))
}

// Config reads the scenario's config.json; a missing file is the zero
// Config. An invalid one is a *FileError, located.
func (s Scenario) Config() (Config, error) {
	var c Config
	path := filepath.Join(s.Dir, "config.json")
	data, err := readFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return c, err
	}
	doc, err := decodeStrict(path, data)
	if err != nil {
		return c, err
	}
	if errs := schemaErrors(schema.ScenarioConfigFile, doc); len(errs) > 0 {
		return c, located(path, data, errs)
	}
	if err := json.Unmarshal(bytes.TrimPrefix(data, bom), &c); err != nil {
		return c, fmt.Errorf("%s: %w", path, err)
	}
	if c.Now != "" {
		if _, err := ParseTime(c.Now); err != nil {
			return c, located(path, data, rules.ErrorList{{Pointer: "/now", Offset: -1, Code: diag.Time, Msg: err.Error()}})
		}
	}
	return c, nil
}

// Options turns a config into compile options.
func (c Config) Options() ([]rules.Option, error) {
	nowText := c.Now
	if nowText == "" {
		nowText = DefaultNow
	}
	now, err := ParseTime(nowText)
	if err != nil {
		return nil, fmt.Errorf("now: %w", err)
	}
	opts := []rules.Option{rules.WithClock(func() time.Time { return now })}
	if len(c.Statuses) > 0 {
		s, err := vocabulary(c.Statuses)
		if err != nil {
			return nil, err
		}
		opts = append(opts, rules.WithStatuses(s))
	}
	for _, name := range slices.Sorted(maps.Keys(c.ContextFields)) {
		opts = append(opts, rules.WithContextField(name, c.ContextFields[name]))
	}
	return opts, nil
}

// vocabulary reads the "statuses" of a config or suite: a vocabulary's
// name or a list; absent, the Quickr statuses.
func vocabulary(raw json.RawMessage) (cases.Statuses, error) {
	if len(raw) == 0 {
		return cases.QuickrStatuses(), nil
	}
	var name string
	var list []string
	switch {
	case json.Unmarshal(raw, &name) == nil:
		s, ok := cases.StatusesByName(name)
		if !ok {
			return nil, fmt.Errorf("statuses: unknown vocabulary %q: expected quickr, dintero or a list", name)
		}
		return s, nil
	case json.Unmarshal(raw, &list) == nil:
		return list, nil
	}
	return nil, fmt.Errorf("statuses: expected \"quickr\", \"dintero\" or a list of statuses")
}

// checkStatus reports an expected status (expect.status) outside the
// vocabulary: such a test could never pass, and the typo would hide
// behind a failure that looks like the automation's.
func checkStatus(want, statuses json.RawMessage) error {
	var status *string
	if len(want) == 0 || json.Unmarshal(want, &status) != nil || status == nil {
		return nil // absent, or null: the changeset leaves /status alone
	}
	return checkVocabulary(*status, statuses)
}

func checkVocabulary(status string, statuses json.RawMessage) error {
	vocab, err := vocabulary(statuses)
	if err != nil || slices.Contains(vocab, status) {
		return nil // a bad vocabulary is reported where it is given
	}
	return errors.New(suggest.Unknown("case status", status, vocab))
}

// ParseTime reads an RFC 3339 time or a YYYY-MM-DD date (midnight UTC).
func ParseTime(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("%q is not an RFC 3339 time or a YYYY-MM-DD date", s)
}

// Outcome is what running a scenario produced: results, or the rendered
// errors that stopped it.
type Outcome struct {
	Results []rules.Result // when the automations ran
	Errors  string         // when a definition or the case was rejected
	// Warnings are findings about the inputs that are not part of the
	// results (a case without a status member).
	Warnings []string
}

// Run evaluates the scenario with tracing on. It also evaluates without
// tracing and fails if the two results differ in anything but the trace.
func (s Scenario) Run(extra ...rules.Option) (Outcome, error) {
	cfg, err := s.Config()
	if err != nil {
		return Outcome{}, err
	}
	opts, err := cfg.Options()
	if err != nil {
		return Outcome{}, fmt.Errorf("%s: %w", filepath.Join(s.Dir, "config.json"), err)
	}
	opts = append(opts, extra...)
	if _, err := rules.Registry(opts...); err != nil {
		var list rules.ErrorList
		if errors.As(err, &list) {
			var b strings.Builder
			for _, e := range list {
				fmt.Fprintf(&b, "config.json: /context_fields/%s: %s\n%s", e.Field, e.Msg, e.Excerpt(nil))
			}
			return Outcome{Errors: b.String()}, nil
		}
		return Outcome{}, err
	}
	autoData, err := readFile(filepath.Join(s.Dir, "automation.json"))
	if err != nil {
		return Outcome{}, err
	}
	caseData, err := readFile(filepath.Join(s.Dir, "case.json"))
	if err != nil {
		return Outcome{}, err
	}
	var ev *rules.Event
	eventFile := filepath.Join(s.Dir, "event.json")
	if data, err := readFile(eventFile); err == nil {
		if ev, err = event.Parse(data); err != nil {
			var se *document.SyntaxError
			if errors.As(err, &se) {
				return Outcome{}, fmt.Errorf("%s:%d:%d: %s", eventFile, se.Line, se.Column, se.Msg)
			}
			return Outcome{}, fmt.Errorf("%s: %w", eventFile, err)
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return Outcome{}, err
	}
	defs, err := rules.Parse(autoData, opts...)
	if err != nil {
		return Outcome{Errors: renderErrors("automation.json", autoData, err)}, nil
	}
	set, err := rules.CompileSet(defs, opts...)
	if err != nil {
		return Outcome{Errors: renderErrors("automation.json", autoData, err)}, nil
	}
	if err := set.CheckEvent(ev); err != nil {
		return Outcome{}, fmt.Errorf("%s: %w", eventFile, err)
	}
	list, err := cases.ParseList(caseData)
	if err == nil && len(list) != 1 {
		return Outcome{Errors: fmt.Sprintf("case.json: an API list response of %d cases: a scenario takes one\n", len(list))}, nil
	}
	var c *rules.Case
	if err == nil {
		c = list[0]
	}
	if err != nil {
		var ce *cases.Error
		if errors.As(err, &ce) && ce.Line > 0 {
			msg := ce.Msg
			if ce.Pointer != "" {
				msg = ce.Pointer + ": " + msg
			}
			return Outcome{Errors: fmt.Sprintf("case.json:%d:%d: %s\n", ce.Line, ce.Column, msg)}, nil
		}
		return Outcome{Errors: "case.json: " + strings.TrimPrefix(err.Error(), "case: ") + "\n"}, nil
	}
	traced, err := set.Evaluate(context.Background(), c, ev, rules.WithTrace())
	if err != nil {
		return Outcome{}, err
	}
	plain, err := set.Evaluate(context.Background(), c, ev)
	if err != nil {
		return Outcome{}, err
	}
	if err := sameWithoutTrace(traced, plain); err != nil {
		return Outcome{}, err
	}
	var warnings []string
	for _, w := range set.CheckCase(c) {
		warnings = append(warnings, w.Msg)
	}
	return Outcome{Results: traced, Warnings: warnings}, nil
}

func renderErrors(name string, data []byte, err error) string {
	var list rules.ErrorList
	if !errors.As(err, &list) {
		return fmt.Sprintf("%s: %v\n", name, err)
	}
	var b strings.Builder
	for _, e := range list {
		b.WriteString(e.Render(name, data))
	}
	return b.String()
}

// sameWithoutTrace checks that tracing changes nothing but the trace.
func sameWithoutTrace(traced, plain []rules.Result) error {
	strip := make([]rules.Result, len(traced))
	for i, r := range traced {
		if r.Trace != nil && (r.DecidedBy != plain[i].DecidedBy || r.DecidedBy != r.Trace.Decider().Pointer) {
			return fmt.Errorf("%s: decided by %q untraced, %q traced, %q in the trace",
				r.Automation.Name, plain[i].DecidedBy, r.DecidedBy, r.Trace.Decider().Pointer)
		}
		r.Trace = nil
		strip[i] = r
	}
	a, _ := json.Marshal(strip)
	b, _ := json.Marshal(plain)
	if !bytes.Equal(a, b) {
		return fmt.Errorf("the results with and without tracing differ:\n with: %s\n without: %s", a, b)
	}
	return nil
}

// Encode writes an outcome in its golden form: indented JSON results, or
// the error text.
func (o Outcome) Encode() []byte {
	if o.Results == nil {
		return []byte(o.Errors)
	}
	// The fingerprint is left out: a scenario pins it only when its
	// want.json is given one by hand (see RunScenario).
	results := make([]rules.Result, len(o.Results))
	for i, r := range o.Results {
		r.Automation.Fingerprint = ""
		results[i] = r
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(results); err != nil {
		return []byte(err.Error())
	}
	return b.Bytes()
}

// writeWant writes a golden file of the scenario as backtest outputs are
// written: whole or not at all, through a link to the file it names, and
// never over one of the scenario's inputs, which a want.json linked to
// case.json (symbolically or hard) would otherwise destroy.
func (s Scenario) writeWant(path string, data []byte) error {
	var inputs []string
	for _, f := range []string{"automation.json", "case.json", "event.json", "config.json"} {
		if f = filepath.Join(s.Dir, f); exists(f) {
			inputs = append(inputs, f)
		}
	}
	o, err := backtest.CreateOutput(path, inputs...)
	if err != nil {
		return err
	}
	defer o.Abort()
	if _, err := o.Write(data); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return o.Commit()
}

// RunScenario runs a scenario folder as a test: its outcome must equal
// want.json (the results) or want.txt (the rendered errors). With
// Options.Update it writes the outcome there instead, and removes the
// other file.
func RunScenario(s Scenario, opts Options) TestResult {
	res := TestResult{Suite: s.Dir, Name: s.Name}
	out, err := s.Run(opts.Extra...)
	if err != nil {
		res.Err = err
		return res
	}
	res.results, res.Warnings = out.Results, out.Warnings
	name, other := "want.json", "want.txt"
	if out.Results == nil {
		name, other = other, name
	}
	if opts.Update {
		path := filepath.Join(s.Dir, name)
		if err := s.writeWant(path, out.Encode()); err != nil {
			res.Err = err
			return res
		}
		if err := os.Remove(filepath.Join(s.Dir, other)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			res.Err = err
			return res
		}
		res.Updated = path
		return res
	}
	if _, err := os.Stat(filepath.Join(s.Dir, other)); err == nil {
		if out.Results == nil {
			res.Err = fmt.Errorf("the scenario was rejected, and has %s, not want.txt: %s", other, strings.TrimSpace(out.Errors))
		} else {
			res.Err = fmt.Errorf("the scenario ran, and has %s, not want.json (verdict test --update writes it)", other)
		}
		return res
	}
	want, err := readFile(filepath.Join(s.Dir, name))
	if errors.Is(err, fs.ErrNotExist) {
		res.Err = fmt.Errorf("no %s to compare with (verdict test --update writes it)", name)
		return res
	}
	if err != nil {
		res.Err = err
		return res
	}
	if out.Results == nil {
		if got := out.Errors; string(want) != got {
			res.Failures = append(res.Failures, Failure{What: "errors", Message: "the rendered errors differ from want.txt",
				Diff: DiffLines(string(want), got)})
		}
		return res
	}
	w, err := plainFile(filepath.Join(s.Dir, name), want)
	if err != nil {
		res.Err = err
		return res
	}
	pinned := pinnedFingerprints(w)
	g, _ := plain(out.Encode())
	if !reflect.DeepEqual(w, g) {
		res.Failures = append(res.Failures, jsonFailure("results", "the results differ from want.json", w, g))
	}
	for i, fp := range pinned {
		if fp != "" && i < len(out.Results) && out.Results[i].Automation.Fingerprint != fp {
			res.Failures = append(res.Failures, fingerprintFailure(fp, out.Results[i].Automation.Fingerprint))
		}
	}
	return res
}

// pinnedFingerprints takes the fingerprints want.json pins out of its
// results, so they are compared apart: results[i]'s, or "".
func pinnedFingerprints(want any) []string {
	list, _ := want.([]any)
	out := make([]string, len(list))
	for i, r := range list {
		m, _ := r.(map[string]any)
		a, _ := m["automation"].(map[string]any)
		if fp, ok := a["fingerprint"].(string); ok {
			out[i] = fp
			delete(a, "fingerprint")
		}
	}
	return out
}

// fingerprintFailure says that the automation is not the version a test
// pins, showing both fingerprints.
func fingerprintFailure(want, got string) Failure {
	w, _ := json.Marshal(want)
	g, _ := json.Marshal(got)
	return Failure{What: "fingerprint", Want: w, Got: g,
		Message: fmt.Sprintf("the automation's fingerprint is %s, the test pins %s: its logic changed since the test was written (update the pin once the change is reviewed)", got, want)}
}
