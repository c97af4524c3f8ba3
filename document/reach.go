package document

import (
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
)

// Step is one step of a path given to NewReach: a member name (or an array
// index, written as a name: "0"), or Each, every element of an array and
// every member of an object.
type Step struct {
	Name string
	Each bool
}

// Names returns a path of member names, for NewReach.
func Names(names ...string) []Step {
	out := make([]Step, len(names))
	for i, n := range names {
		out[i] = Step{Name: n}
	}
	return out
}

// Reach is the part of a document that a program reads: a tree of member
// names, with marks for "every element or member" and "the whole subtree".
// A Decoder with a Reach keeps the values it reaches and skips the others.
//
// A path reaches the value at its end with everything below it, and the
// containers along the way without their other members: the path
// "checks", Each, "type" keeps the type of every check, and leaves the
// arrays and objects among each check's other members skipped. Arrays and
// objects keep all their elements and member names, so lengths, indexes
// and the order of members are those of the whole document; only the
// values outside the reach are skipped.
//
// A nil *Reach reaches everything. A Reach is immutable and may be shared.
type Reach struct {
	all   bool              // the whole subtree
	each  *Reach            // every element and member, unless named below
	names map[string]*Reach // members by name; each includes each's reach
	few   []named           // the same, for looking up among a few names
	index map[int]*Reach    // the names that are array indexes, for arrays
	// covered remembers reaches Covers found covered, since programs ask
	// the reach of every document they read (a pure function's results:
	// the Reach itself never changes).
	covered [4]atomic.Pointer[Reach]
	next    atomic.Uint32
}

// named is a member name and its reach.
type named struct {
	name  string
	reach *Reach
}

// fewNames is the number of names below which a lookup compares names
// rather than hashing the one it looks for.
const fewNames = 8

// NewReach returns the reach of the given paths. An empty path reaches the
// whole document; no paths reach only the top-level value itself. It
// returns nil, the whole document, when writing the reach out would take
// more than MaxReachNodes nodes: every member gets what Each gets, so
// names and wildcards at many levels multiply.
func NewReach(paths ...[]Step) *Reach {
	r := &Reach{}
	for _, p := range paths {
		r = addPath(r, p)
	}
	b := &budget{left: MaxReachNodes}
	if r = r.normal(b); b.over() {
		return nil
	}
	return r
}

// MaxReachNodes bounds the nodes of a reach NewReach and Union make:
// past it they reach the whole document, which is more than the paths
// read and never less.
const MaxReachNodes = 1 << 16

// budget counts the nodes a reach is made of as they are made.
type budget struct{ left int }

// take counts a node; it is false once the budget is spent.
func (b *budget) take() bool {
	b.left--
	return b.left >= 0
}

func (b *budget) over() bool { return b.left < 0 }

func addPath(r *Reach, path []Step) *Reach {
	switch {
	case r == nil:
		r = &Reach{}
	case r.all:
		return r
	}
	if len(path) == 0 {
		return &Reach{all: true}
	}
	if st := path[0]; st.Each {
		r.each = addPath(r.each, path[1:])
	} else {
		if r.names == nil {
			r.names = map[string]*Reach{}
		}
		r.names[st.Name] = addPath(r.names[st.Name], path[1:])
	}
	return r
}

// normal returns r with the reach of each merged into every named member,
// so that a member's reach is names[name] when it is named and each
// otherwise, and with the array-index names listed apart. Within a
// reach, a nil part reaches nothing.
func (r *Reach) normal(b *budget) *Reach {
	if r == nil || r.all || !b.take() {
		return r
	}
	out := &Reach{each: r.each.normal(b)}
	for name, m := range r.names {
		if b.over() {
			break
		}
		out.setName(name, merge(m.normal(b), out.each, b))
	}
	return out
}

func (r *Reach) setName(name string, m *Reach) {
	if r.names == nil {
		r.names = map[string]*Reach{}
	}
	if _, ok := r.names[name]; ok {
		for k := range r.few {
			if r.few[k].name == name {
				r.few[k].reach = m
			}
		}
	} else {
		r.few = append(r.few, named{name, m})
	}
	r.names[name] = m
	if n, ok := indexName(name); ok {
		if r.index == nil {
			r.index = map[int]*Reach{}
		}
		r.index[n] = m
	}
}

// indexName reports whether a name is an array index as JSONPath and JSON
// Pointer write them: digits without leading zeros.
func indexName(t string) (int, bool) {
	if t == "" || len(t) > 9 || (len(t) > 1 && t[0] == '0') {
		return 0, false
	}
	n := 0
	for i := 0; i < len(t); i++ {
		if t[i]-'0' >= 10 {
			return 0, false
		}
		n = n*10 + int(t[i]-'0')
	}
	return n, true
}

