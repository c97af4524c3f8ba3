package jsonpath

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/verdict-rules/verdict/diag"
	"github.com/verdict-rules/verdict/document"
)

// longPath is the length past which a limit's error shows an excerpt of
// the path rather than all of it.
const longPath = 200

// excerpt returns about 100 bytes of s around byte off, cut at character
// boundaries, and where they start in s.
func excerpt(s string, off int) (string, int) {
	start := max(0, min(off, len(s))-60)
	for start > 0 && !utf8.RuneStart(s[start]) {
		start--
	}
	end := min(len(s), start+100)
	for end < len(s) && !utf8.RuneStart(s[end]) {
		end++
	}
	return s[start:end], start
}

// Path is a compiled JSONPath. It is immutable and safe for concurrent use.
type Path struct {
	src     string
	context string    // the computed context field the path reads, if any
	segs    []segment // the steps to walk (after the context field, if any)
	all     []segment // every step, as written
}

// String returns the path as written.
func (p *Path) String() string { return p.src }

// Context returns the name of the computed context field the path reads
// ($.context.<name>...), or "" for a path into the case.
func (p *Path) Context() string { return p.context }

type segKind uint8

const (
	segName    segKind = iota // .name, ['name'], [0]
	segWild                   // .* or [*]
	segDescend                // ..
	segSlice                  // [a:b:c]
	segUnion                  // [a,b]
	segFilter                 // [?(...)]
)

type segment struct {
	kind  segKind
	name  string       // segName
	key   document.Key // segName: name, prepared for lookups
	idx   int          // segName: the array index the name denotes, when isIdx
	isIdx bool
	slice [3]sliceBound
	parts []segment // segUnion: names and slices
	expr  *expr     // segFilter
	fast  *memberEq // segFilter: the common @.a.b === 'literal' shape, when it is that
	raw   string    // segSlice: the slice as written; segFilter: the expression
	// tok is the step as jsonpath-plus's tokenizer cuts it; quotedTok
	// marks a token it reads as quoted names. They decide its "literal
	// priority" (see walker.walk).
	tok       string
	tokKey    document.Key // tok, prepared for lookups
	quotedTok bool
	inUnion   bool // a slice that is a part of a union
	off       int  // where the segment starts in the path
}

type sliceBound struct {
	set bool
	n   float64 // as JavaScript's Number() reads it
}

// Default limits of a Parser.
const (
	DefaultMaxPathBytes   = 4096
	DefaultMaxFilterDepth = 32
)

// Parser compiles JSONPaths within limits, so that a hostile path costs
// time and memory in proportion to its length and cannot exhaust the
// stack. The zero Parser uses the default limits.
type Parser struct {
	// MaxBytes bounds the length of a path (default 4,096 bytes).
	MaxBytes int
	// MaxDepth bounds how deep a filter nests: each parenthesis, each !
	// and each comparison chained to another (a == b == c) is a level
	// (default 32).
	MaxDepth int
}

// Parse compiles a JSONPath of the jsonpath-plus dialect with the default
// limits. Anything outside the grammar — method calls, script indexes, "$"
// inside filters — is a *diag.Problem with the byte offset (in Offset) and the path (in Source) of the problem.
func Parse(src string) (*Path, error) { return Parser{}.Parse(src) }

// Parse compiles a JSONPath of the jsonpath-plus dialect. Anything outside
// the grammar, and a path beyond the parser's limits (code "too_long" or
// diag.TooDeep), is a *diag.Problem with the byte offset (in Offset) and the path (in Source) of the problem.
func (ps Parser) Parse(src string) (*Path, error) {
	maxBytes, maxDepth := ps.MaxBytes, ps.MaxDepth
	if maxBytes <= 0 {
		maxBytes = DefaultMaxPathBytes
	}
	if maxDepth <= 0 {
		maxDepth = DefaultMaxFilterDepth
	}
	if len(src) > maxBytes {
		return nil, &diag.Problem{Source: src, Offset: maxBytes, Code: diag.TooLong,
			Msg: fmt.Sprintf("the path is %d bytes long, more than the limit of %d", len(src), maxBytes)}
	}
	p := &parser{src: src, maxDepth: maxDepth}
	path, err := p.path()
	if err != nil {
		return nil, err
	}
	if err := checkJSONPathPlus(path); err != nil {
		return nil, err
	}
	return path, nil
}

// MustParse is Parse for paths known to be valid; it panics on error.
func MustParse(src string) *Path {
	p, err := Parse(src)
	if err != nil {
		panic(err)
	}
	return p
}

