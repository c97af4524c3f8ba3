package main

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/verdict-rules/verdict/cases"
	"github.com/verdict-rules/verdict/diag"
	"github.com/verdict-rules/verdict/document"
	"github.com/verdict-rules/verdict/internal/term"
	"github.com/verdict-rules/verdict/mask"
	"github.com/verdict-rules/verdict/rules"
)

// shared holds the flags several commands take, so each is declared,
// documented and turned into options in one place.
type shared struct {
	now        nowFlag
	statuses   statusesFlag
	fields     string // --context-fields
	caseSchema string // --case-schema
}

func (s *shared) addNow(fs *pflag.FlagSet) {
	fs.Var(&s.now, "now", "the time to evaluate at: RFC 3339 or YYYY-MM-DD (default: the current time)")
}

func (s *shared) addStatuses(fs *pflag.FlagSet) {
	fs.Var(&s.statuses, "statuses", "case status `vocabulary`: quickr, dintero, or a comma-separated list")
}

func (s *shared) addContextFields(fs *pflag.FlagSet) {
	fs.StringVar(&s.fields, "context-fields", "", "JSON `file` of extra computed context fields, {\"name\": \"expr-lang expression\"}")
}

func (s *shared) addCaseSchema(fs *pflag.FlagSet) {
	fs.StringVar(&s.caseSchema, "case-schema", "", "case `schema` the paths are checked against: quickr, dintero, none, or a JSON Schema file\n(default: quickr, or dintero with --statuses dintero)")
}

// options turns the flags given into rules options; problems in the
// context fields file are printed located.
func (s *shared) options(c *cli) ([]rules.Option, error) {
	var opts []rules.Option
	if s.fields != "" {
		fields, err := c.contextFields(s.fields)
		if err != nil {
			return nil, err
		}
		opts = append(opts, fields...)
	}
	if s.statuses.v != nil {
		opts = append(opts, rules.WithStatuses(s.statuses.v))
	}
	if s.now.set {
		t := s.now.t
		opts = append(opts, rules.WithClock(func() time.Time { return t }))
	}
	if s.caseSchema != "" {
		if s.caseSchema == "none" {
			opts = append(opts, rules.WithCaseSchema(nil))
		} else {
			v, err := c.caseSchema(s.caseSchema)
			if err != nil {
				return nil, err
			}
			opts = append(opts, rules.WithCaseSchema(v))
		}
	}
	return opts, nil
}

// caseSchemaFile is the file --case-schema reads, or "" when it names a
// built-in schema or none.
func (s *shared) caseSchemaFile() string {
	switch strings.ToLower(s.caseSchema) {
	case "", "quickr", "dintero", "none":
		return ""
	}
	return s.caseSchema
}

// statusGiven refuses --status given with an empty value: an event needs
// a status, and an empty one would silently mean no event.
func statusGiven(cmd *cobra.Command, status string) error {
	if f := cmd.Flags().Lookup("status"); f != nil && f.Changed && strings.TrimSpace(status) == "" {
		return fail(exitUsage, "--status needs a status, such as READY_FOR_REVIEW (leave the flag out for a conditions-only dry run)")
	}
	return nil
}

// schemaName is the case schema --case-schema and --statuses select for
// validating cases.
func (s *shared) schemaName() string {
	switch {
	case s.caseSchema != "":
		return s.caseSchema
	case slices.Equal(s.statuses.v, cases.DinteroStatuses()):
		return "dintero"
	}
	return "quickr"
}

