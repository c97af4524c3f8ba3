package jsonpath

import "github.com/verdict-rules/verdict/document"

// Many conditions of an automation, and more so of a set of automations,
// read the same paths, or paths that start with the same filter
// ($.checks[?(@.type==='sanction')]...). A Table gives each distinct path,
// and each distinct prefix that ends with a filter, a slot; a Memo fills
// each slot at most once per document.
//
// Prefixes that pick items of the same array by the same member
// ($.checks[?(@.type==='sanction')], $.checks[?(@.type==='credit_score')])
// form a group: the first one read fills them all in one pass over the
// array, reading each item's member once.

// Table numbers distinct paths and filter prefixes. Add paths to it while
// compiling; it must not change once Memos are made from it.
type Table struct {
	index  map[string]int
	slots  []*Path
	groups map[string]*group
	inGrp  []*group // by slot: the group of a filter prefix, or nil
	adds   []int    // by slot: how many times Add registered its path
}

// group is a set of filter prefixes base[?(@.m === 'text')] that differ
// only in their text.
type group struct {
	id    int
	base  *Path      // the steps before the filter
	fast  *memberEq  // the member chain (its text is the first prefix's)
	slots []int      // the prefixes' slots
	texts []string   // each prefix's text
	segs  []*segment // each prefix's filter, for items the fast test cannot decide
}

// Ref is a path registered in a Table.
type Ref struct {
	full   int   // the slot of the whole path
	prefix int   // the slot of the path up to its last filter, or -1
	suffix *Path // the steps after that filter
}

// NewTable returns an empty table.
func NewTable() *Table {
	return &Table{index: map[string]int{}, groups: map[string]*group{}}
}

func (t *Table) slot(key string, p *Path) int {
	if i, ok := t.index[key]; ok {
		return i
	}
	t.index[key] = len(t.slots)
	t.slots = append(t.slots, p)
	t.inGrp = append(t.inGrp, nil)
	t.adds = append(t.adds, 0)
	return len(t.slots) - 1
}

// Add registers a path and returns its reference.
func (t *Table) Add(p *Path) Ref {
	r := Ref{full: t.slot("path "+p.src, p), prefix: -1}
	t.adds[r.full]++
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
	n := len(t.slots)
	r.prefix = t.slot("prefix "+prefix.src, prefix)
	r.suffix = &Path{src: p.src, segs: p.segs[last+1:]}
	if r.prefix == n { // a new prefix
		t.group(r.prefix, prefix)
	}
	return r
}

// group adds a new filter prefix to the group of its base and member chain,
// when its filter has that shape.
func (t *Table) group(slot int, prefix *Path) {
	f := &prefix.segs[len(prefix.segs)-1]
	if f.fast == nil {
		return
	}
	baseSrc := prefix.src[:f.off]
	key := baseSrc
	for _, k := range f.fast.keys {
		key += "\x00" + k.String()
	}
	g := t.groups[key]
	if g == nil {
		g = &group{id: len(t.groups), base: &Path{src: baseSrc, segs: prefix.segs[:len(prefix.segs)-1]}, fast: f.fast}
		t.groups[key] = g
	}
	g.slots = append(g.slots, slot)
	g.texts = append(g.texts, f.fast.text)
	g.segs = append(g.segs, f)
	t.inGrp[slot] = g
}

// Len returns the number of slots.
func (t *Table) Len() int { return len(t.slots) }

// Memo holds the values of a Table's paths on one document. It serves one
// evaluation at a time; Reset it for the next document. Until then it
// keeps references into the last document it read.
type Memo struct {
	t    *Table
	vals [][]document.Value
	done []uint32 // a slot is filled when its mark is the current gen
	gen  uint32
	base []document.Value // what a group's base yields
	// declined[g] is the gen in which group g could not be filled in one
	// pass; its prefixes are then walked one by one.
	declined []uint32
	// ints[s] is what Value.Int reads of each of vals[s], when intsDone[s]
	// is the current gen: the conditions of a set compare the same values
	// with their own numbers.
	ints     [][]Int
	intsDone []uint32
	// texts[s] is, likewise, what Value.AsText reads of each of vals[s].
	texts     [][]Text
	textsDone []uint32
}

// Text is a value's text as Value.AsText reads it: OK is false for values
// that are not strings.
type Text struct {
	S  string
	OK bool
}

// Int is a value's integer as Value.Int reads it: OK is false for values
// that are not numbers written as integers of at most 18 bytes.
type Int struct {
	N  int64
	OK bool
}

// NewMemo returns an empty memo for the table.
func (t *Table) NewMemo() *Memo {
	return &Memo{t: t, vals: make([][]document.Value, len(t.slots)), done: make([]uint32, len(t.slots)),
		declined: make([]uint32, len(t.groups)), ints: make([][]Int, len(t.slots)), intsDone: make([]uint32, len(t.slots)),
		texts: make([][]Text, len(t.slots)), textsDone: make([]uint32, len(t.slots)),
		gen: 1}
}

