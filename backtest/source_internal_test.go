package backtest

import (
	"context"
	"errors"
	"io"
	"strconv"
	"strings"
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

// The lines of an NDJSON file come out whole and each in memory of its own,
// whether they fit in the reader's buffer or span several of its fills,
// with "\n" or "\r\n", and the last one with no line ending; an over-long
// one is an error and reading goes on.
func TestEmitLinesKeepsEveryLine(t *testing.T) {
	long := strings.Repeat("x", 150_000) // over two fills of the 64 KB buffer
	var in strings.Builder
	var want []string
	for i := range 3000 {
		line := strconv.Itoa(i)
		switch {
		case i%1000 == 7:
			line = long[:100_000+i]
		case i%3 == 0:
			line += strings.Repeat("y", i%500)
		}
		want = append(want, line)
		in.WriteString(line)
		if i%2 == 0 {
			in.WriteString("\r")
		}
		in.WriteString("\n")
	}
	in.WriteString(strings.Repeat("z", 200_001) + "\n") // over the limit
	in.WriteString("last")                              // no line ending
	want = append(want, "last")
	var got []Item
	emitLines(context.Background(), strings.NewReader(in.String()), "c.ndjson", 200_000, func(it Item) bool { got = append(got, it); return true })
	if len(got) != len(want)+1 {
		t.Fatalf("%d items, want %d", len(got), len(want)+1)
	}
	// Checked once every line was read: a line kept in the reader's buffer
	// would have been overwritten by then.
	for i, w := range want[:3000] {
		if string(got[i].Data) != w || got[i].Err != nil || got[i].Name != "c.ndjson:"+strconv.Itoa(i+1) {
			t.Fatalf("item %d: %s, %d bytes %.20q, err %v; want %d bytes %.20q", i, got[i].Name, len(got[i].Data), got[i].Data, got[i].Err, len(w), w)
		}
	}
	var tl *LineTooLongError
	if !errors.As(got[3000].Err, &tl) || got[3000].Name != "c.ndjson:3001" {
		t.Errorf("the over-long line: %s, %v", got[3000].Name, got[3000].Err)
	}
	if last := got[3001]; string(last.Data) != "last" || last.Name != "c.ndjson:3002" {
		t.Errorf("the last line: %s %q %v", last.Name, last.Data, last.Err)
	}
}
