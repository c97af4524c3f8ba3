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
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/verdict-rules/verdict/backtest"
	"github.com/verdict-rules/verdict/internal/term"
)

// exitSignal is the exit status of a backtest ended by a signal, as
// shells report a process the signal ended: 128 + its number (130 for
// Ctrl-C, SIGINT; 143 for SIGTERM).
func exitSignal(s os.Signal) int {
	if n, ok := s.(syscall.Signal); ok {
		return 128 + int(n)
	}
	return 128 + int(syscall.SIGINT)
}

// exitInterrupted is the exit status of a backtest ended by Ctrl-C.
const exitInterrupted = 130

func (c *cli) backtestCmd() *cobra.Command {
	var (
		autos        []string
		baselines    []string
		outFile      string
		trace        bool
		eventFile    string
		status       string
		workers      int
		maxList      int
		allowSkipped bool
		maxCase      int
		format       = newChoice("text", "text", "json")
		sh           shared
		lf           labelFlags
		recordsFile  string
		masks        maskFlags
	)
	cmd := &cobra.Command{
		Use:   "backtest -a AUTOMATION [flags] CASES...",
		Short: "run automations over many cases and summarise",
		Long: "Runs automations over many cases in parallel and summarises what they\n" +
			"would have done. CASES are folders (searched for .json, .ndjson and\n" +
			".jsonl files, in any case), *.ndjson or *.jsonl files with one case per\n" +
			"line, single case files, or - for one case per line on standard input;\n" +
			"a file or line may be an API list response {\"data\": [...]}, whose\n" +
			"cases are each evaluated. A case that cannot be read is listed with its\n" +
			"file (and line) and skipped, and the run exits 3 unless --allow-skipped;\n" +
			"so does a run that finds no case at all. Without -e or --status every\n" +
			"case is a conditions-only dry run.\n\n" +
			"With --baseline, one automation on each side is compared with the other;\n" +
			"several are paired by id, then by name (two of one id or name on a side,\n" +
			"or no pair at all, is a usage error). --out is written to a temporary\n" +
			"file beside it and renamed when the run succeeds; it may not be an input\n" +
			"(a case, automation, baseline, event or context fields file), inside an\n" +
			"input folder or a file an input folder links to. --out - writes the\n" +
			"results to standard output, and the summary to standard error. A run\n" +
			"ended by Ctrl-C (SIGINT) or SIGTERM writes nothing to an --out file and\n" +
			"exits 130 or 143.\n\n" +
			"With --labels, each automation's outcomes are compared with what people\n" +
			"decided: the label of a case comes from a CSV or NDJSON file of case id\n" +
			"and label (the case id read at --case-id, default $.id), or from the case\n" +
			"itself with a JSONPath ($.status). A label agrees with an automation when\n" +
			"it is a status its set_case_status sets, or as --agree says\n" +
			"('Auto approve=ACTIVE,APPROVED; *=ACTIVE'). Per automation: the confusion\n" +
			"matrix, precision, recall and the cases it got wrong (--list of each);\n" +
			"--sample N --seed S --sample-out FILE writes N cases of each cell, drawn\n" +
			"at random, for people to review again (.csv, else NDJSON).\n\n" +
			"With --case-automations, each case runs only the automations it names in\n" +
			"its automations list; the summary says which automations no case names\n" +
			"and which names no automation answers.\n\n" +
			"--records writes a decision record (schema/decision-record.schema.json)\n" +
			"per case and automation, one per line, under the rules of --out. --mask\n" +
			"PATH writes the values a JSONPath yields on each case as hmac-sha256\n" +
			"tokens keyed by --mask-key-file, in --records and --out, never in the\n" +
			"changeset.",
		Args: minArgs(1, "give -a AUTOMATION and at least one folder or file of cases"),
		RunE: func(cmd *cobra.Command, args []string) error {
			switch {
			case len(autos) == 0:
				return fail(exitUsage, "give -a AUTOMATION and at least one folder or file of cases")
			case eventFile != "" && status != "":
				return fail(exitUsage, "give -e or --status, not both")
			case maxCase <= 0:
				return fail(exitUsage, "--max-case-bytes must be positive")
			case workers < 0 || workers > backtest.MaxWorkers:
				return fail(exitUsage, "--workers must be from 1 to %d (or 0 for the number of CPUs), not %d", backtest.MaxWorkers, workers)
			}
			if err := statusGiven(cmd, status); err != nil {
				return err
			}
			if err := lf.check(cmd); err != nil {
				return err
			}
			if countOf(args, "-") == 1 { // more is refused by oneStdin
				c.stdinBy = "CASES"
			}
			if outFile == "-" && recordsFile == "-" {
				return fail(exitUsage, "--out - and --records - both write to standard output: give one a file")
			}
			// --out, --records and --sample-out are checked against every
			// input, and each other, before anything is read or opened for
			// writing.
			inputs := append(append(append([]string{}, args...), autos...), baselines...)
			for _, f := range []string{eventFile, sh.fields, sh.caseSchemaFile(), masks.keyFile, lf.file()} {
				if f != "" && f != "-" {
					inputs = append(inputs, f)
				}
			}
			outputs := map[string]string{}
			for _, o := range []struct{ flag, file string }{{"--out", outFile}, {"--records", recordsFile}, {"--sample-out", lf.sampleOut}} {
				if o.file == "" || o.file == "-" {
					continue
				}
				if err := c.checkOut(o.flag, o.file, inputs); err != nil {
					return err
				}
				for flag, file := range outputs {
					if backtest.SameOutput(file, o.file) {
						return fail(exitUsage, "%s and %s name the same file, %s: give each a file of its own", flag, o.flag, term.Safe(o.file))
					}
				}
				outputs[o.flag] = o.file
			}
			m, err := masks.mask(c)
			if err != nil {
				return err
			}
			opts, err := sh.options(c)
			if err != nil {
				return err
			}
			set, err := c.loadSet(autos, "-a", opts)
			if err != nil {
				return err
			}
			o := backtest.Options{Workers: workers, Trace: trace, MaxCaseBytes: maxCase, Mask: m}
			o.Keep = max(maxList, backtest.DefaultKeep)
			if len(baselines) > 0 {
				if o.Baseline, err = c.loadSet(baselines, "--baseline", opts); err != nil {
					return err
				}
				if _, err := backtest.PairSets(set, o.Baseline); err != nil {
					return fail(exitUsage, "%s", err)
				}
			}
			if o.Event, err = c.event(set, eventFile, status); err != nil {
				return err
			}
			o.CaseAutomations = lf.caseAutos
			if o.Labels, err = c.labelling(&lf, set, maxList, args); err != nil {
				return err
			}
			src := backtest.Sources(args...)
			for _, p := range args {
				if p == "-" {
					src = src.WithStdin(c.stdin) // one case per line
					continue
				}
				if _, err := os.Stat(p); err != nil {
					return fail(exitUnreadable, "%v", err)
				}
			}
			summaryTo := c.stdout
			var out, recs *backtest.Output
			switch outFile {
			case "":
			case "-":
				o.Out = term.Writer(c.stdout)
				summaryTo = c.stderr // so results and summary never mix
			default:
				// Every input was checked against --out above.
				if out, err = createOutput("--out", "the results", outFile); err != nil {
					return err
				}
				defer out.Abort()
				o.Out = term.Writer(out)
			}
			switch recordsFile {
			case "":
			case "-":
				o.Records = c.stdout
				summaryTo = c.stderr
			default:
				if recs, err = createOutput("--records", "the records", recordsFile); err != nil {
					return err
				}
				defer recs.Abort()
				o.Records = recs
			}
			var sampleOut *backtest.Output
			if lf.sampleOut != "" {
				// Checked against every input above.
				if sampleOut, err = createOutput("--sample-out", "the samples", lf.sampleOut); err != nil {
					return err
				}
				defer sampleOut.Abort()
			}
			if term.IsTerminal(c.stderr) {
				total, _ := src.Count()
				start := time.Now()
				o.Progress = func(done int) { drawProgress(c.stderr, done, total, time.Since(start)) }
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			sigs := make(chan os.Signal, 1)
			signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
			defer signal.Stop(sigs)
			caught := make(chan os.Signal, 1)
			go func() {
				select {
				case s := <-sigs:
					caught <- s
					cancel()
				case <-ctx.Done():
				}
			}()
			sum, err := backtest.Run(ctx, set, src, o)
			if o.Progress != nil {
				fmt.Fprint(c.stderr, "\r\x1b[K")
			}
			if err != nil {
				var none *backtest.NoCasesError
				switch {
				case ctx.Err() != nil:
					s := <-caught
					msg := "interrupted"
					switch {
					case out != nil || recs != nil || sampleOut != nil:
						msg += "; nothing was written to " + written(out, recs, sampleOut, " or ")
					case outFile == "-":
						msg += "; the results written to standard output are incomplete"
					case recordsFile == "-":
						msg += "; the records written to standard output are incomplete"
					}
					return fail(exitSignal(s), "%s", msg)
				case errors.As(err, &none):
					return fail(exitUnreadable, "%s", err)
				}
				return fail(exitFailed, "%s", err)
			}
			rep := sum.Report(maxList)
			if format.v == "json" {
				if err := writeJSON(summaryTo, rep); err != nil {
					return fail(exitFailed, "%v", err)
				}
			} else {
				printSummary(summaryTo, rep)
			}
			if sum.Skipped > 0 && !allowSkipped {
				msg := fmt.Sprintf("%s skipped, so the summary leaves them out; --allow-skipped accepts that", plural(sum.Skipped, "case"))
				switch {
				case out != nil || recs != nil || sampleOut != nil:
					msg += " (and writes " + written(out, recs, sampleOut, " and ") + ")"
				}
				return fail(exitUnreadable, "%s", msg)
			}
			if sampleOut != nil {
				// Written as the other JSON outputs are: the characters a
				// terminal or an editor acts on as \u escapes.
				if err := sum.Labelled.WriteSamples(term.Writer(sampleOut), lf.sampleFormat()); err != nil {
					return fail(exitUnreadable, "--sample-out: %v", err)
				}
			}
			if err := backtest.CommitAll(out, recs, sampleOut); err != nil {
				return fail(exitUnreadable, "%v", err)
			}
			return nil
		},
	}
	fs := cmd.Flags()
	fs.StringArrayVarP(&autos, "automation", "a", nil, "automation definition `file` (required; repeat for more; - for standard input)")
	fs.StringArrayVar(&baselines, "baseline", nil, "an older version of the automations (a `file`; repeat for more): list the cases decided differently")
	fs.StringVar(&outFile, "out", "", "write one NDJSON result per case and automation to this `file` (not an input, nor inside an input folder;\n- for standard output, the summary then going to standard error)")
	fs.BoolVar(&trace, "trace", false, "include traces in --out")
	fs.StringVar(&recordsFile, "records", "", "write one decision record per case and automation to this `file`, one per line\n(the rules of --out; - for standard output)")
	masks.add(fs)
	fs.StringVarP(&eventFile, "event", "e", "", "event JSON `file` every case is evaluated with")
	fs.StringVar(&status, "status", "", "shorthand for a case_status_updated event to this `status`")
	fs.IntVar(&workers, "workers", 0, fmt.Sprintf("cases evaluated at once, at most %d (default: the number of CPUs)", backtest.MaxWorkers))
	fs.IntVar(&maxList, "list", 20, "how many skipped and changed cases to list, and with --labels how many cases of each list")
	fs.BoolVar(&allowSkipped, "allow-skipped", false, "exit 0 even when cases were skipped (and write --out)")
	fs.IntVar(&maxCase, "max-case-bytes", backtest.DefaultMaxCaseBytes, "the largest case file or NDJSON line read, and the size limit of a case when it is decoded;\na longer one is skipped")
	fs.Var(format, "format", "summary format: text, or json (schema/backtest-output.schema.json)")
	lf.add(fs)
	sh.addNow(fs)
	sh.addStatuses(fs)
	sh.addContextFields(fs)
	sh.addCaseSchema(fs)
	return cmd
}

// checkOut refuses an output (--out, --records, --sample-out) that names
// any input of the run (a usage error), before anything is read or written.
func (c *cli) checkOut(flag, out string, inputs []string) error {
	var conflict *backtest.OutputConflictError
	err := backtest.CheckOutput(out, inputs...)
	switch {
	case errors.As(err, &conflict):
		return fail(exitUsage, "%s names an input: %s", flag, err)
	case err != nil:
		return fail(exitUnreadable, "%v", err)
	}
	return nil
}

// written names the output files a run has open: "--out", "--out and
// --records"...
func written(out, recs, samples *backtest.Output, and string) string {
	var names []string
	for _, o := range []struct {
		o    *backtest.Output
		flag string
	}{{out, "--out"}, {recs, "--records"}, {samples, "--sample-out"}} {
		if o.o != nil {
			names = append(names, o.flag)
		}
	}
	if len(names) <= 1 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + and + names[len(names)-1]
}

// createOutput opens an output of the run for writing, through a
// temporary file renamed over it on success.
func createOutput(flag, what, name string) (*backtest.Output, error) {
	out, err := backtest.CreateOutput(name)
	switch {
	case errors.Is(err, backtest.ErrNotRegular):
		return nil, fail(exitUsage, "%v; %s - writes %s to standard output", err, flag, what)
	case err != nil:
		return nil, fail(exitUnreadable, "%v", err)
	}
	return out, nil
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
	if r.Event == nil {
		fmt.Fprintf(w, "event: none (conditions-only dry run: fired means the conditions held)\n")
	} else {
		ev, _ := json.Marshal(r.Event)
		fmt.Fprintf(w, "event: %s\n", term.Safe(string(ev)))
	}
	rate := float64(r.Cases+r.Skipped) / r.ElapsedSeconds
	fmt.Fprintf(w, "cases:      %d evaluated, %d skipped (%s, %.0f cases/s)\n", r.Cases, r.Skipped,
		time.Duration(r.ElapsedSeconds*float64(time.Second)).Round(time.Millisecond), rate)
	fmt.Fprintf(w, "triggered:  %d\n", r.Triggered)
	fmt.Fprintf(w, "fired:      %d\n", r.Fired)
	fmt.Fprintf(w, "conflicts:  %d (cases where fired automations set one field to different values)\n", r.Conflicts)
	if r.WithoutStatus > 0 {
		fmt.Fprintf(w, "without a status member: %s (case status triggers and set_case_status read it)\n", plural(r.WithoutStatus, "case"))
	}
	if n := r.IgnoredFiles; n == 1 {
		fmt.Fprintf(w, "ignored: 1 file that is neither .json, .ndjson nor .jsonl\n")
	} else if n > 1 {
		fmt.Fprintf(w, "ignored: %d files that are neither .json, .ndjson nor .jsonl\n", n)
	}
	if len(r.Automations) > 1 {
		fmt.Fprintf(w, "\nper automation:              triggered    matched      fired")
		if r.CaseAutomations != nil {
			fmt.Fprintf(w, "    not run")
		}
		fmt.Fprintln(w)
		for _, a := range r.Automations {
			fmt.Fprintf(w, "  %-26s %10d %10d %10d", term.Safe(a.Name), a.Triggered, a.Matched, a.Fired)
			if r.CaseAutomations != nil {
				fmt.Fprintf(w, " %10d", a.NotRun)
			}
			fmt.Fprintln(w)
		}
	}
	fmt.Fprintf(w, "\ndecided by (the condition that settled the outcome; /conditions: all held):\n")
	for _, a := range r.Automations {
		fmt.Fprintf(w, "  %s\n", quote(a.Name))
		for _, d := range a.DecidedBy {
			fmt.Fprintf(w, "    %-34s %d\n", term.Safe(d.Pointer), d.Cases)
		}
		if a.NotRun > 0 {
			fmt.Fprintf(w, "    %-34s %d\n", "not run (not named by the case)", a.NotRun)
		}
	}
	fmt.Fprintf(w, "\nfingerprints (the version of each automation's logic):\n")
	for _, a := range r.Automations {
		fmt.Fprintf(w, "  %s %s\n", quote(a.Name), term.Safe(a.Fingerprint))
	}
	var warned bool
	for _, a := range r.Automations {
		for _, x := range a.Warnings {
			if !warned {
				fmt.Fprintf(w, "\nwarnings of the automations (verdict validate shows them in the file):\n")
				warned = true
			}
			fmt.Fprintf(w, "  %s: %s: %s\n", quote(a.Name), term.Safe(x.Pointer), term.Safe(x.Msg))
		}
	}
	if len(r.Actions) > 0 {
		fmt.Fprintf(w, "\nactions:\n")
		ran := map[string]int{}
		for k, v := range r.Actions {
			ran[k] = v.Ran
		}
		for _, k := range sortedCounts(ran) {
			fmt.Fprintf(w, "  %-26s %d", term.Safe(k), ran[k])
			if n := r.Actions[k].Noops; n > 0 {
				fmt.Fprintf(w, " (%d no-ops)", n)
			}
			fmt.Fprintln(w)
		}
	}
	if len(r.TargetStatuses)+len(r.TargetStatusNoops) > 0 {
		fmt.Fprintf(w, "\ntarget statuses (set_case_status, changes only):\n")
		all := map[string]int{}
		for k := range r.TargetStatusNoops {
			all[k] = 0
		}
		for k, v := range r.TargetStatuses {
			all[k] = v
		}
		for _, k := range sortedCounts(all) {
			fmt.Fprintf(w, "  %-26s %d", term.Safe(k), r.TargetStatuses[k])
			if n := r.TargetStatusNoops[k]; n > 0 {
				fmt.Fprintf(w, " (and %d already %s)", n, term.Safe(k))
			}
			fmt.Fprintln(w)
		}
	}
	if r.Skipped > 0 {
		fmt.Fprintf(w, "\nskipped cases:\n")
		for _, s := range r.SkippedCases {
			fmt.Fprintf(w, "  %s: %s\n", term.Safe(s.Case), term.Safe(s.Reason))
		}
		if r.SkippedNotListed > 0 {
			fmt.Fprintf(w, "  … and %d more, not listed (--list)\n", r.SkippedNotListed)
		}
	}
	if b := r.Baseline; b != nil {
		fmt.Fprintf(w, "\nbaseline:\n")
		for _, p := range b.Pairs {
			fmt.Fprintf(w, "  %s\n", term.Safe(backtest.Pair{Automation: p.Automation, Baseline: p.Baseline, By: p.By}.Describe()))
		}
		for _, u := range b.Unpaired {
			if u.Side == "baseline" {
				fmt.Fprintf(w, "  no partner among the automations for the baseline's %s: not compared\n", quote(u.Automation.Name))
			} else {
				fmt.Fprintf(w, "  no partner in the baseline for %s: not compared\n", quote(u.Automation.Name))
			}
		}
		for _, a := range b.Warnings {
			for _, x := range a.Warnings {
				fmt.Fprintf(w, "  warning of the baseline's %s: %s: %s\n", quote(a.Automation.Name), term.Safe(x.Pointer), term.Safe(x.Msg))
			}
		}
		fmt.Fprintf(w, "\ndecided differently from the baseline: %s", plural(b.Changed, "case"))
		if b.ChangedOutcomes > b.Changed {
			fmt.Fprintf(w, " (%d automation outcomes)", b.ChangedOutcomes)
		}
		fmt.Fprintln(w)
		for _, c := range b.Changes {
			fmt.Fprintf(w, "  %s (%s): %s  ⇒  %s\n", term.Safe(c.Case), term.Safe(c.Automation), term.Safe(c.Before), term.Safe(c.After))
		}
		if b.ChangesNotListed > 0 {
			fmt.Fprintf(w, "  … and %d more, not listed (--list)\n", b.ChangesNotListed)
		}
	}
	if r.CaseAutomations != nil {
		printCaseAutomations(w, r.CaseAutomations)
	}
	if r.Labels != nil {
		printLabels(w, r.Labels)
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

// quote writes a name quoted, as %q does, so every control character in
// it is escaped.
func quote(s string) string { return strconv.Quote(s) }

// countOf counts the elements of list equal to s.
func countOf(list []string, s string) int {
	n := 0
	for _, x := range list {
		if x == s {
			n++
		}
	}
	return n
}
