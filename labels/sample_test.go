package labels

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// ids returns n case ids with a prefix.
func ids(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%s%d", prefix, i)
	}
	return out
}

func TestSamplerSmallCells(t *testing.T) {
	s := NewSampler(3, 1)
	for _, id := range ids("a", 2) {
		s.Add(FiredOther, id)
	}
	for _, id := range ids("b", 3) {
		s.Add(NotFiredAgreeing, id)
	}
	// A cell of at most n cases is sampled whole, in order.
	want := map[Cell][]string{FiredOther: {"a0", "a1"}, NotFiredAgreeing: {"b0", "b1", "b2"}}
	if diff := cmp.Diff(want, s.Samples()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if s.Seen(FiredOther) != 2 || s.Seen(FiredAgreeing) != 0 || s.Seen(Cell(7)) != 0 || s.Cases(Cell(7)) != nil {
		t.Error("Seen or Cases of an unknown cell")
	}
	s.Add(Cell(7), "x") // ignored

	none := NewSampler(0, 1)
	none.Add(FiredOther, "a")
	if len(none.Samples()) != 0 {
		t.Errorf("a sampler of 0 kept %v", none.Samples())
	}
}

func TestSamplerDeterministic(t *testing.T) {
	draw := func(seed uint64, interleave bool) map[Cell][]string {
		s := NewSampler(5, seed)
		for i, id := range ids("c", 1000) {
			s.Add(Cells()[i%2], id)
			if interleave {
				s.Add(NotFiredOther, "other"+id)
			}
		}
		return s.Samples()
	}
	a, b := draw(42, false), draw(42, false)
	if diff := cmp.Diff(a, b); diff != "" {
		t.Errorf("the same seed draws differently:\n%s", diff)
	}
	if cmp.Equal(a, draw(43, false)) {
		t.Error("seeds 42 and 43 draw the same samples")
	}
	// One cell's cases do not change another's sample.
	c := draw(42, true)
	if !cmp.Equal(a[FiredAgreeing], c[FiredAgreeing]) || !cmp.Equal(a[FiredOther], c[FiredOther]) || len(c[NotFiredOther]) != 5 {
		t.Errorf("another cell's cases change a sample: %v and %v", a, c)
	}
	for _, cell := range []Cell{FiredAgreeing, FiredOther} {
		got := a[cell]
		if len(got) != 5 {
			t.Errorf("%v: %d cases", cell, len(got))
		}
		// In the order they were added.
		if !slices.IsSortedFunc(got, func(x, y string) int { return num(x) - num(y) }) {
			t.Errorf("%v: %v not in order", cell, got)
		}
	}
	// Sample over an iterator draws as a Sampler does.
	seq := func(yield func(Cell, string) bool) {
		for i, id := range ids("c", 1000) {
			if !yield(Cells()[i%2], id) {
				return
			}
		}
	}
	if diff := cmp.Diff(a, Sample(seq, 5, 42)); diff != "" {
		t.Errorf("Sample differs from a Sampler:\n%s", diff)
	}
}

func num(id string) int {
	var n int
	fmt.Sscanf(strings.TrimLeft(id, "abcdefghijklmnopqrstuvwxyz"), "%d", &n)
	return n
}

// chiSquare returns Σ (observed − expected)² / expected.
func chiSquare(observed []int, expected float64) float64 {
	var x float64
	for _, o := range observed {
		d := float64(o) - expected
		x += d * d / expected
	}
	return x
}

// TestSamplerUniform checks with a chi-square test, over 20,000 seeds, that
// every case of a cell is as likely to be drawn: 4 of 40 cases, each drawn
// 2,000 times expected. With 39 degrees of freedom the statistic exceeds
// 72.05 with probability 0.001 when the draw is uniform.
func TestSamplerUniform(t *testing.T) {
	const trials, n, size = 20000, 4, 40
	counts := make([]int, size)
	cases := ids("c", size)
	for seed := range uint64(trials) {
		s := NewSampler(n, seed)
		for _, id := range cases {
			s.Add(FiredOther, id)
		}
		got := s.Cases(FiredOther)
		if len(got) != n {
			t.Fatalf("seed %d: %d cases", seed, len(got))
		}
		for _, id := range got {
			counts[num(id)]++
		}
	}
	x := chiSquare(counts, trials*n/size)
	t.Logf("chi-square %.2f over %d cases (df %d): %v", x, size, size-1, counts)
	if x > 72.05 {
		t.Errorf("chi-square %.2f > 72.05: the draw favours some cases: %v", x, counts)
	}
	// The first and last cases are the ones a faulty reservoir favours.
	if counts[0] < 1800 || counts[size-1] < 1800 {
		t.Errorf("first drawn %d, last %d times of 2000", counts[0], counts[size-1])
	}
}

// TestSamplerUniformSets checks that every set of 2 of 6 cases is as likely
// a sample: 15 sets, 2,000 each expected over 30,000 seeds; with 14 degrees
// of freedom the statistic exceeds 36.12 with probability 0.001.
func TestSamplerUniformSets(t *testing.T) {
	const trials = 30000
	counts := map[string]int{}
	for seed := range uint64(trials) {
		s := NewSampler(2, seed^0xabcdef)
		for _, id := range ids("c", 6) {
			s.Add(NotFiredOther, id)
		}
		counts[strings.Join(s.Cases(NotFiredOther), ",")]++
	}
	if len(counts) != 15 {
		t.Fatalf("%d different sets: %v", len(counts), counts)
	}
	var obs []int
	for _, c := range counts {
		obs = append(obs, c)
	}
	x := chiSquare(obs, trials/15)
	t.Logf("chi-square %.2f over 15 sets (df 14): %v", x, counts)
	if x > 36.12 {
		t.Errorf("chi-square %.2f > 36.12: some sets are favoured: %v", x, counts)
	}
}

// TestSamplerBounded checks that a sampler keeps n cases per cell and
// allocates nothing once its reservoirs are full, however many cases come.
func TestSamplerBounded(t *testing.T) {
	s := NewSampler(10, 7)
	cases := ids("c", 1000)
	for _, id := range cases {
		s.Add(FiredAgreeing, id)
	}
	i := 0
	allocs := testing.AllocsPerRun(100000, func() {
		s.Add(FiredAgreeing, cases[i%len(cases)])
		i++
	})
	if allocs != 0 {
		t.Errorf("Add allocates %.2f times per case once the reservoir is full", allocs)
	}
	if len(s.cells[FiredAgreeing].kept) != 10 || cap(s.cells[FiredAgreeing].kept) > 16 {
		t.Errorf("kept %d, capacity %d", len(s.cells[FiredAgreeing].kept), cap(s.cells[FiredAgreeing].kept))
	}
	if s.Seen(FiredAgreeing) != 1000+100001 {
		t.Errorf("seen %d", s.Seen(FiredAgreeing))
	}
	// A huge n does not reserve memory in advance.
	big := NewSampler(1<<40, 1)
	big.Add(FiredOther, "a")
	if cap(big.cells[FiredOther].kept) > 8 {
		t.Errorf("a sampler of 2^40 reserved %d places", cap(big.cells[FiredOther].kept))
	}
}