// Union returns the reach of everything any of rs reaches. A nil *Reach
// among them reaches everything, and so does the union; so does a union
// that would take more than MaxReachNodes nodes, and Union returns nil.
func Union(rs ...*Reach) *Reach {
	if len(rs) == 0 {
		return &Reach{}
	}
	for _, r := range rs {
		if r == nil {
			return nil
		}
	}
	// Merged in pairs, so that each reach is copied about log(len(rs))
	// times: merged one after the other, the union so far was copied for
	// each, which made a set of n automations that read different members
	// take n² steps.
	b := &budget{left: MaxReachNodes}
	level := slices.Clone(rs)
	for len(level) > 1 {
		next := level[:0]
		for i := 0; i < len(level); i += 2 {
			if i+1 == len(level) {
				next = append(next, level[i])
				continue
			}
			if next = append(next, merge(level[i], level[i+1], b)); b.over() {
				return nil
			}
		}
		level = next
	}
	return level[0]
}

// merge is the union of two normal reaches, where nil reaches nothing;
// once the budget is spent its result is not one.
func merge(a, b *Reach, n *budget) *Reach {
	switch {
	case a == nil:
		return b
	case b == nil:
		return a
	case a.all:
		return a
	case b.all:
		return b
	case !n.take():
		return a
	}
	out := &Reach{each: merge(a.each, b.each, n)}
	for _, r := range []*Reach{a, b} {
		for name := range r.names {
			if n.over() {
				return out
			}
			if _, done := out.names[name]; !done {
				out.setName(name, merge(a.member(name), b.member(name), n))
			}
		}
	}
	return out
}

// root is the reach the decoder starts with: nil when it keeps everything.
func (r *Reach) root() *Reach {
	if r == nil || r.all {
		return nil
	}
	return r
}

// member is the reach of a member of an object with this reach: nil when
// the member is skipped.
func (r *Reach) member(name string) *Reach {
	if len(r.few) <= fewNames {
		for k := range r.few {
			if len(r.few[k].name) == len(name) && r.few[k].name == name {
				return r.few[k].reach
			}
		}
	} else if m, ok := r.names[name]; ok {
		return m
	}
	return r.each
}

// element is the reach of the i-th element of an array with this reach:
// nil when the element is skipped.
func (r *Reach) element(i int) *Reach {
	if r.index != nil {
		if m, ok := r.index[i]; ok {
			return m
		}
	}
	return r.each
}

// Covers reports whether r keeps everything o reaches, so that a document
// decoded with r can serve a program that reads o.
func (r *Reach) Covers(o *Reach) bool {
	switch {
	case r == nil || r.all || r == o:
		return true
	case o == nil || o.all:
		return false
	}
	for k := range r.covered {
		if r.covered[k].Load() == o {
			return true
		}
	}
	if !r.covers(o) {
		return false
	}
	r.covered[r.next.Add(1)%uint32(len(r.covered))].Store(o)
	return true
}

func (r *Reach) covers(o *Reach) bool {
	switch {
	case r == nil || r.all || r == o:
		return true
	case o == nil || o.all:
		return false
	}
	if o.each != nil && (r.each == nil || !r.each.covers(o.each)) {
		return false
	}
	for k := range o.few {
		mine := r.member(o.few[k].name)
		if mine == nil || !mine.covers(o.few[k].reach) {
			return false
		}
	}
	return true
}

// missing returns, when r does not keep all that o reaches, the first
// path (in the notation of String) that o reaches and r does not.
func (r *Reach) missing(o *Reach, path string) (string, bool) {
	switch {
	case r == nil || r.all || r == o:
		return "", true
	case o == nil || o.all:
		return path, false
	}
	if o.each != nil {
		if r.each == nil {
			return path + "[*]", false
		}
		if m, ok := r.each.missing(o.each, path+"[*]"); !ok {
			return m, false
		}
	}
	names := make([]string, 0, len(o.names))
	for name := range o.names {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		at := path + "[" + strconv.Quote(name) + "]"
		mine := r.member(name)
		if mine == nil {
			return at, false
		}
		if m, ok := mine.missing(o.names[name], at); !ok {
			return m, false
		}
	}
	return "", true
}

// String writes the reach as the paths it is made of, one per line:
// $["checks"][*]["type"], where [*] is every element or member.
func (r *Reach) String() string {
	if r == nil || r.all {
		return "$"
	}
	var lines []string
	r.paths("$", &lines)
	return strings.Join(lines, "\n")
}

func (r *Reach) paths(prefix string, lines *[]string) {
	if r.all {
		*lines = append(*lines, prefix)
		return
	}
	if r.each == nil && len(r.names) == 0 {
		*lines = append(*lines, prefix+" (only the container)")
		return
	}
	if r.each != nil {
		r.each.paths(prefix+"[*]", lines)
	}
	names := make([]string, 0, len(r.names))
	for name := range r.names {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		r.names[name].paths(prefix+"["+strconv.Quote(name)+"]", lines)
	}
}
