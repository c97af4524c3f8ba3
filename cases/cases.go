// Package cases reads case documents: one case, or an API list response of
// cases, decoded once for evaluation. It tells verdict's own results from
// cases, and validates cases against a case schema.
//
// Any JSON object is a case: a Quickr case, a Dintero webhook body, an
// account. An API list response of cases (IsList) is read as its cases,
// each knowing its place in the document (Case.Pointer).
//
//	c, err := cases.Parse(caseJSON)
//	list, err := cases.ParseList(listJSON) // one case, or each case of a list response
package cases

import (
	"errors"
	"fmt"
	"slices"

	"github.com/verdict-rules/verdict/diag"
	"github.com/verdict-rules/verdict/document"
)

// Case is a case document decoded once for evaluation: object members in
// document order, numbers exact. It is only read, so one Case may be
// evaluated by many programs at once.
type Case struct {
	root    document.Value
	status  document.Value // the status member, the zero Value when there is none
	pointer string         // its place in the document it was read from
	context bool           // it has a member named context
}

func newCase(root document.Value, pointer string) *Case {
	c := &Case{root: root, pointer: pointer}
	c.status, _ = root.Member("status")
	_, c.context = root.Member("context")
	return c
}

// New wraps a decoded document as a Case. A value that is not an object
// is an *Error; unlike Parse, New does not refuse an API list response. A
// value inside a document decoded with a reach is an error too: the reach
// applies from the document's top-level value, so the program it was made
// for would read the value's members by the reach of others.
func New(root document.Value) (*Case, error) {
	if root.Kind() != document.Object {
		return nil, &Error{Msg: "a case must be a JSON object, found " + root.Describe()}
	}
	if d := root.Doc(); d.Reach() != nil && root != d.Root() {
		return nil, &Error{Msg: "a case inside a document decoded with a reach: the reach applies from the document's top-level value; decode the case itself"}
	}
	return newCase(root, ""), nil
}

// Value returns the decoded document, the zero Value for a nil or zero
// Case.
func (c *Case) Value() document.Value {
	if c == nil {
		return document.Value{}
	}
	return c.root
}

// Status returns the case's status member, or "" when it has none (or the
// Case is nil or zero).
func (c *Case) Status() string {
	if c == nil {
		return ""
	}
	return c.status.Text()
}

// HasStatus reports whether the case has a "status" member (false for a
// nil or zero Case).
func (c *Case) HasStatus() bool { return c != nil && c.status.Exists() }

// HasContext reports whether the case has a member named "context", which
// $.context paths do not read: they read the computed context fields.
// Looked up once, when the case is read.
func (c *Case) HasContext() bool { return c != nil && c.context }

// Pointer returns the case's place in the document it was read from: ""
// for a document of one case, "/data/2" for a case of an API list response
// (and "" for a nil or zero Case).
func (c *Case) Pointer() string {
	if c == nil {
		return ""
	}
	return c.pointer
}

// Error reports a case that cannot be decoded: malformed JSON (with its
// line and column), a document beyond the limits, or a root that is not an
// object.
type Error struct {
	Line, Column int    // 1-based; 0 when the problem is not at one place
	Offset       int    // byte offset in the input
	Pointer      string // the case in an API list response ("/data/2"), when it is one of them
	Msg          string
	// Err is the cause when it is one callers test for (ErrResult), or nil.
	Err error
}

// Unwrap returns Err.
func (e *Error) Unwrap() error { return e.Err }

// Error writes "case: ", the line and column when known, the pointer of
// the case in a list when it is one, and the message.
func (e *Error) Error() string {
	msg := e.Msg
	if e.Pointer != "" {
		msg = e.Pointer + ": " + msg
	}
	if e.Line > 0 {
		return fmt.Sprintf("case: %d:%d: %s", e.Line, e.Column, msg)
	}
	return "case: " + msg
}

// Decoder decodes case documents within limits; the zero Decoder has the
// default ones (document.DefaultMaxDepth, document.DefaultMaxBytes).
type Decoder struct {
	MaxDepth int // the nesting of arrays and objects
	MaxBytes int // the size of the document
	// Reach, when not nil, decodes only what a program reads of a case
	// (rules.Program.Reach, rules.Set.Reach) and checks the rest without
	// keeping it (document.Decoder.Reach): a case so decoded serves the
	// programs whose reach it covers; evaluating it with another is an
	// error that errors.As opens as a *document.ReachError.
	Reach *document.Reach
	// Trusted skips what Reach leaves out without checking it (JSON
	// grammar, UTF-8): for input that was checked before.
	Trusted bool
	// Borrow decodes the input in place instead of copying it
	// (document.Decoder.Borrow): the caller must not change it while the
	// cases, or strings read from them, are in use.
	Borrow bool
}

