package suite

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/verdict-rules/verdict/cases"
	"github.com/verdict-rules/verdict/diag"
	"github.com/verdict-rules/verdict/document"
	"github.com/verdict-rules/verdict/event"
	"github.com/verdict-rules/verdict/rules"
	"github.com/verdict-rules/verdict/schema"
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
// File names are relative to the suite file (to the working directory for
// a suite read from standard input), unless absolute. "automation" and "case" may
// also be inline JSON; the automation file may hold several automations
// when "automation_name" picks one. The schema is
// schema/suite.schema.json: "now" is required (a suite's results must not
// depend on the day it runs), every test needs a name of its own and an
// "expect" that checks something.
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
	// Fingerprint pins the automation's fingerprint; without it, an edit
	// of the automation fails no test that does not check what changed.
	Fingerprint string `json:"fingerprint,omitempty"`
}

// Options configure how tests run.
type Options struct {
	// Extra options every test gets (the CLI's --context-fields).
	Extra []rules.Option
	// Run, when set, runs only the tests whose name matches: a suite
	// test's name, or a scenario folder's name.
	Run *regexp.Regexp
	// Update makes scenario folders write their outcome to want.json (or
	// want.txt, for a rejected definition or case) instead of comparing
	// with it. Suite files are not changed, nor are a scenario's inputs: a
	// want.json that is case.json through a link fails the test.
	Update bool
	// Stdin is what the suite file named "-" is read from (standard
	// input, say); its relative file names are resolved against the
	// working directory.
	Stdin io.Reader
}

func (o Options) selected(name string) bool { return o.Run == nil || o.Run.MatchString(name) }

// TestResult is the outcome of one test.
type TestResult struct {
	Suite    string    // the suite file or scenario folder
	Name     string    // the test's name; "" for a problem with the whole file
	Failures []Failure // what did not match; empty when it passed
	// Err says why the test could not run: an invalid suite file (located
	// as definition errors are, file: /pointer: message and an excerpt),
	// an unreadable case, an invalid event.
	Err error
	// Warnings are findings that do not fail the test (a case without a
	// status member).
	Warnings []string
	// Updated is the file Options.Update wrote.
	Updated string
	results []rules.Result
}

// Failure is one expectation a test did not meet.
type Failure struct {
	// What names the expectation: "fired", "triggered", "matched",
	// "status", "changeset", "decided_by", "warnings", or, for scenario
	// folders, "results" and "errors".
	What string `json:"what"`
	// Message says what was expected and what came.
	Message string `json:"message"`
	// Want and Got are the expected and actual values, when they are JSON.
	Want json.RawMessage `json:"want,omitempty"`
	Got  json.RawMessage `json:"got,omitempty"`
	// Diff compares them (or the expected and actual texts) line by line:
	// each line starts with "- " (expected only), "+ " (actual only) or
	// "  ".
	Diff []string `json:"diff,omitempty"`
}

// Passed reports whether the test ran and matched its expectations.
func (r TestResult) Passed() bool { return r.Err == nil && len(r.Failures) == 0 }

// FileError is an invalid suite file or scenario config: every problem,
// each with its pointer, line and column.
type FileError struct {
	File   string
	Data   []byte
	Errors rules.ErrorList
}

// Error renders every problem with the file's name, pointer, line and
// excerpt.
func (e *FileError) Error() string {
	var b strings.Builder
	for _, x := range e.Errors {
		b.WriteString(x.Render(e.File, e.Data))
	}
	return strings.TrimRight(b.String(), "\n")
}

// located builds a FileError from errors whose pointers are in data.
func located(file string, data []byte, errs rules.ErrorList) *FileError {
	for _, e := range errs {
		e.Locate(data)
	}
	errs.Sort()
	return &FileError{File: file, Data: data, Errors: errs}
}

