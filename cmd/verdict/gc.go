package main

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// heapFloor is how far the heap may grow past what is live before the
// garbage collector runs, as long as that is more than Go's default (as
// much again as is live). A backtest keeps little alive (the cases being
// evaluated and the summary) but allocates every case it decodes; with the
// default the collector would run after every few hundred cases and take
// about a third of the run. With the floor, a run whose live heap is small
// holds at most heapFloor bytes more; one whose live heap is over heapFloor
// is collected as by default.
const heapFloor = 64 << 20

// The runtime's smallest heap goal is 4 MB times GOGC/100: the percentage
// is kept at or under the one that makes that goal heapFloor.
const (
	minHeapGoal = 4 << 20
	maxPercent  = 100 * heapFloor / minHeapGoal
)

// setHeapFloor makes the garbage collector keep heapFloor, unless the
// GOGC environment variable chose its pace: the user's setting wins. It
// sets the collector's percentage from the live heap now and again after
// every collection.
func setHeapFloor() {
	if _, set := os.LookupEnv("GOGC"); set {
		return
	}
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	tune := func() {
		metrics.Read(sample)
		var live uint64
		if sample[0].Value.Kind() == metrics.KindUint64 {
			live = sample[0].Value.Uint64()
		}
		debug.SetGCPercent(gcPercent(live))
	}
	tune()
	var arm func()
	arm = func() {
		// A cleanup runs once its object is collected: after the next
		// collection. Each one arms the next.
		runtime.AddCleanup(new([64]byte), func(struct{}) {
			tune()
			arm()
		}, struct{}{})
	}
	arm()
}

// gcPercent returns the collector's percentage for a live heap of live
// bytes: the one whose goal is heapFloor past it, at least Go's default
// 100 and at most maxPercent.
func gcPercent(live uint64) int {
	if live == 0 {
		return maxPercent
	}
	return int(max(100, min(maxPercent, heapFloor*100/live)))
}
