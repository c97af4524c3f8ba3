package rules

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/verdict-rules/verdict/diag"
	"github.com/verdict-rules/verdict/document"
	"github.com/verdict-rules/verdict/schema"
)

// CaseSchema returns a case schema by name: "quickr" (the Quickr case
// details), "dintero" (the Dintero cdd_case_update webhook body), or the
// path of a JSON Schema file of one's own.
func CaseSchema(name string) (*schema.Validator, error) {
	switch strings.ToLower(name) {
	case "quickr":
		return schema.Embedded(schema.QuickrCaseFile)
	case "dintero":
		return schema.Embedded(schema.DinteroCaseFile)
	}
	src, err := os.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("case schema %q: not quickr, dintero or a readable file: %w", name, err)
	}
	return schema.Compile(name, src)
}

// ValidateCase checks a case document against a case schema and returns
// every problem, each with its JSON Pointer, line and column.
func ValidateCase(data []byte, v *schema.Validator) ErrorList {
	doc, err := document.Decode(data)
	if err != nil {
		var se *document.SyntaxError
		if errors.As(err, &se) {
			return ErrorList{{Offset: -1, Code: "json_syntax", Msg: se.Msg, Line: se.Line, Column: se.Column}}
		}
		return ErrorList{{Offset: -1, Code: "json_syntax", Msg: err.Error()}}
	}
	var errs ErrorList
	for _, e := range v.Validate(doc.Interface()) {
		errs = append(errs, &Error{Pointer: e.Pointer, Offset: -1, Code: diag.Code(e.Code), Msg: e.Msg})
	}
	return located(data, errs)
}
