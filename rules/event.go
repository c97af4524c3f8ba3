package rules

import (
	"errors"
	"maps"
	"slices"

	"github.com/verdict-rules/verdict/event"
)

// Event is what happened to a case (see package event).
type Event = event.Event

// CheckEvent reports what in an event looks like a mistake, as event.Check.
func (s *Set) CheckEvent(ev *Event) error {
	if s == nil {
		return errors.New("rules: CheckEvent on a nil Set")
	}
	if s.cfg == nil {
		return errNotCompiled
	}
	return s.cfg.checkEvent(ev)
}

func (cfg *config) checkEvent(ev *Event) error {
	return event.Check(ev, cfg.statuses, slices.Collect(maps.Keys(cfg.triggerTypes)))
}
