package eval

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
