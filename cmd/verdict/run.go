package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/verdict-rules/verdict/rules"
)

func runRun(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("run", "-a AUTOMATION -c CASE [-e EVENT | --status S] [flags]",
		"Dry-runs automations against one case and shows what would fire and\n"+
			"why. AUTOMATION may hold one automation, an array or an API list\n"+
			"response; each is evaluated and reported in order. Without -e or\n"+
			"--status the run is conditions-only (no event).", stderr)
	auto := fs.String("a", "", "automation definition `file` (required)")
	caseFile := fs.String("c", "", "case JSON `file` (required; - for standard input)")
	eventFile := fs.String("e", "", "event JSON `file`, e.g. {\"type\":\"case_status_updated\",\"status\":\"READY_FOR_REVIEW\"}")
	status := fs.String("status", "", "shorthand for a case_status_updated event to this `status`")
	format := fs.String("format", "text", "output `format`: text or json (a JSON array of results)")
	var now nowFlag
	fs.Var(&now, "now", "the time to evaluate at (RFC 3339 or YYYY-MM-DD; default: the current time)")
	var statuses statusesFlag
	fs.Var(&statuses, "statuses", "case status vocabulary: quickr, dintero, or a comma-separated list")
	var fields contextFieldsFlag
	fs.Var(&fields, "context-fields", "JSON `file` of extra context fields, {\"name\": \"expr-lang expression\"}")
	caseSchema := fs.String("case-schema", "", "case `schema` the paths are checked against: quickr, dintero, none, or a JSON Schema file")
	if code := parseFlags(fs, args); code >= 0 {
		return code
	}
	switch {
	case *auto == "" || *caseFile == "":
		fmt.Fprintln(stderr, "verdict run: -a and -c are required")
		fs.Usage()
		return exitUsage
	case *eventFile != "" && *status != "":
		fmt.Fprintln(stderr, "verdict run: give -e or --status, not both")
		return exitUsage
	case *format != "text" && *format != "json":
		fmt.Fprintf(stderr, "verdict run: unknown format %q: expected text or json\n", *format)
		return exitUsage
	case fs.NArg() > 0:
		fmt.Fprintf(stderr, "verdict run: unexpected arguments %q\n", fs.Args())
		return exitUsage
	}
	opts, err := fields.options(stderr)
	if err != nil {
		return report(stderr, "run", err)
	}
	opts = append(opts, statuses.options()...)
	opts = append(opts, now.options()...)
	if *caseSchema != "" {
		opt, err := caseSchemaOption(*caseSchema)
		if err != nil {
			fmt.Fprintf(stderr, "verdict run: %v\n", err)
			return exitUsage
		}
		opts = append(opts, opt)
	}
	set, err := loadSet(*auto, stderr, opts)
	if err != nil {
		return report(stderr, "run", err)
	}
	c, err := loadCase(*caseFile, "run")
	if err != nil {
		return report(stderr, "run", err)
	}
	caseWarnings(stderr, "run", *caseFile, set, c)
	var ev *rules.Event
	switch {
	case *eventFile != "":
		if ev, err = loadEvent(*eventFile); err != nil {
			return report(stderr, "run", err)
		}
		err = checkEvent(set, ev, *eventFile)
	case *status != "":
		ev = &rules.Event{Type: "case_status_updated", Status: *status}
		err = checkEvent(set, ev, "--status")
	}
	if err != nil {
		return report(stderr, "run", err)
	}
	results, err := set.Evaluate(context.Background(), c, ev, rules.WithTrace())
	if err != nil {
		return report(stderr, "run", err)
	}
	if *format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(results); err != nil {
			return report(stderr, "run", err)
		}
		return exitOK
	}
	color := useColor(stdout)
	for i, r := range results {
		if i > 0 {
			fmt.Fprintln(stdout)
		}
		if err := rules.WriteExplain(stdout, r, rules.ExplainOptions{Color: color}); err != nil {
			return report(stderr, "run", err)
		}
	}
	return exitOK
}
