package eval

import (
	"encoding/json"

	"github.com/verdict-rules/verdict/conditions"
	"github.com/verdict-rules/verdict/document"
	"github.com/verdict-rules/verdict/mask"
)

// evidence is what the traces of one case need to say where each value
// came from and to hide what a mask hides.
type evidence struct {
	root    *document.Value
	index   map[*document.Value]string // every node of the case → its JSON Pointer
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
		mc, err := m.Apply(in.Case, ev.index, mask.Bounds{MaxValues: in.Env.MaxValues, MaxVisits: in.Env.MaxVisits})
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

// MaskText hides in a text for people what the mask of Evidence hides.
func (in *Input) MaskText(s string) string {
	if ev := in.current(); ev != nil && ev.mask != nil {
		return ev.mask.Text(s)
	}
	return s
}

// indexNodes maps every node of a document to its JSON Pointer: the
// values paths yield are nodes of the case, so each one's place is a
// lookup. It is linear in the size of the document.
func indexNodes(root *document.Value) map[*document.Value]string {
	index := map[*document.Value]string{}
	var walk func(v *document.Value, p string)
	walk = func(v *document.Value, p string) {
		index[v] = p
		switch v.Kind() {
		case document.Array:
			for i := 0; i < v.Len(); i++ {
				walk(v.Index(i), document.IndexPointer(p, i))
			}
		case document.Object:
			for i := 0; i < v.Len(); i++ {
				walk(v.Index(i), document.JoinPointer(p, v.Key(i)))
			}
		}
	}
	if root != nil {
		walk(root, "")
	}
	return index
}

// sources returns the pointers of values, conditions.Computed for those
// that are not nodes of the case; nil without evidence.
func (ev *evidence) sourcesOf(vals []*document.Value) []string {
	if ev == nil || !ev.sources {
		return nil
	}
	out := make([]string, len(vals))
	for i, v := range vals {
		p, ok := ev.index[v]
		if !ok {
			p = conditions.Computed
		}
		out[i] = p
	}
	return out
}

// pointer returns the pointer of a value, "" when it is not in the case.
func (ev *evidence) pointer(v *document.Value) string {
	if ev == nil {
		return ""
	}
	return ev.index[v]
}

// raw writes values as the trace shows them: with what the mask hides as
// tokens.
func (ev *evidence) raw(vals []*document.Value) []json.RawMessage {
	if ev == nil || ev.mask.Empty() {
		return rawValues(vals)
	}
	out := make([]json.RawMessage, len(vals))
	for i, v := range vals {
		p, ok := ev.index[v]
		if !ok {
			p = ""
		}
		out[i], _ = ev.mask.JSON(v, p, ok)
	}
	return out
}
