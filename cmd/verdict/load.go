package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/verdict-rules/verdict/conditions/jsonpath"
	"github.com/verdict-rules/verdict/internal/term"
	"github.com/verdict-rules/verdict/rules"
	"github.com/verdict-rules/verdict/schema"
)

// maxInput bounds every file the CLI reads: definitions, cases, events,
// suites and schemas. It is the library's default case size limit.
const maxInput = jsonpath.DefaultMaxBytes

// read reads a file, or standard input for "-" (once per command line:
// what flag took it is kept for the error). It reads at most maxInput
// bytes: a larger file is refused before it is read, and a stream
// (standard input, a device) that goes on longer is refused when it
// passes the limit, so /dev/zero costs 32 MiB, not all memory.
func (c *cli) read(name, what string) ([]byte, error) {
	if name == "-" {
		if c.stdinBy != "" {
			return nil, fail(exitUsage, "%s reads standard input (-), which %s has already read: only one input can be -", what, c.stdinBy)
		}
		c.stdinBy = what
		return readBounded(c.stdin, "standard input")
	}
	f, err := os.Open(name)
	if err != nil {
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

// loadCase reads and decodes a case file.
func (c *cli) loadCase(name, what string) (*rules.Case, error) {
	data, err := c.read(name, what)
	if err != nil {
		return nil, err
	}
	cs, err := rules.ParseCase(data)
	if err != nil {
		var ce *rules.CaseError
		if errors.As(err, &ce) && ce.Line > 0 {
			return nil, fail(exitUnreadable, "%s:%d:%d: %s", term.Safe(name), ce.Line, ce.Column, ce.Msg)
		}
		return nil, fail(exitUnreadable, "%s: %v", term.Safe(name), err)
	}
	return cs, nil
}

// loadEvent reads an event file.
func (c *cli) loadEvent(name, what string) (*rules.Event, error) {
	data, err := c.read(name, what)
	if err != nil {
		return nil, err
	}
	var ev rules.Event
	dec := json.NewDecoder(strings.NewReader(string(data)))
	if err := dec.Decode(&ev); err != nil {
		return nil, fail(exitUnreadable, "%s: not an event {\"type\", \"status\", \"previous_status\"}: %v", term.Safe(name), err)
	}
	if ev.Type == "" {
		return nil, fail(exitUnreadable, "%s: the event has no type", term.Safe(name))
	}
	return &ev, nil
}

// caseSchema returns a case schema by name (quickr, dintero) or reads it
// from a file.
func (c *cli) caseSchema(name string) (*schema.Validator, error) {
	switch strings.ToLower(name) {
	case "quickr", "dintero":
		v, err := rules.CaseSchema(name)
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
