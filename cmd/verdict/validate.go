package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/verdict-rules/verdict/rules"
)

func runValidate(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("validate", "[flags] FILE...",
		"Checks automation definition files as compiling them does: JSON syntax,\n"+
			"the automation schema, condition, trigger and action types, case\n"+
			"statuses, JSONPaths, regular expressions and expressions. Each problem is\n"+
			"printed as 'file: /pointer: message' with an excerpt. A file may hold one\n"+
			"automation, an array of them or an API list response {\"data\": [...]}.\n\n"+
			"With --case the files are cases, checked against a case schema\n"+
			"(Quickr's case details by default, or --case-schema dintero or a file).\n\n"+
			"Exit status: 0 all valid, 1 a problem was found, 3 a file could not be read.", stderr)
	var statuses statusesFlag
	fs.Var(&statuses, "statuses", "case status vocabulary: quickr, dintero, or a comma-separated list")
	caseMode := fs.Bool("case", false, "the files are cases: validate them against the case schema")
	caseSchema := fs.String("case-schema", "", "case `schema` for --case and for the checks of paths: quickr, dintero, none, or a JSON Schema file (default: quickr, or dintero with --statuses dintero)")
	strict := fs.Bool("strict", false, "treat warnings as problems (exit 1)")
	if code := parseFlags(fs, args); code >= 0 {
		return code
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "verdict validate: no files given")
		fs.Usage()
		return exitUsage
	}
	if *caseMode {
		name := *caseSchema
		if name == "" {
			name = "quickr"
		}
		return validateCases(fs.Args(), name, *strict, stdout, stderr)
	}
	opts := statuses.options()
	if *caseSchema != "" {
		opt, err := caseSchemaOption(*caseSchema)
		if err != nil {
			fmt.Fprintf(stderr, "verdict validate: %v\n", err)
			return exitUsage
		}
		opts = append(opts, opt)
	}
	code := exitOK
	for _, name := range fs.Args() {
		data, err := os.ReadFile(name)
		if err != nil {
			fmt.Fprintf(stderr, "verdict validate: %v\n", err)
			code = exitUnreadable
			continue
		}
		defs, err := rules.Parse(data, opts...)
		var set *rules.Set
		if err == nil {
			set, err = rules.CompileSet(defs, opts...)
		}
		if err != nil {
			var list rules.ErrorList
			if !errors.As(err, &list) {
				fmt.Fprintf(stdout, "%s: %v\n", name, err)
			}
			for _, e := range list {
				fmt.Fprint(stdout, e.Render(name, data))
			}
			if code == exitOK {
				code = exitFailed
			}
			continue
		}
		warnings := 0
		for _, p := range set.Programs() {
			for _, w := range p.Warnings() {
				w.Pointer = p.DocumentPointer() + w.Pointer
				fmt.Fprint(stdout, w.Render(name, data))
				warnings++
			}
		}
		if warnings > 0 {
			fmt.Fprintf(stdout, "%s: valid (%s), %s\n", name, plural(len(defs), "automation"), plural(warnings, "warning"))
			if *strict && code == exitOK {
				code = exitFailed
			}
			continue
		}
		fmt.Fprintf(stdout, "%s: ok (%s)\n", name, plural(len(defs), "automation"))
	}
	return code
}

func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// validateCases checks case files against a case schema: each file holds
// one case or an API list response of cases.
func validateCases(files []string, schemaName string, strict bool, stdout, stderr io.Writer) int {
	v, err := rules.CaseSchema(schemaName)
	if err != nil {
		fmt.Fprintf(stderr, "verdict validate: %v\n", err)
		return exitUsage
	}
	code := exitOK
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			fmt.Fprintf(stderr, "verdict validate: %v\n", err)
			code = exitUnreadable
			continue
		}
		rep := rules.ValidateCases(data, v)
		for _, e := range rep.Errors {
			fmt.Fprint(stdout, e.Render(name, data))
		}
		for _, w := range rep.Warnings {
			fmt.Fprint(stdout, w.Render(name, data))
		}
		what := plural(rep.Cases, schemaName+" case")
		if rep.List {
			what = "an API list response of " + what
		}
		switch {
		case len(rep.Errors) > 0:
			if code == exitOK {
				code = exitFailed
			}
		case len(rep.Warnings) > 0:
			fmt.Fprintf(stdout, "%s: no errors (%s), %s\n", name, what, plural(len(rep.Warnings), "warning"))
			if strict && code == exitOK {
				code = exitFailed
			}
		case rep.Cases == 1 && !rep.List:
			fmt.Fprintf(stdout, "%s: ok (a valid %s case)\n", name, schemaName)
		default:
			fmt.Fprintf(stdout, "%s: ok (%s, all valid)\n", name, what)
		}
	}
	return code
}

// caseSchemaOption turns --case-schema into an option; "none" turns the
// checks of paths off.
func caseSchemaOption(name string) (rules.Option, error) {
	if name == "none" {
		return rules.WithCaseSchema(nil), nil
	}
	v, err := rules.CaseSchema(name)
	if err != nil {
		return nil, err
	}
	return rules.WithCaseSchema(v), nil
}