// Reset forgets the values, keeping the buffers. It costs the same
// whatever the number of slots: a slot's buffer is reused when it is next
// filled.
func (m *Memo) Reset() {
	m.gen++
	if m.gen == 0 {
		clear(m.done)
		clear(m.declined)
		clear(m.intsDone)
		clear(m.textsDone)
		m.gen = 1
	}
}

// Shared reports whether more than one condition reads r: then its values
// are compared more than once, and Ints is worth asking for.
func (m *Memo) Shared(r Ref) bool { return m.t.adds[r.full] > 1 }

// Ints returns, for each value Select returned for r on the current
// document, its integer as Value.Int reads it, worked out once per
// document; nil when Select has not filled r.
func (m *Memo) Ints(r Ref) []Int {
	if m.intsDone[r.full] == m.gen {
		return m.ints[r.full]
	}
	return m.fillInts(r.full)
}

// fillInts is Ints for a slot not read yet on this document.
func (m *Memo) fillInts(s int) []Int {
	if m.done[s] != m.gen {
		return nil
	}
	out := m.ints[s][:0]
	for _, v := range m.vals[s] {
		n, ok := v.Int()
		out = append(out, Int{n, ok})
	}
	m.ints[s], m.intsDone[s] = out, m.gen
	return out
}

// Texts returns, for each value Select returned for r on the current
// document, its text as Value.AsText reads it, worked out once per
// document; nil when Select has not filled r.
func (m *Memo) Texts(r Ref) []Text {
	if m.textsDone[r.full] == m.gen {
		return m.texts[r.full]
	}
	return m.fillTexts(r.full)
}

// fillTexts is Texts for a slot not read yet on this document.
func (m *Memo) fillTexts(s int) []Text {
	if m.done[s] != m.gen {
		return nil
	}
	out := m.texts[s][:0]
	for _, v := range m.vals[s] {
		t, ok := v.AsText()
		out = append(out, Text{t, ok})
	}
	m.texts[s], m.textsDone[s] = out, m.gen
	return out
}

// Select returns the values of a registered path on root, computing them on
// first use. The slice belongs to the memo: read it, do not keep it.
func (m *Memo) Select(r Ref, root document.Value, env *Env) ([]document.Value, error) {
	if m.done[r.full] == m.gen {
		return m.vals[r.full], nil
	}
	var out []document.Value
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
	m.vals[r.full], m.done[r.full] = out, m.gen
	return out, nil
}

func (m *Memo) fill(slot int, root document.Value, env *Env) ([]document.Value, error) {
	if m.done[slot] == m.gen {
		return m.vals[slot], nil
	}
	if g := m.t.inGrp[slot]; g != nil && len(g.slots) > 1 && m.declined[g.id] != m.gen {
		if m.fillGroup(g, root, env) {
			return m.vals[slot], nil
		}
		m.declined[g.id] = m.gen
	}
	out, err := m.t.slots[slot].Select(root, env, m.vals[slot][:0])
	if err != nil {
		return nil, err
	}
	m.vals[slot], m.done[slot] = out, m.gen
	return out, nil
}

// fillGroup fills every prefix of a group in one pass over the items of
// the arrays its base yields; it runs before any of them is filled. It
// reports false, having marked none of them filled, when the base yields an
// object (whose members the filter would read with jsonpath-plus's literal
// priority) or more values than the limit, or a prefix would; the prefixes
// are then walked one by one.
func (m *Memo) fillGroup(g *group, root document.Value, env *Env) bool {
	var limit Env
	if env != nil {
		limit.MaxValues, limit.MaxVisits, limit.Ctx, limit.Steps = env.MaxValues, env.MaxVisits, env.Ctx, env.Steps
	}
	var err error
	m.base, err = g.base.Select(root, &limit, m.base[:0])
	if err != nil {
		return false
	}
	for _, c := range m.base {
		if c.Kind() == document.Object {
			return false
		}
	}
	for _, s := range g.slots {
		m.vals[s] = m.vals[s][:0]
	}
	for _, c := range m.base {
		if c.Kind() != document.Array {
			continue
		}
		for it := c.Iter(); it.Next(); {
			item := it.Value()
			if text, ok := g.fast.value(item); ok {
				for k, t := range g.texts {
					if t == text {
						m.vals[g.slots[k]] = append(m.vals[g.slots[k]], item)
					}
				}
				continue
			}
			for k, seg := range g.segs {
				if x, ok := seg.expr.eval(item); ok && truthy(x) {
					m.vals[g.slots[k]] = append(m.vals[g.slots[k]], item)
				}
			}
		}
	}
	if env != nil && env.MaxValues > 0 {
		for _, s := range g.slots {
			if len(m.vals[s]) > env.MaxValues {
				return false
			}
		}
	}
	for _, s := range g.slots {
		m.done[s] = m.gen
	}
	return true
}

// selectFrom walks the path's steps from each start value in turn, as the
// steps after a filter are walked from each item it keeps.
func (p *Path) selectFrom(starts []document.Value, env *Env, dst []document.Value) ([]document.Value, error) {
	w := newWalker(p, env, dst)
	w.plain = env != nil && env.Plain
	for _, s := range starts {
		w.walk(0, s, false)
	}
	if !w.over && w.budget == w.start {
		return w.dst, nil
	}
	return w.dst, w.finish(env)
}
