package rules_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/verdict-rules/verdict/internal/golden"
	"github.com/verdict-rules/verdict/suite"
)

// TestGolden runs every scenario folder under testdata and compares its
// output with want.json (results) or want.txt (rendered errors).
func TestGolden(t *testing.T) {
	scenarios, err := suite.FindScenarios("../testdata")
	if err != nil {
		t.Fatal(err)
	}
	if len(scenarios) == 0 {
		t.Fatal("no scenarios found under testdata")
	}
	for _, s := range scenarios {
		t.Run(s.Name, func(t *testing.T) {
			out, err := s.Run()
			if err != nil {
				t.Fatal(err)
			}
			name, other := "want.json", "want.txt"
			if out.Results == nil {
				name, other = other, name
			}
			if golden.Updating() {
				os.Remove(filepath.Join(s.Dir, other))
			} else if _, err := os.Stat(filepath.Join(s.Dir, other)); err == nil {
				t.Fatalf("%s is stale: the scenario now produces %s (run go test -update and read the result)", other, name)
			}
			if name == "want.txt" {
				golden.Check(t, filepath.Join(s.Dir, name), out.Encode())
			} else {
				golden.CheckJSON(t, filepath.Join(s.Dir, name), out.Encode())
			}
		})
	}
}
