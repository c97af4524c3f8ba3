package rules

import "github.com/verdict-rules/verdict/diag"

// Error is one problem in an automation definition (see package diag): the
// JSON Pointer of the node, the byte offset inside a path, regular
// expression or expression, a stable code, the message, and the line and
// column in the document.
type Error = diag.Problem

// ErrorList is every problem found in a definition, in the order of their
// place in the document. errors.As opens an error of Parse, Compile and
// CompileSet to it, and to its first *Error.
type ErrorList = diag.List

// Warning is a finding that does not stop compiling or evaluating: a path
// that can never match, a case whose own "context" member is shadowed, two
// automations that disagree. It is a diag.Problem whose pointer is
// relative to the automation (to the case document, for a case's warning).
type Warning = diag.Problem
