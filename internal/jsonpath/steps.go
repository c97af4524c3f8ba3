package jsonpath

// Steps describe a compiled path for static analysis: what each step
// reads, and the simple comparisons its filters make. The static checker
// walks them against a case schema.

// StepKind is the kind of a path step.
type StepKind uint8

// The kinds of steps.
const (
	StepName     StepKind = iota // .name, ['name'], [0]
	StepWildcard                 // .* or [*]
	StepDescend                  // ..
	StepSlice                    // [a:b:c]
	StepUnion                    // [a,b] or ['a','b']
	StepFilter                   // [?(...)]
)

// Step is one step of a path.
type Step struct {
	Kind   StepKind
	Offset int      // byte offset of the step in the path
	Name   string   // StepName: the member name (an index as its digits)
	Index  bool     // StepName: the name is an array index
	Names  []string // StepUnion: the names or indexes (slices left out)
	// Comparisons are the comparisons of a filter between a member of the
	// current item and a literal, like @.type === 'sanction'.
	Comparisons []Comparison
}

// Comparison is @.a.b OP literal in a filter (or literal OP @.a.b, turned
// around).
type Comparison struct {
	Members []string // the member names read from @ ("type"), empty for @ itself
	Op      string   // "==", "===", "!=", "!==", "<", "<=", ">", ">="
	Literal any      // string, float64, bool or nil
	// Required is true when the filter can only hold if this comparison
	// does: it is not under an || or a !.
	Required bool
	// Offset is the byte offset of the literal in the path; MemberOffset
	// that of the @ that starts the members.
	Offset, MemberOffset int
}

// Steps returns the steps of the path, after the context field for a
// context path.
func (p *Path) Steps() []Step {
	out := make([]Step, 0, len(p.segs))
	for _, s := range p.segs {
		st := Step{Offset: s.off}
		switch s.kind {
		case segName:
			st.Kind, st.Name, st.Index = StepName, s.name, s.isIdx
		case segWild:
			st.Kind = StepWildcard
		case segDescend:
			st.Kind = StepDescend
		case segSlice:
			st.Kind = StepSlice
		case segUnion:
			st.Kind = StepUnion
			for _, part := range s.parts {
				if part.kind == segName {
					st.Names = append(st.Names, part.name)
				}
			}
		case segFilter:
			st.Kind = StepFilter
			comparisons(s.expr, true, &st.Comparisons)
		}
		out = append(out, st)
	}
	return out
}

var opText = map[opKind]string{opEq: "==", opNe: "!=", opStrict: "===", opNotStrict: "!==",
	opLT: "<", opLE: "<=", opGT: ">", opGE: ">="}

// flipped turns literal OP @ into @ OP' literal.
var flipped = map[opKind]opKind{opLT: opGT, opLE: opGE, opGT: opLT, opGE: opLE,
	opEq: opEq, opNe: opNe, opStrict: opStrict, opNotStrict: opNotStrict}

func comparisons(e *expr, required bool, out *[]Comparison) {
	if e == nil {
		return
	}
	switch e.kind {
	case exUnary:
		comparisons(e.x, false, out)
	case exBinary:
		switch e.op {
		case opAnd, opOr:
			// Under ||, no operand is required for the filter to hold.
			for _, k := range e.list {
				comparisons(k, required && e.op == opAnd, out)
			}
			return
		}
		cur, lit, op := e.x, e.y, e.op
		if cur.kind == exLiteral && lit.kind == exCurrent {
			cur, lit, op = lit, cur, flipped[op]
		}
		if cur.kind != exCurrent || lit.kind != exLiteral {
			return
		}
		c := Comparison{Op: opText[op], Required: required, Offset: lit.off, MemberOffset: cur.off}
		for _, m := range cur.members {
			c.Members = append(c.Members, m.name)
		}
		switch lit.lit.kind {
		case jsString:
			c.Literal = lit.lit.s
		case jsNumber:
			c.Literal = lit.lit.n
		case jsBool:
			c.Literal = lit.lit.b
		case jsNull:
			c.Literal = nil
		}
		*out = append(*out, c)
	}
}