// contextFields reads --context-fields and checks the fields, printing
// located errors.
func (c *cli) contextFields(name string) ([]rules.Option, error) {
	data, err := c.read(name, "--context-fields")
	if err != nil {
		return nil, err
	}
	doc, err := document.Decoder{Strict: true}.Decode(data)
	if err != nil {
		return nil, fail(exitUnreadable, "%s:%v", name, err)
	}
	if doc.Kind() != document.Object {
		return nil, fail(exitUnreadable, "%s: expected an object of context fields, {\"name\": \"expression\"}", name)
	}
	var opts []rules.Option
	for i := 0; i < doc.Len(); i++ {
		v := doc.Index(i)
		if v.Kind() != document.String {
			return nil, fail(exitFailed, "%s: /%s: expected an expr-lang expression (a string), found %s", name, doc.Key(i), v.Kind())
		}
		opts = append(opts, rules.WithContextField(doc.Key(i), v.Text()))
	}
	if _, err := rules.Registry(opts...); err != nil {
		var list rules.ErrorList
		if !errors.As(err, &list) {
			return nil, fail(exitFailed, "%s: %v", name, err)
		}
		for _, e := range list {
			fmt.Fprintf(c.stderr, "%s: %s: %s\n%s", term.Safe(name), term.Safe(document.JoinPointer("", e.Field)), term.Safe(e.Msg), e.Excerpt(nil))
		}
		return nil, fail(exitFailed, "")
	}
	return opts, nil
}

// statusesFlag selects the case status vocabulary.
type statusesFlag struct{ v cases.Statuses }

func (s *statusesFlag) String() string {
	if s == nil || s.v == nil {
		return ""
	}
	return strings.Join(s.v, ",")
}

func (s *statusesFlag) Type() string { return "vocabulary" }

func (s *statusesFlag) Set(v string) error {
	if named, ok := cases.StatusesByName(v); ok {
		s.v = named
		return nil
	}
	var list cases.Statuses
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			list = append(list, p)
		}
	}
	if len(list) == 0 {
		return fmt.Errorf("expected quickr, dintero or a comma-separated list of statuses")
	}
	s.v = list
	return nil
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

func (n *nowFlag) Type() string { return "time" }

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

// choiceFlag is a flag whose value is one of a few words; anything else is
// a usage error when the line is parsed.
type choiceFlag struct {
	v       string
	choices []string
}

func newChoice(def string, choices ...string) *choiceFlag {
	return &choiceFlag{v: def, choices: choices}
}

func (f *choiceFlag) String() string { return f.v }

func (f *choiceFlag) Type() string { return strings.Join(f.choices, "|") }

func (f *choiceFlag) Set(v string) error {
	if !slices.Contains(f.choices, v) {
		return fmt.Errorf("expected %s", strings.Join(f.choices, " or "))
	}
	f.v = v
	return nil
}

// maskFlags are --mask and --mask-key-file. The key is read from a file,
// never from the command line, where other users of the machine and the
// shell's history would see it.
type maskFlags struct {
	paths   []string
	keyFile string
}

func (m *maskFlags) add(fs *pflag.FlagSet) {
	fs.StringArrayVar(&m.paths, "mask", nil, "a JSONPath into the case whose values are written as hmac-sha256 tokens in traces, notes\nand records (repeat for more; needs --mask-key-file; the changeset is never masked)")
	fs.StringVar(&m.keyFile, "mask-key-file", "", "`file` holding the secret key of --mask (at least 16 bytes; a final line ending is not part of it)")
}

// mask builds the mask the flags ask for, or nil.
func (m *maskFlags) mask(c *cli) (*mask.Mask, error) {
	switch {
	case len(m.paths) == 0 && m.keyFile == "":
		return nil, nil
	case len(m.paths) == 0:
		return nil, fail(exitUsage, "--mask-key-file needs --mask PATH: name the values to mask")
	case m.keyFile == "":
		return nil, fail(exitUsage, "--mask needs --mask-key-file FILE: a token without a secret key is easy to reverse (the key is never read from the command line)")
	}
	key, err := c.read(m.keyFile, "--mask-key-file")
	if err != nil {
		return nil, err
	}
	key = bytes.TrimSuffix(bytes.TrimSuffix(key, []byte("\n")), []byte("\r"))
	mk, err := mask.New(key, m.paths...)
	if err != nil {
		var p *diag.Problem
		if errors.As(err, &p) && p.Source != "" {
			i, _ := strconv.Atoi(strings.TrimPrefix(p.Pointer, "/"))
			return nil, fail(exitUsage, "--mask %s (byte %d): %s", term.Safe(strconv.Quote(m.paths[i])), p.Offset, term.Safe(p.Msg))
		}
		return nil, fail(exitUsage, "--mask-key-file %s: %s", term.Safe(m.keyFile), term.Safe(err.Error()))
	}
	return mk, nil
}