type parser struct {
	src      string
	i        int
	depth    int // how deep the filter being read nests here
	maxDepth int
}

// nest enters one more level of a filter, or reports that it nests past
// the limit.
func (p *parser) nest(off int) error {
	p.depth++
	if p.depth > p.maxDepth {
		return p.errorf(off, diag.TooDeep, "the filter nests more than %d levels deep (parentheses, ! and chained comparisons)", p.maxDepth)
	}
	return nil
}

func (p *parser) errorf(off int, code diag.Code, format string, args ...any) *diag.Problem {
	return &diag.Problem{Source: p.src, Offset: off, Code: code, Msg: fmt.Sprintf(format, args...)}
}

func (p *parser) found() string {
	if p.i >= len(p.src) {
		return "end of path"
	}
	r, _ := utf8.DecodeRuneInString(p.src[p.i:])
	return fmt.Sprintf("%q", r)
}

func (p *parser) path() (*Path, error) {
	if p.src == "" {
		return nil, p.errorf(0, diag.PathSyntax, "empty path: expected a path starting with $")
	}
	for i, r := range p.src {
		if r < 0x20 || r == 0x7f || r == '\u2028' || r == '\u2029' {
			return nil, p.errorf(i, diag.PathSyntax, "control character %U in path", r)
		}
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(p.src[i:]); size == 1 {
				return nil, p.errorf(i, diag.PathSyntax, "invalid UTF-8 in path")
			}
		}
	}
	if p.src[0] != '$' {
		if p.src[0] == '@' {
			return nil, p.errorf(0, diag.PathSyntax, "a path starts with $ (the case); @ is only for the current item inside a filter")
		}
		return nil, p.errorf(0, diag.PathSyntax, "expected a path starting with $, found %s", p.found())
	}
	p.i = 1
	// At most one step for each "." and "[" (two for ".."), so the steps
	// take one allocation.
	segs := make([]segment, 0, strings.Count(p.src, ".")+strings.Count(p.src, "[")+1)
	for p.i < len(p.src) {
		first, second, n, err := p.segment()
		if err != nil {
			return nil, err
		}
		segs = append(segs, first)
		if n == 2 {
			segs = append(segs, second)
		}
	}
	path := &Path{src: p.src, segs: segs, all: segs}
	if len(segs) > 0 && segs[0].kind == segName && segs[0].name == "context" {
		if len(segs) < 2 || segs[1].kind != segName {
			off := len(p.src)
			if len(segs) >= 2 {
				off = segs[1].off
			}
			return nil, p.errorf(off, diag.PathSyntax, "$.context holds computed fields: name one, as in $.context.company_age")
		}
		path.context = segs[1].name
		path.segs = segs[2:]
	}
	return path, nil
}

// segment reads one step, or two (n) for "..name".
func (p *parser) segment() (first, second segment, n int, err error) {
	start := p.i
	switch c := p.src[p.i]; c {
	case '.':
		if strings.HasPrefix(p.src[p.i:], "..") {
			p.i += 2
			if p.i >= len(p.src) {
				return first, second, 0, p.errorf(p.i, diag.PathSyntax, "expected a name, * or [ after ..")
			}
			desc := segment{kind: segDescend, off: start}
			switch p.src[p.i] {
			case '.':
				return first, second, 0, p.errorf(p.i, diag.PathSyntax, "too many dots: use .. for recursive descent")
			case '[':
				next, err := p.bracket()
				if err != nil {
					return first, second, 0, err
				}
				return desc, next, 2, nil
			case '*':
				p.i++
				return desc, segment{kind: segWild, off: p.i - 1}, 2, nil
			}
			name, err := p.dotName()
			if err != nil {
				return first, second, 0, err
			}
			return desc, name, 2, nil
		}
		p.i++
		if p.i >= len(p.src) {
			return first, second, 0, p.errorf(p.i, diag.PathSyntax, "expected a name or * after .")
		}
		if p.src[p.i] == '*' {
			p.i++
			return segment{kind: segWild, off: start}, second, 1, nil
		}
		if p.src[p.i] == '[' {
			return first, second, 0, p.errorf(p.i, diag.PathSyntax, "unexpected [ after .: write $.a[0] or $.a['b'], not $.a.[0]")
		}
		s, err := p.dotName()
		if err != nil {
			return first, second, 0, err
		}
		return s, second, 1, nil
	case '[':
		s, err := p.bracket()
		if err != nil {
			return first, second, 0, err
		}
		return s, second, 1, nil
	case ' ', '\t':
		return first, second, 0, p.errorf(p.i, diag.PathSyntax, "unexpected space: spaces are allowed only inside quotes and filters")
	}
	return first, second, 0, p.errorf(p.i, diag.PathSyntax, "unexpected %s: expected . or [", p.found())
}

