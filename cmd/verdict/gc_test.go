package main

import (
	"bytes"
	"context"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/verdict-rules/verdict/bench"
)

func TestGCPercent(t *testing.T) {
	for _, c := range []struct {
		live uint64
		want int
	}{
		{0, maxPercent},
		{1 << 20, maxPercent}, // 64 MB past 1 MB would be 6,400%: capped
		{4 << 20, maxPercent}, // exactly the cap
		{16 << 20, 400},       // 64 MB past 16 MB
		{64 << 20, 100},       // as much again: Go's default
		{1 << 30, 100},        // never under the default
		{heapFloor + 1, 100},  // just over: the default
	} {
		if got := gcPercent(c.live); got != c.want {
			t.Errorf("gcPercent(%d) = %d, want %d", c.live, got, c.want)
		}
	}
}

// collections runs a backtest of the cases in dir with the environment
// variables env added and returns how many garbage collections the runtime
// reported, and the run's standard output.
func collections(t *testing.T, dir string, env ...string) (int, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, "backtest", "-a", filepath.Join("..", "..", "testdata", "automations", "auto-approve.json"),
		"--status", "READY_FOR_REVIEW", "--now", "2026-11-24", filepath.Join(dir, "cases.ndjson"))
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GOGC=") && !strings.HasPrefix(kv, "GODEBUG=") && !strings.HasPrefix(kv, "GOMEMLIMIT=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, append([]string{"NO_COLOR=1", "GODEBUG=gctrace=1"}, env...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("backtest: %v\n%s%s", err, stdout.String(), stderr.String())
	}
	// The summary's timing differs from run to run.
	out := regexp.MustCompile(`\([^()]*cases/s\)`).ReplaceAllString(stdout.String(), "(…)")
	return len(regexp.MustCompile(`(?m)^gc \d+ @`).FindAllString(stderr.String(), -1)), out
}

// TestHeapFloor runs a backtest of 3,000 generated cases (about 14 MB, each
// decoded and dropped) and counts the collections: with GOGC unset the
// binary lets the heap grow by heapFloor first; with GOGC set, the user's
// pace is kept. The outcome is the same either way.
func TestHeapFloor(t *testing.T) {
	dir := t.TempDir()
	var cs bytes.Buffer
	rng := rand.New(rand.NewPCG(3, 3))
	for i := range 3000 {
		data, _ := bench.CaseFacts(rng, i)
		cs.Write(data)
		cs.WriteByte('\n')
	}
	if err := os.WriteFile(filepath.Join(dir, "cases.ndjson"), cs.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	floor, out := collections(t, dir)
	byDefault, outDefault := collections(t, dir, "GOGC=100")
	t.Logf("%d collections with the floor, %d with GOGC=100", floor, byDefault)
	if out != outDefault {
		t.Errorf("the outcome depends on the collector's pace:\n%s\n---\n%s", out, outDefault)
	}
	if byDefault < 6 {
		t.Fatalf("only %d collections with GOGC=100: the test's input is too small to tell", byDefault)
	}
	if floor*3 > byDefault {
		t.Errorf("%d collections with the heap floor, not under a third of the %d with GOGC=100", floor, byDefault)
	}
	if off, _ := collections(t, dir, "GOGC=off"); off != 0 {
		t.Errorf("%d collections with GOGC=off: the user's setting was not kept", off)
	}
}
