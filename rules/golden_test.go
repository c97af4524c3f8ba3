package rules_test

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/verdict-rules/verdict/suite"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata from the current output")

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
			got := out.Encode()
			name, other := "want.json", "want.txt"
			if out.Results == nil {
				name, other = other, name
			}
			if *update {
				if err := os.WriteFile(filepath.Join(s.Dir, name), got, 0o644); err != nil {
					t.Fatal(err)
				}
				os.Remove(filepath.Join(s.Dir, other))
				t.Logf("wrote %s", filepath.Join(s.Dir, name))
				return
			}
			if _, err := os.Stat(filepath.Join(s.Dir, other)); err == nil {
				t.Fatalf("%s is stale: the scenario now produces %s (run go test -update and read the result)", other, name)
			}
			want, err := os.ReadFile(filepath.Join(s.Dir, name))
			if err != nil {
				t.Fatalf("no %s: run go test ./rules -update and read what it writes (%v)", name, err)
			}
			if name == "want.txt" {
				if diff := cmp.Diff(string(want), string(got)); diff != "" {
					t.Errorf("rendered errors differ (-want +got):\n%s", diff)
				}
				return
			}
			var w, g any
			if err := json.Unmarshal(want, &w); err != nil {
				t.Fatalf("want.json: %v", err)
			}
			if err := json.Unmarshal(got, &g); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(w, g); diff != "" {
				t.Errorf("results differ (-want +got):\n%s", diff)
			}
		})
	}
}
