package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/verdict-rules/verdict/backtest"
	"github.com/verdict-rules/verdict/internal/term"
	"github.com/verdict-rules/verdict/labels"
	"github.com/verdict-rules/verdict/rules"
)

// labelFlags are backtest's flags of labelled backtests and of the case's
// own automation list.
type labelFlags struct {
	spec      string // --labels: a file, or a JSONPath starting with $
	agree     []string
	caseID    string
	sample    int
	seed      uint64
	sampleOut string
	caseAutos bool
}

func (l *labelFlags) add(fs *pflag.FlagSet) {
	fs.StringVar(&l.spec, "labels", "", "compare outcomes with people's decisions: a CSV or NDJSON `file` of case_id,label (- for standard input),\nor a JSONPath starting with $ that yields each case's label ($.status)")
	fs.StringArrayVar(&l.agree, "agree", nil, "which labels agree with which automation: 'Auto approve=ACTIVE,APPROVED; *=ACTIVE', or the same as a JSON `spec`\n(default: the statuses each automation's set_case_status sets; repeat for more)")
	fs.StringVar(&l.caseID, "case-id", backtest.DefaultCaseID, "the JSONPath of a case's id, the key into the --labels file")
	fs.IntVar(&l.sample, "sample", 0, "with --labels, draw up to `N` cases of each cell of each automation's matrix for review, into --sample-out")
	fs.Uint64Var(&l.seed, "seed", 0, "the seed of --sample (default 0): the same seed and cases draw the same sample")
	fs.StringVar(&l.sampleOut, "sample-out", "", "write the --sample cases to this `file` (.csv, else NDJSON; not an input)")
	fs.BoolVar(&l.caseAutos, "case-automations", false, "run on each case only the automations its automations list names (off: every automation runs on every case)")
}

// check refuses flags that need others, before anything is read.
func (l *labelFlags) check(cmd *cobra.Command) error {
	changed := cmd.Flags().Changed
	switch {
	case l.spec == "" && len(l.agree) > 0:
		return fail(exitUsage, "--agree needs --labels")
	case l.spec == "" && changed("case-id"):
		return fail(exitUsage, "--case-id needs --labels FILE")
	case l.spec == "" && l.sample != 0:
		return fail(exitUsage, "--sample needs --labels")
	case l.sample < 0:
		return fail(exitUsage, "--sample must be positive, not %d", l.sample)
	case l.sample > 0 && l.sampleOut == "":
		return fail(exitUsage, "--sample needs --sample-out FILE, the file the sample is written to")
	case l.sampleOut != "" && l.sample == 0:
		return fail(exitUsage, "--sample-out needs --sample N")
	case changed("seed") && l.sample == 0:
		return fail(exitUsage, "--seed needs --sample N")
	case l.sampleOut == "-":
		return fail(exitUsage, "--sample-out -: standard output has the summary; give a file")
	}
	if l.sampleOut != "" {
		switch strings.ToLower(filepath.Ext(l.sampleOut)) {
		case ".csv", ".ndjson", ".jsonl", ".json":
		default:
			return fail(exitUsage, "--sample-out %s: name a .csv, .ndjson or .jsonl file", term.Safe(l.sampleOut))
		}
	}
	return nil
}

// file returns the label file --labels names, or "".
func (l *labelFlags) file() string {
	if l.spec == "" || strings.HasPrefix(l.spec, "$") {
		return ""
	}
	return l.spec
}

func (l *labelFlags) sampleFormat() labels.Format {
	if strings.EqualFold(filepath.Ext(l.sampleOut), ".csv") {
		return labels.CSV
	}
	return labels.NDJSON
}

