package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/verdict-rules/verdict/conditions/jsonpath"
	"github.com/verdict-rules/verdict/rules"
)

// newFlags returns a flag set whose errors and help go to stderr, with a
// usage line and a description.
func newFlags(name, args, about string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: verdict %s %s\n\n%s\n", name, args, about)
		var any bool
		fs.VisitAll(func(*flag.Flag) { any = true })
		if any {
			fmt.Fprintf(fs.Output(), "\nFlags:\n")
			fs.PrintDefaults()
		}
	}
	return fs
}

// parseFlags parses args; it returns the exit code to stop with, or -1 to
// go on.
func parseFlags(fs *flag.FlagSet, args []string) int {
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return exitOK
		}
		return exitUsage
	}
	return -1
}

// statusesFlag selects the case status vocabulary.
type statusesFlag struct{ v rules.Statuses }

func (s *statusesFlag) String() string {
	if s == nil || s.v == nil {
		return "quickr"
	}
	return strings.Join(s.v, ",")
}

func (s *statusesFlag) Set(v string) error {
	if named, ok := rules.StatusesByName(v); ok {
		s.v = named
		return nil
	}
	var list rules.Statuses
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

func (s *statusesFlag) options() []rules.Option {
	if s.v == nil {
		return nil
	}
	return []rules.Option{rules.WithStatuses(s.v)}
}

// contextFieldsFlag is --context-fields: a JSON object of extra computed
// context fields, name → expr-lang expression.
type contextFieldsFlag struct{ file string }

func (f *contextFieldsFlag) String() string { return f.file }

func (f *contextFieldsFlag) Set(v string) error {
	f.file = v
	return nil
}

// options reads the file and checks the fields, printing located errors.
func (f *contextFieldsFlag) options(stderr io.Writer) ([]rules.Option, error) {
	if f.file == "" {
		return nil, nil
	}
	data, err := readFile(f.file)
	if err != nil {
		return nil, err
	}
	doc, err := jsonpath.Decoder{Strict: true}.Decode(data)
	if err != nil {
		return nil, fail(exitUnreadable, "%s:%v", f.file, err)
	}
	if doc.Kind() != jsonpath.Object {
		return nil, fail(exitUnreadable, "%s: expected an object of context fields, {\"name\": \"expression\"}", f.file)
	}
	var opts []rules.Option
	for i := 0; i < doc.Len(); i++ {
		v := doc.Index(i)
		if v.Kind() != jsonpath.String {
			return nil, fail(exitFailed, "%s: /%s: expected an expr-lang expression (a string), found %s", f.file, doc.Key(i), v.Kind())
		}
		opts = append(opts, rules.WithContextField(doc.Key(i), v.Text()))
	}
	if _, err := rules.Registry(opts...); err != nil {
		var list rules.ErrorList
		if !errors.As(err, &list) {
			return nil, fail(exitFailed, "%s: %v", f.file, err)
		}
		for _, e := range list {
			fmt.Fprintf(stderr, "%s: %s: %s\n%s", f.file, jsonpath.JoinPointer("", e.Field), e.Msg, e.Excerpt(nil))
		}
		return nil, fail(exitFailed, "")
	}
	return opts, nil
}
