package budget

import (
	"context"
	"errors"
	"testing"

	"github.com/verdict-rules/verdict/diag"
)

// TestStepsStopAtTheLimit takes steps until the budget is spent: the step
// past the limit fails with a too_many_steps problem, and every later one
// fails too.
func TestStepsStopAtTheLimit(t *testing.T) {
	var s Steps
	s.Reset(10_000, nil)
	for i := 0; i < 10_000; i++ {
		if !s.Take(1) {
			t.Fatalf("step %d of 10000 refused: %v", i+1, s.Err())
		}
	}
	if s.Left() != 0 {
		t.Errorf("%d steps left, want 0", s.Left())
	}
	if s.Take(1) {
		t.Fatal("the step past the limit was taken")
	}
	var p *diag.Problem
	if !errors.As(s.Err(), &p) || p.Code != diag.TooManySteps {
		t.Fatalf("got %v, want a too_many_steps problem", s.Err())
	}
	if s.Take(0) {
		t.Error("a step after the budget was spent was taken")
	}
}

// TestStepsWatchTheContext takes steps with a context that ends: the
// budget looks at it every 1,024 steps and stops with its error.
func TestStepsWatchTheContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var s Steps
	s.Reset(0, ctx)
	for i := 0; i < 5_000; i++ {
		s.Take(1)
	}
	cancel()
	n := 0
	for s.Take(1) {
		n++
	}
	if n > checkEvery || !errors.Is(s.Err(), context.Canceled) {
		t.Errorf("%d steps after the context ended, then %v", n, s.Err())
	}
}

// TestZeroStepsHaveNoLimit takes many steps from a zero budget.
func TestZeroStepsHaveNoLimit(t *testing.T) {
	var s Steps
	for i := 0; i < 100_000; i++ {
		if !s.Take(100) {
			t.Fatalf("a zero budget refused a step: %v", s.Err())
		}
	}
}
