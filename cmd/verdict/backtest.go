package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/verdict-rules/verdict/backtest"
	"github.com/verdict-rules/verdict/rules"
)

func runBacktest(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("backtest", "-a AUTOMATION [flags] CASES...",
		"Runs automations over many cases in parallel and summarises what they\n"+
			"would have done. CASES are folders of JSON case files, *.ndjson or\n"+
			"*.jsonl files with one case per line, or single case files. A case that\n"+
			"cannot be read is reported with its file (and line) and skipped.\n"+
			"Without -e or --status every case is a conditions-only dry run.", stderr)
	auto := fs.String("a", "", "automation definition `file` (required)")
	baseline := fs.String("baseline", "", "an older version of the automations: list the cases decided differently")
	outFile := fs.String("out", "", "write one NDJSON result per case and automation to this `file`")
	trace := fs.Bool("trace", false, "include traces in --out")
	eventFile := fs.String("e", "", "event JSON `file` every case is evaluated with")
	status := fs.String("status", "", "shorthand for a case_status_updated event to this `status`")
	workers := fs.Int("workers", 0, "cases evaluated at once (default: the number of CPUs)")
	maxList := fs.Int("list", 20, "how many errors and changed cases to list")
	var now nowFlag
	fs.Var(&now, "now", "the time to evaluate at (RFC 3339 or YYYY-MM-DD; default: the current time)")
	var statuses statusesFlag
	fs.Var(&statuses, "statuses", "case status vocabulary: quickr, dintero, or a comma-separated list")
	var fields contextFieldsFlag
	fs.Var(&fields, "context-fields", "JSON `file` of extra context fields, {\"name\": \"expr-lang expression\"}")
	if code := parseFlags(fs, args); code >= 0 {
		return code
	}
	if *auto == "" || fs.NArg() == 0 {
		fmt.Fprintln(stderr, "verdict backtest: give -a AUTOMATION and at least one folder or file of cases")
		fs.Usage()
		return exitUsage
	}
	if *eventFile != "" && *status != "" {
		fmt.Fprintln(stderr, "verdict backtest: give -e or --status, not both")
		return exitUsage
	}
	opts, err := fields.options(stderr)
	if err != nil {
		return report(stderr, "backtest", err)
	}
	opts = append(opts, statuses.options()...)
	opts = append(opts, now.options()...)
	set, err := loadSet(*auto, stderr, opts)
	if err != nil {
		return report(stderr, "backtest", err)
	}
	o := backtest.Options{Workers: *workers, Trace: *trace}
	if *baseline != "" {
		if o.Baseline, err = loadSet(*baseline, stderr, opts); err != nil {
			return report(stderr, "backtest", err)
		}
	}
	switch {
	case *eventFile != "":
		if o.Event, err = loadEvent(*eventFile); err != nil {
			return report(stderr, "backtest", err)
		}
		err = checkEvent(set, o.Event, *eventFile)
	case *status != "":
		o.Event = &rules.Event{Type: "case_status_updated", Status: *status}
		err = checkEvent(set, o.Event, "--status")
	}
	if err != nil {
		return report(stderr, "backtest", err)
	}
	for _, p := range fs.Args() {
		if _, err := os.Stat(p); err != nil {
			return report(stderr, "backtest", fail(exitUnreadable, "%v", err))
		}
	}
	src := backtest.Sources(fs.Args()...)
	if *outFile != "" {
		f, err := os.Create(*outFile)
		if err != nil {
			return report(stderr, "backtest", fail(exitUnreadable, "%v", err))
		}
		defer f.Close()
		o.Out = f
	}
	if isTerminal(stderr) {
		total, _ := src.Count()
		start := time.Now()
		o.Progress = func(done int) { drawProgress(stderr, done, total, time.Since(start)) }
	}
	sum, err := backtest.Run(context.Background(), set, src, o)
	if o.Progress != nil {
		fmt.Fprint(stderr, "\r\x1b[K")
	}
	if err != nil {
		return report(stderr, "backtest", err)
	}
	printSummary(stdout, sum, *maxList, o.Baseline != nil)
	return exitOK
}

func drawProgress(w io.Writer, done, total int, elapsed time.Duration) {
	const width = 30
	rate := float64(done) / elapsed.Seconds()
	if total <= 0 {
		fmt.Fprintf(w, "\r%d cases, %.0f/s", done, rate)
		return
	}
	filled := width * done / total
	if filled > width {
		filled = width
	}
	fmt.Fprintf(w, "\r[%s%s] %d/%d cases, %.0f/s", strings.Repeat("=", filled), strings.Repeat(" ", width-filled), done, total, rate)
}

func printSummary(w io.Writer, s *backtest.Summary, maxList int, baseline bool) {
	rate := float64(s.Cases+len(s.Errors)) / s.Elapsed.Seconds()
	fmt.Fprintf(w, "cases:      %d evaluated, %d skipped (%s, %.0f cases/s)\n", s.Cases, len(s.Errors), s.Elapsed.Round(time.Millisecond), rate)
	fmt.Fprintf(w, "triggered:  %d\n", s.Triggered)
	fmt.Fprintf(w, "fired:      %d\n", s.Fired)
	if len(s.PerAutomation) > 1 {
		fmt.Fprintf(w, "\nper automation:              triggered    matched      fired\n")
		for _, a := range s.PerAutomation {
			fmt.Fprintf(w, "  %-26s %10d %10d %10d\n", a.Name, a.Triggered, a.Matched, a.Fired)
		}
	}
	if len(s.Actions) > 0 {
		fmt.Fprintf(w, "\nactions:\n")
		for _, k := range sortedCounts(s.Actions) {
			fmt.Fprintf(w, "  %-26s %d", k, s.Actions[k])
			if n := s.Noops[k]; n > 0 {
				fmt.Fprintf(w, " (%d no-ops)", n)
			}
			fmt.Fprintln(w)
		}
	}
	if len(s.Statuses) > 0 {
		fmt.Fprintf(w, "\ntarget statuses (set_case_status):\n")
		for _, k := range sortedCounts(s.Statuses) {
			fmt.Fprintf(w, "  %-26s %d\n", k, s.Statuses[k])
		}
	}
	if len(s.Errors) > 0 {
		fmt.Fprintf(w, "\nskipped cases:\n")
		for i, e := range s.Errors {
			if i == maxList {
				fmt.Fprintf(w, "  … and %d more\n", len(s.Errors)-maxList)
				break
			}
			fmt.Fprintf(w, "  %s: %s\n", e.Case, strings.TrimPrefix(e.Err.Error(), "case: "))
		}
	}
	if baseline {
		fmt.Fprintf(w, "\ndecided differently from the baseline: %d cases\n", len(s.Changed))
		for i, c := range s.Changed {
			if i == maxList {
				fmt.Fprintf(w, "  … and %d more\n", len(s.Changed)-maxList)
				break
			}
			fmt.Fprintf(w, "  %s (%s): %s  ⇒  %s\n", c.Case, c.Automation, c.Before, c.After)
		}
	}
}

func sortedCounts(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if m[keys[i]] != m[keys[j]] {
			return m[keys[i]] > m[keys[j]]
		}
		return keys[i] < keys[j]
	})
	return keys
}
