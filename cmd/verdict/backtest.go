package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/verdict-rules/verdict/backtest"
	"github.com/verdict-rules/verdict/rules"
)

// exitInterrupted is the exit status of a backtest ended by Ctrl-C, as
// shells report a process ended by SIGINT.
const exitInterrupted = 130

func runBacktest(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("backtest", "-a AUTOMATION [flags] CASES...",
		"Runs automations over many cases in parallel and summarises what they\n"+
			"would have done. CASES are folders of JSON case files, *.ndjson or\n"+
			"*.jsonl files with one case per line, or single case files; a file or\n"+
			"line may be an API list response {\"data\": [...]}, whose cases are\n"+
			"each evaluated. A case that cannot be read is listed with its file\n"+
			"(and line) and skipped, and the run exits 3 unless --allow-skipped.\n"+
			"Without -e or --status every case is a conditions-only dry run.", stderr)
	auto := fs.String("a", "", "automation definition `file` (required)")
	baseline := fs.String("baseline", "", "an older version of the automations: list the cases decided differently")
	outFile := fs.String("out", "", "write one NDJSON result per case and automation to this `file` (not an input, nor inside an input folder)")
	trace := fs.Bool("trace", false, "include traces in --out")
	eventFile := fs.String("e", "", "event JSON `file` every case is evaluated with")
	status := fs.String("status", "", "shorthand for a case_status_updated event to this `status`")
	workers := fs.Int("workers", 0, "cases evaluated at once (default: the number of CPUs)")
	maxList := fs.Int("list", 20, "how many skipped and changed cases to list")
	allowSkipped := fs.Bool("allow-skipped", false, "exit 0 even when cases were skipped (and write --out)")
	maxCase := fs.Int("max-case-bytes", backtest.DefaultMaxCaseBytes, "the largest case file or NDJSON line read; a longer one is skipped")
	format := fs.String("format", "text", "summary `format`: text or json (schema/backtest-output.schema.json)")
	var now nowFlag
	fs.Var(&now, "now", "the time to evaluate at (RFC 3339 or YYYY-MM-DD; default: the current time)")
	var statuses statusesFlag
	fs.Var(&statuses, "statuses", "case status vocabulary: quickr, dintero, or a comma-separated list")
	var fields contextFieldsFlag
	fs.Var(&fields, "context-fields", "JSON `file` of extra context fields, {\"name\": \"expr-lang expression\"}")
	if code := parseFlags(fs, args); code >= 0 {
		return code
	}
	switch {
	case *auto == "" || fs.NArg() == 0:
		fmt.Fprintln(stderr, "verdict backtest: give -a AUTOMATION and at least one folder or file of cases")
		fs.Usage()
		return exitUsage
	case *eventFile != "" && *status != "":
		fmt.Fprintln(stderr, "verdict backtest: give -e or --status, not both")
		return exitUsage
	case *format != "text" && *format != "json":
		fmt.Fprintf(stderr, "verdict backtest: unknown format %q: expected text or json\n", *format)
		return exitUsage
	case *maxCase <= 0:
		fmt.Fprintln(stderr, "verdict backtest: --max-case-bytes must be positive")
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
	o := backtest.Options{Workers: *workers, Trace: *trace, MaxCaseBytes: *maxCase}
	if *baseline != "" {
		if o.Baseline, err = loadSet(*baseline, stderr, opts); err != nil {
			return report(stderr, "backtest", err)
		}
		if _, err := backtest.PairSets(set, o.Baseline); err != nil {
			return report(stderr, "backtest", fail(exitUsage, "%v", err))
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
	var out *backtest.Output
	if *outFile != "" {
		var conflict *backtest.OutputConflictError
		if out, err = backtest.CreateOutput(*outFile, fs.Args()...); errors.As(err, &conflict) {
			return report(stderr, "backtest", fail(exitUsage, "--out: %v", err))
		} else if err != nil {
			return report(stderr, "backtest", fail(exitUnreadable, "%v", err))
		}
		defer out.Abort()
		o.Out = out
	}
	if isTerminal(stderr) {
		total, _ := src.Count()
		start := time.Now()
		o.Progress = func(done int) { drawProgress(stderr, done, total, time.Since(start)) }
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	sum, err := backtest.Run(ctx, set, src, o)
	if o.Progress != nil {
		fmt.Fprint(stderr, "\r\x1b[K")
	}
	if err != nil {
		if ctx.Err() != nil {
			fmt.Fprintln(stderr, "verdict backtest: interrupted; nothing was written to --out")
			return exitInterrupted
		}
		return report(stderr, "backtest", err)
	}
	rep := sum.Report(*maxList)
	if *format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(rep); err != nil {
			return report(stderr, "backtest", err)
		}
	} else {
		printSummary(stdout, rep)
	}
	if len(sum.Errors) > 0 && !*allowSkipped {
		msg := fmt.Sprintf("%s skipped, so the summary leaves them out; --allow-skipped accepts that", plural(len(sum.Errors), "case"))
		if out != nil {
			msg += " (and writes --out)"
		}
		return report(stderr, "backtest", fail(exitUnreadable, "%s", msg))
	}
	if out != nil {
		if err := out.Commit(); err != nil {
			return report(stderr, "backtest", fail(exitUnreadable, "%v", err))
		}
	}
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

func printSummary(w io.Writer, r *backtest.Report) {
	rate := float64(r.Cases+r.Skipped) / r.ElapsedSeconds
	fmt.Fprintf(w, "cases:      %d evaluated, %d skipped (%s, %.0f cases/s)\n", r.Cases, r.Skipped,
		time.Duration(r.ElapsedSeconds*float64(time.Second)).Round(time.Millisecond), rate)
	fmt.Fprintf(w, "triggered:  %d\n", r.Triggered)
	fmt.Fprintf(w, "fired:      %d\n", r.Fired)
	fmt.Fprintf(w, "conflicts:  %d (cases where fired automations set one field to different values)\n", r.Conflicts)
	if r.WithoutStatus > 0 {
		fmt.Fprintf(w, "without a status member: %s (case status triggers and set_case_status read it)\n", plural(r.WithoutStatus, "case"))
	}
	if len(r.Automations) > 1 {
		fmt.Fprintf(w, "\nper automation:              triggered    matched      fired\n")
		for _, a := range r.Automations {
			fmt.Fprintf(w, "  %-26s %10d %10d %10d\n", a.Name, a.Triggered, a.Matched, a.Fired)
		}
	}
	fmt.Fprintf(w, "\ndecided by (the condition that settled the outcome; /conditions: all held):\n")
	for _, a := range r.Automations {
		fmt.Fprintf(w, "  %q\n", a.Name)
		for _, d := range a.DecidedBy {
			fmt.Fprintf(w, "    %-34s %d\n", d.Pointer, d.Cases)
		}
	}
	var warned bool
	for _, a := range r.Automations {
		for _, x := range a.Warnings {
			if !warned {
				fmt.Fprintf(w, "\nwarnings of the automations (verdict validate shows them in the file):\n")
				warned = true
			}
			fmt.Fprintf(w, "  %q: %s: %s\n", a.Name, x.Pointer, x.Message)
		}
	}
	if len(r.Actions) > 0 {
		fmt.Fprintf(w, "\nactions:\n")
		ran := map[string]int{}
		for k, v := range r.Actions {
			ran[k] = v.Ran
		}
		for _, k := range sortedCounts(ran) {
			fmt.Fprintf(w, "  %-26s %d", k, ran[k])
			if n := r.Actions[k].Noops; n > 0 {
				fmt.Fprintf(w, " (%d no-ops)", n)
			}
			fmt.Fprintln(w)
		}
	}
	if len(r.TargetStatuses) > 0 {
		fmt.Fprintf(w, "\ntarget statuses (set_case_status):\n")
		for _, k := range sortedCounts(r.TargetStatuses) {
			fmt.Fprintf(w, "  %-26s %d\n", k, r.TargetStatuses[k])
		}
	}
	if r.Skipped > 0 {
		fmt.Fprintf(w, "\nskipped cases:\n")
		for _, s := range r.SkippedCases {
			fmt.Fprintf(w, "  %s: %s\n", s.Case, s.Reason)
		}
		if r.SkippedNotListed > 0 {
			fmt.Fprintf(w, "  … and %d more, not listed (--list)\n", r.SkippedNotListed)
		}
	}
	if b := r.Baseline; b != nil {
		fmt.Fprintf(w, "\nbaseline:\n")
		for _, p := range b.Pairs {
			fmt.Fprintf(w, "  %s\n", backtest.Pair{Automation: p.Automation, Baseline: p.Baseline, By: p.By}.Describe())
		}
		for _, u := range b.Unpaired {
			if u.Side == "baseline" {
				fmt.Fprintf(w, "  no partner among the automations for the baseline's %q: not compared\n", u.Automation.Name)
			} else {
				fmt.Fprintf(w, "  no partner in the baseline for %q: not compared\n", u.Automation.Name)
			}
		}
		for _, a := range b.Warnings {
			for _, x := range a.Warnings {
				fmt.Fprintf(w, "  warning of the baseline's %q: %s: %s\n", a.Automation.Name, x.Pointer, x.Message)
			}
		}
		fmt.Fprintf(w, "\ndecided differently from the baseline: %d cases\n", b.Changed)
		for _, c := range b.Changes {
			fmt.Fprintf(w, "  %s (%s): %s  ⇒  %s\n", c.Case, c.Automation, c.Before, c.After)
		}
		if b.ChangesNotListed > 0 {
			fmt.Fprintf(w, "  … and %d more, not listed (--list)\n", b.ChangesNotListed)
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
