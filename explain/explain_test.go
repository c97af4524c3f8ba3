package explain_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/verdict-rules/verdict/cases"
	"github.com/verdict-rules/verdict/explain"
	"github.com/verdict-rules/verdict/rules"
)

// TestExplainEscapesControlCharacters: names, ids, events, values, reasons
// and notes come from definitions, cases and callers, and none of them may
// reach a terminal as a control sequence.
func TestExplainEscapesControlCharacters(t *testing.T) {
	p := compile(t, `{"name": "evil\u001b[2J", "id": "id\u0007",
		"trigger": [{"type": "case_status_updated"}],
		"conditions": [{"type": "equal", "field": "$.s", "value": "\u001b]0;owned\u0007"}],
		"actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`)
	c := parseCase(t, `{"status": "READY\u009b31m", "s": "\u001b[31mred\u202e"}`)
	for _, ev := range []*rules.Event{nil, {Type: "case_status_updated\x1b[1m", Status: "X\x1b"}} {
		r, err := p.Evaluate(context.Background(), c, ev, rules.WithTrace())
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := explain.Write(&b, r, explain.Options{Color: true}); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		// The colours verdict adds are SGR sequences it writes itself;
		// take them out and nothing of the kind may be left.
		for _, sgr := range []string{"\x1b[0m", "\x1b[1m", "\x1b[2m", "\x1b[31m", "\x1b[32m", "\x1b[33m"} {
			out = strings.ReplaceAll(out, sgr, "")
		}
		if strings.ContainsAny(out, "\x1b\x07\u009b\u202e") {
			t.Errorf("explain keeps control characters:\n%q", out)
		}
		if !strings.Contains(out, `evil\e[2J`) {
			t.Errorf("explain does not show the name escaped:\n%s", out)
		}
	}
}

func compile(t *testing.T, def string) *rules.Program {
	t.Helper()
	set, err := rules.Load([]byte(def))
	if err != nil {
		t.Fatal(err)
	}
	return set.Programs()[0]
}

func parseCase(t *testing.T, doc string) *rules.Case {
	t.Helper()
	c, err := cases.Parse([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestExplainShowsVersionAndReasons: the text names the fingerprint and
// each condition's reason code and label; control characters in a label
// are escaped.
func TestExplainShowsVersionAndReasons(t *testing.T) {
	p := compile(t, `{"name": "approve", "trigger": [{"type": "case_status_updated"}],
		"conditions": [{"type": "greater_than_or_equal", "field": "$.score", "value": 70,
		  "label": "score too low\u001b[2J", "reason_code": "SCORE_LOW"}],
		"actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`)
	r, err := p.Evaluate(context.Background(), parseCase(t, `{"status": "READY_FOR_REVIEW", "score": 69}`), nil, rules.WithTrace())
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := explain.Write(&b, r, explain.Options{}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"  version: " + p.Fingerprint() + "\n", "SCORE_LOW — score too low\\e[2J\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("the text lacks %q:\n%s", want, out)
		}
	}
}