// schemaErrors validates a document against an embedded schema.
func schemaErrors(name string, doc document.Value) rules.ErrorList {
	v, err := schema.Embedded(name)
	if err != nil {
		return rules.ErrorList{{Offset: -1, Code: diag.Schema, Msg: err.Error()}}
	}
	var out rules.ErrorList
	for _, e := range v.Validate(doc.Interface()) {
		out = append(out, &rules.Error{Pointer: e.Pointer, Offset: -1, Code: diag.Code(e.Code), Msg: e.Msg})
	}
	return out
}

// decodeStrict decodes a JSON document, refusing repeated members, with
// the syntax error located.
func decodeStrict(file string, data []byte) (document.Value, error) {
	doc, err := document.Decoder{Strict: true}.Decode(data)
	if err != nil {
		var se *document.SyntaxError
		if errors.As(err, &se) {
			return document.Value{}, &FileError{File: file, Data: data, Errors: rules.ErrorList{{Offset: -1, Code: diag.JSONSyntax, Msg: se.Msg, Line: se.Line, Column: se.Column}}}
		}
		return document.Value{}, fmt.Errorf("%s: %w", file, err)
	}
	return doc, nil
}

// MaxFileBytes bounds every file a suite or scenario reads: suite files,
// configs, automations, cases, events and expected outputs. It is the
// size limit of a case (document.DefaultMaxBytes).
const MaxFileBytes = document.DefaultMaxBytes

// FileTooLargeError is a file larger than MaxFileBytes: a regular file is
// refused before it is read, a stream (a device, a pipe) when it passes the
// limit.
type FileTooLargeError struct {
	File  string
	Size  int64 // the file's size, or -1 for a stream
	Limit int
}

// Error names the file, its size when known, and the limit.
func (e *FileTooLargeError) Error() string {
	if e.Size >= 0 {
		return fmt.Sprintf("%s is %d bytes, more than the limit of %d", e.File, e.Size, e.Limit)
	}
	return fmt.Sprintf("%s is more than the limit of %d bytes", e.File, e.Limit)
}

// readFile reads a file of at most MaxFileBytes.
func readFile(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return nil, fmt.Errorf("%s is a folder, not a file", name)
	}
	if st.Mode().IsRegular() && st.Size() > MaxFileBytes {
		return nil, &FileTooLargeError{File: name, Size: st.Size(), Limit: MaxFileBytes}
	}
	return readBounded(f, name)
}

// readBounded reads r to its end, refusing more than MaxFileBytes.
func readBounded(r io.Reader, name string) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	if len(data) > MaxFileBytes {
		return nil, &FileTooLargeError{File: name, Size: -1, Limit: MaxFileBytes}
	}
	return data, nil
}

// bom is the UTF-8 byte order mark some editors start files with; the
// JSON decoders of package jsonpath skip it, encoding/json does not.
var bom = []byte("\xef\xbb\xbf")

// resolve returns a file name of a suite as a path: absolute names as
// they are, others relative to dir.
func resolve(dir, name string) string {
	name = filepath.FromSlash(name)
	if filepath.IsAbs(name) {
		return name
	}
	return filepath.Join(dir, name)
}

// loaded is a suite file read and checked: the file, its text, and the
// problems of each test (by index) and of the file as a whole.
type loaded struct {
	path     string
	data     []byte
	file     File
	fileErrs rules.ErrorList
	testErrs map[int]rules.ErrorList
	names    []string // the tests' names, read even from tests with problems
}

// LoadFile reads a suite file and checks it against its schema, its
// times and its test names. Every problem comes back in a *FileError,
// located.
func LoadFile(path string) (*File, error) {
	l, err := load(path, nil)
	if err != nil {
		return nil, err
	}
	var all rules.ErrorList
	all = append(all, l.fileErrs...)
	for _, errs := range l.testErrs {
		all = append(all, errs...)
	}
	if len(all) > 0 {
		return nil, located(path, l.data, all)
	}
	return &l.file, nil
}

