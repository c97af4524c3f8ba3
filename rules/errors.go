package rules

import "github.com/verdict-rules/verdict/diag"

// Error is a problem of a definition or an evaluation; errors.As finds it.
type Error = diag.Problem

// ErrorList is every problem of a definition, in their order in its
// document.
type ErrorList = diag.List

// Warning is a finding that stops nothing, at a pointer in the automation.
type Warning = diag.Problem
