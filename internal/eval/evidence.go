package eval

import (
	"encoding/json"
	"slices"
	"strconv"

	"github.com/verdict-rules/verdict/conditions"
	"github.com/verdict-rules/verdict/document"
	"github.com/verdict-rules/verdict/mask"
)

// evidence is what the traces of one case need to say where each value
// came from and to hide what a mask hides.
type evidence struct {
	root    document.Value
	index   *nodeIndex // every node of the case
	m       *mask.Mask
	mask    *mask.Case // nil without a mask
	sources bool       // whether traces give Sources
}

// Evidence makes the traces of the evaluations of the Input's case give,
// with sources, the JSON Pointer each value came from in the case
// (Trace.Sources), and hide what m masks (nil: nothing) in traces and in
// MaskText. It indexes every node of the case, once per case; it lasts
// until the Input's Case changes or Forget. Its errors are those of a
// mask's path over the Input's bounds.
func (in *Input) Evidence(m *mask.Mask, sources bool) error {
	if ev := in.evidence; ev != nil && ev.root == in.Case && ev.m == m && ev.sources == sources {
		return nil
	}
	ev := &evidence{root: in.Case, index: indexNodes(in.Case), m: m, sources: sources}
	if m != nil {
		mc, err := m.Apply(in.Case, ev.index.has, mask.Bounds{MaxValues: in.Env.MaxValues, MaxVisits: in.Env.MaxVisits})
		if err != nil {
			return err
		}
		ev.mask = mc
	}
	in.evidence = ev
	return nil
}

// Forget drops what Evidence made, so that the Input keeps no case alive.
func (in *Input) Forget() { in.evidence = nil }

// current returns the evidence of the Input's case, or nil.
func (in *Input) current() *evidence {
	if ev := in.evidence; ev != nil && ev.root == in.Case {
		return ev
	}
	return nil
}

// MaskText hides in a text for people what the mask of Evidence hides,
// wherever the text has it (see mask.Case.Text): for a text verdict does
// not write, as an expression's error. The traces write each value of the
// case masked where they quote it, and nothing else.
func (in *Input) MaskText(s string) string {
	if ev := in.current(); ev != nil && ev.mask != nil {
		return ev.mask.Text(s)
	}
	return s
}

// MaskAt returns the JSON of the node of the case at pointer with what
// the mask of Evidence hides as tokens, and false when it hides nothing of
// it (or there is no such node).
func (in *Input) MaskAt(pointer string) (json.RawMessage, bool) {
	ev := in.current()
	if ev == nil || ev.mask.Empty() {
		return nil, false
	}
	v, ok := in.Case.At(pointer)
	if !ok {
		return nil, false
	}
	return ev.mask.JSON(v, ev.index.has(v))
}

// MaskToken returns, for a node of the case the mask of Evidence hides,
// its own token (as a record gives it); ok is false when it does not.
func (in *Input) MaskToken(v document.Value) (tok string, ok bool) {
	ev := in.current()
	if ev == nil || ev.mask.Empty() {
		return "", false
	}
	if _, ok := ev.mask.Covered(v, ev.index.has(v)); !ok {
		return "", false
	}
	return ev.mask.Token(v), true
}

// nodeIndex finds the place of a node of the case: the values paths yield
// are nodes of the case, so each one's place is a lookup, and its pointer
// is written only for the values a trace shows.
type nodeIndex struct {
	ids   map[document.Value]int32
	nodes []node
}

// node is a node's parent (-1 for the root) and its place in it.
type node struct {
	parent, pos int32
	v           document.Value
}

// indexNodes indexes every node of a document, in time and memory linear
// in its size.
func indexNodes(root document.Value) *nodeIndex {
	n := 0
	var count func(v document.Value)
	count = func(v document.Value) {
		n++
		if k := v.Kind(); k == document.Array || k == document.Object {
			for i := 0; i < v.Len(); i++ {
				count(v.Index(i))
			}
		}
	}
	if !root.Exists() {
		return &nodeIndex{}
	}
	count(root)
	x := &nodeIndex{ids: make(map[document.Value]int32, n), nodes: make([]node, 0, n)}
	var walk func(v document.Value, parent, pos int32)
	walk = func(v document.Value, parent, pos int32) {
		id := int32(len(x.nodes))
		x.ids[v] = id
		x.nodes = append(x.nodes, node{parent, pos, v})
		if k := v.Kind(); k == document.Array || k == document.Object {
			for i := 0; i < v.Len(); i++ {
				walk(v.Index(i), id, int32(i))
			}
		}
	}
	walk(root, -1, 0)
	return x
}

// has reports whether v is a node of the case.
func (x *nodeIndex) has(v document.Value) bool {
	_, ok := x.ids[v]
	return ok
}

// pointer returns the JSON Pointer of a node of the case, and false for a
// value that is not one.
func (x *nodeIndex) pointer(v document.Value) (string, bool) {
	id, ok := x.ids[v]
	if !ok {
		return "", false
	}
	var tokens []string
	for id > 0 {
		nd := x.nodes[id]
		parent := x.nodes[nd.parent].v
		if parent.Kind() == document.Array {
			tokens = append(tokens, strconv.Itoa(int(nd.pos)))
		} else {
			tokens = append(tokens, parent.Key(int(nd.pos)))
		}
		id = nd.parent
	}
	slices.Reverse(tokens)
	return document.JoinPointer("", tokens...), true
}

// sources returns the pointers of values, conditions.Computed for those
// that are not nodes of the case; nil without evidence.
func (ev *evidence) sourcesOf(vals []document.Value) []string {
	if ev == nil || !ev.sources {
		return nil
	}
	out := make([]string, len(vals))
	for i, v := range vals {
		p, ok := ev.index.pointer(v)
		if !ok {
			p = conditions.Computed
		}
		out[i] = p
	}
	return out
}