func load(path string, stdin io.Reader) (*loaded, error) {
	var data []byte
	var err error
	switch {
	case path == "-" && stdin != nil:
		data, err = readBounded(stdin, "standard input")
	case path == "-":
		err = errors.New("- names standard input, and there is none to read")
	default:
		data, err = readFile(path)
	}
	if err != nil {
		return nil, err
	}
	doc, err := decodeStrict(path, data)
	if err != nil {
		return nil, err
	}
	l := &loaded{path: path, data: data, testErrs: map[int]rules.ErrorList{}}
	problems := schemaErrors(schema.SuiteFile, doc)
	// A problem inside one test is that test's; the others are the file's.
	for _, e := range problems {
		if i, ok := testIndex(e.Pointer); ok {
			l.testErrs[i] = append(l.testErrs[i], e)
		} else {
			l.fileErrs = append(l.fileErrs, e)
		}
	}
	if len(l.fileErrs) > 0 {
		return l, nil
	}
	// The schema holds, so the document decodes; tests with problems are
	// left zero.
	tests, _ := doc.Member("tests")
	var shell struct {
		File
		Tests []json.RawMessage `json:"tests"`
	}
	if err := json.Unmarshal(bytes.TrimPrefix(data, bom), &shell); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	l.file = shell.File
	l.file.Tests = make([]Test, len(shell.Tests))
	for i, raw := range shell.Tests {
		if len(l.testErrs[i]) > 0 {
			continue
		}
		if err := json.Unmarshal(raw, &l.file.Tests[i]); err != nil {
			l.testErrs[i] = append(l.testErrs[i], &rules.Error{Pointer: document.IndexPointer("/tests", i), Offset: -1, Code: diag.WrongType, Msg: err.Error()})
		}
	}
	if _, err := ParseTime(l.file.Now); err != nil {
		l.fileErrs = append(l.fileErrs, &rules.Error{Pointer: "/now", Offset: -1, Code: diag.Time, Msg: err.Error()})
	}
	seen := map[string]int{}
	l.names = make([]string, tests.Len())
	for i := 0; i < tests.Len(); i++ {
		t := l.file.Tests[i]
		if t.Now != "" {
			if _, err := ParseTime(t.Now); err != nil {
				l.testErrs[i] = append(l.testErrs[i], &rules.Error{Pointer: document.IndexPointer("/tests", i) + "/now", Offset: -1, Code: diag.Time, Msg: err.Error()})
			}
		}
		name := text(tests.Index(i), "name")
		l.names[i] = name
		if name == "" {
			continue
		}
		if first, dup := seen[name]; dup {
			l.testErrs[i] = append(l.testErrs[i], &rules.Error{Pointer: document.IndexPointer("/tests", i) + "/name", Offset: -1, Code: diag.DuplicateName,
				Msg: fmt.Sprintf("another test is named %q (/tests/%d): each test needs a name of its own", name, first)})
			continue
		}
		seen[name] = i
	}
	return l, nil
}