// Parse is Decoder.Parse with the default limits.
func Parse(data []byte) (*Case, error) { return Decoder{}.Parse(data) }

// ParseList is Decoder.ParseList with the default limits.
func ParseList(data []byte) ([]*Case, error) { return Decoder{}.ParseList(data) }

// Parse decodes a case document. An API list response of cases (IsList)
// is an error, since reading it as one case would decide on none of them:
// ParseList reads each. Errors are *Error.
func (d Decoder) Parse(data []byte) (*Case, error) {
	root, err := d.decode(data)
	if err != nil {
		return nil, err
	}
	if root.Kind() != document.Object {
		return nil, &Error{Line: 1, Column: 1, Msg: "a case must be a JSON object, found " + root.Describe()}
	}
	if IsList(root) {
		list, _ := root.Member("data")
		n := fmt.Sprintf("%d cases", list.Len())
		if list.Len() == 1 {
			n = "1 case"
		}
		return nil, &Error{Line: 1, Column: 1, Msg: "an API list response of " + n + ", not one case (ParseList reads each)"}
	}
	return newCase(root, ""), nil
}

// ParseList decodes a document that holds cases: one case, or an API list
// response of cases, whose cases come back in order, each with its place
// in the document (Case.Pointer, "/data/2"). A member of data that is not
// an object is an error with its pointer, line and column; an array of
// verdict results (IsResult) is an error that wraps ErrResult. The limits
// bound the document as a whole. Errors are *Error.
func (d Decoder) ParseList(data []byte) ([]*Case, error) {
	root, err := d.decode(data)
	if err != nil {
		return nil, err
	}
	if !IsList(root) {
		if root.Kind() != document.Object {
			if IsResult(root) {
				return nil, &Error{Line: 1, Column: 1, Msg: ErrResult.Error(), Err: ErrResult}
			}
			return nil, &Error{Line: 1, Column: 1, Msg: "a case must be a JSON object, found " + root.Describe()}
		}
		return []*Case{newCase(root, "")}, nil
	}
	list, _ := root.Member("data")
	out := make([]*Case, 0, list.Len())
	for i := 0; i < list.Len(); i++ {
		item := list.Index(i)
		p := document.IndexPointer("/data", i)
		if item.Kind() != document.Object {
			e := &Error{Pointer: p, Msg: "a case must be a JSON object, found " + item.Describe()}
			if span, ok := document.Locate(data, p); ok {
				e.Offset = span.Start
				e.Line, e.Column = document.LineColumn(string(data), span.Start)
			}
			return nil, e
		}
		out = append(out, newCase(item, p))
	}
	return out, nil
}

func (d Decoder) decode(data []byte) (document.Value, error) {
	dec := document.Decoder{MaxDepth: d.MaxDepth, MaxBytes: d.MaxBytes, Reach: d.Reach, Trusted: d.Trusted, Borrow: d.Borrow}
	root, err := dec.Decode(data)
	if err == nil && d.Reach != nil && (mayBeList(root) || root.Kind() == document.Array) {
		// The document may be an API list response, whose cases the reach
		// is for, not the list: telling needs its data (skipped, or kept
		// as the reach of a case's own data member keeps it), and reading
		// its cases all of it. An array is no case, and may be verdict's
		// results (IsResult).
		dec.Reach = nil
		root, err = dec.Decode(data)
	}
	if err != nil {
		var se *document.SyntaxError
		if errors.As(err, &se) {
			return document.Value{}, &Error{Line: se.Line, Column: se.Column, Offset: se.Offset, Msg: se.Msg}
		}
		return document.Value{}, &Error{Msg: err.Error()}
	}
	return root, nil
}

// mayBeList reports whether a document decoded with a reach is an API list
// response, or may be one when its data member was skipped.
func mayBeList(doc document.Value) bool { return listShaped(doc, document.Skipped) }

