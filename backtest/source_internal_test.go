package backtest

import (
	"context"
	"errors"
	"io"
	"testing"
)

// endless is a reader that never ends and never gives a newline, as
// /dev/zero does; it counts its reads and runs a hook on each.
type endless struct {
	reads  int
	onRead func(n int)
}

func (e *endless) Read(p []byte) (int, error) {
	e.reads++
	if e.onRead != nil {
		e.onRead(e.reads)
	}
	if e.reads > 10_000 {
		return 0, io.EOF // a bound for the test, never reached when cancelling works
	}
	for i := range p {
		p[i] = 0
	}
	return len(p), nil
}

// A run whose context ends while it skips an over-long line stops within a
// read or two, however long the line goes on.
func TestLineReaderStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	const cancelAt = 5
	r := &endless{onRead: func(n int) {
		if n == cancelAt {
			cancel()
		}
	}}
	var sent []Item
	ok := emitLines(ctx, r, "z.ndjson", 1024, func(it Item) bool { sent = append(sent, it); return true })
	if ok {
		t.Error("emitLines went on after its context ended")
	}
	if r.reads > cancelAt+1 {
		t.Errorf("%d reads after the context ended at read %d; want at most 1 more", r.reads-cancelAt, cancelAt)
	}
	for _, it := range sent {
		if !errors.Is(it.Err, context.Canceled) {
			t.Errorf("sent %s: %v", it.Name, it.Err)
		}
	}
}
