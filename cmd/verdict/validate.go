package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/verdict-rules/verdict/cases"
	"github.com/verdict-rules/verdict/diag"
	"github.com/verdict-rules/verdict/internal/term"
	"github.com/verdict-rules/verdict/rules"
	"github.com/verdict-rules/verdict/schema"
)

func (c *cli) validateCmd() *cobra.Command {
	var (
		caseMode bool
		strict   bool
		format   = newChoice("text", "text", "json")
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
			"The static checks' warnings follow; --strict makes them problems.\n" +
			"--context-fields adds computed context fields, as run, test and backtest\n" +
			"take them, so paths and expressions that read them validate.\n\n" +
			"With --case the files are cases, checked against a case schema: Quickr's\n" +
			"case details by default, Dintero's cdd_case_update with --statuses dintero,\n" +
			"or --case-schema; with --case-schema none only that each is a JSON object.\n" +
			"A file may hold one case or an API list response of cases.\n\n" +
			"Exit status: 0 all valid, 1 a problem was found (or a warning, with\n" +
			"--strict), 2 usage, 3 a file could not be read.",
		Args: minArgs(1, "no files given"),
		RunE: func(cmd *cobra.Command, args []string) error {
			var files []validated
			if caseMode {
				name := sh.schemaName()
				var v *schema.Validator
				if name != "none" {
					var err error
					if v, err = c.caseSchema(name); err != nil {
						return err
					}
				}
				for _, f := range args {
					vf, err := c.validateCaseFile(f, name, func(data []byte) cases.Report { return cases.Validate(data, v) })
					if err != nil {
						return err
					}
					files = append(files, vf)
				}
			} else {
				opts, err := sh.options(c)
				if err != nil {
					return err
				}
				for _, f := range args {
					vf, err := c.validateDefinitionFile(f, opts)
					if err != nil {
						return err
					}
					files = append(files, vf)
				}
			}
			out := validateOutput{Files: []validated{}, Strict: strict, Valid: true}
			code := exitOK
			for _, f := range files {
				out.Files = append(out.Files, f)
				out.Errors += len(f.Errors)
				out.Warnings += len(f.Warnings)
				switch {
				case f.Unreadable != "":
					code = exitUnreadable
					out.Valid = false
				case len(f.Errors) > 0 || (strict && len(f.Warnings) > 0):
					if code == exitOK {
						code = exitFailed
					}
					out.Valid = false
				}
			}
			if format.v == "json" {
				if err := writeJSON(c.stdout, out); err != nil {
					return fail(exitFailed, "%v", err)
				}
			} else {
				for _, f := range files {
					f.print(c.stdout, c.stderr, strict)
				}
			}
			if code != exitOK {
				return &exitError{code: code}
			}
			return nil
		},
	}
	fs := cmd.Flags()
	fs.BoolVar(&caseMode, "case", false, "the files are cases: validate them against the case schema")
	fs.BoolVar(&strict, "strict", false, "treat warnings as problems (exit 1)")
	fs.Var(format, "format", "output format: text, or json (schema/validate-output.schema.json)")
	sh.addStatuses(fs)
	sh.addCaseSchema(fs)
	sh.addContextFields(fs)
	return cmd
}

// validateOutput is what validate --format json prints
// (schema/validate-output.schema.json).
type validateOutput struct {
	Files    []validated `json:"files"`
	Valid    bool        `json:"valid"`
	Errors   int         `json:"errors"`
	Warnings int         `json:"warnings"`
	Strict   bool        `json:"strict"`
}

// validated is one file checked.
type validated struct {
	File       string    `json:"file"`
	Kind       string    `json:"kind"` // "automations" or "cases"
	Count      int       `json:"count"`
	List       bool      `json:"list"` // an API list response
	Unreadable string    `json:"unreadable,omitempty"`
	Errors     []problem `json:"errors"`
	Warnings   []problem `json:"warnings"`

	schema   string   // the case schema's name
	data     []byte   // the file, for excerpts
	rendered []string // errors then warnings, as text prints them
}

