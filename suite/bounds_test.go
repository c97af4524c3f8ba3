package suite_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/verdict-rules/verdict/suite"
)

// scenarioWanting runs a scenario whose want.json is given.
func scenarioWanting(t *testing.T, want string) suite.TestResult {
	t.Helper()
	dir := write(t, map[string]string{
		"s/automation.json": automation,
		"s/case.json":       `{"status": "READY_FOR_REVIEW", "score": 80}`,
		"s/event.json":      `{"type": "case_status_updated", "status": "READY_FOR_REVIEW"}`,
		"s/want.json":       want,
	})
	scenarios, err := suite.FindScenarios(dir)
	if err != nil || len(scenarios) != 1 {
		t.Fatal(scenarios, err)
	}
	return suite.RunScenario(scenarios[0], suite.Options{})
}

// shown is the bytes a failure shows: the values and their diff.
func shown(r suite.TestResult) int {
	n := 0
	for _, f := range r.Failures {
		n += len(f.Want) + len(f.Got)
		for _, l := range f.Diff {
			n += len(l) + 1
		}
	}
	return n
}

// TestDeepWantIsRefused: want.json is read within the nesting limit of
// every JSON document (512 levels); past it, the error points at the
// first level too many, where the diff of its indented form would have
// grown as the square of its depth.
func TestDeepWantIsRefused(t *testing.T) {
	r := scenarioWanting(t, strings.Repeat("[", 600)+strings.Repeat("]", 600))
	if r.Err == nil || !strings.Contains(r.Err.Error(), filepath.Join("s", "want.json")+":1:513: nesting deeper than the limit of 512") {
		t.Fatalf("%v (%d bytes shown)", r.Err, shown(r))
	}
	r = scenarioWanting(t, strings.Repeat("[", 512)+strings.Repeat("]", 512))
	if r.Err != nil || len(r.Failures) != 1 {
		t.Fatalf("512 levels: %v, %d failures", r.Err, len(r.Failures))
	}
}

// TestWideDeepWantIsShownCompact: a want.json holding many values 400
// levels deep is shown compact, on one line, once its indented form would
// pass 4 MiB: what a failure shows stays within a few times the size of
// the file.
func TestWideDeepWantIsShownCompact(t *testing.T) {
	want := strings.Repeat("[", 400) + strings.Repeat("[],", 100_000) + "[]" + strings.Repeat("]", 400)
	r := scenarioWanting(t, want)
	if r.Err != nil || len(r.Failures) != 1 {
		t.Fatalf("%v, %d failures", r.Err, len(r.Failures))
	}
	if n := shown(r); n > 3*len(want)+1<<20 {
		t.Errorf("a want.json of %d bytes: the failure shows %d bytes", len(want), n)
	}
	if !strings.HasPrefix(r.Failures[0].Diff[0], "- [[[[") || !strings.HasSuffix(r.Failures[0].Diff[0], "]]]]") {
		t.Errorf("the diff starts %.100q", r.Failures[0].Diff[0])
	}
}
