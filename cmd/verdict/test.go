package main

import (
	"fmt"
	"io"
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
			"Exit status: 0 all passed, 1 a test failed, 3 a file could not be read.", stderr)
	verbose := fs.Bool("v", false, "list passing tests too")
	coverage := fs.Bool("coverage", true, "report which conditions the tests exercised both ways")
	var fields contextFieldsFlag
	fs.Var(&fields, "context-fields", "JSON `file` of extra context fields, {\"name\": \"expr-lang expression\"}, for every test")
	if code := parseFlags(fs, args); code >= 0 {
		return code
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "verdict test: no suites given")
		fs.Usage()
		return exitUsage
	}
	extra, err := fields.options(stderr)
	if err != nil {
		return report(stderr, "test", err)
	}
	files, scenarios, err := suite.Find(fs.Args()...)
	if err != nil {
		return report(stderr, "test", fail(exitUnreadable, "%v", err))
	}
	if len(files) == 0 && len(scenarios) == 0 {
		fmt.Fprintln(stderr, "verdict test: no suite files (*.suite.json) or scenario folders found")
		return exitUnreadable
	}
	color := useColor(stdout)
	paint := func(code, s string) string {
		if !color {
			return s
		}
		return "\x1b[" + code + "m" + s + "\x1b[0m"
	}
	var all []suite.TestResult
	unreadable := false
	for _, f := range files {
		rs, err := suite.RunFile(f, extra...)
		if err != nil {
			fmt.Fprintf(stdout, "%s %s: %v\n", paint("31", "✗"), f, err)
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
		if r.Passed() {
			passed++
			if *verbose {
				fmt.Fprintf(stdout, "%s %s\n", paint("32", "✓"), name)
			}
			continue
		}
		failed++
		fmt.Fprintf(stdout, "%s %s\n", paint("31", "✗"), name)
		if r.Err != nil {
			fmt.Fprintf(stdout, "    %s\n", strings.ReplaceAll(r.Err.Error(), "\n", "\n    "))
		}
		for _, f := range r.Failures {
			fmt.Fprintf(stdout, "    %s\n", strings.ReplaceAll(strings.TrimRight(f, "\n"), "\n", "\n    "))
		}
	}
	if *coverage {
		covs := suite.CoverageOf(all)
		if len(covs) > 0 {
			fmt.Fprintf(stdout, "\nconditions exercised both ways (seen to hold and to fail):\n")
		}
		for _, c := range covs {
			both := 0
			for _, k := range c.Conditions {
				if k.Both() {
					both++
				}
			}
			fmt.Fprintf(stdout, "  %s: %d of %d\n", c.Automation, both, len(c.Conditions))
			for _, k := range c.Conditions {
				if k.Both() {
					continue
				}
				seen := "only held"
				if !k.True {
					seen = "only failed"
				}
				fmt.Fprintf(stdout, "    %-28s %-22s %s  %s\n", k.Pointer, k.Type, paint("33", seen), k.Field)
			}
		}
	}
	fmt.Fprintf(stdout, "\n%d passed, %d failed\n", passed, failed)
	switch {
	case failed > 0:
		return exitFailed
	case unreadable:
		return exitUnreadable
	}
	return exitOK
}
