package conditions

// Decider returns the pointer of the condition that settled n's outcome,
// as Trace.Decider finds it in a trace, without building one: in an and
// that fails, the first condition that fails (and, within it, its own
// decider); in an or that holds, the first that holds; through a not, its
// condition; otherwise n itself. It must be called right after n.Eval(in)
// returned holds: groups note, as they stop early, which condition stopped
// them, so nothing is evaluated again and nothing is allocated.
func Decider(n Node, in *Input, holds bool) string {
	in.decided(n, holds)
	return in.decider
}

// decided notes the decider of n, which has just come out as holds, when n
// settles the outcome of the group around it. A group that stopped early
// has already noted its own decider, the last note made before it
// returned; another group, or a leaf, is the decider itself.
func (in *Input) decided(n Node, holds bool) {
	for {
		switch x := n.(type) {
		case *group:
			if x.all != holds {
				return
			}
			in.decider = x.pointer
			return
		case *not:
			if x.x == nil {
				in.decider = x.pointer
				return
			}
			n, holds = x.x, !holds
		case *leaf:
			in.decider = x.pointer
			return
		case *nullTest:
			in.decider = x.pointer
			return
		case *every:
			in.decider = x.pointer
			return
		case *expression:
			in.decider = x.pointer
			return
		default:
			in.decider = ""
			return
		}
	}
}
