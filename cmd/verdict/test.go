package main

import (
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/verdict-rules/verdict/suite"
)

func runTest(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("test", "[flags] DIR|FILE...",
		"Runs automation test suites: suite files (*.suite.json: an automation and\n"+
			"tests that each give a case, an event and what to expect) and scenario\n"+
			"folders (automation.json, case.json, event.json, config.json and the\n"+
			"expected want.json or want.txt). A directory is searched for both.\n"+
			"Prints each failure with a diff, then which conditions of each\n"+
			"automation the tests saw both hold and fail, then 'N passed, N failed'.\n\n"+
			"Exit status: 0 all passed, 1 a test failed (or could not run) or the\n"+
			"coverage is under --coverage-threshold, 2 usage, 3 a path could not be read.", stderr)
	verbose := fs.Bool("v", false, "list passing tests too")
	coverage := fs.Bool("coverage", true, "report which conditions the tests exercised both ways")
	var fields contextFieldsFlag
	fs.Var(&fields, "context-fields", "JSON `file` of extra context fields, {\"name\": \"expr-lang expression\"}, for every test")
	run := fs.String("run", "", "run only the tests whose name matches this regular `expression` (a suite test's name, or a scenario folder's)")
	format := fs.String("format", "text", "output `format`: text, json (schema/test-output.schema.json) or junit (XML for CI)")
	threshold := fs.Float64("coverage-threshold", 0, "fail when an automation has fewer than this `percent` of its conditions exercised both ways")
	update := fs.Bool("update", false, "write want.json (or want.txt) of scenario folders from the current results instead of comparing")
	if code := parseFlags(fs, args); code >= 0 {
		return code
	}
	switch {
	case fs.NArg() == 0:
		fmt.Fprintln(stderr, "verdict test: no suites given")
		fs.Usage()
		return exitUsage
	case *format != "text" && *format != "json" && *format != "junit":
		fmt.Fprintf(stderr, "verdict test: unknown format %q: expected text, json or junit\n", *format)
		return exitUsage
	case *threshold < 0 || *threshold > 100:
		fmt.Fprintln(stderr, "verdict test: --coverage-threshold is a percentage, from 0 to 100")
		return exitUsage
	}
	opts := suite.Options{Update: *update}
	if *run != "" {
		re, err := regexp.Compile(*run)
		if err != nil {
			fmt.Fprintf(stderr, "verdict test: --run: %v\n", err)
			return exitUsage
		}
		opts.Run = re
	}
	extra, err := fields.options(stderr)
	if err != nil {
		return report(stderr, "test", err)
	}
	opts.Extra = extra
	files, scenarios, err := suite.Find(fs.Args()...)
	if err != nil {
		return report(stderr, "test", fail(exitUnreadable, "%v", err))
	}
	if len(files) == 0 && len(scenarios) == 0 {
		fmt.Fprintln(stderr, "verdict test: no suite files (*.suite.json) or scenario folders found")
		return exitUnreadable
	}
	all, err := suite.Run(fs.Args(), opts)
	if err != nil {
		return report(stderr, "test", fail(exitUnreadable, "%v", err))
	}
	rep := suite.NewReport(all, *threshold)
	switch *format {
	case "json":
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(rep); err != nil {
			return report(stderr, "test", err)
		}
	case "junit":
		if err := suite.WriteJUnit(stdout, all); err != nil {
			return report(stderr, "test", err)
		}
	default:
		printTests(stdout, rep, *verbose, *coverage, useColor(stdout))
	}
	if rep.Failed > 0 || rep.BelowThreshold > 0 {
		return exitFailed
	}
	return exitOK
}

// printTests writes the text report: failures with their diffs, coverage,
// and the counts.
func printTests(w io.Writer, rep *suite.Report, verbose, coverage, color bool) {
	paint := func(code, s string) string {
		if !color {
			return s
		}
		return "\x1b[" + code + "m" + s + "\x1b[0m"
	}
	indent := func(s string) string { return "    " + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n    ") }
	for _, t := range rep.Tests {
		name := t.Name
		switch {
		case name == "":
			name = t.Suite
		case t.Suite != "" && !strings.HasPrefix(name, t.Suite) && !strings.Contains(t.Suite, name):
			name = t.Suite + ": " + name
		}
		switch {
		case t.Updated != "":
			fmt.Fprintf(w, "%s %s: wrote %s\n", paint("33", "↻"), name, t.Updated)
			continue
		case t.Passed:
			if verbose {
				fmt.Fprintf(w, "%s %s\n", paint("32", "✓"), name)
				for _, x := range t.Warnings {
					fmt.Fprintf(w, "    warning: %s\n", x)
				}
			}
			continue
		}
		fmt.Fprintf(w, "%s %s\n", paint("31", "✗"), name)
		if t.Error != "" {
			fmt.Fprintln(w, indent(t.Error))
		}
		for _, f := range t.Failures {
			fmt.Fprintln(w, indent(f.Message))
			if len(f.Diff) > 0 {
				fmt.Fprintf(w, "    %s %s\n", paint("31", "- want"), paint("32", "+ got"))
			}
			for _, l := range f.Diff {
				switch {
				case strings.HasPrefix(l, "- "):
					l = paint("31", l)
				case strings.HasPrefix(l, "+ "):
					l = paint("32", l)
				}
				fmt.Fprintf(w, "    %s\n", l)
			}
		}
		for _, x := range t.Warnings {
			fmt.Fprintf(w, "    warning: %s\n", x)
		}
	}
	if coverage && len(rep.Coverage) > 0 {
		fmt.Fprintf(w, "\nconditions exercised both ways (seen to hold and to fail):\n")
		for _, c := range rep.Coverage {
			line := fmt.Sprintf("  %s: %d of %d", c.Automation, c.Exercised, c.Total)
			if rep.CoverageThreshold > 0 {
				line += fmt.Sprintf(" (%.1f%%)", c.Percent)
				if c.BelowThreshold {
					line += paint("31", fmt.Sprintf(", under the threshold of %g%%", rep.CoverageThreshold))
				}
			}
			fmt.Fprintln(w, line)
			for _, k := range c.Conditions {
				if k.Held && k.Failed {
					continue
				}
				seen := "only held"
				if !k.Held {
					seen = "only failed"
				}
				fmt.Fprintf(w, "    %-28s %-22s %s  %s\n", k.Pointer, k.Type, paint("33", seen), k.Field)
			}
		}
	}
	fmt.Fprintf(w, "\n%d passed, %d failed", rep.Passed, rep.Failed)
	if len(rep.Updated) > 0 {
		fmt.Fprintf(w, ", %d updated", len(rep.Updated))
	}
	fmt.Fprintln(w)
	if rep.BelowThreshold > 0 {
		fmt.Fprintf(w, "%s under the coverage threshold of %g%%\n", plural(rep.BelowThreshold, "automation"), rep.CoverageThreshold)
	}
}
