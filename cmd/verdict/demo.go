package main

import (
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/verdict-rules/verdict/cases"
	"github.com/verdict-rules/verdict/explain"
	"github.com/verdict-rules/verdict/internal/term"
	"github.com/verdict-rules/verdict/rules"
)

// The demo's data: the docs' automation as written and corrected, and cases
// for the docs' four test companies (copies of testdata, kept equal by a
// test).
//
//go:embed demo/*.json
var demoFiles embed.FS

var demoCompanies = []struct{ file, name string }{
	{"ragnarok-as.json", "Ragnarok AS (good standing)"},
	{"floki-shipbuilders.json", "Floki Shipbuilders (good standing, sole proprietorship)"},
	{"ecbert-holdings.json", "Ecbert Holdings AS (bankrupt, sanctioned)"},
	{"rollo-the-warrior.json", "ROLLO THE WARRIOR (inactive, sanctioned)"},
}

func (c *cli) demoCmd() *cobra.Command {
	var corrected bool
	format := newChoice("text", "text", "json")
	now := nowFlag{t: time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC), set: true}
	cmd := &cobra.Command{
		Use:   "demo [flags]",
		Short: "run the docs' \"Auto approve\" automation on the docs' test companies",
		Long: "Runs the \"Auto approve\" automation of the Quickr automation guide on\n" +
			"cases for the guide's four test companies, as a case service would when\n" +
			"each case becomes READY_FOR_REVIEW, and explains every decision. The\n" +
			"automation is run as the guide writes it, then corrected. Everything it\n" +
			"reads is built into the binary.",
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, args []string) error {
			return c.demo(format.v, corrected, now)
		},
	}
	fs := cmd.Flags()
	fs.Var(format, "format", "output format: text or json")
	fs.BoolVar(&corrected, "corrected", false, "also print the explained trees of the corrected automation")
	fs.Var(&now, "now", "the time to evaluate at, fixed so that the output is reproducible")
	return cmd
}

func (c *cli) demo(format string, corrected bool, now nowFlag) error {
	stdout := c.stdout
	load := func(name string) *rules.Program {
		data, err := demoFiles.ReadFile("demo/" + name)
		if err != nil {
			panic(err)
		}
		defs, err := rules.Parse(data)
		if err != nil {
			panic(err)
		}
		return rules.MustCompile(defs[0], now.options()...)
	}
	asWritten, fixed := load("auto-approve-docs.json"), load("auto-approve.json")
	ev := &rules.Event{Type: "case_status_updated", Status: "READY_FOR_REVIEW", PreviousStatus: "PROCESSING_DETAILS"}
	type row struct {
		name              string
		written, repaired rules.Result
	}
	var rows []row
	for _, co := range demoCompanies {
		data, err := demoFiles.ReadFile("demo/" + co.file)
		if err != nil {
			panic(err)
		}
		c, err := cases.Parse(data)
		if err != nil {
			return fail(exitFailed, "%v", err)
		}
		r1, err := asWritten.Evaluate(context.Background(), c, ev, rules.WithTrace())
		if err != nil {
			return fail(exitFailed, "%v", err)
		}
		r2, err := fixed.Evaluate(context.Background(), c, ev, rules.WithTrace())
		if err != nil {
			return fail(exitFailed, "%v", err)
		}
		rows = append(rows, row{co.name, r1, r2})
	}
	if format == "json" {
		var all []rules.Result
		for _, r := range rows {
			all = append(all, r.written, r.repaired)
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(all); err != nil {
			return fail(exitFailed, "%v", err)
		}
		return nil
	}
	opt := explain.Options{Color: term.UseColor(stdout)}
	rule := "────────────────────────────────────────────────────────────────────────"
	fmt.Fprintf(stdout, "The Quickr guide's \"Auto approve\" automation, as written, on the guide's\n")
	fmt.Fprintf(stdout, "four test companies, each case changing to READY_FOR_REVIEW (now: %s).\n", now.t.Format(time.RFC3339))
	for _, r := range rows {
		fmt.Fprintf(stdout, "\n%s\n%s\n%s\n", rule, r.name, rule)
		if err := explain.Write(stdout, r.written, opt); err != nil {
			return fail(exitFailed, "%v", err)
		}
	}
	if corrected {
		fmt.Fprintf(stdout, "\nThe corrected automation:\n")
		for _, r := range rows {
			fmt.Fprintf(stdout, "\n%s\n%s\n%s\n", rule, r.name, rule)
			if err := explain.Write(stdout, r.repaired, opt); err != nil {
				return fail(exitFailed, "%v", err)
			}
		}
	}
	fmt.Fprintf(stdout, "\n%s\nSummary\n%s\n", rule, rule)
	fmt.Fprintf(stdout, "%-56s %-14s %s\n", "company", "as written", "corrected")
	for _, r := range rows {
		fmt.Fprintf(stdout, "%-56s %-14s %s\n", r.name, outcome(r.written), outcome(r.repaired))
	}
	fmt.Fprint(stdout, `
As written, the automation approves nobody: its sanction filter asks for
checks of type 'sanctions', while every case in the docs spells that check
'sanction', so both branches of its first condition yield nothing (missing
means false). Its credit-score group also tests data.length equal "0", the
opposite of its own comment. The corrected copy (testdata/automations/
auto-approve.json) fixes both and lets a company without UBOs pass; it
approves the two companies in good standing and neither the bankrupt nor
the inactive one.
`)
	if !corrected {
		fmt.Fprintln(stdout, "Run 'verdict demo --corrected' for its trees.")
	}
	return nil
}

func outcome(r rules.Result) string {
	switch {
	case r.Fired:
		return "approved"
	case !r.Matched:
		return "not approved"
	}
	return "not triggered"
}