// labelling reads the label file and checks the labelling against the set:
// a spec that is neither a file nor a path, a path that does not compile,
// an agreement that names no automation or an agreeing label no case of
// the file has are usage errors; a malformed label file is unreadable
// input.
func (c *cli) labelling(l *labelFlags, set *rules.Set, list int, caseInputs []string) (*backtest.Labelling, error) {
	if l.spec == "" {
		return nil, nil
	}
	// --list as the summary reads it: 0 lists none, a negative number all.
	switch {
	case list == 0:
		list = -1
	case list < 0:
		list = math.MaxInt
	}
	lab := &backtest.Labelling{CaseID: l.caseID, List: list, Sample: l.sample, Seed: l.seed}
	if name := l.file(); name == "" {
		lab.Path = l.spec
	} else {
		if name != "-" {
			if _, err := os.Stat(name); errors.Is(err, os.ErrNotExist) {
				return nil, fail(exitUsage, "--labels %s: no such file (give a CSV or NDJSON file of case_id,label, or a JSONPath starting with $)", term.Safe(name))
			}
			// A label file among the cases would be read as cases too.
			var among *backtest.OutputConflictError
			if errors.As(backtest.CheckOutput(name, caseInputs...), &among) {
				return nil, fail(exitUsage, "--labels %s is among the cases (%s is, or holds, it): it would be read as cases too; move it out of the case folders",
					term.Safe(name), term.Safe(among.Input))
			}
		}
		data, err := c.read(name, "--labels")
		if err != nil {
			return nil, err
		}
		shown := name
		if name == "-" {
			shown = "standard input"
		}
		if lab.File, err = labels.Read(bytes.NewReader(data), shown, labels.Options{}); err != nil {
			return nil, fail(exitUnreadable, "--labels: %s", term.Safe(err.Error()))
		}
		lab.FileName = shown
	}
	if len(l.agree) > 0 {
		a, err := labels.ParseAgreement(l.agree...)
		if err != nil {
			return nil, fail(exitUsage, "--agree: %s", term.Safe(err.Error()))
		}
		lab.Agreement = a
	}
	if err := lab.Check(set); err != nil {
		var se *backtest.LabelSpecError
		if errors.As(err, &se) {
			flag := map[string]string{"labels": "--labels", "case id": "--case-id", "agree": "--agree"}[se.Spec]
			return nil, fail(exitUsage, "%s: %s", flag, term.Safe(se.Err.Error()))
		}
		return nil, fail(exitUsage, "%s", term.Safe(err.Error()))
	}
	return lab, nil
}

func printCaseAutomations(w io.Writer, ca *backtest.CaseAutomationsReport) {
	fmt.Fprintf(w, "\ncase automations (each case ran only the automations its automations list names):\n")
	for _, a := range ca.Automations {
		fmt.Fprintf(w, "  %-40s named by %s\n", automationName(a.Name, a.ID), plural(a.Cases, "case"))
	}
	for _, a := range ca.NamedByNoCase {
		fmt.Fprintf(w, "  named by no case, so it ran on none: %s\n", automationName(a.Name, a.ID))
	}
	if ca.WithoutList > 0 {
		fmt.Fprintf(w, "  without an automations list, so running none: %s\n", plural(ca.WithoutList, "case"))
	}
	if len(ca.Unknown) > 0 {
		fmt.Fprintf(w, "  ids the cases name that no automation here has:\n")
		for _, u := range ca.Unknown {
			fmt.Fprintf(w, "    %-38s named by %s\n", quote(u.ID), plural(u.Cases, "case"))
		}
		if ca.UnknownNotListed > 0 {
			fmt.Fprintf(w, "    … and %s naming other ids, not listed (--list)\n", plural(ca.UnknownNotListed, "case"))
		}
	}
}

// automationName writes an automation's name and id, quoted.
func automationName(name, id string) string {
	if id == "" {
		return quote(name)
	}
	return quote(name) + " (" + term.Safe(id) + ")"
}

