// Package jsonpath implements the JSONPath dialect of verdict's automations
// over the documents of package document.
//
// The dialect is the one of jsonpath-plus, the JavaScript library the
// automation docs write their paths for: for every path this package
// accepts, it yields the values jsonpath-plus 11 yields (with its default
// safe evaluation and ignoreEvalErrors), in the same order.
//
//	p, err := jsonpath.Parse("$.checks[?(@.type==='sanction')].data[0].flags.length")
//	doc, err := document.Decode(caseJSON)
//	values := p.Values(doc, nil)
//
// # Grammar
//
//	$                 the root (the case)
//	.name             a member; names are letters, digits, _, $ and -
//	['name'] ["name"] a member with any characters (escapes: \' \" \\)
//	[0]               an array element (or the member "0" of an object)
//	[-1]              nothing: jsonpath-plus has no negative indexes
//	.* [*]            every element or member value
//	..name ..* ..[…]  recursive descent: this node and every object and array
//	                  below it, in document order, then the next step
//	[a:b:c]           a slice; negative bounds count from the end ([-1:] is
//	                  the last element), a negative step walks backwards
//	[0,2] ['a','b']   a union of indexes or slices, or of quoted names
//	[?(expr)]         a filter over the elements (or member values) of a node
//	.length           the length of an array or a string; an object's
//	                  member named "length"
//	$.context.name    a computed context field (see package context)
//
// Filters are JavaScript expressions over the current item @:
//
//	@  @.a.b  @['a']  @[0]  @.length     the item and its members
//	's' "s" 12 -1.5 1e3 true false null  literals
//	=== !== == != < <= > >=              JavaScript comparison
//	&& || ! ( )                          JavaScript logic
//
// A bare @.x tests truthiness: 0, "", null, false and a missing member are
// false. === and !== are strict (4000 === '4000' is false); == and != are
// JavaScript's loose equality (4000 == '4000' is true, true == 1 is true,
// null == 0 is false); < and friends compare strings by UTF-16 code units
// and convert anything else to numbers. Numbers are IEEE doubles there, as
// in JavaScript. Reading through a missing member (@.a.b where a is absent)
// makes the filter false for that item, as jsonpath-plus does when it
// ignores evaluation errors.
//
// Everything else is refused when the path is compiled, with the byte
// offset of the problem: method calls (@.type.startsWith('s')), script
// indexes [(...)], $ inside a filter, @root and the other jsonpath-plus
// variables, type selectors such as @string(), the ^ and ~ operators,
// arithmetic, regular expression literals, assignment. jsonpath-plus cuts
// paths into steps with regular expressions; a path it would cut
// differently from the way it reads (the quoted name ['1:2'] is a slice to
// it, a filter string such as '(NO)' is a nested filter) is refused too,
// with the step it would misread. Paths never run code.
//
// Where verdict and jsonpath-plus cannot agree, verdict says so: a string
// indexed in the middle of a surrogate pair ("😀"[0]) gives U+FFFD, since
// Go strings cannot hold half a character.
package jsonpath
