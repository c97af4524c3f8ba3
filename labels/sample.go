package labels

import (
	"iter"
	"math/rand/v2"
	"slices"
)

// Sampler draws, for each cell of the confusion matrix, a uniform random
// sample of up to n of the cases added to it: every set of n cases of a cell
// is equally likely. It keeps at most n case ids per cell, whatever the
// number of cases (reservoir sampling), and gives the same samples for the
// same seed and the same cases added in the same order. It is not safe for
// concurrent use.
type Sampler struct {
	n     int
	cells [numCells]reservoir
}

// reservoir is the sample of one cell so far.
type reservoir struct {
	rng  *rand.Rand
	seen int      // cases added to the cell
	kept []picked // at most n
}

type picked struct {
	seq int // the case's place among the cell's cases, to list them in order
	id  string
}

// NewSampler returns a sampler that keeps up to n cases per cell (n ≤ 0
// keeps none), drawn with the given seed.
func NewSampler(n int, seed uint64) *Sampler {
	s := &Sampler{n: max(n, 0)}
	for c := range s.cells {
		// A generator per cell: one cell's sample does not depend on the
		// cases of the others.
		s.cells[c].rng = rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15*uint64(c+1)))
	}
	return s
}

// Add offers one case of a cell to the sample.
func (s *Sampler) Add(c Cell, caseID string) {
	if int(c) >= len(s.cells) || s.n == 0 {
		return
	}
	r := &s.cells[c]
	seq := r.seen
	r.seen++
	if len(r.kept) < s.n {
		r.kept = append(r.kept, picked{seq, caseID})
		return
	}
	// The case replaces a kept one with probability n/seen, which keeps
	// every case of the cell in the sample with probability n/seen.
	if j := r.rng.IntN(r.seen); j < s.n {
		r.kept[j] = picked{seq, caseID}
	}
}

// Cases returns the sample of a cell, in the order the cases were added.
func (s *Sampler) Cases(c Cell) []string {
	if int(c) >= len(s.cells) {
		return nil
	}
	kept := slices.Clone(s.cells[c].kept)
	slices.SortFunc(kept, func(a, b picked) int { return a.seq - b.seq })
	ids := make([]string, len(kept))
	for i, p := range kept {
		ids[i] = p.id
	}
	return ids
}

// Seen returns the number of cases added to a cell.
func (s *Sampler) Seen(c Cell) int {
	if int(c) >= len(s.cells) {
		return 0
	}
	return s.cells[c].seen
}

// Samples returns the sample of every cell that has cases, keyed by cell:
// as JSON, an object from cell names to arrays of case ids.
func (s *Sampler) Samples() map[Cell][]string {
	out := map[Cell][]string{}
	for _, c := range Cells() {
		if s.cells[c].seen > 0 {
			out[c] = s.Cases(c)
		}
	}
	return out
}

// Sample draws up to n case ids per cell from cases, pairs of a cell and a
// case id, as a Sampler does.
func Sample(cases iter.Seq2[Cell, string], n int, seed uint64) map[Cell][]string {
	s := NewSampler(n, seed)
	for c, id := range cases {
		s.Add(c, id)
	}
	return s.Samples()
}