func isNameRune(r rune) bool {
	return r == '_' || r == '$' || r == '-' || unicode.IsLetter(r) || unicode.IsDigit(r)
}

// dotName reads the name after "." or "..".
func (p *parser) dotName() (segment, error) {
	start := p.i
	for p.i < len(p.src) {
		r, size := utf8.DecodeRuneInString(p.src[p.i:])
		if !isNameRune(r) {
			break
		}
		p.i += size
	}
	if p.i == start {
		switch p.src[p.i] {
		case '(':
			return segment{}, p.errorf(p.i, diag.PathUnsupported, "script expressions are not supported")
		case '@':
			return segment{}, p.errorf(p.i, diag.PathUnsupported, "jsonpath-plus type selectors such as @string() are not supported")
		case '^', '~':
			return segment{}, p.errorf(p.i, diag.PathUnsupported, "the jsonpath-plus operators ^ (parent) and ~ (property name) are not supported")
		case '`':
			return segment{}, p.errorf(p.i, diag.PathUnsupported, "backtick-escaped names are not supported: use ['name']")
		}
		return segment{}, p.errorf(p.i, diag.PathSyntax, "expected a name, found %s", p.found())
	}
	if p.i < len(p.src) {
		switch c := p.src[p.i]; c {
		case '.', '[':
		case '(':
			return segment{}, p.errorf(p.i, diag.PathUnsupported, "method calls are not supported")
		default:
			return segment{}, p.errorf(p.i, diag.PathSyntax, "unexpected %s in a name: use ['...'] for names with other characters", p.found())
		}
	}
	return nameSegment(p.src[start:p.i], start), nil
}

func nameSegment(name string, off int) segment {
	s := segment{kind: segName, name: name, key: document.NewKey(name), off: off}
	if i, ok := canonicalIndex(name); ok {
		s.idx, s.isIdx = i, true
	}
	return s
}

// canonicalIndex reports whether name is an array index as JavaScript
// writes it ("0", "12", not "01" or "-1").
func canonicalIndex(name string) (int, bool) {
	if name == "" || len(name) > 15 || (len(name) > 1 && name[0] == '0') {
		return 0, false
	}
	n := 0
	for i := 0; i < len(name); i++ {
		if name[i] < '0' || name[i] > '9' {
			return 0, false
		}
		n = n*10 + int(name[i]-'0')
	}
	return n, true
}

// bracket reads "[...]".
func (p *parser) bracket() (segment, error) {
	start := p.i
	p.i++ // [
	if p.i >= len(p.src) {
		return segment{}, p.errorf(start, diag.PathSyntax, "unclosed [")
	}
	switch c := p.src[p.i]; {
	case c == '?':
		return p.filter(start)
	case c == '(':
		return segment{}, p.errorf(p.i, diag.PathUnsupported, "script expressions [(...)] are not supported: they run code")
	case c == '*':
		p.i++
		if err := p.close(start); err != nil {
			return segment{}, err
		}
		return segment{kind: segWild, off: start}, nil
	case c == ']':
		return segment{}, p.errorf(p.i, diag.PathSyntax, "empty brackets: expected an index, a quoted name, *, a slice or a filter")
	case c == ' ' || c == '\t':
		return segment{}, p.errorf(p.i, diag.PathSyntax, "unexpected space: write [0] or ['name'] without spaces")
	}
	var parts []segment
	for {
		part, err := p.selector()
		if err != nil {
			return segment{}, err
		}
		parts = append(parts, part)
		if p.i < len(p.src) && p.src[p.i] == ',' {
			p.i++
			continue
		}
		break
	}
	if err := p.close(start); err != nil {
		return segment{}, err
	}
	if len(parts) == 1 {
		parts[0].off = start
		parts[0].name = strings.TrimPrefix(parts[0].name, quoteMark)
		return parts[0], nil
	}
	quoted, plain := 0, 0
	for _, s := range parts {
		if s.kind == segName && s.quoted() {
			quoted++
		} else {
			plain++
		}
	}
	if quoted > 0 && plain > 0 {
		return segment{}, p.errorf(start, "path_ambiguous", "a union cannot mix quoted names with indexes or slices: jsonpath-plus reads it wrongly")
	}
	for i := range parts {
		parts[i].name = strings.TrimPrefix(parts[i].name, quoteMark)
		parts[i].inUnion = true
	}
	return segment{kind: segUnion, parts: parts, off: start}, nil
}

