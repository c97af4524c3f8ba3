package rules

import "github.com/verdict-rules/verdict/diag"

// Error is one problem of a definition, or of an evaluation (see package
// diag); errors.As opens every error of this package that has one.
type Error = diag.Problem

// ErrorList is every problem of a definition, in their order in its
// document.
type ErrorList = diag.List

// Warning is a finding that stops nothing (a path that never matches, two
// automations that disagree), at a pointer relative to the automation.
type Warning = diag.Problem
