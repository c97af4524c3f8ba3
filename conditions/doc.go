// Package conditions describes the condition trees of automations: their
// JSON shape (Condition), what each type means (below), and the trace that
// explains an outcome (Trace). Package rules compiles and evaluates them.
//
// # Types
//
//	and, or            conditions: [...], at least one
//	not                condition: {...} (verdict's extension)
//	equal, not_equal   field, value
//	greater_than, greater_than_or_equal, less_than, less_than_or_equal
//	                   field, value (a string or a number)
//	equal_to_null      field: holds when the field yields nothing or only nulls
//	not_equal_to_null  field: holds when it yields something and no null
//	every              field, path: field yields at least one value and each
//	                   equals some value that path yields
//	contains           field, value: each value (a string or an array)
//	                   contains value
//	in                 field, value (an array): each value equals one of them
//	matches            field, value (an RE2 regular expression, compiled once):
//	                   each value is a string that matches
//	expression         expression: an expr-lang boolean expression (see
//	                   package context for its environment)
//
// The comparisons take "match": "all" (the default) or "any".
//
// # Rules
//
// Missing means false: a comparison whose field yields nothing is false,
// not_equal included; only equal_to_null holds on nothing.
//
// All values, by default: with several values, each must pass; "match":
// "any" needs one.
//
// Coercion, for each value r the field yields against the condition's
// value v:
//   - a number r compares numerically with a number v or a string v that
//     reads as a number (a JSON number, optionally between spaces: "70");
//   - a string r equals a string v when the texts are equal; for ordering,
//     two strings compare numerically when both read as numbers, else by
//     code point; a string r that reads as a number compares numerically
//     with a number v;
//   - a boolean r compares with true/false or "true"/"false";
//   - null equals only null;
//   - an object or array r equals an object or array v with the same
//     members or elements (deep equality, numbers exact).
//
// Anything else does not compare: ordering is false, equal is false and
// not_equal, its exact negation, is true. Numbers compare exactly, by their
// decimal value: integers beyond 2^53 and long decimals too.
//
// # Traces
//
// An evaluation asked for its trace (rules.WithTrace) explains itself: a
// Trace per condition with the values the path yielded, the value compared
// with, the outcome and the reason in words. A traced evaluation evaluates
// every condition, where an untraced one stops at the first that settles
// its group; the outcome is the same.
//
// # Counterfactuals
//
// A program compiled with rules.WithCounterfactuals says, of a case whose
// conditions do not hold, what would change that: each condition that
// keeps them from holding gets, on its Trace, a Counterfactual with the
// change it needs (the bound, the values to change and where they are in
// the case, the date on which a field counted from a date holds, or that
// any one condition of an or would do) and whether that change alone
// would make the automation fire. Where verdict cannot compute the change
// (expressions, registered types), it says so.
package conditions
