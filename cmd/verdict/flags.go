package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

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