func printLabels(w io.Writer, l *backtest.LabelReport) {
	if l.File != "" {
		fmt.Fprintf(w, "\nlabels: the file %s, by the case id at %s\n", term.Safe(l.File), term.Safe(l.CaseID))
	} else {
		fmt.Fprintf(w, "\nlabels: %s of each case\n", term.Safe(l.Path))
	}
	u := l.Unlabelled
	fmt.Fprintf(w, "  cases:    %d compared, %d labelled, %d without a label", l.Cases, l.Labelled, u.Total())
	var why []string
	for _, r := range []struct {
		n    int
		what string
	}{{u.NotInFile, "not in the label file"}, {u.NoID, "without a case id"}, {u.NoValue, "the path yields nothing"},
		{u.Several, "the path yields several values"}, {u.NotString, "the path yields no string"}} {
		if r.n > 0 {
			why = append(why, fmt.Sprintf("%d %s", r.n, r.what))
		}
	}
	if len(why) > 0 {
		fmt.Fprintf(w, " (%s)", strings.Join(why, ", "))
	}
	fmt.Fprintln(w)
	if len(l.Labels) > 0 {
		var parts []string
		for _, k := range sortedCounts(l.Labels) {
			parts = append(parts, fmt.Sprintf("%s %d", term.Safe(k), l.Labels[k]))
		}
		fmt.Fprintf(w, "  labels:   %s", strings.Join(parts, ", "))
		if l.LabelsNotListed > 0 {
			fmt.Fprintf(w, ", and %s with other labels", plural(l.LabelsNotListed, "case"))
		}
		fmt.Fprintln(w)
	}
	printListing(w, "without a label", l.UnlabelledCases)
	if l.NotInCorpus > 0 {
		fmt.Fprintf(w, "  labelled in the file, but no case of the run: %s\n", plural(l.NotInCorpus, "case"))
		for _, id := range l.NotInCorpusCases {
			fmt.Fprintf(w, "    %s\n", term.Safe(id))
		}
		if n := l.NotInCorpus - len(l.NotInCorpusCases); n > 0 {
			fmt.Fprintf(w, "    … and %d more, not listed (--list)\n", n)
		}
	}
	printListing(w, "with an id an earlier case had too (counted again)", l.Repeated)
	for _, x := range l.Warnings {
		fmt.Fprintf(w, "  warning: %s\n", term.Safe(x))
	}
	for _, a := range l.Automations {
		name := automationName(a.Name, a.ID)
		if a.Matrix == nil {
			fmt.Fprintf(w, "\n%s: not compared: %s\n", name, term.Safe(a.NotCompared))
			continue
		}
		m, c := a.Matrix, a.Matrix.Counts
		agree := make([]string, len(m.Agree))
		for i, s := range m.Agree {
			agree[i] = term.Safe(s)
		}
		fmt.Fprintf(w, "\n%s, agreeing labels: %s\n", name, strings.Join(agree, ", "))
		fmt.Fprintf(w, "  %-12s %12s %12s %12s\n", "", "agreeing", "other label", "no label")
		fmt.Fprintf(w, "  %-12s %12d %12d %12d\n", "fired", c.FiredAgreeing, c.FiredOther, c.FiredUnlabelled)
		fmt.Fprintf(w, "  %-12s %12d %12d %12d\n", "not fired", c.NotFiredAgreeing, c.NotFiredOther, c.NotFiredUnlabelled)
		fmt.Fprintf(w, "  precision  %-26s  of the labelled cases it fired on, those whose label agrees\n", m.Precision())
		fmt.Fprintf(w, "  recall     %-26s  of the cases with an agreeing label, those it fired on\n", m.Recall())
		printListing(w, "fired, another label (false positives)", m.FiredOther)
		printListing(w, "agreeing label, not fired (false negatives)", m.NotFiredAgreeing)
		if b := a.Baseline; b != nil {
			bm, bc := b.Matrix, b.Matrix.Counts
			fmt.Fprintf(w, "  against the baseline's %s, same labels (baseline → this run):\n", automationName(b.Automation.Name, b.Automation.ID))
			fmt.Fprintf(w, "    precision  %s → %s\n", bm.Precision(), m.Precision())
			fmt.Fprintf(w, "    recall     %s → %s\n", bm.Recall(), m.Recall())
			fmt.Fprintf(w, "    fired, another label: %d → %d; agreeing label, not fired: %d → %d\n", bc.FiredOther, c.FiredOther, bc.NotFiredAgreeing, c.NotFiredAgreeing)
		}
	}
	if l.Sample != nil {
		n := 0
		for _, a := range l.Automations {
			for _, s := range a.Samples {
				n += len(s)
			}
		}
		fmt.Fprintf(w, "\nsample for review: %s (up to %d per cell of each automation, seed %d) written to --sample-out\n", plural(n, "case"), l.Sample.Size, l.Sample.Seed)
	}
}

// printListing writes a list of cases under a title, with how many more
// there are.
func printListing(w io.Writer, title string, l labels.Listing) {
	total := len(l.Cases) + l.NotListed
	if total == 0 {
		return
	}
	fmt.Fprintf(w, "  %s: %s\n", title, plural(total, "case"))
	for _, id := range l.Cases {
		fmt.Fprintf(w, "    %s\n", term.Safe(id))
	}
	switch {
	case len(l.Cases) == 0:
		fmt.Fprintf(w, "    not listed (--list)\n")
	case l.NotListed > 0:
		fmt.Fprintf(w, "    … and %d more, not listed (--list)\n", l.NotListed)
	}
}
