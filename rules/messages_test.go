package rules_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/verdict-rules/verdict/cases"
	"github.com/verdict-rules/verdict/changeset"
	"github.com/verdict-rules/verdict/diag"
	"github.com/verdict-rules/verdict/document"
	"github.com/verdict-rules/verdict/event"
	"github.com/verdict-rules/verdict/rules"
)

// sharedIDs compiles n automations that share one id and returns the
// bytes of their duplicate_id warnings, and the longest of them.
func sharedIDs(t *testing.T, n int) (total, longest int) {
	t.Helper()
	defs := make([]rules.Automation, n)
	for i := range defs {
		defs[i] = rules.Automation{ID: "same", Name: fmt.Sprintf("automation %d", i),
			Triggers:   []rules.Trigger{{Type: "case_status_updated"}},
			Conditions: []rules.Condition{},
			Actions:    []rules.Action{{Type: "set_case_status", Status: "ACTIVE"}}}
	}
	set, err := rules.CompileSet(defs, rules.WithCaseSchema(nil))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range set.Programs() {
		ws := p.Warnings()
		if len(ws) != 1 || ws[0].Code != "duplicate_id" {
			t.Fatalf("%s: %+v", p.Automation().Name, ws)
		}
		total += len(ws[0].Msg)
		longest = max(longest, len(ws[0].Msg))
	}
	return total, longest
}

