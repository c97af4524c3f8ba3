package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/verdict-rules/verdict/conditions/jsonpath"
	"github.com/verdict-rules/verdict/rules"
)

// exitError carries the exit code a failure should end with.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

func fail(code int, format string, args ...any) error {
	return &exitError{code: code, msg: fmt.Sprintf(format, args...)}
}

// report prints err and returns its exit code.
func report(stderr io.Writer, cmd string, err error) int {
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.msg != "" {
			fmt.Fprintf(stderr, "verdict %s: %s\n", cmd, ee.msg)
		}
		return ee.code
	}
	fmt.Fprintf(stderr, "verdict %s: %v\n", cmd, err)
	return exitFailed
}

func readFile(name string) ([]byte, error) {
	if name == "-" {
		data, err := io.ReadAll(os.Stdin)
		if err != nil {
			return nil, fail(exitUnreadable, "reading standard input: %v", err)
		}
		return data, nil
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, fail(exitUnreadable, "%v", err)
	}
	return data, nil
}

// renderErrors writes a definition's errors as validate prints them.
func renderErrors(w io.Writer, name string, data []byte, err error) {
	var list rules.ErrorList
	if !errors.As(err, &list) {
		fmt.Fprintf(w, "%s: %v\n", name, err)
		return
	}
	for _, e := range list {
		fmt.Fprint(w, e.Render(name, data))
	}
}

// loadSet parses and compiles the automations of a file.
func loadSet(name string, stderr io.Writer, opts []rules.Option) (*rules.Set, error) {
	data, err := readFile(name)
	if err != nil {
		return nil, err
	}
	defs, err := rules.Parse(data, opts...)
	if err == nil {
		var set *rules.Set
		if set, err = rules.CompileSet(defs, opts...); err == nil {
			return set, nil
		}
	}
	renderErrors(stderr, name, data, err)
	return nil, fail(exitFailed, "")
}

// loadCases reads a file of cases: one case, or an API list response of
// cases, each of which is a case.
func loadCases(name string) ([]*rules.Case, error) {
	data, err := readFile(name)
	if err != nil {
		return nil, err
	}
	cases, err := rules.ParseCases(data)
	if err != nil {
		return nil, caseError(name, err)
	}
	return cases, nil
}

// loadCase reads a file that holds one case, which may be the only case
// of an API list response. A list of several is a usage error: the
// command takes one case.
func loadCase(name, cmd string) (*rules.Case, error) {
	cases, err := loadCases(name)
	if err != nil {
		return nil, err
	}
	switch len(cases) {
	case 0:
		return nil, fail(exitUnreadable, "%s: an API list response with no cases", name)
	case 1:
		return cases[0], nil
	}
	return nil, fail(exitUsage, "%s holds %d cases (an API list response); %s takes one: give a file of one case, or run verdict backtest on this one", name, len(cases), cmd)
}

// loadDocument reads any JSON object as a case, an API list response
// included, for exploring paths.
func loadDocument(name string) (*rules.Case, error) {
	data, err := readFile(name)
	if err != nil {
		return nil, err
	}
	doc, err := jsonpath.Decode(data)
	if err == nil {
		var c *rules.Case
		if c, err = rules.NewCase(doc); err == nil {
			return c, nil
		}
	}
	return nil, caseError(name, err)
}

// caseError turns a decoding error into unreadable input, located.
func caseError(name string, err error) error {
	var ce *rules.CaseError
	if errors.As(err, &ce) && ce.Line > 0 {
		msg := ce.Msg
		if ce.Pointer != "" {
			msg = ce.Pointer + ": " + msg
		}
		return fail(exitUnreadable, "%s:%d:%d: %s", name, ce.Line, ce.Column, msg)
	}
	var se *jsonpath.SyntaxError
	if errors.As(err, &se) {
		return fail(exitUnreadable, "%s:%d:%d: %s", name, se.Line, se.Column, se.Msg)
	}
	return fail(exitUnreadable, "%s: %v", name, strings.TrimPrefix(err.Error(), "case: "))
}

// caseWarnings prints what the automations find odd in a case.
func caseWarnings(stderr io.Writer, cmd, name string, set *rules.Set, c *rules.Case) {
	for _, w := range set.CheckCase(c) {
		where := name
		if w.Pointer != "" {
			where += ": " + w.Pointer
		}
		fmt.Fprintf(stderr, "verdict %s: warning: %s: %s\n", cmd, where, w.Message)
	}
}

// loadEvent reads an event file. Malformed JSON is unreadable input (3);
// an event of the wrong shape is a usage error (2).
func loadEvent(name string) (*rules.Event, error) {
	data, err := readFile(name)
	if err != nil {
		return nil, err
	}
	ev, err := rules.ParseEvent(data)
	if err != nil {
		var se *jsonpath.SyntaxError
		if errors.As(err, &se) {
			return nil, fail(exitUnreadable, "%s:%d:%d: %s", name, se.Line, se.Column, se.Msg)
		}
		return nil, fail(exitUsage, "%s: %v", name, err)
	}
	return ev, nil
}

// checkEvent refuses, as a usage error, an event that looks like a
// mistake (rules.Set.CheckEvent); from names where it came from.
func checkEvent(set *rules.Set, ev *rules.Event, from string) error {
	if err := set.CheckEvent(ev); err != nil {
		return fail(exitUsage, "%s: %v", from, err)
	}
	return nil
}

// parseNow reads --now: RFC 3339 or a date (taken as midnight UTC).
func parseNow(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("expected an RFC 3339 time such as 2026-11-24T09:00:00Z, or a date such as 2026-11-24")
}

// nowFlag is --now.
type nowFlag struct {
	t   time.Time
	set bool
}

func (n *nowFlag) String() string {
	if !n.set {
		return ""
	}
	return n.t.Format(time.RFC3339)
}

func (n *nowFlag) Set(s string) error {
	t, err := parseNow(s)
	if err != nil {
		return err
	}
	n.t, n.set = t, true
	return nil
}

func (n *nowFlag) options() []rules.Option {
	if !n.set {
		return nil
	}
	t := n.t
	return []rules.Option{rules.WithClock(func() time.Time { return t })}
}

// isTerminal reports whether f is a terminal, for colour.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// useColor decides colour: a terminal, and NO_COLOR unset or empty.
func useColor(w io.Writer) bool {
	return os.Getenv("NO_COLOR") == "" && isTerminal(w)
}