// quoteMark tags quoted names while a union is read, so unions can check
// that they do not mix quoted and plain selectors.
const quoteMark = "\x00q"

func (s segment) quoted() bool { return strings.HasPrefix(s.name, quoteMark) }

func (p *parser) close(start int) error {
	if p.i >= len(p.src) {
		return p.errorf(start, diag.PathSyntax, "unclosed [: expected ]")
	}
	if p.src[p.i] != ']' {
		if p.src[p.i] == ' ' || p.src[p.i] == '\t' {
			return p.errorf(p.i, diag.PathSyntax, "unexpected space: spaces are allowed only inside quotes and filters")
		}
		return p.errorf(p.i, diag.PathSyntax, "unexpected %s: expected ]", p.found())
	}
	p.i++
	return nil
}

// selector reads one member of a bracket: an index, a quoted name or a
// slice.
func (p *parser) selector() (segment, error) {
	if p.i >= len(p.src) {
		return segment{}, p.errorf(p.i, diag.PathSyntax, "unclosed [: expected ]")
	}
	start := p.i
	switch c := p.src[p.i]; {
	case c == '\'' || c == '"':
		s, err := p.quotedName()
		if err != nil {
			return segment{}, err
		}
		seg := nameSegment(s, start)
		seg.name = quoteMark + seg.name
		return seg, nil
	case c == '-' || c == ':' || (c >= '0' && c <= '9'):
		var b [3]sliceBound
		colons := 0
		for {
			numStart := p.i
			if p.i < len(p.src) && p.src[p.i] == '-' {
				p.i++
			}
			for p.i < len(p.src) && p.src[p.i] >= '0' && p.src[p.i] <= '9' {
				p.i++
			}
			text := p.src[numStart:p.i]
			if text == "-" {
				return segment{}, p.errorf(numStart, diag.PathSyntax, "expected a digit after -")
			}
			if text != "" {
				n, _ := strconv.ParseFloat(text, 64)
				b[colons] = sliceBound{set: true, n: n}
			}
			if p.i < len(p.src) && p.src[p.i] == ':' && colons < 2 {
				colons++
				p.i++
				continue
			}
			break
		}
		if colons == 0 {
			text := p.src[start:p.i]
			if len(text) > 1 && (text[0] == '0' || strings.HasPrefix(text, "-0")) {
				return segment{}, p.errorf(start, diag.PathSyntax, "index %s has a leading zero", text)
			}
			if text[0] == '-' {
				// jsonpath-plus yields nothing for a negative index; keep it
				// as a name no array has, so the path yields nothing too.
				return segment{kind: segName, name: text, key: document.NewKey(text), off: start}, nil
			}
			return nameSegment(text, start), nil
		}
		return segment{kind: segSlice, slice: b, off: start, raw: p.src[start:p.i]}, nil
	case c == '*':
		return segment{}, p.errorf(p.i, "path_ambiguous", "* inside a union is not supported")
	case c == '?':
		return segment{}, p.errorf(p.i, diag.PathSyntax, "a filter must be alone in its brackets: [?(...)]")
	case c == '$':
		return segment{}, p.errorf(p.i, diag.PathUnsupported, "$ is only allowed at the start of a path")
	}
	return segment{}, p.errorf(p.i, diag.PathSyntax, "unexpected %s: expected an index, a quoted name, * or a filter inside [ ]", p.found())
}

// quotedName reads a single- or double-quoted name. The escapes are those
// jsonpath-plus undoes in quoted names: \' \" and \\.
func (p *parser) quotedName() (string, error) {
	start := p.i
	q := p.src[p.i]
	p.i++
	var b strings.Builder
	for p.i < len(p.src) {
		c := p.src[p.i]
		switch c {
		case q:
			p.i++
			return b.String(), nil
		case '\\':
			if p.i+1 < len(p.src) && (p.src[p.i+1] == '\'' || p.src[p.i+1] == '"' || p.src[p.i+1] == '\\') {
				b.WriteByte(p.src[p.i+1])
				p.i += 2
				continue
			}
			return "", p.errorf(p.i, diag.PathSyntax, `unsupported escape in a quoted name: only \' \" and \\ are allowed`)
		}
		b.WriteByte(c)
		p.i++
	}
	return "", p.errorf(start, diag.PathSyntax, "unterminated quoted name")
}

