package jsonpath

// Many conditions of an automation, and more so of a set of automations,
// read the same paths, or paths that start with the same filter
// ($.checks[?(@.type==='sanction')]...). A Table gives each distinct path,
// and each distinct prefix that ends with a filter, a slot; a Memo fills
// each slot at most once per document.

// Table numbers distinct paths and filter prefixes. Add paths to it while
// compiling; it must not change once Memos are made from it.
type Table struct {
	index map[string]int
	slots []*Path
}

// Ref is a path registered in a Table.
type Ref struct {
	full   int   // the slot of the whole path
	prefix int   // the slot of the path up to its last filter, or -1
	suffix *Path // the steps after that filter
}

// NewTable returns an empty table.
func NewTable() *Table { return &Table{index: map[string]int{}} }

func (t *Table) slot(key string, p *Path) int {
	if i, ok := t.index[key]; ok {
		return i
	}
	t.index[key] = len(t.slots)
	t.slots = append(t.slots, p)
	return len(t.slots) - 1
}

// Add registers a path and returns its reference.
func (t *Table) Add(p *Path) Ref {
	r := Ref{full: t.slot("path "+p.src, p), prefix: -1}
	if p.context != "" {
		return r
	}
	last := -1
	for i, s := range p.segs {
		if s.kind == segFilter {
			last = i
		}
	}
	if last < 0 || last == len(p.segs)-1 {
		return r
	}
	end := p.segs[last+1].off
	prefix := &Path{src: p.src[:end], segs: p.segs[:last+1], all: p.all[:last+1]}
	r.prefix = t.slot("prefix "+prefix.src, prefix)
	r.suffix = &Path{src: p.src, segs: p.segs[last+1:]}
	return r
}

// Len returns the number of slots.
func (t *Table) Len() int { return len(t.slots) }

// Memo holds the values of a Table's paths on one document. It serves one
// evaluation at a time; Reset it for the next document.
type Memo struct {
	t    *Table
	vals [][]*Value
	done []bool
}

// NewMemo returns an empty memo for the table.
func (t *Table) NewMemo() *Memo {
	return &Memo{t: t, vals: make([][]*Value, len(t.slots)), done: make([]bool, len(t.slots))}
}

// Reset forgets the values, keeping the buffers.
func (m *Memo) Reset() {
	for i := range m.vals {
		clear(m.vals[i])
		m.vals[i] = m.vals[i][:0]
	}
	clear(m.done)
}

// Select returns the values of a registered path on root, computing them on
// first use. The slice belongs to the memo: read it, do not keep it.
func (m *Memo) Select(r Ref, root *Value, env *Env) ([]*Value, error) {
	if m.done[r.full] {
		return m.vals[r.full], nil
	}
	var out []*Value
	var err error
	if r.prefix < 0 {
		out, err = m.t.slots[r.full].Select(root, env, m.vals[r.full][:0])
	} else {
		starts, perr := m.fill(r.prefix, root, env)
		if perr != nil {
			return nil, perr
		}
		out, err = r.suffix.selectFrom(starts, env, m.vals[r.full][:0])
	}
	if err != nil {
		return out, err
	}
	m.vals[r.full], m.done[r.full] = out, true
	return out, nil
}

func (m *Memo) fill(slot int, root *Value, env *Env) ([]*Value, error) {
	if m.done[slot] {
		return m.vals[slot], nil
	}
	out, err := m.t.slots[slot].Select(root, env, m.vals[slot][:0])
	if err != nil {
		return nil, err
	}
	m.vals[slot], m.done[slot] = out, true
	return out, nil
}

// selectFrom walks the path's steps from each start value in turn, as the
// steps after a filter are walked from each item it keeps.
func (p *Path) selectFrom(starts []*Value, env *Env, dst []*Value) ([]*Value, error) {
	w := walker{p: p, dst: dst}
	if env != nil && env.MaxValues > 0 {
		w.limit = len(dst) + env.MaxValues
	}
	for _, s := range starts {
		w.walk(0, s, false)
	}
	if w.over {
		return w.dst, &LimitError{Path: p.src, Limit: env.MaxValues}
	}
	return w.dst, nil
}
