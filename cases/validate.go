package cases

import (
	"errors"

	"github.com/verdict-rules/verdict/diag"
	"github.com/verdict-rules/verdict/document"
	"github.com/verdict-rules/verdict/schema"
)

// Report is what Validate found in a document of cases.
type Report struct {
	Cases    int            // how many cases the document holds
	List     bool           // the document is an API list response of cases
	Errors   diag.List      // schema violations and malformed JSON, located
	Warnings []diag.Problem // cases without a status, when the schema has one
}

// Validate checks a document of cases — one case, or each case of an API
// list response — against a case schema. Errors carry the pointer into the
// document ("/data/2/status"), the line and the column. A case without a
// "status" member gets a warning when the schema describes one (the Quickr
// schema does; Dintero's webhook body keeps its status elsewhere). A nil
// schema checks only that each case is a JSON object.
func Validate(data []byte, v *schema.Validator) Report {
	doc, err := document.Decode(data)
	if err != nil {
		var se *document.SyntaxError
		if errors.As(err, &se) {
			return Report{Errors: diag.List{diag.Syntax(se)}}
		}
		return Report{Errors: diag.List{{Offset: -1, Code: diag.JSONSyntax, Msg: err.Error()}}}
	}
	var rep Report
	items := []document.Value{doc}
	pointers := []string{""}
	if IsList(doc) {
		rep.List = true
		list, _ := doc.Member("data")
		items, pointers = items[:0], pointers[:0]
		for i := 0; i < list.Len(); i++ {
			items = append(items, list.Index(i))
			pointers = append(pointers, document.IndexPointer("/data", i))
		}
	}
	statusKnown := v != nil && hasStatus(v)
	for i, item := range items {
		rep.Cases++
		if v == nil {
			if item.Kind() != document.Object {
				rep.Errors = append(rep.Errors, &diag.Problem{Pointer: pointers[i], Offset: -1, Code: diag.WrongType,
					Msg: "a case must be a JSON object, found " + item.Describe()})
			}
			continue
		}
		for _, e := range v.Validate(item.Interface()) {
			e.Pointer = pointers[i] + e.Pointer
			rep.Errors = append(rep.Errors, e)
		}
		if _, ok := item.Member("status"); statusKnown && item.Kind() == document.Object && !ok {
			rep.Warnings = append(rep.Warnings, MissingStatus(pointers[i]))
		}
	}
	if len(rep.Errors) > 0 {
		rep.Errors.Locate(data)
		rep.Errors = rep.Errors.Finish()
	}
	return rep
}

// hasStatus reports whether a case schema describes a top-level "status"
// member.
func hasStatus(v *schema.Validator) bool {
	root, ok := v.Tree().(map[string]any)
	if !ok {
		return false
	}
	props, _ := root["properties"].(map[string]any)
	_, ok = props["status"]
	return ok
}
