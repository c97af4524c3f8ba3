package main

import (
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/spf13/cobra"

	"github.com/verdict-rules/verdict/internal/term"
	"github.com/verdict-rules/verdict/suite"
)

func (c *cli) testCmd() *cobra.Command {
	var (
		verbose   bool
		coverage  bool
		run       string
		format    = newChoice("text", "text", "json", "junit")
		threshold float64
		update    bool
		sh        shared
	)
	cmd := &cobra.Command{
		Use:   "test [flags] DIR|FILE...",
		Short: "run automation test suites",
		Long: "Runs automation test suites: suite files (*.suite.json: an automation and\n" +
			"tests that each give a case, an event and what to expect) and scenario\n" +
			"folders (automation.json, case.json, event.json, config.json and the\n" +
			"expected want.json or want.txt). A directory is searched for both;\n" +
			"- reads one suite file from standard input, its file names relative to\n" +
			"the working directory.\n" +
			"Prints each failure with a diff, then which conditions of each\n" +
			"automation the tests saw both hold and fail, then 'N passed, N failed'.\n\n" +
			"Exit status: 0 all passed, 1 a test failed (or could not run), the\n" +
			"coverage is under --coverage-threshold or --run matches no test, 2 usage\n" +
			"(also a test whose event the check refuses; the other tests still run),\n" +
			"3 a path could not be read.",
		Args: minArgs(1, "no suites given"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if threshold < 0 || threshold > 100 {
				return fail(exitUsage, "--coverage-threshold is a percentage, from 0 to 100")
			}
			opts := suite.Options{Update: update}
			if countOf(args, "-") == 1 { // more is refused by oneStdin
				c.stdinBy = "test -"
				opts.Stdin = c.stdin
			}
			if run != "" {
				re, err := regexp.Compile(run)
				if err != nil {
					return fail(exitUsage, "--run: %v", err)
				}
				opts.Run = re
			}
			extra, err := sh.options(c)
			if err != nil {
				return err
			}
			opts.Extra = extra
			files, scenarios, err := suite.Find(args...)
			if err != nil {
				return fail(exitUnreadable, "%s", err)
			}
			if len(files) == 0 && len(scenarios) == 0 {
				return fail(exitUnreadable, "no suite files (*.suite.json) or scenario folders found")
			}
			all, err := suite.Run(args, opts)
			if err != nil {
				return fail(exitUnreadable, "%s", err)
			}
			if len(all) == 0 && opts.Run != nil {
				return fail(exitFailed, "no test matches --run %s", run)
			}
			rep := suite.NewReport(all, threshold)
			switch format.v {
			case "json":
				if err := writeJSON(c.stdout, rep); err != nil {
					return fail(exitFailed, "%v", err)
				}
			case "junit":
				if err := suite.WriteJUnit(c.stdout, rep); err != nil {
					return fail(exitFailed, "%v", err)
				}
			default:
				printTests(c.stdout, rep, verbose, coverage, term.UseColor(c.stdout))
			}
			if rep.InvalidEvents > 0 {
				return fail(exitUsage, "%d of the tests have an event the automations' check refuses (shown above)", rep.InvalidEvents)
			}
			if rep.Failed > 0 || rep.BelowThreshold > 0 {
				return &exitError{code: exitFailed}
			}
			return nil
		},
	}
	fs := cmd.Flags()
	fs.BoolVarP(&verbose, "verbose", "v", false, "list passing tests too")
	fs.BoolVar(&coverage, "coverage", true, "report which conditions the tests exercised both ways")
	fs.StringVar(&run, "run", "", "run only the tests whose name matches this regular `expression` (a suite test's name, or a scenario folder's)")
	fs.Var(format, "format", "output format: text, json (schema/test-output.schema.json) or junit (XML for CI)")
	fs.Float64Var(&threshold, "coverage-threshold", 0, "fail when an automation has fewer than this `percent` of its conditions exercised both ways")
	fs.BoolVar(&update, "update", false, "write want.json (or want.txt) of scenario folders from the current results instead of comparing")
	sh.addContextFields(fs)
	return cmd
}

// printTests writes the text report: failures with their diffs, coverage,
// and the counts.
func printTests(w io.Writer, rep *suite.Report, verbose, coverage, color bool) {
	paint := func(code, s string) string { return term.Paint(color, code, s) }
	indent := func(s string) string {
		return "    " + strings.ReplaceAll(term.SafeLines(strings.TrimRight(s, "\n")), "\n", "\n    ")
	}
	for _, t := range rep.Tests {
		name := t.Name
		switch {
		case name == "":
			name = t.Suite
		case t.Suite != "" && !strings.HasPrefix(name, t.Suite) && !strings.Contains(t.Suite, name):
			name = t.Suite + ": " + name
		}
		name = term.Safe(name)
		switch {
		case t.Updated != "":
			fmt.Fprintf(w, "%s %s: wrote %s\n", paint("33", "↻"), name, term.Safe(t.Updated))
			continue
		case t.Passed:
			if verbose {
				fmt.Fprintf(w, "%s %s\n", paint("32", "✓"), name)
				for _, x := range t.Warnings {
					fmt.Fprintf(w, "    warning: %s\n", term.Safe(x))
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
				l = term.SafeLine(l)
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
			fmt.Fprintf(w, "    warning: %s\n", term.Safe(x))
		}
	}
	if coverage && len(rep.Coverage) > 0 {
		fmt.Fprintf(w, "\nconditions exercised both ways (seen to hold and to fail):\n")
		for _, c := range rep.Coverage {
			line := fmt.Sprintf("  %s: %d of %d", term.Safe(c.Automation), c.Exercised, c.Total)
			if rep.CoverageThreshold > 0 {
				line += fmt.Sprintf(" (%.1f%%)", c.Percent)
				if c.BelowThreshold {
					line += paint("31", fmt.Sprintf(", under the threshold of %g%%", rep.CoverageThreshold))
				}
			}
			fmt.Fprintln(w, line)
			if c.Fingerprint != "" {
				fmt.Fprintf(w, "    %s\n", paint("2", "fingerprint "+c.Fingerprint))
			}
			for _, k := range c.Conditions {
				if seen := k.Seen(); seen != "" {
					fmt.Fprintf(w, "    %-28s %-22s %s  %s\n", term.Safe(k.Pointer), term.Safe(k.Type), paint("33", seen), term.Safe(k.Field))
				}
			}
		}
	}
	fmt.Fprintf(w, "\n%d passed, %d failed", rep.Passed, rep.Failed)
	if rep.InvalidEvents > 0 {
		fmt.Fprintf(w, " (%d with an invalid event)", rep.InvalidEvents)
	}
	if len(rep.Updated) > 0 {
		fmt.Fprintf(w, ", %d updated", len(rep.Updated))
	}
	fmt.Fprintln(w)
	if rep.BelowThreshold > 0 {
		fmt.Fprintf(w, "%s under the coverage threshold of %g%%\n", plural(rep.BelowThreshold, "automation"), rep.CoverageThreshold)
	}
}
