package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/verdict-rules/verdict/cases"
	"github.com/verdict-rules/verdict/document"
	"github.com/verdict-rules/verdict/event"
	"github.com/verdict-rules/verdict/internal/term"
	"github.com/verdict-rules/verdict/rules"
	"github.com/verdict-rules/verdict/schema"
)

// maxInput bounds every file the CLI reads: definitions, cases, events,
// suites and schemas. It is the library's default case size limit.
const maxInput = document.DefaultMaxBytes

// read reads a file, or standard input for "-" (once per command line:
// what flag took it is kept for the error). It reads at most maxInput
// bytes: a larger file is refused before it is read, and a stream
// (standard input, a device) that goes on longer is refused when it
// passes the limit, so /dev/zero costs 32 MiB, not all memory.
func (c *cli) read(name, what string) ([]byte, error) {
	if name == "-" {
		if c.stdinBy != "" {
			return nil, fail(exitUsage, "%s reads standard input (-), and so does %s: only one input can be -", what, c.stdinBy)
		}
		c.stdinBy = what
		return readBounded(c.stdin, "standard input")
	}
	f, err := os.Open(name)
	if err != nil {
		if strings.HasPrefix(what, "-") {
			// Which flag named it: -a and -c may name files alike.
			return nil, fail(exitUnreadable, "%s: %v", what, err)
		}
		return nil, fail(exitUnreadable, "%v", err)
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil {
		if st.IsDir() {
			return nil, fail(exitUnreadable, "%s is a folder, not a file", term.Safe(name))
		}
		if st.Mode().IsRegular() && st.Size() > int64(maxInput) {
			return nil, fail(exitUnreadable, "%s is %d bytes, more than the limit of %d", term.Safe(name), st.Size(), maxInput)
		}
	}
	return readBounded(f, name)
}

func readBounded(r io.Reader, name string) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, int64(maxInput)+1))
	if err != nil {
		return nil, fail(exitUnreadable, "reading %s: %v", term.Safe(name), err)
	}
	if len(data) > maxInput {
		return nil, fail(exitUnreadable, "%s is more than the limit of %d bytes", term.Safe(name), maxInput)
	}
	return data, nil
}

// renderErrors writes a definition's errors as validate prints them.
func renderErrors(w io.Writer, name string, data []byte, err error) {
	var list rules.ErrorList
	if !errors.As(err, &list) {
		fmt.Fprintf(w, "%s: %s\n", term.Safe(name), term.Safe(err.Error()))
		return
	}
	for _, e := range list {
		fmt.Fprint(w, e.Render(name, data))
	}
}

// loadSet reads the automations of every file into one set. Problems are
// printed against the file they are in.
func (c *cli) loadSet(files []string, what string, opts []rules.Option) (*rules.Set, error) {
	if err := distinctFiles(files, what); err != nil {
		return nil, err
	}
	var all []rules.Automation
	var single *rules.Set
	bad := false
	for _, name := range files {
		data, err := c.read(name, what)
		if err != nil {
			return nil, err
		}
		defs, err := rules.Parse(data, opts...)
		if err == nil {
			// Compiled file by file, so that errors are shown against
			// the file they are in.
			single, err = rules.CompileSet(defs, opts...)
		}
		if err != nil {
			renderErrors(c.stderr, name, data, err)
			bad = true
			continue
		}
		all = append(all, defs...)
	}
	if bad {
		return nil, fail(exitFailed, "")
	}
	if len(files) == 1 {
		return single, nil
	}
	set, err := rules.CompileSet(all, opts...)
	if err != nil {
		return nil, fail(exitFailed, "%v", err)
	}
	return set, nil
}

// distinctFiles refuses a file given twice to one flag, however it is
// spelt (a.json, ./a.json, a link): its automations would be evaluated,
// counted and compared twice. A second - is refused when it is read.
func distinctFiles(files []string, what string) error {
	stats := make([]os.FileInfo, len(files))
	for i, f := range files {
		if f != "-" {
			stats[i], _ = os.Stat(f)
		}
	}
	for i := range files {
		for j := 0; j < i; j++ {
			if files[i] == "-" || files[j] == "-" {
				continue
			}
			if files[i] == files[j] || (stats[i] != nil && stats[j] != nil && os.SameFile(stats[i], stats[j])) {
				if files[i] == files[j] {
					return fail(exitUsage, "%s %s is given twice: its automations would be evaluated twice", what, files[i])
				}
				return fail(exitUsage, "%s %s is given twice (also as %s): its automations would be evaluated twice", what, files[i], files[j])
			}
		}
	}
	return nil
}

