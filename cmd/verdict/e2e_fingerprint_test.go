package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/verdict-rules/verdict/rules"
)

// TestE2EFingerprintInEveryOutput: run (text and JSON), backtest (text,
// JSON and --out) and test (text and JSON) show the automation's
// fingerprint, the one the library computes.
func TestE2EFingerprintInEveryOutput(t *testing.T) {
	auto := "../../testdata/automations/auto-approve.json"
	data, err := os.ReadFile(auto)
	if err != nil {
		t.Fatal(err)
	}
	set, err := rules.Load(data)
	if err != nil {
		t.Fatal(err)
	}
	fp := set.Programs()[0].Fingerprint()
	if !regexp.MustCompile(`^sha256:[0-9a-f]{64}$`).MatchString(fp) {
		t.Fatalf("fingerprint %q", fp)
	}
	caseFile := "../../testdata/cases/quickr/ragnarok-as.json"
	out := filepath.Join(t.TempDir(), "out.ndjson")
	suiteFile := filepath.Join(t.TempDir(), "s.suite.json")
	abs, _ := filepath.Abs(auto)
	absCase, _ := filepath.Abs(caseFile)
	if err := os.WriteFile(suiteFile, []byte(`{"automation": "`+abs+`", "now": "2026-11-24", "tests": [
	  {"name": "approved", "case": "`+absCase+`", "event": {"type": "case_status_updated", "status": "READY_FOR_REVIEW"}, "expect": {"fired": true}}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	runs := map[string][]string{
		"run text":      {"run", "-a", auto, "-c", caseFile, "--status", "READY_FOR_REVIEW", "--now", "2026-11-24"},
		"run json":      {"run", "-a", auto, "-c", caseFile, "--status", "READY_FOR_REVIEW", "--now", "2026-11-24", "--format", "json"},
		"backtest text": {"backtest", "-a", auto, "--status", "READY_FOR_REVIEW", "--now", "2026-11-24", caseFile},
		"backtest json": {"backtest", "-a", auto, "--status", "READY_FOR_REVIEW", "--now", "2026-11-24", "--format", "json", caseFile},
		"test text":     {"test", suiteFile},
		"test json":     {"test", "--format", "json", suiteFile},
	}
	for name, args := range runs {
		r := verdict(t, "", args...)
		if r.code != 0 || !strings.Contains(r.stdout, fp) {
			t.Errorf("%s: no fingerprint %s in the output:\n%s", name, fp, r)
		}
	}
	r := verdict(t, "", "backtest", "-a", auto, "--status", "READY_FOR_REVIEW", "--now", "2026-11-24", "--out", out, caseFile)
	if r.code != 0 {
		t.Fatal(r)
	}
	line, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var res struct {
		Automation rules.AutomationRef `json:"automation"`
	}
	if err := json.Unmarshal(line, &res); err != nil || res.Automation.Fingerprint != fp {
		t.Errorf("--out: fingerprint %q (%v), want %s", res.Automation.Fingerprint, err, fp)
	}
}
