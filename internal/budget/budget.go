// Package budget counts the work of one evaluation against its limit: the
// nodes its paths' descents and unions visit, the values its conditions
// compare, the work of its regular expressions and the units its
// expressions spend, all in one count, so that no number of conditions
// adds up to more than the limit. It also looks at the evaluation's
// context as the work goes on.
package budget

import (
	"context"
	"fmt"

	"github.com/verdict-rules/verdict/diag"
)

// DefaultSteps is the default limit of the steps of one evaluation.
const DefaultSteps = 20_000_000

// ExprUnit is how many steps one unit of an expression's budget costs: a
// unit is a loop step or 64 bytes of text built, each far more than a
// node visited.
const ExprUnit = 16

// RegexpWork is how many instruction-bytes of a regular expression's
// program (the length of the text times the size of the program, what
// Go's matcher does at worst) one step pays for.
const RegexpWork = 8

// checkEvery is how many steps are taken between two looks at the
// context.
const checkEvery = 1024

// Steps is the budget of one evaluation. The zero value has no limit and
// no context.
type Steps struct {
	limit int // 0: none
	spent int
	next  int // spent at which the context and the limit are looked at again
	ctx   context.Context
	err   error
}

// Reset starts an evaluation of at most limit steps (none when limit is
// 0) that stops when ctx ends.
func (s *Steps) Reset(limit int, ctx context.Context) {
	*s = Steps{limit: max(limit, 0), ctx: ctx, next: checkEvery}
	if limit > 0 {
		s.next = min(checkEvery, limit)
	}
}

// Take spends n steps; it is false once the budget is spent or the
// context has ended, and stays false.
func (s *Steps) Take(n int) bool {
	s.spent += n
	if s.spent > s.next {
		return s.slow()
	}
	return true
}

func (s *Steps) slow() bool {
	if s.err != nil {
		return false
	}
	if s.limit > 0 && s.spent > s.limit {
		s.err = &diag.Problem{Offset: -1, Code: diag.TooManySteps,
			Msg: fmt.Sprintf("the evaluation needs more than %d steps (nodes its paths visit, values it compares, work of its regular expressions and expressions)", s.limit)}
		return false
	}
	s.next = s.spent + checkEvery
	if s.limit > 0 {
		s.next = min(s.next, s.limit)
	}
	if s.ctx != nil {
		if err := s.ctx.Err(); err != nil {
			s.err = err
			return false
		}
	}
	return true
}

// Left returns the steps left, at least 0.
func (s *Steps) Left() int {
	if s.limit == 0 {
		return int(^uint(0) >> 1)
	}
	return max(s.limit-s.spent, 0)
}

// Err returns why the budget stopped the evaluation: a *diag.Problem of
// code TooManySteps, or the context's error; nil while it has not.
func (s *Steps) Err() error { return s.err }
