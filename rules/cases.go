package rules

import (
	"errors"

	"github.com/verdict-rules/verdict/conditions/jsonpath"
	"github.com/verdict-rules/verdict/schema"
)

// IsCaseList reports whether a decoded document is an API list response of
// cases, as GET /v2/accounts/{aid}/cases returns: an object whose "data" is
// an array and whose other members are only "pagination" and "object".
// ParseCases reads such a document as the cases of its data.
func IsCaseList(doc *jsonpath.Value) bool {
	if doc.Kind() != jsonpath.Object {
		return false
	}
	list, ok := doc.Member("data")
	if !ok || list.Kind() != jsonpath.Array {
		return false
	}
	for i := 0; i < doc.Len(); i++ {
		switch doc.Key(i) {
		case "data", "pagination", "object":
		default:
			return false
		}
	}
	return true
}

// ParseCases decodes a document that holds cases: one case, or an API list
// response of cases ({"data": [...], "pagination": {...}}, see IsCaseList),
// whose cases come back in order, each with its place in the document
// (Case.Pointer, "/data/2"). A member of data that is not an object is an
// error with its pointer, line and column; an array of verdict results
// (IsResult) is an error that wraps ErrResult. Only Limits among the options
// apply; they bound the document as a whole. Errors are *CaseError.
func ParseCases(data []byte, opts ...Option) ([]*Case, error) {
	cfg, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	root, err := cfg.decodeCase(data)
	if err != nil {
		return nil, err
	}
	if !IsCaseList(root) {
		if root.Kind() != jsonpath.Object {
			if IsResult(root) {
				return nil, &CaseError{Line: 1, Column: 1, Msg: ErrResult.Error(), Err: ErrResult}
			}
			return nil, &CaseError{Line: 1, Column: 1, Msg: "a case must be a JSON object, found " + describeValue(root)}
		}
		return []*Case{newCase(root)}, nil
	}
	list, _ := root.Member("data")
	out := make([]*Case, 0, list.Len())
	for i := 0; i < list.Len(); i++ {
		item := list.Index(i)
		p := jsonpath.IndexPointer("/data", i)
		if item.Kind() != jsonpath.Object {
			e := &CaseError{Pointer: p, Msg: "a case must be a JSON object, found " + describeValue(item)}
			if span, ok := jsonpath.Locate(data, p); ok {
				e.Offset = span.Start
				e.Line, e.Column = jsonpath.LineColumn(string(data), span.Start)
			}
			return nil, e
		}
		c := newCase(item)
		c.pointer = p
		out = append(out, c)
	}
	return out, nil
}

// Pointer returns the case's place in the document it was read from: ""
// for a document of one case, "/data/2" for a case of an API list response.
func (c *Case) Pointer() string {
	if c == nil {
		return ""
	}
	return c.pointer
}

// HasStatus reports whether the case has a "status" member (false for a
// nil or zero Case).
func (c *Case) HasStatus() bool { return c != nil && c.status != nil }

// CheckCase reports what in a case looks like a mistake for these
// automations: a case without a "status" member, when a case status
// trigger or set_case_status reads it (every case of the Quickr docs has
// one). Evaluate does not call it; tools that take cases from a person do.
func (s *Set) CheckCase(c *Case) []Warning {
	if s == nil || c == nil || c.root == nil || c.HasStatus() {
		return nil
	}
	for _, p := range s.progs {
		if readsStatus(p.def) {
			return []Warning{noStatus(c.pointer)}
		}
	}
	return nil
}

// readsStatus reports whether an automation reads the case status: a case
// status trigger, or set_case_status.
func readsStatus(def Automation) bool {
	for _, t := range def.Triggers {
		if t.Type == "case_status_updated" || t.Type == "case_status_change" {
			return true
		}
	}
	for _, a := range def.Actions {
		if a.Type == "set_case_status" {
			return true
		}
	}
	return false
}

// noStatus is the warning about a case without a status; pointer is the
// case's place in its document.
func noStatus(pointer string) Warning {
	return Warning{Pointer: pointer, Offset: -1, Code: "case_without_status",
		Message: "the case has no \"status\" member, which case status triggers and set_case_status read"}
}

