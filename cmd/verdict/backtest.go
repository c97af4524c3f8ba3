package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/verdict-rules/verdict/backtest"
	"github.com/verdict-rules/verdict/internal/term"
	"github.com/verdict-rules/verdict/rules"
)

func (c *cli) backtestCmd() *cobra.Command {
	var (
		autos     []string
		baselines []string
		outFile   string
		trace     bool
		eventFile string
		status    string
		workers   int
		maxList   int
		sh        shared
	)
	cmd := &cobra.Command{
		Use:   "backtest -a AUTOMATION [flags] CASES...",
		Short: "run automations over many cases and summarise",
		Long: "Runs automations over many cases in parallel and summarises what they\n" +
			"would have done. CASES are folders of JSON case files, *.ndjson or\n" +
			"*.jsonl files with one case per line, or single case files. A case that\n" +
			"cannot be read is reported with its file (and line) and skipped.\n" +
			"Without -e or --status every case is a conditions-only dry run.",
		Args: minArgs(1, "give -a AUTOMATION and at least one folder or file of cases"),
		RunE: func(cmd *cobra.Command, args []string) error {
			switch {
			case len(autos) == 0:
				return fail(exitUsage, "give -a AUTOMATION and at least one folder or file of cases")
			case eventFile != "" && status != "":
				return fail(exitUsage, "give -e or --status, not both")
			}
			opts, err := sh.options(c)
			if err != nil {
				return err
			}
			set, err := c.loadSet(autos, "-a", opts)
			if err != nil {
				return err
			}
			o := backtest.Options{Workers: workers, Trace: trace}
			if len(baselines) > 0 {
				if o.Baseline, err = c.loadSet(baselines, "--baseline", opts); err != nil {
					return err
				}
			}
			switch {
			case eventFile != "":
				if o.Event, err = c.loadEvent(eventFile, "-e"); err != nil {
					return err
				}
			case status != "":
				o.Event = &rules.Event{Type: "case_status_updated", Status: status}
			}
			for _, p := range args {
				if _, err := os.Stat(p); err != nil {
					return fail(exitUnreadable, "%v", err)
				}
			}
			src := backtest.Sources(args...)
			if outFile != "" {
				f, err := os.Create(outFile)
				if err != nil {
					return fail(exitUnreadable, "%v", err)
				}
				defer f.Close()
				o.Out = f
			}
			if term.IsTerminal(c.stderr) {
				total, _ := src.Count()
				start := time.Now()
				o.Progress = func(done int) { drawProgress(c.stderr, done, total, time.Since(start)) }
			}
			sum, err := backtest.Run(context.Background(), set, src, o)
			if o.Progress != nil {
				fmt.Fprint(c.stderr, "\r\x1b[K")
			}
			if err != nil {
				return fail(exitFailed, "%s", term.Safe(err.Error()))
			}
			printSummary(c.stdout, sum, maxList, o.Baseline != nil)
			return nil
		},
	}
	fs := cmd.Flags()
	fs.StringArrayVarP(&autos, "automation", "a", nil, "automation definition `file` (required; repeat for more)")
	fs.StringArrayVar(&baselines, "baseline", nil, "an older version of the automations (a `file`; repeat for more): list the cases decided differently")
	fs.StringVar(&outFile, "out", "", "write one NDJSON result per case and automation to this `file`")
	fs.BoolVar(&trace, "trace", false, "include traces in --out")
	fs.StringVarP(&eventFile, "event", "e", "", "event JSON `file` every case is evaluated with")
	fs.StringVar(&status, "status", "", "shorthand for a case_status_updated event to this `status`")
	fs.IntVar(&workers, "workers", 0, "cases evaluated at once (default: the number of CPUs)")
	fs.IntVar(&maxList, "list", 20, "how many skipped and changed cases to list")
	sh.addNow(fs)
	sh.addStatuses(fs)
	sh.addContextFields(fs)
	return cmd
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
			fmt.Fprintf(w, "  %-26s %10d %10d %10d\n", term.Safe(a.Name), a.Triggered, a.Matched, a.Fired)
		}
	}
	if len(s.Actions) > 0 {
		fmt.Fprintf(w, "\nactions:\n")
		for _, k := range sortedCounts(s.Actions) {
			fmt.Fprintf(w, "  %-26s %d", term.Safe(k), s.Actions[k])
			if n := s.Noops[k]; n > 0 {
				fmt.Fprintf(w, " (%d no-ops)", n)
			}
			fmt.Fprintln(w)
		}
	}
	if len(s.Statuses) > 0 {
		fmt.Fprintf(w, "\ntarget statuses (set_case_status):\n")
		for _, k := range sortedCounts(s.Statuses) {
			fmt.Fprintf(w, "  %-26s %d\n", term.Safe(k), s.Statuses[k])
		}
	}
	if len(s.Errors) > 0 {
		fmt.Fprintf(w, "\nskipped cases:\n")
		for i, e := range s.Errors {
			if i == maxList {
				fmt.Fprintf(w, "  … and %d more\n", len(s.Errors)-maxList)
				break
			}
			fmt.Fprintf(w, "  %s: %s\n", term.Safe(e.Case), term.Safe(strings.TrimPrefix(e.Err.Error(), "case: ")))
		}
	}
	if baseline {
		fmt.Fprintf(w, "\ndecided differently from the baseline: %d cases\n", len(s.Changed))
		for i, c := range s.Changed {
			if i == maxList {
				fmt.Fprintf(w, "  … and %d more\n", len(s.Changed)-maxList)
				break
			}
			fmt.Fprintf(w, "  %s (%s): %s  ⇒  %s\n", term.Safe(c.Case), term.Safe(c.Automation), term.Safe(c.Before), term.Safe(c.After))
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
