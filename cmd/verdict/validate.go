package main

import (
	"encoding/json"
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
			"(Quickr's case details by default, or --case-schema dintero or a file);\n"+
			"a file may hold one case or an API list response of cases.\n\n"+
			"Exit status: 0 all valid, 1 a problem was found (or a warning, with\n"+
			"--strict), 2 usage, 3 a file could not be read.", stderr)
	var statuses statusesFlag
	fs.Var(&statuses, "statuses", "case status vocabulary: quickr, dintero, or a comma-separated list")
	caseMode := fs.Bool("case", false, "the files are cases: validate them against the case schema")
	caseSchema := fs.String("case-schema", "", "case `schema` for --case and for the checks of paths: quickr, dintero, none, or a JSON Schema file (default: quickr, or dintero with --statuses dintero)")
	strict := fs.Bool("strict", false, "treat warnings as problems (exit 1)")
	format := fs.String("format", "text", "output `format`: text or json (schema/validate-output.schema.json)")
	if code := parseFlags(fs, args); code >= 0 {
		return code
	}
	switch {
	case fs.NArg() == 0:
		fmt.Fprintln(stderr, "verdict validate: no files given")
		fs.Usage()
		return exitUsage
	case *format != "text" && *format != "json":
		fmt.Fprintf(stderr, "verdict validate: unknown format %q: expected text or json\n", *format)
		return exitUsage
	}
	var files []validated
	if *caseMode {
		name := *caseSchema
		if name == "" {
			name = "quickr"
		}
		v, err := rules.CaseSchema(name)
		if err != nil {
			fmt.Fprintf(stderr, "verdict validate: %v\n", err)
			return exitUsage
		}
		for _, f := range fs.Args() {
			files = append(files, validateCaseFile(f, name, func(data []byte) rules.CaseReport { return rules.ValidateCases(data, v) }))
		}
	} else {
		opts := statuses.options()
		if *caseSchema != "" {
			opt, err := caseSchemaOption(*caseSchema)
			if err != nil {
				fmt.Fprintf(stderr, "verdict validate: %v\n", err)
				return exitUsage
			}
			opts = append(opts, opt)
		}
		for _, f := range fs.Args() {
			v, err := validateDefinitionFile(f, opts)
			if err != nil {
				fmt.Fprintf(stderr, "verdict validate: %v\n", err)
				return exitUsage
			}
			files = append(files, v)
		}
	}
	out := validateOutput{Files: []validated{}, Strict: *strict, Valid: true}
	code := exitOK
	for _, f := range files {
		out.Files = append(out.Files, f)
		out.Errors += len(f.Errors)
		out.Warnings += len(f.Warnings)
		switch {
		case f.Unreadable != "":
			code = exitUnreadable
			out.Valid = false
		case len(f.Errors) > 0 || (*strict && len(f.Warnings) > 0):
			if code == exitOK {
				code = exitFailed
			}
			out.Valid = false
		}
	}
	if *format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(out); err != nil {
			return report(stderr, "validate", err)
		}
		return code
	}
	for _, f := range files {
		f.print(stdout, stderr)
	}
	return code
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
		v.Errors = append(v.Errors, problem{Pointer: e.Pointer, Line: e.Line, Column: e.Column, Offset: e.Offset, Code: e.Code, Message: e.Msg})
		v.rendered = append(v.rendered, e.Render(v.File, v.data))
	}
}

func warningProblems(v *validated, ws []rules.Warning) {
	for _, w := range ws {
		line, col := w.Locate(v.data)
		v.Warnings = append(v.Warnings, problem{Pointer: w.Pointer, Line: line, Column: col, Offset: w.Offset, Code: w.Code, Message: w.Message})
		v.rendered = append(v.rendered, w.Render(v.File, v.data))
	}
}

func validateDefinitionFile(name string, opts []rules.Option) (validated, error) {
	v := validated{File: name, Kind: "automations", Errors: []problem{}, Warnings: []problem{}}
	data, err := os.ReadFile(name)
	if err != nil {
		v.Unreadable = err.Error()
		return v, nil
	}
	v.data = data
	rep, err := rules.ValidateDefinitions(data, opts...)
	if err != nil {
		return v, err
	}
	v.Count = rep.Automations
	errorProblems(&v, rep.Errors)
	warningProblems(&v, rep.Warnings)
	return v, nil
}

func validateCaseFile(name, schemaName string, check func([]byte) rules.CaseReport) validated {
	v := validated{File: name, Kind: "cases", Errors: []problem{}, Warnings: []problem{}, schema: schemaName}
	data, err := os.ReadFile(name)
	if err != nil {
		v.Unreadable = err.Error()
		return v
	}
	v.data = data
	rep := check(data)
	v.Count, v.List = rep.Cases, rep.List
	errorProblems(&v, rep.Errors)
	warningProblems(&v, rep.Warnings)
	return v
}

// print writes the file's problems and its verdict as text.
func (v validated) print(stdout, stderr io.Writer) {
	if v.Unreadable != "" {
		fmt.Fprintf(stderr, "verdict validate: %s\n", v.Unreadable)
		return
	}
	for _, r := range v.rendered {
		fmt.Fprint(stdout, r)
	}
	if len(v.Errors) > 0 {
		return
	}
	if v.Kind == "automations" {
		if len(v.Warnings) > 0 {
			fmt.Fprintf(stdout, "%s: valid (%s), %s\n", v.File, plural(v.Count, "automation"), plural(len(v.Warnings), "warning"))
		} else {
			fmt.Fprintf(stdout, "%s: ok (%s)\n", v.File, plural(v.Count, "automation"))
		}
		return
	}
	what := plural(v.Count, v.schema+" case")
	if v.List {
		what = "an API list response of " + what
	}
	switch {
	case len(v.Warnings) > 0:
		fmt.Fprintf(stdout, "%s: no errors (%s), %s\n", v.File, what, plural(len(v.Warnings), "warning"))
	case v.Count == 1 && !v.List:
		fmt.Fprintf(stdout, "%s: ok (a valid %s case)\n", v.File, v.schema)
	default:
		fmt.Fprintf(stdout, "%s: ok (%s, all valid)\n", v.File, what)
	}
}

func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", word)
	}
	return fmt.Sprintf("%d %ss", n, word)
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
