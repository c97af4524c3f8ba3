// Package golden compares what a test produces with a golden file kept
// under testdata, and rewrites the file instead when the test binary runs
// with -update (go test ./pkg -update). A rewritten file is to be read
// before it is committed: the flag makes any output the expected one.
package golden

import (
	"encoding/json"
	"errors"
	"flag"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files from the current output")

// Updating reports whether the test binary runs with -update.
func Updating() bool { return *update }

// Check compares got with the text of the golden file at path, or writes
// got there under -update.
func Check(t testing.TB, path string, got []byte) {
	t.Helper()
	if want, ok := read(t, path, got); ok {
		if diff := cmp.Diff(string(want), string(got)); diff != "" {
			t.Errorf("%s differs (-want +got):\n%s", path, diff)
		}
	}
}

// CheckJSON is Check for JSON, compared as values: spacing and member
// order do not count.
func CheckJSON(t testing.TB, path string, got []byte) {
	t.Helper()
	want, ok := read(t, path, got)
	if !ok {
		return
	}
	var w, g any
	if err := json.Unmarshal(want, &w); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("the output is not JSON: %v", err)
	}
	if diff := cmp.Diff(w, g); diff != "" {
		t.Errorf("%s differs (-want +got):\n%s", path, diff)
	}
}

// read returns the golden file to compare with, or writes got to it under
// -update and returns false.
func read(t testing.TB, path string, got []byte) ([]byte, bool) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s", path)
		return nil, false
	}
	want, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		t.Fatalf("no %s: run the test with -update and read what it writes", path)
	}
	if err != nil {
		t.Fatal(err)
	}
	return want, true
}
