package backtest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/verdict-rules/verdict/backtest"
	"github.com/verdict-rules/verdict/cases"
	"github.com/verdict-rules/verdict/mask"
	"github.com/verdict-rules/verdict/rules"
)

// TestMaskReadsMoreThanTheAutomations: Run decodes cases for what the
// automations read and for what the mask reads, so a mask whose token
// hashes a whole object, or whose filter tests a member no automation
// reads, hides as it does on the case decoded whole: the same tokens and
// no value in the clear.
func TestMaskReadsMoreThanTheAutomations(t *testing.T) {
	const def = `{"name": "b", "triggers": [{"type": "case_status_updated"}],
  "conditions": [{"type": "equal", "field": "$.a.b", "value": "x"}],
  "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`
	const doc = `{"status": "READY_FOR_REVIEW", "a": {"b": "secret", "c": {"d": 1}}}`
	dir := writeFiles(t, map[string]string{"c.json": doc})
	s := set(t, def)
	for _, path := range []string{"$.a", "$[?(@.c.d == 1)].b"} {
		m, err := mask.New([]byte("0123456789abcdef0123"), path)
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		sum, err := backtest.Run(context.Background(), s, backtest.Sources(filepath.Join(dir, "c.json")),
			backtest.Options{Workers: 1, Event: ready, Out: &out, Trace: true, Mask: m})
		if err != nil {
			t.Fatal(err)
		}
		if len(sum.Errors) != 0 || sum.Cases != 1 {
			t.Fatalf("%s: %d cases, errors %v", path, sum.Cases, sum.Errors)
		}
		if strings.Contains(out.String(), "secret") {
			t.Errorf("%s: the masked value is in the clear: %s", path, out.String())
		}
		c, err := cases.Parse([]byte(doc))
		if err != nil {
			t.Fatal(err)
		}
		want, err := s.Evaluate(context.Background(), c, ready, rules.WithTrace(), rules.WithMask(m))
		if err != nil {
			t.Fatal(err)
		}
		var line struct {
			Trace json.RawMessage `json:"trace"`
		}
		if err := json.Unmarshal(out.Bytes(), &line); err != nil {
			t.Fatal(err)
		}
		wantTrace, _ := json.Marshal(want[0].Trace)
		if diff := cmp.Diff(string(wantTrace), string(line.Trace)); diff != "" {
			t.Errorf("%s: the trace of the case decoded whole and the backtest's (-whole +backtest)\n%s", path, diff)
		}
	}
}