// IsList reports whether a decoded document is an API list response of
// cases, as GET /v2/accounts/{aid}/cases returns: an object whose "data"
// is an array and whose other members are only "pagination" and "object".
func IsList(doc document.Value) bool { return listShaped(doc, document.Array) }

// listShaped is IsList with data an array or of the kind also.
func listShaped(doc document.Value, also document.Kind) bool {
	if doc.Kind() != document.Object {
		return false
	}
	list, ok := doc.Member("data")
	if !ok || (list.Kind() != document.Array && list.Kind() != also) {
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

// ErrResult is the error of a document that is a result of verdict, not a
// case: a line `verdict backtest --out` wrote, or what `verdict run
// --format json` printed. errors.Is finds it in the *Error ParseList
// returns for an array of results.
var ErrResult = errors.New("a verdict result (backtest --out writes them), not a case")

// resultMembers are the members every result has in its JSON form.
var resultMembers = [...]string{"automation", "triggered", "matched", "fired", "changeset"}

// IsResult reports whether a decoded document is a result of verdict
// rather than a case: an object with a "verdict_result" member (the lines
// `verdict backtest --out` writes) or a "verdict_record" member (a decision
// record, as --records writes them), an object with every member a result
// has (automation, triggered, matched, fired, changeset), or a non-empty
// array of such objects (what `verdict run --format json` prints).
// Evaluating one as a case would count it as a case, so the CLI refuses
// it; ParseList reads an object as a case all the same, and callers that
// take cases from a person check each with IsResult(c.Value()).
func IsResult(doc document.Value) bool {
	switch doc.Kind() {
	case document.Object:
		if _, ok := doc.Member("verdict_result"); ok {
			return true
		}
		if _, ok := doc.Member("verdict_record"); ok {
			return true
		}
		for _, name := range resultMembers {
			if _, ok := doc.Member(name); !ok {
				return false
			}
		}
		return true
	case document.Array:
		if doc.Len() == 0 {
			return false
		}
		for i := 0; i < doc.Len(); i++ {
			if item := doc.Index(i); item.Kind() != document.Object || !IsResult(item) {
				return false
			}
		}
		return true
	}
	return false
}

// MissingStatus is the warning about a case without a "status" member,
// which case status triggers and set_case_status read; pointer is the
// case's place in its document.
func MissingStatus(pointer string) diag.Problem {
	return diag.Problem{Pointer: pointer, Offset: -1, Code: diag.CaseWithoutStatus,
		Msg: "the case has no \"status\" member, which case status triggers and set_case_status read"}
}

// Automations returns the ids of the automations the case names in its
// "automations" member, as Quickr cases do ([{"id": "…", "updated_at": "…"}];
// other members of an entry are not read), in order and each once, and
// whether the case has the member. A member that is not an array, or an
// entry that is not an object with a non-empty string "id", is an *Error
// whose message starts with the entry's pointer (/automations/1/id).
func (c *Case) Automations() ([]string, bool, error) {
	list, ok := c.Value().Member("automations")
	if !ok {
		return nil, false, nil
	}
	bad := func(ptr, msg string) error {
		return &Error{Pointer: c.Pointer(), Msg: ptr + ": " + msg}
	}
	if list.Kind() != document.Array {
		return nil, true, bad("/automations", "a case names its automations in an array of objects with an \"id\", found "+list.Describe())
	}
	ids := make([]string, 0, list.Len())
	var seen map[string]bool // for long lists, so that finding repeats stays linear
	if list.Len() > 16 {
		seen = make(map[string]bool, list.Len())
	}
	for i := range list.Len() {
		e := list.Index(i)
		ptr := fmt.Sprintf("/automations/%d", i)
		if e.Kind() != document.Object {
			return nil, true, bad(ptr, "an automation of the case is an object with an \"id\", found "+e.Describe())
		}
		id, ok := e.Member("id")
		switch {
		case !ok:
			return nil, true, bad(ptr, "an automation of the case without an \"id\"")
		case id.Kind() != document.String:
			return nil, true, bad(ptr+"/id", "an automation's id is a string, found "+id.Describe())
		case id.Text() == "":
			return nil, true, bad(ptr+"/id", "an empty automation id")
		}
		switch t := id.Text(); {
		case seen != nil:
			if !seen[t] {
				seen[t] = true
				ids = append(ids, t)
			}
		case !slices.Contains(ids, t):
			ids = append(ids, t)
		}
	}
	return ids, true, nil
}
