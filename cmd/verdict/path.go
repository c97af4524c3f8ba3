package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/verdict-rules/verdict/conditions/jsonpath"
	"github.com/verdict-rules/verdict/rules"
)

func runPath(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("path", "-c CASE [flags] 'JSONPATH'",
		"Prints the values a JSONPath yields on a case, as a JSON array ([] when\n"+
			"none), in the order verdict and jsonpath-plus yield them. $.context.<name>\n"+
			"reads a computed context field.", stderr)
	caseFile := fs.String("c", "", "case JSON `file` (required; - for standard input)")
	var now nowFlag
	fs.Var(&now, "now", "the time for computed context (RFC 3339 or YYYY-MM-DD; default: the current time)")
	var fields contextFieldsFlag
	fs.Var(&fields, "context-fields", "JSON `file` of extra context fields, {\"name\": \"expr-lang expression\"}")
	if code := parseFlags(fs, args); code >= 0 {
		return code
	}
	if *caseFile == "" || fs.NArg() != 1 {
		fmt.Fprintln(stderr, "verdict path: give -c CASE and one JSONPath")
		fs.Usage()
		return exitUsage
	}
	opts, err := fields.options(stderr)
	if err != nil {
		return report(stderr, "path", err)
	}
	opts = append(opts, now.options()...)
	c, err := loadDocument(*caseFile)
	if err != nil {
		return report(stderr, "path", err)
	}
	values, err := rules.Query(c, fs.Arg(0), opts...)
	if err != nil {
		var pe *jsonpath.Error
		if errors.As(err, &pe) {
			fmt.Fprintf(stderr, "verdict path: %s (byte %d)\n  | %s\n", pe.Msg, pe.Offset, indentCaret(pe.Caret()))
			return exitFailed
		}
		return report(stderr, "path", err)
	}
	out := []byte("[")
	for i, v := range values {
		if i > 0 {
			out = append(out, ',')
		}
		out = v.AppendJSON(out)
	}
	out = append(out, "]\n"...)
	_, err = stdout.Write(out)
	if err != nil {
		return report(stderr, "path", err)
	}
	return exitOK
}

func indentCaret(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			return s[:i] + "\n  | " + s[i+1:]
		}
	}
	return s
}