// CaseReport is what ValidateCases found in a document of cases.
type CaseReport struct {
	Cases    int       // how many cases the document holds
	List     bool      // the document is an API list response of cases
	Errors   ErrorList // schema violations and malformed JSON, located
	Warnings []Warning // cases without a status, when the schema has one
}

// ValidateCases checks a document of cases — one case, or each case of an
// API list response — against a case schema. Errors carry the pointer into
// the document ("/data/2/status"), the line and the column. A case without
// a "status" member gets a warning when the schema describes one (the
// Quickr schema does; Dintero's webhook body keeps its status elsewhere).
// A nil schema checks only that each case is a JSON object.
func ValidateCases(data []byte, v *schema.Validator) CaseReport {
	doc, err := jsonpath.Decode(data)
	if err != nil {
		var se *jsonpath.SyntaxError
		if errors.As(err, &se) {
			return CaseReport{Errors: ErrorList{{Offset: -1, Code: "json_syntax", Msg: se.Msg, Line: se.Line, Column: se.Column}}}
		}
		return CaseReport{Errors: ErrorList{{Offset: -1, Code: "json_syntax", Msg: err.Error()}}}
	}
	var rep CaseReport
	items := []*jsonpath.Value{doc}
	pointers := []string{""}
	if IsCaseList(doc) {
		rep.List = true
		list, _ := doc.Member("data")
		items, pointers = items[:0], pointers[:0]
		for i := 0; i < list.Len(); i++ {
			items = append(items, list.Index(i))
			pointers = append(pointers, jsonpath.IndexPointer("/data", i))
		}
	}
	statusKnown := v != nil && schemaHasStatus(v)
	for i, item := range items {
		rep.Cases++
		if v == nil {
			if item.Kind() != jsonpath.Object {
				rep.Errors = append(rep.Errors, &Error{Pointer: pointers[i], Offset: -1, Code: "type",
					Msg: "a case must be a JSON object, found " + describeValue(item)})
			}
			continue
		}
		for _, e := range v.Validate(item.Interface()) {
			rep.Errors = append(rep.Errors, &Error{Pointer: pointers[i] + e.Pointer, Offset: -1, Code: e.Code, Msg: e.Msg})
		}
		if _, ok := item.Member("status"); statusKnown && item.Kind() == jsonpath.Object && !ok {
			rep.Warnings = append(rep.Warnings, noStatus(pointers[i]))
		}
	}
	if len(rep.Errors) > 0 {
		rep.Errors = located(data, rep.Errors)
	}
	return rep
}

// schemaHasStatus reports whether a case schema describes a top-level
// "status" member.
func schemaHasStatus(v *schema.Validator) bool {
	root, ok := v.Tree().(map[string]any)
	if !ok {
		return false
	}
	props, _ := root["properties"].(map[string]any)
	_, ok = props["status"]
	return ok
}

// ErrResult is the error of a document that is a result of verdict, not a
// case: a line `verdict backtest --out` wrote, or what `verdict run
// --format json` printed. errors.Is finds it in the *CaseError ParseCases
// returns for an array of results.
var ErrResult = errors.New("a verdict result (backtest --out writes them), not a case")

// resultMembers are the members every Result has in its JSON form.
var resultMembers = [...]string{"automation", "triggered", "matched", "fired", "changeset"}

// IsResult reports whether a decoded document is a result of verdict
// rather than a case: an object with a "verdict_result" member (the lines
// `verdict backtest --out` writes), an object with every member a Result
// has (automation, triggered, matched, fired, changeset), or a non-empty
// array of such objects (what `verdict run --format json` prints).
// Evaluating one as a case would count it as a case, so the CLI refuses
// it; ParseCases reads an object as a case all the same, and callers that
// take cases from a person check each with IsResult(c.Value()).
func IsResult(doc *jsonpath.Value) bool {
	switch doc.Kind() {
	case jsonpath.Object:
		if _, ok := doc.Member("verdict_result"); ok {
			return true
		}
		for _, name := range resultMembers {
			if _, ok := doc.Member(name); !ok {
				return false
			}
		}
		return true
	case jsonpath.Array:
		if doc.Len() == 0 {
			return false
		}
		for i := 0; i < doc.Len(); i++ {
			if item := doc.Index(i); item.Kind() != jsonpath.Object || !IsResult(item) {
				return false
			}
		}
		return true
	}
	return false
}