// TestDuplicateIDsAreLinear: a warning names three of the automations that
// share its id and counts the others, so the warnings of n automations
// sharing one id grow as n, not n².
func TestDuplicateIDsAreLinear(t *testing.T) {
	a, longestA := sharedIDs(t, 1000)
	b, longestB := sharedIDs(t, 2000)
	if ratio := float64(b) / float64(a); ratio > 2.2 {
		t.Errorf("1,000 automations sharing an id have %d bytes of warnings, 2,000 have %d (%.2f times as much, want at most 2.2)", a, b, ratio)
	}
	if longestA > 400 || longestB > 400 {
		t.Errorf("the longest warning is %d bytes, then %d", longestA, longestB)
	}
	defs := make([]rules.Automation, 5)
	for i := range defs {
		defs[i] = rules.Automation{ID: "7", Name: string(rune('a' + i)),
			Triggers: []rules.Trigger{{Type: "case_status_updated"}}, Conditions: []rules.Condition{},
			Actions: []rules.Action{{Type: "set_case_status", Status: "ACTIVE"}}}
	}
	defs[4].Name = strings.Repeat("N", 5000)
	set, err := rules.CompileSet(defs, rules.WithCaseSchema(nil))
	if err != nil {
		t.Fatal(err)
	}
	progs := set.Programs()
	got := []string{progs[0].Warnings()[0].Msg, progs[2].Warnings()[0].Msg, progs[4].Warnings()[0].Msg}
	const tail = " in this set: changeset entries and notes name an automation by its id, so theirs cannot be told apart"
	want := []string{
		`the id "7" is also the id of "b", "c", "d" and 1 more` + tail,
		`the id "7" is also the id of "a", "b", "d" and 1 more` + tail,
		`the id "7" is also the id of "a", "b", "c" and 1 more` + tail,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// sharedIDDocument is a document of n automations sharing one id, written
// on one line (as a program would write it) or one member a line.
func sharedIDDocument(n int, oneLine bool) []byte {
	var b strings.Builder
	b.WriteString("[")
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		if !oneLine {
			b.WriteString("\r\n")
		}
		fmt.Fprintf(&b, `{"id": "same", "name": "automation %d", "triggers": [{"type": "case_status_updated"}], "conditions": [], "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`, i)
	}
	b.WriteString("]")
	return []byte(b.String())
}

// setWarnings loads a document of automations and returns the set's
// warnings.
func setWarnings(t *testing.T, doc []byte, n int) []rules.Warning {
	t.Helper()
	set, err := rules.Load(doc, rules.WithCaseSchema(nil))
	if err != nil {
		t.Fatal(err)
	}
	ws := set.Warnings()
	if len(ws) != n {
		t.Fatalf("%d warnings, want %d", len(ws), n)
	}
	return ws
}

// TestLocateWarnings: diag.Warnings, located and rendered as a list, gives
// each warning the line, column and rendering that Locate and
// RenderWarning give it one by one.
func TestLocateWarnings(t *testing.T) {
	for _, oneLine := range []bool{true, false} {
		doc := sharedIDDocument(30, oneLine)
		ws := setWarnings(t, doc, 30)
		// A warning with a caret in its string, and one whose node is
		// missing (its parent is shown).
		ws = append(ws,
			rules.Warning{Pointer: "/3/name", Offset: 4, Code: "x", Msg: "in the name", Source: "automation 3"},
			rules.Warning{Pointer: "/29/missing", Offset: -1, Code: "y", Msg: "missing"})
		located := diag.Warnings(ws)
		located.Locate(doc)
		rendered := located.Render("f.json", doc)
		for i, w := range ws {
			// Located as RenderWarning locates it: by the offset in its
			// string only when it has the string.
			one := w
			if w.Source == "" {
				one.Offset = -1
			}
			one.Locate(doc)
			if e := located[i]; e.Line != one.Line || e.Column != one.Column || rendered[i] != w.RenderWarning("f.json", doc) {
				t.Errorf("one line %v, warning %d: located at %d:%d as\n%s\nwant %d:%d as\n%s", oneLine, i, e.Line, e.Column,
					rendered[i], one.Line, one.Column, w.RenderWarning("f.json", doc))
			}
		}
	}
}

// TestRenderingWarningsIsLinear locates and renders the warnings of
// automations that share an id, on one line of the document, as validate
// does: they are located in one reading of the document, and an excerpt
// copies the part of its line it shows, not the rest of the line, so the
// bytes allocated grow as the number of warnings (rendered one by one,
// each locating itself, they grow as its square).
func TestRenderingWarningsIsLinear(t *testing.T) {
	alloc := func(n int) uint64 {
		doc := sharedIDDocument(n, true)
		ws := setWarnings(t, doc, n)
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		list := diag.Warnings(ws)
		list.Locate(doc)
		for _, out := range list.Render("f.json", doc) {
			if !strings.Contains(out, "^") {
				t.Fatalf("rendered %q", out)
			}
		}
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc
	}
	a, b := alloc(1000), alloc(2000)
	if ratio := float64(b) / float64(a); ratio > 2.2 {
		t.Errorf("rendering 1,000 warnings allocates %d bytes, 2,000 %d (%.2f times as much, want at most 2.2)", a, b, ratio)
	}
}

// TestLongValuesAreCutInMessages: a status, type, name or value of a
// megabyte is quoted in a message by its first hundred characters and its
// length, and is not compared with the known names (a name of 7,000 bytes
// against 2,000 fields of a kilobyte took 52 s).
func TestLongValuesAreCutInMessages(t *testing.T) {
	const size = 1 << 20
	big := strings.Repeat("Q", size)
	cut := `"` + strings.Repeat("Q", 100) + fmt.Sprintf(`"… (%d bytes)`, size)
	short := func(t *testing.T, what, msg string) {
		t.Helper()
		if len(msg) > 2000 || !strings.Contains(msg, cut) {
			t.Errorf("%s: a message of %d bytes: %.300s", what, len(msg), msg)
		}
	}
	quoted, err := json.Marshal(big)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, def string }{
		{"set_case_status", strings.Replace(automation(""), `"status": "ACTIVE"`, `"status": `+string(quoted), 1)},
		{"a trigger status", strings.Replace(automation(""), `{"type": "case_status_updated"}`, `{"type": "case_status_updated", "status": `+string(quoted)+`}`, 1)},
		{"a condition type", automation(`{"type": ` + string(quoted) + `, "field": "$.a", "value": 1}`)},
		{"a match", automation(`{"type": "equal", "field": "$.a", "value": 1, "match": ` + string(quoted) + `}`)},
	} {
		defs, err := rules.Parse([]byte(tc.def))
		if err == nil {
			_, err = rules.CompileSet(defs)
		}
		var list rules.ErrorList
		if !errors.As(err, &list) {
			t.Fatalf("%s: %v", tc.name, err)
		}
		short(t, tc.name, list[0].Msg)
	}

	fields := make([]rules.Option, 0, 2000)
	for i := 0; i < 2000; i++ {
		fields = append(fields, rules.WithContextField(fmt.Sprintf("f%04d", i)+strings.Repeat("x", 1019), "1"))
	}
	e := compileError(t, automation(`{"type": "expression", "expression": "context.`+strings.Repeat("y", 7000)+` == 1"}`), fields...)
	if len(e.Msg) > 3000 || !strings.Contains(e.Msg, `unknown context field "yyyy`) || !strings.Contains(e.Msg, "… (7000 bytes); available: company_age, ") ||
		!strings.Contains(e.Msg, "… (2005 in all)") {
		t.Errorf("a message of %d bytes: %.3000s", len(e.Msg), e.Msg)
	}

	set, err := rules.CompileSet(nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, ev := range []*rules.Event{
		{Type: "case_status_updated", Status: big},
		{Type: "case_status_updated", Status: "ACTIVE", PreviousStatus: big},
	} {
		var ee *event.Error
		if err := set.CheckEvent(ev); !errors.As(err, &ee) {
			t.Errorf("CheckEvent: %v", err)
		} else {
			short(t, "CheckEvent", ee.Problems[0].Msg)
		}
	}
	// A type far longer than any known one is no typo of one: it matches
	// no trigger, as other unknown types do.
	if err := set.CheckEvent(&rules.Event{Type: "case_status_updated" + big, Status: "ACTIVE"}); err != nil {
		t.Errorf("CheckEvent: %.300v", err)
	}
}

// TestEveryMethodOfZeroValues calls every exported method of Program, Set
// and Case (package cases), and the functions that take a Case or an
// Event (packages event and changeset too), on nil and zero values: each
// gives an error or a zero value, and none panics.
func TestEveryMethodOfZeroValues(t *testing.T) {
	var (
		nilProgram  *rules.Program
		zeroProgram = &rules.Program{}
		nilSet      *rules.Set
		zeroSet     = &rules.Set{}
		nilCase     *rules.Case
		zeroCase    = &rules.Case{}
		ev          = &rules.Event{Type: "case_status_updated", Status: "ACTIVE"}
		ctx         = context.Background()
	)
	good := parseCase(t, goodCase)
	p := compile(t, docsAutomation)
	projected, err := cases.Decoder{Reach: p.Reach()}.Parse([]byte(goodCase))
	if err != nil {
		t.Fatal(err)
	}
	errs := map[string]func() error{
		"nil Program Evaluate":     func() error { _, err := nilProgram.Evaluate(ctx, good, ev); return err },
		"zero Program Evaluate":    func() error { _, err := zeroProgram.Evaluate(ctx, good, ev); return err },
		"nil Set CheckEvent":       func() error { return nilSet.CheckEvent(ev) },
		"zero Set CheckEvent":      func() error { return zeroSet.CheckEvent(ev) },
		"zero Set CheckEvent, nil": func() error { return zeroSet.CheckEvent(nil) },
		"nil Set Evaluate":         func() error { _, err := nilSet.Evaluate(ctx, good, ev); return err },
		"zero Set Evaluate":        func() error { _, err := zeroSet.Evaluate(ctx, good, ev); return err },
		"zero Program Evaluate of a projected case": func() error {
			_, err := zeroProgram.Evaluate(ctx, projected, ev)
			return err
		},
		"zero Set Evaluate of a projected case": func() error {
			_, err := zeroSet.Evaluate(ctx, projected, ev)
			return err
		},
		"Evaluate of a nil Case":  func() error { _, err := p.Evaluate(ctx, nilCase, ev); return err },
		"Evaluate of a zero Case": func() error { _, err := p.Evaluate(ctx, zeroCase, ev); return err },
		"cases.New of nil":        func() error { _, err := cases.New(document.Value{}); return err },
		"Query of a nil Case":     func() error { _, err := rules.Query(nilCase, "$.status"); return err },
		"Evaluate of a nil Case, named only": func() error {
			_, err := p.Evaluate(ctx, nilCase, ev, rules.WithCaseAutomations())
			return err
		},
		"zero Set Evaluate, named only": func() error {
			_, err := zeroSet.Evaluate(ctx, good, ev, rules.WithCaseAutomations())
			return err
		},
	}
	zeros := map[string]func() any{
		"nil Program Automation":   func() any { return nilProgram.Automation().Name },
		"zero Program Automation":  func() any { return zeroProgram.Automation().Name },
		"nil Program Warnings":     func() any { return nilProgram.Warnings() },
		"zero Program Warnings":    func() any { return zeroProgram.Warnings() },
		"nil Program DocPointer":   func() any { return nilProgram.DocumentPointer() },
		"zero Program DocPointer":  func() any { return zeroProgram.DocumentPointer() },
		"nil Program Reach":        func() any { return nilProgram.Reach() },
		"zero Program Reach":       func() any { return zeroProgram.Reach() },
		"nil Program Fingerprint":  func() any { return nilProgram.Fingerprint() },
		"zero Program Fingerprint": func() any { return zeroProgram.Fingerprint() },
		"nil Set Fingerprint":      func() any { return nilSet.Fingerprint() },
		"nil Set Reach":            func() any { return nilSet.Reach() },
		"zero Set Reach":           func() any { return zeroSet.Reach() },
		"nil Set CheckCase":        func() any { return nilSet.CheckCase(good) },
		"zero Set CheckCase":       func() any { return zeroSet.CheckCase(good) },
		"CheckCase of a nil Case":  func() any { return zeroSet.CheckCase(nilCase) },
		"nil Set Programs":         func() any { return nilSet.Programs() },
		"zero Set Programs":        func() any { return zeroSet.Programs() },
		"nil Set Len":              func() any { return nilSet.Len() },
		"zero Set Len":             func() any { return zeroSet.Len() },
		"nil Set Warnings":         func() any { return nilSet.Warnings() },
		"zero Set Warnings":        func() any { return zeroSet.Warnings() },
		"nil Set CheckCase, nil":   func() any { return nilSet.CheckCase(nilCase) },
		"nil Case Status":          func() any { return nilCase.Status() },
		"zero Case Status":         func() any { return zeroCase.Status() },
		"nil Case HasStatus":       func() any { return nilCase.HasStatus() },
		"zero Case HasStatus":      func() any { return zeroCase.HasStatus() },
		"nil Case HasContext":      func() any { return nilCase.HasContext() },
		"zero Case HasContext":     func() any { return zeroCase.HasContext() },
		"nil Case Pointer":         func() any { return nilCase.Pointer() },
		"zero Case Pointer":        func() any { return zeroCase.Pointer() },
		"nil Case Value":           func() any { return nilCase.Value() },
		"nil Case Automations": func() any {
			if ids, ok, err := nilCase.Automations(); ids != nil || ok || err != nil {
				return "something"
			}
			return nil
		},
		"zero Case Automations": func() any {
			if ids, ok, err := zeroCase.Automations(); ids != nil || ok || err != nil {
				return "something"
			}
			return nil
		},
		"zero Case Value":         func() any { return zeroCase.Value() },
		"event.Between nil, zero": func() any { return event.Between(nilCase, zeroCase) },
		"nil Event description":   func() any { return (*rules.Event)(nil).AppendDescription(nil) },
		"Trigger of a nil Event":  func() any { return rules.Trigger{Type: "case_status_updated"}.Matches(nil) },
		"Merge of no results":     func() any { merged, conflicts := rules.Merge(nil); return len(merged) + len(conflicts) },
		"Merge of nothing":        func() any { merged, conflicts := changeset.Merge(nil, nil); return len(merged) + len(conflicts) },
	}
	noPanic := func(t *testing.T) {
		if r := recover(); r != nil {
			t.Fatalf("panic: %v", r)
		}
	}
	for name, call := range errs {
		t.Run(name, func(t *testing.T) {
			defer noPanic(t)
			if err := call(); err == nil {
				t.Error("no error")
			}
		})
	}
	for name, call := range zeros {
		t.Run(name, func(t *testing.T) {
			defer noPanic(t)
			if got := call(); got != nil && !reflect.ValueOf(got).IsZero() {
				t.Errorf("got %v, want a zero value", got)
			}
		})
	}
	// A nil case has no status: from it to a case with one is a change.
	if evs := event.Between(nilCase, good); len(evs) != 1 || evs[0].Status != "READY_FOR_REVIEW" || evs[0].PreviousStatus != "" {
		t.Errorf("event.Between(nil, case) = %+v", evs)
	}
}

// TestDefinitionsDoNotListTheFieldsAgain: the context fields are listed
// once per set, not once per definition, so what compiling one more
// definition allocates does not grow with the number of fields.
func TestDefinitionsDoNotListTheFieldsAgain(t *testing.T) {
	perDefinition := func(fields int) float64 {
		opts := []rules.Option{rules.WithCaseSchema(nil)}
		for i := 0; i < fields; i++ {
			opts = append(opts, rules.WithContextField(fmt.Sprintf("f%d", i), "1"))
		}
		alloc := func(n int) uint64 {
			defs := make([]rules.Automation, n)
			for i := range defs {
				defs[i] = rules.Automation{Name: fmt.Sprint(i), Triggers: []rules.Trigger{{Type: "case_status_updated"}},
					Conditions: []rules.Condition{{Type: "equal", Field: "$.context.f0", Value: []byte("1")}},
					Actions:    []rules.Action{{Type: "set_case_status", Status: "ACTIVE"}}}
			}
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			if _, err := rules.CompileSet(defs, opts...); err != nil {
				t.Fatal(err)
			}
			runtime.ReadMemStats(&after)
			return after.TotalAlloc - before.TotalAlloc
		}
		return float64(alloc(400)-alloc(200)) / 200
	}
	few, many := perDefinition(500), perDefinition(12_000)
	if many > 1.5*few {
		t.Errorf("a definition allocates %.0f bytes with 500 context fields, %.0f with 12,000", few, many)
	}
}
