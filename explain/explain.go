// Package explain writes results for people: the outcome, the condition
// tree with ✓ or ✗ at each condition, the values each path yielded, what
// they were compared with and why, what would change a refused outcome
// (when the result has counterfactuals), then the changes and the note. The CLI
// prints results with it.
package explain

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/verdict-rules/verdict/conditions"
	"github.com/verdict-rules/verdict/internal/term"
	"github.com/verdict-rules/verdict/rules"
)

// Options shape the text form of results.
type Options struct {
	// Color adds ANSI colours (green ✓, red ✗, dim details).
	Color bool
	// MaxValues is how many values of a path to show (default 5).
	MaxValues int
	// MaxValueWidth cuts each shown value to this many characters
	// (default 48).
	MaxValueWidth int
}

// Write writes a result as text for people: the outcome, then the
// condition tree with ✓ or ✗ at each node, the values each path yielded,
// what they were compared with and why the node came out as it did, then
// the changes and the note. Without a trace, the tree is left out.
func Write(w io.Writer, r rules.Result, opt Options) error {
	if opt.MaxValues <= 0 {
		opt.MaxValues = 5
	}
	if opt.MaxValueWidth <= 0 {
		opt.MaxValueWidth = 48
	}
	x := explainer{w: w, opt: opt}
	x.result(r)
	return x.err
}

type explainer struct {
	w   io.Writer
	opt Options
	err error
}

func (x *explainer) printf(format string, args ...any) {
	if x.err == nil {
		_, x.err = fmt.Fprintf(x.w, format, args...)
	}
}

func (x *explainer) paint(code, s string) string { return term.Paint(x.opt.Color, code, s) }

func (x *explainer) mark(ok bool) string {
	if ok {
		return x.paint("32", "✓")
	}
	return x.paint("31", "✗")
}

func (x *explainer) dim(s string) string { return x.paint("2", s) }

func (x *explainer) result(r rules.Result) {
	// Everything that comes from a definition, a case or an event goes
	// through term.Safe, so it cannot act on the terminal.
	safe := term.Safe
	name := x.paint("1", safe(r.Automation.Name))
	if r.Automation.ID != "" {
		name += "  " + x.dim("("+safe(r.Automation.ID)+")")
	}
	x.printf("%s\n", name)
	if r.Automation.Fingerprint != "" {
		x.printf("  version: %s\n", x.dim(safe(r.Automation.Fingerprint)))
	}
	if r.NotRun != "" {
		x.printf("  outcome: not run: %s\n", safe(r.NotRun))
		return
	}
	switch {
	case r.Event == nil:
		x.printf("  event:   none (conditions-only dry run)\n")
	case r.Triggered:
		x.printf("  event:   %s %s triggered\n", safe(string(r.Event.AppendDescription(nil))), x.mark(true))
	default:
		x.printf("  event:   %s %s matches no trigger\n", safe(string(r.Event.AppendDescription(nil))), x.mark(false))
	}
	switch {
	case r.Fired:
		x.printf("  outcome: %s fired\n", x.mark(true))
	case !r.Matched:
		x.printf("  outcome: %s not fired: the conditions do not hold\n", x.mark(false))
	default:
		x.printf("  outcome: %s not fired: the conditions hold but the event matches no trigger\n", x.mark(false))
	}
	if r.Trace != nil {
		x.printf("\n")
		x.node(r.Trace, "  ", "  ", true)
	}
	if len(r.Actions) > 0 {
		x.printf("\n  actions:\n")
		for _, a := range r.Actions {
			desc := safe(a.Type)
			if a.Check != "" {
				desc += " " + safe(a.Check)
			}
			if a.Status != "" {
				desc += " → " + safe(a.Status)
			}
			if a.Noop {
				desc += x.dim("  (no-op: " + safe(a.Reason) + ")")
			}
			x.printf("    - %s\n", desc)
		}
	}
	if len(r.Changeset) > 0 {
		x.printf("  changes:\n")
		for _, e := range r.Changeset {
			for _, c := range e.Changes {
				x.printf("    %s: %s → %s\n", safe(c.Field), safe(string(c.OldValue)), safe(string(c.NewValue)))
			}
		}
	}
	for _, wn := range r.Warnings {
		at := ""
		if wn.Pointer != "" {
			at = safe(wn.Pointer) + ": "
		}
		x.printf("  %s %s%s\n", x.paint("33", "warning:"), at, safe(wn.Msg))
	}
	x.printf("  note:    %s\n", x.dim(safe(r.Note.Body)))
}

// node writes one trace node; head is the prefix of its own line, body the
// prefix of the lines below it.
func (x *explainer) node(t *conditions.Trace, head, body string, root bool) {
	safe := term.Safe
	title := safe(t.Type)
	switch {
	case root:
		title = "conditions (all must hold)"
	case t.Field != "":
		title += "  " + safe(t.Field)
	case t.Expression != "":
		title += "  " + safe(t.Expression)
	}
	if t.Match == "any" {
		title += x.dim("  (match any)")
	}
	x.printf("%s%s %s  %s\n", head, x.mark(t.Outcome), title, x.dim(safe(t.Pointer)))
	detail := body + "    "
	if len(t.Children) > 0 {
		detail = body + "│   "
	}
	if t.ReasonCode != "" || t.Label != "" {
		reason := t.ReasonCode
		if reason != "" && t.Label != "" {
			reason += " — "
		}
		x.printf("%s%s\n", detail, safe(reason+t.Label))
	}
	if t.Field != "" {
		line := "yielded " + x.values(t.Values)
		if t.Value != nil {
			line += "   compared with " + x.cut(string(t.Value))
		}
		x.printf("%s%s\n", detail, line)
	}
	if t.Path != "" {
		x.printf("%sallowed %s   from %s\n", detail, x.values(t.PathValues), safe(t.Path))
	}
	x.printf("%s%s\n", detail, x.dim(safe(t.Reason)))
	if cf := t.Counterfactual; cf != nil {
		alone := "not enough alone"
		switch {
		case cf.Sufficient:
			alone = "alone, this makes it fire"
		case cf.Unsure:
			alone = "may not be enough alone: other conditions read the same value"
		}
		x.printf("%s%s %s %s\n", detail, x.paint("33", "change:"), safe(cf.Sentence), x.dim("("+alone+")"))
	}
	for i, k := range t.Children {
		last := i == len(t.Children)-1
		if last {
			x.node(k, body+"└── ", body+"    ", false)
		} else {
			x.node(k, body+"├── ", body+"│   ", false)
		}
	}
}

func (x *explainer) values(vs []json.RawMessage) string {
	if len(vs) == 0 {
		return "nothing"
	}
	n := len(vs)
	if n > x.opt.MaxValues {
		n = x.opt.MaxValues
	}
	parts := make([]string, n)
	for i := 0; i < n; i++ {
		parts[i] = x.cut(string(vs[i]))
	}
	s := "[" + strings.Join(parts, ", ")
	if len(vs) > n {
		s += fmt.Sprintf(", … %d more", len(vs)-n)
	}
	return s + "]"
}

func (x *explainer) cut(s string) string {
	s = term.Safe(s)
	if utf8.RuneCountInString(s) <= x.opt.MaxValueWidth {
		return s
	}
	r := []rune(s)
	return string(r[:x.opt.MaxValueWidth-1]) + "…"
}