// loadCases reads a file of cases: one case, or an API list response of
// cases, each of which is a case.
func (c *cli) loadCases(name, what string) ([]*rules.Case, error) {
	data, err := c.read(name, what)
	if err != nil {
		return nil, err
	}
	list, err := cases.ParseList(data)
	if err != nil {
		return nil, caseError(name, err)
	}
	for _, cs := range list {
		if cases.IsResult(cs.Value()) {
			where := name
			if p := cs.Pointer(); p != "" {
				where += ": " + p
			}
			return nil, fail(exitUnreadable, "%s: %v", where, cases.ErrResult)
		}
	}
	return list, nil
}

// loadCase reads a file that holds one case, which may be the only case
// of an API list response. A list of several is a usage error: the
// command takes one case.
func (c *cli) loadCase(name, what, cmd string) (*rules.Case, error) {
	list, err := c.loadCases(name, what)
	if err != nil {
		return nil, err
	}
	switch len(list) {
	case 0:
		return nil, fail(exitUnreadable, "%s: an API list response with no list", term.Safe(name))
	case 1:
		return list[0], nil
	}
	return nil, fail(exitUsage, "%s holds %d cases (an API list response); %s takes one: give a file of one case, or run verdict backtest on this one", term.Safe(name), len(list), cmd)
}

// loadDocument reads any JSON object as a case, an API list response
// included, for exploring paths.
func (c *cli) loadDocument(name, what string) (*rules.Case, error) {
	data, err := c.read(name, what)
	if err != nil {
		return nil, err
	}
	doc, err := document.Decode(data)
	if err == nil {
		var cs *rules.Case
		if cs, err = cases.New(doc); err == nil {
			return cs, nil
		}
	}
	return nil, caseError(name, err)
}

// caseError turns a decoding error into unreadable input, located.
func caseError(name string, err error) error {
	name = term.Safe(name)
	var ce *cases.Error
	if errors.As(err, &ce) && ce.Line > 0 {
		msg := ce.Msg
		if ce.Pointer != "" {
			msg = ce.Pointer + ": " + msg
		}
		return fail(exitUnreadable, "%s:%d:%d: %s", name, ce.Line, ce.Column, term.Safe(msg))
	}
	var se *document.SyntaxError
	if errors.As(err, &se) {
		return fail(exitUnreadable, "%s:%d:%d: %s", name, se.Line, se.Column, term.Safe(se.Msg))
	}
	return fail(exitUnreadable, "%s: %s", name, term.Safe(strings.TrimPrefix(err.Error(), "case: ")))
}

// caseWarnings prints what the automations find odd in a case.
func (c *cli) caseWarnings(cmd, name string, set *rules.Set, cs *rules.Case) {
	for _, w := range set.CheckCase(cs) {
		where := name
		if w.Pointer != "" {
			where += ": " + w.Pointer
		}
		fmt.Fprintf(c.stderr, "verdict %s: warning: %s: %s\n", cmd, term.Safe(where), term.Safe(w.Msg))
	}
}

// loadEvent reads an event file. Malformed JSON is unreadable input (3);
// an event of the wrong shape is a usage error (2).
func (c *cli) loadEvent(name, what string) (*rules.Event, error) {
	data, err := c.read(name, what)
	if err != nil {
		return nil, err
	}
	ev, err := event.Parse(data)
	if err != nil {
		var se *document.SyntaxError
		if errors.As(err, &se) {
			return nil, fail(exitUnreadable, "%s:%d:%d: %s", term.Safe(name), se.Line, se.Column, term.Safe(se.Msg))
		}
		return nil, fail(exitUsage, "%s: %s", term.Safe(name), term.Safe(err.Error()))
	}
	return ev, nil
}

// event is the event of -e or --status, checked against the set
// (rules.Set.CheckEvent): an event that looks like a mistake is a usage
// error. Neither flag means no event, a conditions-only dry run.
func (c *cli) event(set *rules.Set, eventFile, status string) (*rules.Event, error) {
	var ev *rules.Event
	from := "--status"
	switch {
	case eventFile != "":
		var err error
		if ev, err = c.loadEvent(eventFile, "-e"); err != nil {
			return nil, err
		}
		from = eventFile
	case status != "":
		ev = &rules.Event{Type: "case_status_updated", Status: status}
	default:
		return nil, nil
	}
	if err := set.CheckEvent(ev); err != nil {
		return nil, fail(exitUsage, "%s: %s", term.Safe(from), term.Safe(err.Error()))
	}
	return ev, nil
}

// caseSchema returns a case schema by name (quickr, dintero) or reads it
// from a file.
func (c *cli) caseSchema(name string) (*schema.Validator, error) {
	switch strings.ToLower(name) {
	case "quickr", "dintero":
		v, err := schema.Case(name)
		if err != nil {
			return nil, fail(exitUsage, "%v", err)
		}
		return v, nil
	}
	src, err := c.read(name, "--case-schema")
	if err != nil {
		return nil, err
	}
	v, err := schema.Compile(name, src)
	if err != nil {
		return nil, fail(exitUsage, "--case-schema %s: %v", term.Safe(name), err)
	}
	return v, nil
}