// testIndex returns i when p points into /tests/i.
func testIndex(p string) (int, bool) {
	rest, ok := strings.CutPrefix(p, "/tests/")
	if !ok {
		return 0, false
	}
	if k := strings.IndexByte(rest, '/'); k >= 0 {
		rest = rest[:k]
	}
	n := 0
	for _, c := range rest {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, rest != ""
}

func text(v document.Value, name string) string {
	m, ok := v.Member(name)
	if !ok || m.Kind() != document.String {
		return ""
	}
	return m.Text()
}

// RunFile runs the tests of a suite file that Options.Run selects. A
// problem with the whole file (unreadable, invalid, an automation that
// does not compile) comes back as one result with no name; a problem with
// one test fails that test only.
func RunFile(path string, opts Options) []TestResult {
	l, err := load(path, opts.Stdin)
	if err == nil && len(l.fileErrs) > 0 {
		err = located(path, l.data, l.fileErrs)
	}
	if err == nil {
		err = l.checkContextFields(opts.Extra)
	}
	if err != nil {
		return []TestResult{{Suite: path, Err: err}}
	}
	dir := filepath.Dir(path)
	if path == "-" {
		dir = "."
	}
	auto, err := l.automation(dir)
	if err != nil {
		return []TestResult{{Suite: path, Err: err}}
	}
	var results []TestResult
	for i := range l.file.Tests {
		name := l.names[i]
		if name == "" {
			name = fmt.Sprintf("test %d", i+1)
		}
		if !opts.selected(name) {
			continue
		}
		res := TestResult{Suite: path, Name: name}
		if errs := l.testErrs[i]; len(errs) > 0 {
			res.Err = located(path, l.data, errs)
		} else {
			res.results, res.Failures, res.Warnings, res.Err = l.runTest(dir, auto, i, opts)
		}
		results = append(results, res)
	}
	return results
}

// automationSource is the suite's automation: its text, the name errors
// are rendered under, and, when inline, its pointer in the suite file.
type automationSource struct {
	data   []byte
	name   string
	inline bool
}

// checkContextFields compiles the suite's context fields, and reports a
// bad expression at its place in the suite file: /context_fields/<name>,
// its line and column, and the byte offset in the expression.
func (l *loaded) checkContextFields(extra []rules.Option) error {
	if len(l.file.ContextFields) == 0 {
		return nil
	}
	var opts []rules.Option
	for _, name := range slices.Sorted(maps.Keys(l.file.ContextFields)) {
		opts = append(opts, rules.WithContextField(name, l.file.ContextFields[name]))
	}
	_, err := rules.Registry(append(opts, extra...)...)
	var list rules.ErrorList
	if !errors.As(err, &list) {
		return err
	}
	var errs rules.ErrorList
	for _, e := range list {
		if _, ok := l.file.ContextFields[e.Field]; !ok {
			return fmt.Errorf("%s: %w", l.path, err)
		}
		x := &rules.Error{Pointer: document.JoinPointer("/context_fields", e.Field), Offset: e.Offset, Code: e.Code, Source: e.Source, Msg: e.Msg}
		x.Locate(l.data)
		if x.Line > 0 && x.Offset >= 0 {
			x.Msg += fmt.Sprintf(" (%d:%d, byte %d of the expression)", x.Line, x.Column, x.Offset)
		}
		errs = append(errs, x)
	}
	return located(l.path, l.data, errs)
}

func (l *loaded) automation(dir string) (automationSource, error) {
	var file string
	if json.Unmarshal(l.file.Automation, &file) == nil {
		path := resolve(dir, file)
		data, err := readFile(path)
		if err != nil {
			return automationSource{}, located(l.path, l.data, rules.ErrorList{{Pointer: "/automation", Offset: -1, Code: diag.File,
				Msg: fmt.Sprintf("cannot read the automation: %v", err)}})
		}
		return automationSource{data: data, name: path}, nil
	}
	return automationSource{data: l.file.Automation, name: l.path, inline: true}, nil
}

// definitionError renders a definition's errors against the file the user
// wrote: the automation file, or the suite file for an inline automation.
func (l *loaded) definitionError(auto automationSource, err error) error {
	var list rules.ErrorList
	if !errors.As(err, &list) {
		return fmt.Errorf("%s: %w", auto.name, err)
	}
	if !auto.inline {
		return &FileError{File: auto.name, Data: auto.data, Errors: list}
	}
	moved := make(rules.ErrorList, len(list))
	for i, e := range list {
		c := *e
		c.Pointer = "/automation" + e.Pointer
		c.Line, c.Column = 0, 0
		moved[i] = &c
	}
	return located(l.path, l.data, moved)
}

func (l *loaded) runTest(dir string, auto automationSource, i int, opts Options) ([]rules.Result, []Failure, []string, error) {
	f, t := &l.file, l.file.Tests[i]
	at := document.IndexPointer("/tests", i)
	problem := func(pointer string, code diag.Code, format string, args ...any) error {
		return located(l.path, l.data, rules.ErrorList{{Pointer: pointer, Offset: -1, Code: code, Msg: fmt.Sprintf(format, args...)}})
	}
	cfg := Config{Now: f.Now, Statuses: f.Statuses, ContextFields: f.ContextFields}
	if t.Now != "" {
		cfg.Now = t.Now
	}
	copts, err := cfg.Options()
	if err != nil {
		return nil, nil, nil, problem("", diag.Config, "%v", err)
	}
	copts = append(copts, opts.Extra...)
	defs, err := rules.Parse(auto.data, copts...)
	if err != nil {
		return nil, nil, nil, l.definitionError(auto, err)
	}
	if f.AutomationName != "" {
		var picked []rules.Automation
		for _, d := range defs {
			if d.Name == f.AutomationName {
				picked = append(picked, d)
			}
		}
		if len(picked) != 1 {
			return nil, nil, nil, problem("/automation_name", diag.AutomationName, "%s holds %d automations named %q, want 1", auto.name, len(picked), f.AutomationName)
		}
		defs = picked
	}
	if len(defs) != 1 {
		return nil, nil, nil, problem("/automation", diag.Automation, "%s holds %d automations: name one with automation_name", auto.name, len(defs))
	}
	set, err := rules.CompileSet(defs, copts...)
	if err != nil {
		return nil, nil, nil, l.definitionError(auto, err)
	}
	if err := checkStatus(t.Expect.Status, cfg.Statuses); err != nil {
		return nil, nil, nil, problem(at+"/expect/status", diag.UnknownStatus, "%v", err)
	}
	c, err := l.testCase(dir, t, at, copts)
	if err != nil {
		return nil, nil, nil, err
	}
	evRaw, evAt := f.Event, "/event"
	if t.Event != nil {
		evRaw, evAt = t.Event, at+"/event"
	}
	var ev *rules.Event
	if len(evRaw) > 0 && string(evRaw) != "null" {
		if ev, err = event.Parse(evRaw); err == nil {
			err = set.CheckEvent(ev)
		}
		if err != nil {
			return nil, nil, nil, problem(evAt, diag.InvalidEvent, "%v", err)
		}
	}
	var warnings []string
	for _, w := range set.CheckCase(c) {
		warnings = append(warnings, w.Msg)
	}
	rs, err := set.Evaluate(context.Background(), c, ev, rules.WithTrace())
	if err != nil {
		return nil, nil, warnings, err
	}
	return rs, t.Expect.check(rs[0], c), warnings, nil
}

// testCase reads a test's case: a file (one case, or the only case of an
// API list response) or inline JSON.
func (l *loaded) testCase(dir string, t Test, at string, copts []rules.Option) (*rules.Case, error) {
	var file string
	data, name := []byte(t.Case), ""
	if json.Unmarshal(t.Case, &file) == nil {
		name = resolve(dir, file)
		var err error
		if data, err = readFile(name); err != nil {
			return nil, located(l.path, l.data, rules.ErrorList{{Pointer: at + "/case", Offset: -1, Code: diag.File,
				Msg: fmt.Sprintf("cannot read the case: %v", err)}})
		}
	}
	list, err := cases.ParseList(data)
	if err == nil && len(list) != 1 {
		msg := fmt.Sprintf("an API list response of %d cases: a test takes one", len(list))
		if name != "" {
			msg = fmt.Sprintf("%s holds %s", name, msg)
		}
		return nil, located(l.path, l.data, rules.ErrorList{{Pointer: at + "/case", Offset: -1, Code: diag.CaseProblem, Msg: msg}})
	}
	if err == nil && cases.IsResult(list[0].Value()) {
		err = cases.ErrResult
	}
	if err == nil {
		return list[0], nil
	}
	if name == "" {
		return nil, located(l.path, l.data, rules.ErrorList{{Pointer: at + "/case", Offset: -1, Code: diag.CaseProblem, Msg: strings.TrimPrefix(err.Error(), "case: ")}})
	}
	var ce *cases.Error
	if errors.As(err, &ce) && ce.Line > 0 {
		msg := ce.Msg
		if ce.Pointer != "" {
			msg = ce.Pointer + ": " + msg
		}
		return nil, fmt.Errorf("%s:%d:%d: %s", name, ce.Line, ce.Column, msg)
	}
	return nil, fmt.Errorf("%s: %s", name, strings.TrimPrefix(err.Error(), "case: "))
}

// check compares a result with the expectations and describes each
// mismatch.
func (e Expect) check(r rules.Result, c *rules.Case) []Failure {
	var out []Failure
	flag := func(name string, want *bool, got bool) {
		if want != nil && *want != got {
			out = append(out, Failure{What: name, Message: fmt.Sprintf("%s: got %v, want %v", name, got, *want),
				Want: json.RawMessage(fmt.Sprint(*want)), Got: json.RawMessage(fmt.Sprint(got))})
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
		want, err := document.Decode(e.Status)
		gotV, _ := document.Decode(got)
		if err != nil || !document.Equal(want, gotV) {
			out = append(out, Failure{What: "status", Want: e.Status, Got: got,
				Message: fmt.Sprintf("status after the changeset: got %s, want %s (case status now %q)", got, e.Status, c.Status())})
		}
	}
	if e.Changeset != nil {
		want, got := normalize(*e.Changeset), normalize(r.Changeset)
		if !reflect.DeepEqual(want, got) {
			out = append(out, jsonFailure("changeset", "changeset differs", want, got))
		}
	}
	if e.DecidedBy != "" {
		if got := r.DecidedBy; got != e.DecidedBy {
			msg := fmt.Sprintf("decided by %s, want %s", got, e.DecidedBy)
			if r.Trace != nil {
				d := r.Trace.Decider()
				what := d.Type
				if d.Field != "" {
					what += " " + d.Field
				}
				msg = fmt.Sprintf("decided by %s (%s: %s), want %s", got, what, d.Reason, e.DecidedBy)
			}
			w, _ := json.Marshal(e.DecidedBy)
			g, _ := json.Marshal(got)
			out = append(out, Failure{What: "decided_by", Message: msg, Want: w, Got: g})
		}
	}
	if e.Fingerprint != "" && e.Fingerprint != r.Automation.Fingerprint {
		out = append(out, fingerprintFailure(e.Fingerprint, r.Automation.Fingerprint))
	}
	if e.Warnings != nil {
		got := []string{}
		for _, w := range r.Warnings {
			got = append(got, string(w.Code))
		}
		want := append([]string{}, *e.Warnings...)
		if !reflect.DeepEqual(want, got) {
			out = append(out, jsonFailure("warnings", "warning codes differ", want, got))
		}
	}
	return out
}

// normalize turns a changeset into plain values, so that JSON written
// differently compares equal.
func normalize(cs []rules.ChangesetEntry) any {
	b, _ := json.Marshal(cs)
	v, _ := plain(b)
	if v == nil {
		return []any{}
	}
	return v
}

// Find lists the suite files (*.suite.json) and scenario folders under the
// given paths; a path may also name a suite file or a scenario directly,
// and "-" a suite file read from Options.Stdin.
func Find(paths ...string) (files []string, scenarios []Scenario, err error) {
	for _, p := range paths {
		if p == "-" {
			files = append(files, p) // a suite file on standard input (Options.Stdin)
			continue
		}
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

// Run finds the suite files and scenario folders under paths (Find) and
// runs the tests Options.Run selects, suite files first.
func Run(paths []string, opts Options) ([]TestResult, error) {
	files, scenarios, err := Find(paths...)
	if err != nil {
		return nil, err
	}
	var all []TestResult
	for _, f := range files {
		all = append(all, RunFile(f, opts)...)
	}
	for _, s := range scenarios {
		if opts.selected(s.Name) {
			all = append(all, RunScenario(s, opts))
		}
	}
	return all, nil
}