// filter reads "[?(...)]".
func (p *parser) filter(start int) (segment, error) {
	p.i++ // ?
	if p.i >= len(p.src) || p.src[p.i] != '(' {
		return segment{}, p.errorf(p.i, diag.PathSyntax, "expected ( after [?: write [?(@.type==='x')]")
	}
	open := p.i
	p.i++
	e, err := p.expression()
	if err != nil {
		return segment{}, err
	}
	p.space()
	if p.i >= len(p.src) || p.src[p.i] != ')' {
		if p.i >= len(p.src) {
			return segment{}, p.errorf(open, diag.PathSyntax, "unclosed ( in filter")
		}
		return segment{}, p.errorf(p.i, diag.PathSyntax, "unexpected %s in filter: expected an operator or )", p.found())
	}
	code := p.src[open+1 : p.i]
	p.i++
	if p.i >= len(p.src) || p.src[p.i] != ']' {
		return segment{}, p.errorf(p.i, diag.PathSyntax, "expected ] after the filter's )")
	}
	p.i++
	return segment{kind: segFilter, expr: e, fast: fastFilter(e), off: start, raw: code}, nil
}

// Filter expressions.

type opKind uint8

const (
	opNone opKind = iota
	opOr
	opAnd
	opEq     // ==
	opNe     // !=
	opStrict // ===
	opNotStrict
	opLT
	opLE
	opGT
	opGE
	opNot
)

type exprKind uint8

const (
	exLiteral exprKind = iota
	exCurrent          // @ followed by member reads
	exUnary            // !x
	exBinary
)

type expr struct {
	kind    exprKind
	op      opKind
	lit     jsValue
	members []member
	x, y    *expr
	// list holds the operands of && and ||, which are read as one node
	// however many there are, so a long chain does not nest.
	list []*expr
	off  int
}

type member struct {
	name  string
	key   document.Key
	idx   int
	isIdx bool
}

func (p *parser) space() {
	for p.i < len(p.src) && (p.src[p.i] == ' ' || p.src[p.i] == '\t') {
		p.i++
	}
}

func (p *parser) expression() (*expr, error) { return p.binary(0) }

// precedence levels, lowest first, as in JavaScript.
var levels = [][]struct {
	tok string
	op  opKind
}{
	{{"||", opOr}},
	{{"&&", opAnd}},
	{{"===", opStrict}, {"!==", opNotStrict}, {"==", opEq}, {"!=", opNe}},
	{{"<=", opLE}, {">=", opGE}, {"<", opLT}, {">", opGT}},
}

func (p *parser) binary(level int) (*expr, error) {
	if level == len(levels) {
		return p.unary()
	}
	x, err := p.binary(level + 1)
	if err != nil {
		return nil, err
	}
	// Comparisons chain to the left: each one more nests the tree.
	chained := 0
	defer func() { p.depth -= chained }()
	for {
		p.space()
		var op opKind
		off := p.i
		for _, cand := range levels[level] {
			if strings.HasPrefix(p.src[p.i:], cand.tok) {
				op = cand.op
				p.i += len(cand.tok)
				break
			}
		}
		if op == opNone {
			return x, nil
		}
		if err := p.rejectOperatorTail(off); err != nil {
			return nil, err
		}
		if op == opAnd || op == opOr {
			y, err := p.binary(level + 1)
			if err != nil {
				return nil, err
			}
			if x.kind == exBinary && x.op == op && x.list != nil {
				x.list = append(x.list, y)
			} else {
				x = &expr{kind: exBinary, op: op, list: []*expr{x, y}, off: off}
			}
			continue
		}
		if x.kind == exBinary {
			chained++
			if err := p.nest(off); err != nil {
				return nil, err
			}
		}
		y, err := p.binary(level + 1)
		if err != nil {
			return nil, err
		}
		x = &expr{kind: exBinary, op: op, x: x, y: y, off: off}
	}
}

// rejectOperatorTail catches operators that start like ours but are not
// (<<, >>, ||=, ...).
func (p *parser) rejectOperatorTail(off int) error {
	if p.i < len(p.src) {
		switch p.src[p.i] {
		case '<', '>', '=', '|', '&':
			return p.errorf(off, diag.PathUnsupported, "operator %q is not supported in filters", p.src[off:p.i+1])
		}
	}
	return nil
}

