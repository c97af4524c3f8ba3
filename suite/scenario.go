package suite

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/verdict-rules/verdict/rules"
)

// Scenario is a folder that holds one test: automation.json, case.json, an
// optional event.json and config.json, and the expected output, want.json
// (the results, as `verdict run --format json` prints them) or want.txt
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
// Config.
func (s Scenario) Config() (Config, error) {
	var c Config
	data, err := os.ReadFile(filepath.Join(s.Dir, "config.json"))
	if errors.Is(err, fs.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return c, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return c, fmt.Errorf("%s: %w", filepath.Join(s.Dir, "config.json"), err)
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
		var name string
		var list []string
		switch {
		case json.Unmarshal(c.Statuses, &name) == nil:
			s, ok := rules.StatusesByName(name)
			if !ok {
				return nil, fmt.Errorf("statuses: unknown vocabulary %q: expected quickr, dintero or a list", name)
			}
			opts = append(opts, rules.WithStatuses(s))
		case json.Unmarshal(c.Statuses, &list) == nil:
			opts = append(opts, rules.WithStatuses(list))
		default:
			return nil, fmt.Errorf("statuses: expected \"quickr\", \"dintero\" or a list of statuses")
		}
	}
	for _, name := range sortedKeys(c.ContextFields) {
		opts = append(opts, rules.WithContextField(name, c.ContextFields[name]))
	}
	return opts, nil
}

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
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
	autoData, err := os.ReadFile(filepath.Join(s.Dir, "automation.json"))
	if err != nil {
		return Outcome{}, err
	}
	caseData, err := os.ReadFile(filepath.Join(s.Dir, "case.json"))
	if err != nil {
		return Outcome{}, err
	}
	var ev *rules.Event
	if data, err := os.ReadFile(filepath.Join(s.Dir, "event.json")); err == nil {
		if ev, err = rules.ParseEvent(data); err != nil {
			return Outcome{}, fmt.Errorf("%s: %w", filepath.Join(s.Dir, "event.json"), err)
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
		return Outcome{}, fmt.Errorf("%s: %w", filepath.Join(s.Dir, "event.json"), err)
	}
	c, err := rules.ParseCase(caseData, opts...)
	if err != nil {
		var ce *rules.CaseError
		if errors.As(err, &ce) && ce.Line > 0 {
			return Outcome{Errors: fmt.Sprintf("case.json:%d:%d: %s\n", ce.Line, ce.Column, ce.Msg)}, nil
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
	return Outcome{Results: traced}, nil
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
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(o.Results); err != nil {
		return []byte(err.Error())
	}
	return b.Bytes()
}