// problem is one error or warning, located.
type problem struct {
	Pointer string `json:"pointer"`
	Line    int    `json:"line,omitempty"`
	Column  int    `json:"column,omitempty"`
	Offset  int    `json:"offset"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

func errorProblems(v *validated, errs rules.ErrorList) {
	for _, e := range errs {
		v.Errors = append(v.Errors, problem{Pointer: e.Pointer, Line: e.Line, Column: e.Column, Offset: e.Offset, Code: string(e.Code), Message: e.Msg})
		v.rendered = append(v.rendered, e.Render(v.File, v.data))
	}
}

func warningProblems(v *validated, ws []rules.Warning) {
	list := diag.Warnings(ws)
	list.Locate(v.data)
	for i, e := range list.Render(v.File, v.data) {
		w, at := ws[i], list[i]
		v.Warnings = append(v.Warnings, problem{Pointer: w.Pointer, Line: at.Line, Column: at.Column, Offset: w.Offset, Code: string(w.Code), Message: w.Msg})
		v.rendered = append(v.rendered, e)
	}
}

// readForValidate reads a file to validate: a file that cannot be read is
// reported with the others (exit 3); standard input asked for twice is a
// usage error.
func (c *cli) readForValidate(v *validated) ([]byte, error) {
	data, err := c.read(v.File, "validate")
	var ee *exitError
	switch {
	case errors.As(err, &ee) && ee.code == exitUsage:
		return nil, err
	case err != nil:
		v.Unreadable = err.Error()
		return nil, nil
	}
	return data, nil
}

func (c *cli) validateDefinitionFile(name string, opts []rules.Option) (validated, error) {
	v := validated{File: name, Kind: "automations", Errors: []problem{}, Warnings: []problem{}}
	data, err := c.readForValidate(&v)
	if data == nil {
		return v, err
	}
	v.data = data
	set, err := rules.Load(data, opts...)
	if err != nil {
		// Options that do not compile are a usage error, told apart only
		// when loading fails, so the fields compile once fewer when it
		// does not.
		if _, oerr := rules.Registry(opts...); oerr != nil {
			return v, fail(exitUsage, "%v", oerr)
		}
		// The count is of the automations that have no problem.
		defs, _ := rules.Parse(data, opts...)
		v.Count = len(defs)
		var list rules.ErrorList
		if !errors.As(err, &list) {
			list = rules.ErrorList{{Offset: -1, Code: diag.Document, Msg: err.Error()}}
		}
		errorProblems(&v, list)
		return v, nil
	}
	v.Count = set.Len()
	warningProblems(&v, set.Warnings())
	return v, nil
}

func (c *cli) validateCaseFile(name, schemaName string, check func([]byte) cases.Report) (validated, error) {
	v := validated{File: name, Kind: "cases", Errors: []problem{}, Warnings: []problem{}, schema: schemaName}
	data, err := c.readForValidate(&v)
	if data == nil {
		return v, err
	}
	v.data = data
	rep := check(data)
	v.Count, v.List = rep.Cases, rep.List
	errorProblems(&v, rep.Errors)
	warningProblems(&v, rep.Warnings)
	return v, nil
}

// print writes the file's problems and its verdict as text; under
// --strict a file with warnings is invalid, and says so.
func (v validated) print(stdout, stderr io.Writer, strict bool) {
	if v.Unreadable != "" {
		fmt.Fprintf(stderr, "verdict validate: %s\n", term.Safe(v.Unreadable))
		return
	}
	for _, r := range v.rendered {
		fmt.Fprint(stdout, r)
	}
	if len(v.Errors) > 0 {
		return
	}
	file := term.Safe(v.File)
	if strict && len(v.Warnings) > 0 {
		fmt.Fprintf(stdout, "%s: invalid under --strict: %s\n", file, plural(len(v.Warnings), "warning"))
		return
	}
	if v.Kind == "automations" {
		if len(v.Warnings) > 0 {
			fmt.Fprintf(stdout, "%s: valid (%s), %s\n", file, plural(v.Count, "automation"), plural(len(v.Warnings), "warning"))
		} else {
			fmt.Fprintf(stdout, "%s: ok (%s)\n", file, plural(v.Count, "automation"))
		}
		return
	}
	what := plural(v.Count, v.schema+" case")
	if v.schema == "none" {
		what = plural(v.Count, "case")
	}
	if v.List {
		what = "an API list response of " + what
	}
	switch {
	case len(v.Warnings) > 0:
		fmt.Fprintf(stdout, "%s: no errors (%s), %s\n", file, what, plural(len(v.Warnings), "warning"))
	case v.Count == 1 && !v.List && v.schema == "none":
		fmt.Fprintf(stdout, "%s: ok (a JSON object)\n", file)
	case v.Count == 1 && !v.List:
		fmt.Fprintf(stdout, "%s: ok (a valid %s case)\n", file, v.schema)
	default:
		fmt.Fprintf(stdout, "%s: ok (%s, all valid)\n", file, what)
	}
}
