// Package regex compiles the regular expressions of definitions within
// limits, so a hostile pattern is refused before it costs memory.
package regex

import (
	"fmt"
	"regexp"
	"regexp/syntax"

	"github.com/verdict-rules/verdict/diag"
)

// DefaultMaxBytes is the default limit of a pattern's length, and of its
// size once its repetitions are expanded.
const DefaultMaxBytes = 4096

// Compile compiles an RE2 pattern of at most maxBytes bytes (0 means the
// default) whose program, with repetitions written out (x{100} counts x a
// hundred times), has at most as many steps. The pattern is measured
// before it is compiled: a 10 MB pattern costs no more than reading it.
// Go's parser refuses, as always, nesting deeper than 1,000 and repeat
// counts above 1,000. Errors are a *diag.Problem of a limit (TooLong,
// TooLarge: Offset is where in the pattern it is passed) or the
// *syntax.Error of a
// malformed pattern.
func Compile(src string, maxBytes int) (*regexp.Regexp, error) {
	re, _, err := Measure(src, maxBytes)
	return re, err
}

// Size is what a compiled pattern holds and costs to run.
type Size struct {
	// Insts is the number of instructions of its program: matching a byte
	// of text costs at most this many steps.
	Insts int
	// Bytes is about the memory the compiled pattern holds: its program,
	// the ranges of its classes (\p{L} alone has hundreds) and its text.
	Bytes int
}

// Measure is Compile, which also returns the size of what it compiled.
func Measure(src string, maxBytes int) (*regexp.Regexp, Size, error) {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBytes
	}
	if len(src) > maxBytes {
		return nil, Size{}, &diag.Problem{Source: src, Offset: maxBytes, Code: diag.TooLong,
			Msg: fmt.Sprintf("the regular expression is %d bytes long, more than the limit of %d", len(src), maxBytes)}
	}
	re, err := syntax.Parse(src, syntax.Perl)
	if err != nil {
		return nil, Size{}, err
	}
	if n := size(re, int64(maxBytes)); n > int64(maxBytes) {
		return nil, Size{}, &diag.Problem{Source: src, Offset: 0, Code: diag.TooLarge,
			Msg: fmt.Sprintf("the regular expression expands to more than %d steps once its repetitions are written out (x{n} counts x n times)", maxBytes)}
	}
	prog, err := syntax.Compile(re.Simplify())
	if err != nil {
		return nil, Size{}, err
	}
	compiled, err := regexp.Compile(src)
	if err != nil {
		return nil, Size{}, err
	}
	return compiled, progSize(prog, len(src)), nil
}

// progSize measures a program. The regexp package keeps the program and,
// for some patterns, a one-pass copy of it: both are counted.
func progSize(prog *syntax.Prog, srcLen int) Size {
	const instBytes = 40 // Op, Out, Arg and the Rune slice header
	runes := 0
	for i := range prog.Inst {
		runes += len(prog.Inst[i].Rune)
	}
	return Size{Insts: len(prog.Inst), Bytes: 2*(len(prog.Inst)*instBytes+runes*4) + 2*srcLen}
}

// size estimates the steps of the program of re, about what
// regexp/syntax compiles it to; it stops counting past limit.
func size(re *syntax.Regexp, limit int64) int64 {
	var n int64
	switch re.Op {
	case syntax.OpLiteral:
		n = int64(len(re.Rune))
	case syntax.OpCapture:
		n = 1 + size(re.Sub[0], limit)
	case syntax.OpStar, syntax.OpPlus, syntax.OpQuest:
		n = 1 + size(re.Sub[0], limit)
	case syntax.OpConcat, syntax.OpAlternate:
		for _, sub := range re.Sub {
			if n += 1 + size(sub, limit); n > limit {
				return n
			}
		}
	case syntax.OpRepeat:
		times := int64(max(re.Min, re.Max))
		n = 1 + times*size(re.Sub[0], limit)
	default:
		n = 1
	}
	return min(n, limit+1)
}

// Insts returns the size of re's program, in instructions: matching one
// byte of text costs at most this many steps. It compiles the pattern
// again: Measure gives it at no cost.
func Insts(re *regexp.Regexp) int {
	if re == nil {
		return 0
	}
	parsed, err := syntax.Parse(re.String(), syntax.Perl)
	if err != nil {
		return 1
	}
	prog, err := syntax.Compile(parsed.Simplify())
	if err != nil {
		return 1
	}
	return len(prog.Inst)
}
