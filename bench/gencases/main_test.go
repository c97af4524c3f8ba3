package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/verdict-rules/verdict/bench"
	"github.com/verdict-rules/verdict/labels"
)

var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "gencases")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "gencases")
	if out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput(); err != nil {
		os.Stderr.Write(out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// run runs gencases in dir and returns its standard output, standard error
// and exit code.
func run(t *testing.T, dir string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		return stdout.String(), stderr.String(), exit.ExitCode()
	case err != nil:
		t.Fatal(err)
	}
	return stdout.String(), stderr.String(), 0
}

func read(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestLabels(t *testing.T) {
	dir := t.TempDir()
	if _, stderr, code := run(t, dir, "-n", "400", "-seed", "3", "-o", "plain.ndjson"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	_, stderr, code := run(t, dir, "-n", "400", "-seed", "3", "-o", "cases.ndjson", "-labels", "labels.csv", "-error-rate", "0.1", "-missing-rate", "0.05")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	// The cases are the same as without labels.
	if !bytes.Equal(read(t, filepath.Join(dir, "plain.ndjson")), read(t, filepath.Join(dir, "cases.ndjson"))) {
		t.Error("-labels changes the cases")
	}
	lab, err := labels.ReadFile(filepath.Join(dir, "labels.csv"), labels.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var planted bench.Planted
	if err := json.Unmarshal(read(t, filepath.Join(dir, "labels.planted.json")), &planted); err != nil {
		t.Fatal(err)
	}
	if planted.Cases != 400 || planted.Labelled != lab.Len() || planted.Seed != 3 || planted.ErrorRate != 0.1 ||
		planted.MissingRate != 0.05 || planted.Now != "2026-11-24" || planted.Event.Status != "READY_FOR_REVIEW" ||
		planted.Matrix == nil || planted.Matrix.Counts.Total() != 400 {
		t.Errorf("planted: %+v", planted)
	}
	// Every off-diagonal case is listed, with a label that disagrees.
	m := planted.Matrix
	if len(m.FiredOther.Cases) != m.Counts.FiredOther || len(m.NotFiredAgreeing.Cases) != m.Counts.NotFiredAgreeing {
		t.Errorf("listed %d and %d of %+v", len(m.FiredOther.Cases), len(m.NotFiredAgreeing.Cases), m.Counts)
	}
	for _, id := range m.FiredOther.Cases {
		if l, ok := lab.Get(id); !ok || l == "ACTIVE" {
			t.Errorf("case %s fired with another label, labelled %q", id, l)
		}
	}
	for _, id := range m.NotFiredAgreeing.Cases {
		if l, _ := lab.Get(id); l != "ACTIVE" {
			t.Errorf("case %s agreeing, labelled %q", id, l)
		}
	}

	// One file per case, NDJSON labels, the planted file named, another date.
	_, stderr, code = run(t, dir, "-n", "50", "-seed", "3", "-dir", "cases", "-labels", "l.ndjson", "-planted", "p.json", "-now", "2027-03-01T10:00:00+01:00")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "cases", "*.json"))
	if len(files) != 50 {
		t.Errorf("%d case files", len(files))
	}
	if _, err := labels.ReadFile(filepath.Join(dir, "l.ndjson"), labels.Options{}); err != nil {
		t.Error(err)
	}
	if err := json.Unmarshal(read(t, filepath.Join(dir, "p.json")), &planted); err != nil || planted.Now != "2027-03-01" || planted.Cases != 50 {
		t.Errorf("planted %+v, %v", planted, err)
	}

	// Cases on standard output.
	stdout, stderr, code := run(t, dir, "-n", "5", "-labels", "five.csv")
	if code != 0 || strings.Count(stdout, "\n") != 5 {
		t.Errorf("exit %d, %d lines: %s", code, strings.Count(stdout, "\n"), stderr)
	}
}

func TestUsageErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"-labels", "labels.txt"}, "gencases: -labels labels.txt: name a .csv, .ndjson, .jsonl or .json file\n"},
		{[]string{"-labels", "l.csv", "-error-rate", "1.5"}, "gencases: -error-rate 1.5: not between 0 and 1\n"},
		{[]string{"-labels", "l.csv", "-missing-rate", "-0.5"}, "gencases: -missing-rate -0.5: not between 0 and 1\n"},
		{[]string{"-labels", "l.csv", "-error-rate", "NaN"}, "gencases: -error-rate NaN: not between 0 and 1\n"},
		{[]string{"-labels", "l.csv", "-now", "24.11.2026"}, "gencases: -now 24.11.2026: not a date (YYYY-MM-DD) or an RFC 3339 time\n"},
		{[]string{"-planted", "p.json"}, "gencases: -planted needs -labels\n"},
		{[]string{"-o", "x.csv", "-labels", "./x.csv"}, "gencases: -o, -labels and -planted must name different files\n"},
		{[]string{"-labels", "x.csv", "-planted", "x.csv"}, "gencases: -o, -labels and -planted must name different files\n"},
		{[]string{"-o", "x.planted.json", "-labels", "x.csv"}, "gencases: -o, -labels and -planted must name different files\n"},
		{[]string{"-n", "-1"}, "gencases: -n -1: not a number of cases\n"},
		{[]string{"-n", "1", "extra"}, "gencases: unexpected argument \"extra\"\n"},
	}
	for _, tc := range tests {
		stdout, stderr, code := run(t, dir, tc.args...)
		if code != 2 || stderr != tc.want || stdout != "" {
			t.Errorf("gencases %s: exit %d, stderr %q, stdout %d bytes; want exit 2, %q", strings.Join(tc.args, " "), code, stderr, len(stdout), tc.want)
		}
	}
	// Nothing was written.
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("files left: %v", entries)
	}
}
