package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/verdict-rules/verdict/explain"
	"github.com/verdict-rules/verdict/internal/term"
	"github.com/verdict-rules/verdict/record"
	"github.com/verdict-rules/verdict/rules"
)

func (c *cli) runCmd() *cobra.Command {
	var (
		autos      []string
		caseFile   string
		eventFile  string
		status     string
		format     = newChoice("text", "text", "json")
		failUnless = newChoice("", "fired", "not-fired")
		sh         shared
		masks      maskFlags
		records    bool
		decisionID string
	)
	cmd := &cobra.Command{
		Use:   "run -a AUTOMATION -c CASE [-e EVENT | --status S] [flags]",
		Short: "dry-run automations against one case",
		Long: "Dry-runs automations against one case and shows what would fire and why:\n" +
			"text draws each condition tree with ✓/✗, the values each path yielded and\n" +
			"the reason, and, when the conditions do not hold, what change each failing\n" +
			"condition needs and whether it alone would make the automation fire; json\n" +
			"prints an array of results. AUTOMATION may hold one\n" +
			"automation, an array or an API list response; -a may be given more than\n" +
			"once, and every automation of every file is evaluated, in order. CASE\n" +
			"may be an API list response of one case, not a result of verdict. A case\n" +
			"that cannot be evaluated (a path over its limit, a failing expression)\n" +
			"exits 3. Without -e or --status the run\n" +
			"is conditions-only (no event); an event that looks like a mistake (a\n" +
			"type or status close to a known one, a misspelt member) is a usage error.\n\n" +
			"--fail-unless fired exits 1 unless every automation fired; --fail-unless\n" +
			"not-fired exits 1 if any fired.\n\n" +
			"--record prints a decision record (schema/decision-record.schema.json) per\n" +
			"automation, one per line, instead. --mask PATH writes the values a JSONPath\n" +
			"yields on the case as hmac-sha256 tokens keyed by --mask-key-file, in every\n" +
			"output but the changeset.",
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, args []string) error {
			switch {
			case len(autos) == 0 || caseFile == "":
				return fail(exitUsage, "-a and -c are required")
			case eventFile != "" && status != "":
				return fail(exitUsage, "give -e or --status, not both")
			case records && cmd.Flags().Changed("format"):
				return fail(exitUsage, "give --record or --format, not both: --record prints decision records")
			case decisionID != "" && !records:
				return fail(exitUsage, "--decision-id names the decision of --record")
			}
			m, err := masks.mask(c)
			if err != nil {
				return err
			}
			if err := statusGiven(cmd, status); err != nil {
				return err
			}
			opts, err := sh.options(c)
			if err != nil {
				return err
			}
			// A dry run says what would change a refused outcome.
			opts = append(opts, rules.WithCounterfactuals())
			set, err := c.loadSet(autos, "-a", opts)
			if err != nil {
				return err
			}
			cs, err := c.loadCase(caseFile, "-c", "run")
			if err != nil {
				return err
			}
			c.caseWarnings("run", caseFile, set, cs)
			ev, err := c.event(set, eventFile, status)
			if err != nil {
				return err
			}
			evalOpts := []rules.EvalOption{rules.WithTrace()}
			if m != nil {
				evalOpts = append(evalOpts, rules.WithMask(m))
			}
			var recs []record.Record
			var results []rules.Result
			if records {
				recs, results, err = record.Evaluate(context.Background(), set, cs, ev, record.Options{DecisionID: decisionID, Mask: m})
			} else {
				results, err = set.Evaluate(context.Background(), cs, ev, evalOpts...)
			}
			if err != nil {
				// The case could not be evaluated (a path over its limit,
				// an expression that fails): unreadable input, as the
				// backtest skips such a case.
				return fail(exitUnreadable, "%s: %s", caseFile, err)
			}
			switch {
			case records:
				for _, r := range recs {
					line, err := json.Marshal(r)
					if err != nil {
						return fail(exitFailed, "%v", err)
					}
					if _, err := c.stdout.Write(append(term.JSON(line), '\n')); err != nil {
						return fail(exitFailed, "%v", err)
					}
				}
			case format.v == "json":
				if err := writeJSON(c.stdout, results); err != nil {
					return fail(exitFailed, "%v", err)
				}
			default:
				color := term.UseColor(c.stdout)
				for i, r := range results {
					if i > 0 {
						fmt.Fprintln(c.stdout)
					}
					if err := explain.Write(c.stdout, r, explain.Options{Color: color}); err != nil {
						return fail(exitFailed, "%v", err)
					}
				}
			}
			return checkFired(failUnless.v, results)
		},
	}
	fs := cmd.Flags()
	fs.StringArrayVarP(&autos, "automation", "a", nil, "automation definition `file` (required; repeat for more; - for standard input)")
	fs.StringVarP(&caseFile, "case", "c", "", "case JSON `file` (required; - for standard input)")
	fs.StringVarP(&eventFile, "event", "e", "", "event JSON `file`, e.g. {\"type\":\"case_status_updated\",\"status\":\"READY_FOR_REVIEW\"}")
	fs.StringVar(&status, "status", "", "shorthand for a case_status_updated event to this `status`")
	fs.Var(format, "format", "output format: text, or json (an array of results)")
	fs.Var(failUnless, "fail-unless", "exit 1 unless every automation fired (fired) or none did (not-fired)")
	fs.BoolVar(&records, "record", false, "print a decision record per automation, one per line (schema/decision-record.schema.json)")
	fs.StringVar(&decisionID, "decision-id", "", "the `id` of the decision in --record (default: 128 random bits in hex)")
	masks.add(fs)
	sh.addNow(fs)
	sh.addStatuses(fs)
	sh.addContextFields(fs)
	sh.addCaseSchema(fs)
	return cmd
}

// checkFired applies --fail-unless to the results.
func checkFired(want string, results []rules.Result) error {
	for _, r := range results {
		switch {
		case want == "fired" && !r.Fired:
			return fail(exitFailed, "--fail-unless fired: automation %s did not fire", term.Safe(fmt.Sprintf("%q", r.Automation.Name)))
		case want == "not-fired" && r.Fired:
			return fail(exitFailed, "--fail-unless not-fired: automation %s fired", term.Safe(fmt.Sprintf("%q", r.Automation.Name)))
		}
	}
	return nil
}
