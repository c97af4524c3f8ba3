package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/verdict-rules/verdict/internal/term"
	"github.com/verdict-rules/verdict/rules"
)

func (c *cli) validateCmd() *cobra.Command {
	var (
		caseMode bool
		strict   bool
		sh       shared
	)
	cmd := &cobra.Command{
		Use:   "validate [flags] FILE...",
		Short: "check automation definitions (and cases) for errors",
		Long: "Checks automation definition files as compiling them does: JSON syntax,\n" +
			"the automation schema, condition, trigger and action types, case\n" +
			"statuses, JSONPaths, regular expressions and expressions. Each problem is\n" +
			"printed as 'file: /pointer: message' with an excerpt. A file may hold one\n" +
			"automation, an array of them or an API list response {\"data\": [...]}.\n" +
			"The static checks' warnings follow; --strict makes them problems.\n\n" +
			"With --case the files are cases, checked against a case schema: Quickr's\n" +
			"case details by default, Dintero's cdd_case_update with --statuses dintero,\n" +
			"or --case-schema; with --case-schema none only that each is a JSON object.\n\n" +
			"Exit status: 0 all valid, 1 a problem was found (or a warning, with\n" +
			"--strict), 2 usage, 3 a file could not be read.",
		Args: minArgs(1, "no files given"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if caseMode {
				return c.validateCases(args, sh.schemaName())
			}
			opts, err := sh.options(c)
			if err != nil {
				return err
			}
			return c.validateDefinitions(args, opts, strict)
		},
	}
	fs := cmd.Flags()
	fs.BoolVar(&caseMode, "case", false, "the files are cases: validate them against the case schema")
	fs.BoolVar(&strict, "strict", false, "treat warnings as problems (exit 1)")
	sh.addStatuses(fs)
	sh.addCaseSchema(fs)
	return cmd
}

func (c *cli) validateDefinitions(files []string, opts []rules.Option, strict bool) error {
	code := exitOK
	worse := func(k int) {
		if code == exitOK || k == exitUnreadable {
			code = k
		}
	}
	for _, name := range files {
		data, err := c.read(name, "validate")
		if err != nil {
			if ee, ok := err.(*exitError); ok && ee.code == exitUsage {
				return err
			}
			fmt.Fprintf(c.stderr, "verdict validate: %v\n", err)
			worse(exitUnreadable)
			continue
		}
		defs, err := rules.Parse(data, opts...)
		var set *rules.Set
		if err == nil {
			set, err = rules.CompileSet(defs, opts...)
		}
		if err != nil {
			renderErrors(c.stdout, name, data, err)
			worse(exitFailed)
			continue
		}
		warnings := 0
		for _, p := range set.Programs() {
			for _, w := range p.Warnings() {
				fmt.Fprint(c.stdout, w.Render(name, data))
				warnings++
			}
		}
		if warnings > 0 {
			fmt.Fprintf(c.stdout, "%s: valid (%s), %s\n", term.Safe(name), plural(len(defs), "automation"), plural(warnings, "warning"))
			if strict {
				worse(exitFailed)
			}
			continue
		}
		fmt.Fprintf(c.stdout, "%s: ok (%s)\n", term.Safe(name), plural(len(defs), "automation"))
	}
	if code != exitOK {
		return &exitError{code: code}
	}
	return nil
}

// validateCases checks case files against a case schema, or with "none"
// only that each is a JSON object.
func (c *cli) validateCases(files []string, schemaName string) error {
	var check func(data []byte) rules.ErrorList
	if schemaName == "none" {
		check = func(data []byte) rules.ErrorList {
			_, err := rules.ParseCase(data)
			var ce *rules.CaseError
			switch {
			case err == nil:
				return nil
			case errors.As(err, &ce) && ce.Line > 0:
				return rules.ErrorList{{Offset: -1, Code: "json_syntax", Msg: ce.Msg, Line: ce.Line, Column: ce.Column}}
			}
			return rules.ErrorList{{Offset: -1, Code: "case", Msg: err.Error()}}
		}
	} else {
		v, err := c.caseSchema(schemaName)
		if err != nil {
			return err
		}
		check = func(data []byte) rules.ErrorList { return rules.ValidateCase(data, v) }
	}
	code := exitOK
	for _, name := range files {
		data, err := c.read(name, "validate")
		if err != nil {
			if ee, ok := err.(*exitError); ok && ee.code == exitUsage {
				return err
			}
			fmt.Fprintf(c.stderr, "verdict validate: %v\n", err)
			code = exitUnreadable
			continue
		}
		errs := check(data)
		if len(errs) == 0 {
			what := "a JSON object"
			if schemaName != "none" {
				what = "a valid " + schemaName + " case"
			}
			fmt.Fprintf(c.stdout, "%s: ok (%s)\n", term.Safe(name), term.Safe(what))
			continue
		}
		for _, e := range errs {
			fmt.Fprint(c.stdout, e.Render(name, data))
		}
		if code == exitOK {
			code = exitFailed
		}
	}
	if code != exitOK {
		return &exitError{code: code}
	}
	return nil
}