func (p *parser) unary() (*expr, error) {
	p.space()
	if p.i >= len(p.src) {
		return nil, p.errorf(p.i, diag.PathSyntax, "unexpected end of path in filter: expected a value")
	}
	off := p.i
	switch c := p.src[p.i]; {
	case c == '!':
		if strings.HasPrefix(p.src[p.i:], "!=") {
			return nil, p.errorf(p.i, diag.PathSyntax, "unexpected != : expected a value")
		}
		p.i++
		if err := p.nest(off); err != nil {
			return nil, err
		}
		x, err := p.unary()
		p.depth--
		if err != nil {
			return nil, err
		}
		return &expr{kind: exUnary, op: opNot, x: x, off: off}, nil
	case c == '-' || c == '+':
		p.i++
		p.space()
		if c == '-' && p.i < len(p.src) && (isDigit(p.src[p.i]) || p.src[p.i] == '.') {
			lit, err := p.number()
			if err != nil {
				return nil, err
			}
			lit.lit.n = -lit.lit.n
			lit.off = off
			return lit, nil
		}
		return nil, p.errorf(off, diag.PathUnsupported, "arithmetic is not supported in filters")
	case c == '(':
		p.i++
		if err := p.nest(off); err != nil {
			return nil, err
		}
		x, err := p.expression()
		p.depth--
		if err != nil {
			return nil, err
		}
		p.space()
		if p.i >= len(p.src) || p.src[p.i] != ')' {
			return nil, p.errorf(off, diag.PathSyntax, "unclosed ( in filter")
		}
		p.i++
		return p.postfix(x)
	case c == '\'' || c == '"':
		s, err := p.stringLiteral()
		if err != nil {
			return nil, err
		}
		return p.postfix(&expr{kind: exLiteral, lit: jsValue{kind: jsString, s: s}, off: off})
	case isDigit(c) || c == '.':
		x, err := p.number()
		if err != nil {
			return nil, err
		}
		return p.postfix(x)
	case c == '@':
		return p.current()
	case c == '$':
		return nil, p.errorf(p.i, diag.PathUnsupported, "$ inside a filter is not supported: a filter can only look at the current item @")
	case c == '[' || c == '{':
		return nil, p.errorf(p.i, diag.PathUnsupported, "array and object literals are not supported in filters")
	case c == '/':
		return nil, p.errorf(p.i, diag.PathUnsupported, "regular expression literals are not supported in filters: use the matches condition")
	case c == '`':
		return nil, p.errorf(p.i, diag.PathUnsupported, "template literals are not supported in filters")
	case c == '~':
		return nil, p.errorf(p.i, diag.PathUnsupported, "operator \"~\" is not supported in filters")
	}
	word := p.word()
	switch word {
	case "true":
		return p.postfix(&expr{kind: exLiteral, lit: jsValue{kind: jsBool, b: true}, off: off})
	case "false":
		return p.postfix(&expr{kind: exLiteral, lit: jsValue{kind: jsBool}, off: off})
	case "null":
		return p.postfix(&expr{kind: exLiteral, lit: jsValue{kind: jsNull}, off: off})
	case "":
		return nil, p.errorf(off, diag.PathSyntax, "unexpected %s in filter: expected a value", p.found())
	case "typeof", "void", "new", "delete", "in", "instanceof", "this", "undefined", "function", "var", "let", "const":
		return nil, p.errorf(off, diag.PathUnsupported, "%q is not supported in filters", word)
	}
	return nil, p.errorf(off, diag.PathUnsupported, "unknown name %q in filter: refer to the current item as @ (as in @.%s)", word, word)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func (p *parser) word() string {
	start := p.i
	for p.i < len(p.src) {
		r, size := utf8.DecodeRuneInString(p.src[p.i:])
		if !(r == '_' || r == '$' || unicode.IsLetter(r) || (p.i > start && unicode.IsDigit(r))) {
			break
		}
		p.i += size
	}
	return p.src[start:p.i]
}

// postfix rejects member reads and calls on anything but @.
func (p *parser) postfix(x *expr) (*expr, error) {
	p.space()
	if p.i < len(p.src) {
		switch p.src[p.i] {
		case '.', '[':
			if x.kind == exLiteral {
				return nil, p.errorf(p.i, diag.PathUnsupported, "member reads on literals are not supported in filters")
			}
			return nil, p.errorf(p.i, diag.PathUnsupported, "member reads are only supported on @")
		case '(':
			return nil, p.errorf(p.i, diag.PathUnsupported, "function calls are not supported in filters")
		case '?':
			return nil, p.errorf(p.i, diag.PathUnsupported, "the conditional operator ?: is not supported in filters")
		case '=':
			if !strings.HasPrefix(p.src[p.i:], "==") {
				return nil, p.errorf(p.i, diag.PathUnsupported, "assignment is not supported in filters: compare with == or ===")
			}
		case '+', '-', '*', '/', '%':
			return nil, p.errorf(p.i, diag.PathUnsupported, "arithmetic is not supported in filters")
		case '|', '&':
			if !strings.HasPrefix(p.src[p.i:], "||") && !strings.HasPrefix(p.src[p.i:], "&&") {
				return nil, p.errorf(p.i, diag.PathUnsupported, "bitwise operators are not supported in filters")
			}
		case '^':
			return nil, p.errorf(p.i, diag.PathUnsupported, "bitwise operators are not supported in filters")
		case ',':
			return nil, p.errorf(p.i, diag.PathUnsupported, "the comma operator is not supported in filters")
		case ';':
			return nil, p.errorf(p.i, diag.PathUnsupported, "statements are not supported in filters")
		}
		if w := p.peekWord(); w == "in" || w == "instanceof" {
			return nil, p.errorf(p.i, diag.PathUnsupported, "%q is not supported in filters", w)
		}
	}
	return x, nil
}

func (p *parser) peekWord() string {
	save := p.i
	w := p.word()
	p.i = save
	return w
}

// current reads "@" and the member reads after it.
func (p *parser) current() (*expr, error) {
	off := p.i
	p.i++ // @
	if p.i < len(p.src) {
		r, _ := utf8.DecodeRuneInString(p.src[p.i:])
		if r == '_' || r == '$' || unicode.IsLetter(r) || unicode.IsDigit(r) {
			w := p.word()
			switch w {
			case "root", "parent", "parentProperty", "property", "path":
				return nil, p.errorf(off, diag.PathUnsupported, "@%s is not supported: a filter can only look at the current item @", w)
			}
			return nil, p.errorf(off, diag.PathUnsupported, "@%s is not supported: write @.%s for a member of the current item", w, w)
		}
	}
	x := &expr{kind: exCurrent, off: off}
	for p.i < len(p.src) {
		switch p.src[p.i] {
		case '.':
			p.i++
			if p.i < len(p.src) && p.src[p.i] == '.' {
				return nil, p.errorf(p.i-1, diag.PathUnsupported, "recursive descent is not supported inside filters")
			}
			start := p.i
			for p.i < len(p.src) {
				r, size := utf8.DecodeRuneInString(p.src[p.i:])
				if !(r == '_' || r == '$' || unicode.IsLetter(r) || (p.i > start && unicode.IsDigit(r))) {
					break
				}
				p.i += size
			}
			if p.i == start {
				if p.i < len(p.src) && p.src[p.i] == '*' {
					return nil, p.errorf(p.i, diag.PathUnsupported, "wildcards are not supported inside filters")
				}
				return nil, p.errorf(p.i, diag.PathSyntax, "expected a member name after . in filter, found %s", p.found())
			}
			x.members = append(x.members, memberOf(p.src[start:p.i]))
		case '[':
			bstart := p.i
			p.i++
			p.space()
			if p.i >= len(p.src) {
				return nil, p.errorf(bstart, diag.PathSyntax, "unclosed [ in filter")
			}
			switch c := p.src[p.i]; {
			case c == '\'' || c == '"':
				s, err := p.stringLiteral()
				if err != nil {
					return nil, err
				}
				x.members = append(x.members, memberOf(s))
			case isDigit(c):
				ns := p.i
				for p.i < len(p.src) && isDigit(p.src[p.i]) {
					p.i++
				}
				text := p.src[ns:p.i]
				if len(text) > 1 && text[0] == '0' || len(text) > 15 {
					return nil, p.errorf(ns, diag.PathSyntax, "index %s in filter must be written without leading zeros", text)
				}
				x.members = append(x.members, memberOf(text))
			case c == '?':
				return nil, p.errorf(p.i, diag.PathUnsupported, "nested filters are not supported")
			case c == '(':
				return nil, p.errorf(p.i, diag.PathUnsupported, "script expressions are not supported")
			case c == '*':
				return nil, p.errorf(p.i, diag.PathUnsupported, "wildcards are not supported inside filters")
			default:
				return nil, p.errorf(p.i, diag.PathUnsupported, "computed member reads are not supported in filters: use a quoted name or an index")
			}
			p.space()
			if p.i >= len(p.src) || p.src[p.i] != ']' {
				return nil, p.errorf(bstart, diag.PathSyntax, "unclosed [ in filter: expected ]")
			}
			p.i++
		case '(':
			return nil, p.errorf(p.i, diag.PathUnsupported, "method calls are not supported in filters")
		default:
			return p.postfix(x)
		}
	}
	return x, nil
}

func memberOf(name string) member {
	m := member{name: name, key: document.NewKey(name)}
	m.idx, m.isIdx = canonicalIndex(name)
	return m
}

// stringLiteral reads a filter string literal with the escapes the
// jsonpath-plus expression parser (jsep) knows.
func (p *parser) stringLiteral() (string, error) {
	start := p.i
	q := p.src[p.i]
	p.i++
	var b strings.Builder
	for p.i < len(p.src) {
		c := p.src[p.i]
		if c == q {
			p.i++
			return b.String(), nil
		}
		if c != '\\' {
			b.WriteByte(c)
			p.i++
			continue
		}
		if p.i+1 >= len(p.src) {
			break
		}
		e := p.src[p.i+1]
		switch e {
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'v':
			b.WriteByte('\v')
		case '\\', '\'', '"':
			b.WriteByte(e)
		default:
			return "", p.errorf(p.i, diag.PathSyntax, `unsupported escape \%c in a string: use \' \" \\ \n \r \t \b \f or \v`, e)
		}
		p.i += 2
	}
	return "", p.errorf(start, diag.PathSyntax, "unterminated string in filter")
}

// number reads a number literal as JavaScript's parser does: digits, an
// optional fraction and an optional exponent.
func (p *parser) number() (*expr, error) {
	start := p.i
	for p.i < len(p.src) && isDigit(p.src[p.i]) {
		p.i++
	}
	if p.i < len(p.src) && p.src[p.i] == '.' {
		p.i++
		for p.i < len(p.src) && isDigit(p.src[p.i]) {
			p.i++
		}
	}
	if p.i < len(p.src) && (p.src[p.i] == 'e' || p.src[p.i] == 'E') {
		p.i++
		if p.i < len(p.src) && (p.src[p.i] == '+' || p.src[p.i] == '-') {
			p.i++
		}
		es := p.i
		for p.i < len(p.src) && isDigit(p.src[p.i]) {
			p.i++
		}
		if p.i == es {
			return nil, p.errorf(start, diag.PathSyntax, "number %s has an empty exponent", p.src[start:p.i])
		}
	}
	text := p.src[start:p.i]
	if text == "." {
		return nil, p.errorf(start, diag.PathSyntax, "unexpected . in filter: expected a value")
	}
	if len(text) > 1 && text[0] == '0' && isDigit(text[1]) {
		return nil, p.errorf(start, diag.PathSyntax, "number %s has a leading zero", text)
	}
	if p.i < len(p.src) {
		r, _ := utf8.DecodeRuneInString(p.src[p.i:])
		if r == '_' || r == '$' || unicode.IsLetter(r) {
			return nil, p.errorf(p.i, diag.PathSyntax, "unexpected %s after the number %s", p.found(), text)
		}
	}
	f, err := strconv.ParseFloat(text, 64)
	if err != nil {
		f = math.Inf(1)
	}
	return &expr{kind: exLiteral, lit: jsValue{kind: jsNumber, n: f}, off: start}, nil
}

// Reads returns the JSON pointer under which the path reads the case: the
// longest leading run of plain names and indexes, before any wildcard,
// descent, slice, union, filter or .length. What the path selects depends
// on nothing outside that value (and the values above it, which hold it).
// all is true when that cannot be said: a computed context field (its
// definition may read anything), or a filter that may read from the root.
func (p *Path) Reads() (pointer string, all bool) {
	if p.context != "" {
		return "", true
	}
	for _, s := range p.segs {
		if s.kind == segFilter && strings.Contains(s.raw, "$") {
			return "", true
		}
	}
	for _, s := range p.segs {
		if s.kind != segName || s.name == "length" || (s.isIdx && s.idx < 0) || s.quotedTok {
			break
		}
		pointer = document.JoinPointer(pointer, s.name)
	}
	return pointer, false
}
