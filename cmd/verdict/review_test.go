package main

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
)

// reviewRuns are hostile inputs found after the first round of bounds,
// run by TestHostileInputs like the others.
func reviewRuns(t *testing.T) []hostileRun {
	sharedID := make([]map[string]any, 10_000)
	for i := range sharedID {
		sharedID[i] = map[string]any{"id": "same", "name": fmt.Sprintf("automation %d", i),
			"trigger": anyStatus, "conditions": []any{}, "actions": []any{map[string]any{"type": "set_case_status", "status": "ACTIVE"}}}
	}
	fields := map[string]string{}
	for i := 0; i < 20_000; i++ {
		fields[fmt.Sprintf("f%d", i)] = fmt.Sprint(i)
	}
	readsField := hostileAutomation(t, []any{cond("equal", "$.context.f19999", 19999)}, nil, nil, nil)
	bigStatus := hostileAutomation(t, []any{}, nil, []any{map[string]any{"type": "set_case_status", "status": strings.Repeat("A", 30_000_000)}}, nil)
	longFields := map[string]string{}
	for i := 0; i < 2000; i++ {
		longFields[fmt.Sprintf("f%04d", i)+strings.Repeat("x", 1019)] = "1"
	}
	longName := hostileAutomation(t, []any{exprCond("context." + strings.Repeat("y", 7000) + " == 1")}, nil, nil, nil)
	scenario := func(want string) map[string][]byte {
		return map[string][]byte{
			"automation.json": hostileAutomation(t, []any{}, nil, nil, nil),
			"case.json":       []byte(`{"status": "PROCESSING_DETAILS"}`),
			"event.json":      []byte(`{"type": "case_status_updated", "status": "READY_FOR_REVIEW"}`),
			"want.json":       []byte(want),
		}
	}
	run := func(name string, src string, doc []byte, output string) hostileRun {
		return hostileRun{name: name, files: map[string][]byte{"a.json": hostileAutomation(t, []any{exprCond(src)}, anyStatus, nil, nil), "c.json": doc},
			args: []string{"run", "-a", "a.json", "-c", "c.json", "--status", "READY_FOR_REVIEW"}, exit: 3, output: []string{output}}
	}
	numbers := []byte(`{"status": "READY_FOR_REVIEW", "l": [` + strings.TrimSuffix(strings.Repeat("1,", 200_000), ",") + `]}`)
	text := []byte(`{"status": "READY_FOR_REVIEW", "s": "` + strings.Repeat("x", 10_000_000) + `"}`)
	return []hostileRun{
		run("uniq of 200,000 case values", `len(uniq(case.l)) > 0`, numbers, "/conditions/0: expression budget exceeded"),
		run("split of 10 MB by nothing", `len(split(case.s, "")) > 0`, text, "/conditions/0: expression budget exceeded"),
		run("concat of a list 50 times", `len(concat(`+strings.TrimSuffix(strings.Repeat("case.l, ", 50), ", ")+`)) > 0`, numbers,
			"/conditions/0: expression budget exceeded"),
		{name: "10,000 automations sharing an id", files: map[string][]byte{"a.json": mustJSON(t, sharedID)},
			args: []string{"validate", "a.json"}, exit: 0,
			output: []string{`a.json: /9999/id: warning: the id "same" is also the id of "automation 0", "automation 1", "automation 2" and 9996 more in this set`,
				"valid (10000 automations), 10000 warnings"}},
		{name: "20,000 context fields", files: map[string][]byte{"a.json": readsField, "fields.json": mustJSON(t, fields)},
			args: []string{"validate", "--context-fields", "fields.json", "a.json"}, exit: 0, output: []string{"a.json: ok (1 automation)"}},
		{name: "a want.json nested 9,000 deep", files: scenario(strings.Repeat("[", 9000) + strings.Repeat("]", 9000)),
			args: []string{"test", "."}, exit: 1, output: []string{"want.json:1:513: nesting deeper than the limit of 512"}},
		{name: "a want.json of a million arrays 500 deep", files: scenario(strings.Repeat("[", 500) + strings.Repeat("[],", 1_000_000) + "[]" + strings.Repeat("]", 500)),
			args: []string{"test", "."}, exit: 1, output: []string{"the results differ from want.json", "    - [[[[[[[["}},
		{name: "a 30 MB status", files: map[string][]byte{"a.json": bigStatus}, args: []string{"validate", "a.json"}, exit: 1,
			output: []string{`a.json: /actions/0/status: unknown case status "` + strings.Repeat("A", 100) + `"… (30000000 bytes); expected one of: ACTIVE,`}},
		{name: "a 7 KB context name among 2,000 names of 1 KB", files: map[string][]byte{"a.json": longName, "fields.json": mustJSON(t, longFields)},
			args: []string{"validate", "--context-fields", "fields.json", "a.json"}, exit: 1,
			output: []string{`unknown context field "` + strings.Repeat("y", 100) + `"… (7000 bytes); available: company_age, case_age_days, ubo_count, flags, credit_score, f0000x`, "… (2005 in all)"}},
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// controls holds a C1 control, a bidirectional override and isolate, the
// other bidirectional marks and DEL: JSON and XML may hold them raw, and a
// terminal or an editor acts on them.
const controls = "x\u0085y\u009bz\u202egnp.exe\u2066i\u2069\u200f\u061c\x7f"

// rawControl returns the first of the characters above found in s raw,
// or "".
func rawControl(s string) string {
	for _, r := range s {
		switch {
		case r == 0x7f, r >= 0x80 && r <= 0x9f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069,
			r == 0x200e, r == 0x200f, r == 0x061c:
			return fmt.Sprintf("%U", r)
		}
	}
	return ""
}

// TestOutputsEscapeControls runs every command that writes JSON or JUnit
// on an automation, a case, a case file and a test whose names and values
// hold the characters above: each output is valid, holds none of them
// raw, and reads back as the same values.
func TestOutputsEscapeControls(t *testing.T) {
	caseFile := "case " + strings.TrimSuffix(controls, "\x7f") + ".json"
	q := func(s string) string { return string(mustJSON(t, s)) }
	def := fmt.Sprintf(`{"id": "1", "name": %s, "trigger": [{"type": "case_status_updated", "status": "READY_FOR_REVIEW"}],
	  "conditions": [{"type": "equal", "field": "$.v", "value": %s}], "actions": [{"type": "set_case_status", "status": "ACTIVE"}]}`,
		q("auto "+controls), q(controls))
	doc := fmt.Sprintf(`{"status": "READY_FOR_REVIEW", "v": %s}`, q(controls))
	dir := files(t, map[string]string{
		"a.json": def, "c.json": doc, caseFile: doc,
		"s.suite.json": fmt.Sprintf(`{"automation": "a.json", "now": "2026-11-24T09:00:00Z",
		  "event": {"type": "case_status_updated", "status": "READY_FOR_REVIEW"},
		  "tests": [{"name": %s, "case": "c.json", "expect": {"fired": false}}]}`, q("t "+controls)),
	})
	for _, tc := range []struct {
		args []string
		code int
		want string // a value the output holds, read back
	}{
		{[]string{"path", "-c", "c.json", "$.v"}, 0, controls},
		{[]string{"run", "-a", "a.json", "-c", "c.json", "--status", "READY_FOR_REVIEW", "--format", "json"}, 0, "auto " + controls},
		{[]string{"backtest", "-a", "a.json", caseFile, "--status", "READY_FOR_REVIEW", "--format", "json"}, 0, "auto " + controls},
		{[]string{"backtest", "-a", "a.json", caseFile, "--status", "READY_FOR_REVIEW", "--out", "-"}, 0, caseFile},
		{[]string{"validate", "--format", "json", "a.json", caseFile}, 1, caseFile},
		{[]string{"test", "--format", "json", "s.suite.json"}, 1, "t " + controls},
		{[]string{"test", "--format", "junit", "s.suite.json"}, 1, "t " + controls},
	} {
		r := verdict(t, dir, tc.args...)
		name := strings.Join(tc.args[:min(len(tc.args), 3)], " ")
		if r.code != tc.code {
			t.Errorf("%s: exit %d, want %d\n%s", name, r.code, tc.code, r)
			continue
		}
		if c := rawControl(r.stdout); c != "" {
			t.Errorf("%s: the output holds %s raw:\n%s", name, c, r.stdout)
		}
		var values []string
		if slices.Contains(tc.args, "junit") {
			values = xmlValues(t, r.stdout)
		} else {
			dec := json.NewDecoder(strings.NewReader(r.stdout))
			for dec.More() {
				var v any
				if err := dec.Decode(&v); err != nil {
					t.Fatalf("%s: not JSON: %v\n%s", name, err, r.stdout)
				}
				values = append(values, jsonStrings(v)...)
			}
		}
		if !slices.Contains(values, tc.want) {
			t.Errorf("%s: no value reads back as %q among %q", name, tc.want, values)
		}
	}
}

// jsonStrings lists the strings in a decoded JSON value.
func jsonStrings(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, e := range x {
			out = append(out, jsonStrings(e)...)
		}
		return out
	case map[string]any:
		var out []string
		for _, e := range x {
			out = append(out, jsonStrings(e)...)
		}
		return out
	}
	return nil
}

// xmlValues lists the attribute values and texts of an XML document.
func xmlValues(t *testing.T, doc string) []string {
	t.Helper()
	var out []string
	dec := xml.NewDecoder(strings.NewReader(doc))
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("not XML: %v\n%s", err, doc)
		}
		switch x := tok.(type) {
		case xml.StartElement:
			for _, a := range x.Attr {
				out = append(out, a.Value)
			}
		case xml.CharData:
			out = append(out, string(x))
		}
	}
}
