package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/verdict-rules/verdict/internal/term"
	"github.com/verdict-rules/verdict/suite"
)

func (c *cli) testCmd() *cobra.Command {
	var (
		verbose  bool
		coverage bool
		sh       shared
	)
	cmd := &cobra.Command{
		Use:   "test [flags] DIR|FILE...",
		Short: "run automation test suites",
		Long: "Runs automation test suites: suite files (*.suite.json: an automation and\n" +
			"tests that each give a case, an event and what to expect) and scenario\n" +
			"folders (automation.json, case.json, event.json, config.json and the\n" +
			"expected want.json or want.txt). A directory is searched for both.\n" +
			"Prints each failure with a diff, then which conditions of each\n" +
			"automation the tests saw both hold and fail, then 'N passed, N failed'.\n\n" +
			"Exit status: 0 all passed, 1 a test failed, 2 usage, 3 a file could not\n" +
			"be read.",
		Args: minArgs(1, "no suites given"),
		RunE: func(cmd *cobra.Command, args []string) error {
			extra, err := sh.options(c)
			if err != nil {
				return err
			}
			files, scenarios, err := suite.Find(args...)
			if err != nil {
				return fail(exitUnreadable, "%v", err)
			}
			if len(files) == 0 && len(scenarios) == 0 {
				return fail(exitUnreadable, "no suite files (*.suite.json) or scenario folders found")
			}
			color := term.UseColor(c.stdout)
			paint := func(code, s string) string { return term.Paint(color, code, s) }
			w := c.stdout
			var all []suite.TestResult
			unreadable := false
			for _, f := range files {
				rs, err := suite.RunFile(f, extra...)
				if err != nil {
					fmt.Fprintf(w, "%s %s: %s\n", paint("31", "✗"), term.Safe(f), term.SafeLines(err.Error()))
					unreadable = true
					continue
				}
				all = append(all, rs...)
			}
			for _, s := range scenarios {
				all = append(all, suite.RunScenario(s, extra...))
			}
			passed, failed := 0, 0
			for _, r := range all {
				name := r.Name
				if !strings.HasPrefix(name, r.Suite) && r.Suite != "" && !strings.Contains(r.Suite, name) {
					name = r.Suite + ": " + name
				}
				name = term.Safe(name)
				if r.Passed() {
					passed++
					if verbose {
						fmt.Fprintf(w, "%s %s\n", paint("32", "✓"), name)
					}
					continue
				}
				failed++
				fmt.Fprintf(w, "%s %s\n", paint("31", "✗"), name)
				if r.Err != nil {
					fmt.Fprintf(w, "    %s\n", indent(term.SafeLines(r.Err.Error()), "    "))
				}
				for _, f := range r.Failures {
					fmt.Fprintf(w, "    %s\n", indent(term.SafeLines(strings.TrimRight(f, "\n")), "    "))
				}
			}
			if coverage {
				printCoverage(w, suite.CoverageOf(all), paint)
			}
			fmt.Fprintf(w, "\n%d passed, %d failed\n", passed, failed)
			switch {
			case failed > 0:
				return &exitError{code: exitFailed}
			case unreadable:
				return &exitError{code: exitUnreadable}
			}
			return nil
		},
	}
	fs := cmd.Flags()
	fs.BoolVarP(&verbose, "verbose", "v", false, "list passing tests too")
	fs.BoolVar(&coverage, "coverage", true, "report which conditions the tests exercised both ways")
	sh.addContextFields(fs)
	return cmd
}

func printCoverage(w interface{ Write([]byte) (int, error) }, covs []suite.Coverage, paint func(code, s string) string) {
	if len(covs) > 0 {
		fmt.Fprintf(w, "\nconditions exercised both ways (seen to hold and to fail):\n")
	}
	for _, cv := range covs {
		both := 0
		for _, k := range cv.Conditions {
			if k.Both() {
				both++
			}
		}
		fmt.Fprintf(w, "  %s: %d of %d\n", term.Safe(cv.Automation), both, len(cv.Conditions))
		for _, k := range cv.Conditions {
			if k.Both() {
				continue
			}
			seen := "only held"
			if !k.True {
				seen = "only failed"
			}
			fmt.Fprintf(w, "    %-28s %-22s %s  %s\n", term.Safe(k.Pointer), term.Safe(k.Type), paint("33", seen), term.Safe(k.Field))
		}
	}
}
