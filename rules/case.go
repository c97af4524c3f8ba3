package rules

import (
	"errors"
	"fmt"

	"github.com/verdict-rules/verdict/conditions/jsonpath"
)

// Case is a case document decoded once for evaluation: object members in
// document order, numbers exact. Programs and Sets only read it, so one
// Case may be evaluated by many of them, concurrently.
type Case struct {
	root   *jsonpath.Value
	status *jsonpath.Value // the status member, nil when there is none
	// statusJSON is the status as JSON when it is a string, the old value
	// of every set_case_status change; it is copied, never handed out.
	statusJSON []byte
	shadow     bool   // the case has a member named "context"
	pointer    string // its place in the document it was read from
}

func newCase(root *jsonpath.Value) *Case {
	c := &Case{root: root}
	c.status, _ = root.Member("status")
	if c.status.Kind() == jsonpath.String {
		c.statusJSON = c.status.AppendJSON(nil)
	}
	_, c.shadow = root.Member("context")
	return c
}

// CaseError reports a case that cannot be decoded: malformed JSON (with its
// line and column), a document beyond the limits, or a root that is not an
// object.
type CaseError struct {
	Line, Column int    // 1-based; 0 when the problem is not at one place
	Offset       int    // byte offset in the input
	Pointer      string // the case in an API list response ("/data/2"), when it is one of them
	Msg          string
	// Err is the cause when it is one callers test for (ErrResult), or nil.
	Err error
}

// Unwrap returns Err.
func (e *CaseError) Unwrap() error { return e.Err }

func (e *CaseError) Error() string {
	msg := e.Msg
	if e.Pointer != "" {
		msg = e.Pointer + ": " + msg
	}
	if e.Line > 0 {
		return fmt.Sprintf("case: %d:%d: %s", e.Line, e.Column, msg)
	}
	return "case: " + msg
}

// ParseCase decodes a case document. Any JSON object is a case: a Quickr
// case, a Dintero webhook body, an account; but an API list response of
// cases (see IsCaseList) is an error, since reading it as one case would
// decide on none of them: ParseCases reads each. Only Limits among the
// options apply. Errors are *CaseError.
func ParseCase(data []byte, opts ...Option) (*Case, error) {
	cfg, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	return cfg.parseCase(data)
}

func (cfg *config) parseCase(data []byte) (*Case, error) {
	root, err := cfg.decodeCase(data)
	if err != nil {
		return nil, err
	}
	if root.Kind() != jsonpath.Object {
		return nil, &CaseError{Line: 1, Column: 1, Msg: "a case must be a JSON object, found " + describeValue(root)}
	}
	if IsCaseList(root) {
		list, _ := root.Member("data")
		return nil, &CaseError{Line: 1, Column: 1, Msg: fmt.Sprintf("an API list response of %d cases, not one case (ParseCases reads each)", list.Len())}
	}
	return newCase(root), nil
}

// decodeCase decodes a case document within the limits.
func (cfg *config) decodeCase(data []byte) (*jsonpath.Value, error) {
	root, err := jsonpath.Decoder{MaxDepth: cfg.limits.CaseDepth, MaxBytes: cfg.limits.CaseBytes}.Decode(data)
	if err != nil {
		var se *jsonpath.SyntaxError
		if errors.As(err, &se) {
			return nil, &CaseError{Line: se.Line, Column: se.Column, Offset: se.Offset, Msg: se.Msg}
		}
		return nil, &CaseError{Msg: err.Error()}
	}
	return root, nil
}

// NewCase wraps a document decoded by package jsonpath as a Case.
func NewCase(root *jsonpath.Value) (*Case, error) {
	if root.Kind() != jsonpath.Object {
		return nil, &CaseError{Msg: "a case must be a JSON object, found " + describeValue(root)}
	}
	return newCase(root), nil
}

// Value returns the decoded document, nil for a nil or zero Case. It must
// not be changed.
func (c *Case) Value() *jsonpath.Value {
	if c == nil {
		return nil
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

// EventsBetween derives the events between two versions of a case: a
// case_status_updated event when the status changed, none otherwise.
func EventsBetween(before, after *Case) []Event {
	from, to := before.Status(), after.Status()
	if from == to {
		return nil
	}
	return []Event{{Type: "case_status_updated", Status: to, PreviousStatus: from}}
}
