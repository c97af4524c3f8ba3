package fuzz

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/verdict-rules/verdict/cases"
	"github.com/verdict-rules/verdict/changeset"
	"github.com/verdict-rules/verdict/diag"
	"github.com/verdict-rules/verdict/document"
	"github.com/verdict-rules/verdict/internal/jsonpath"
	"github.com/verdict-rules/verdict/rules"
)

var now = time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)

func clock() time.Time { return now }

// files returns the contents of the files under ../testdata whose names
// match one of the patterns.
func files(t testing.TB, patterns ...string) [][]byte {
	var out [][]byte
	err := filepath.WalkDir("../testdata", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		for _, p := range patterns {
			if ok, _ := filepath.Match(p, d.Name()); ok {
				data, err := os.ReadFile(path)
				if err != nil {
					return err
				}
				out = append(out, data)
				break
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// automations returns the valid automations of the scenarios, compiled.
func automations(t testing.TB) []*rules.Program {
	var progs []*rules.Program
	for _, data := range files(t, "automation.json") {
		defs, err := rules.Parse(data)
		if err != nil {
			continue
		}
		for _, d := range defs {
			p, err := rules.Compile(d, rules.WithClock(clock), rules.WithStatuses(append(cases.QuickrStatuses(), cases.DinteroStatuses()...)))
			if err == nil {
				progs = append(progs, p)
			}
		}
	}
	if len(progs) == 0 {
		t.Fatal("no automations to fuzz with")
	}
	return progs
}

// checkErrorLocations asserts that every error of a definition points into
// it.
func checkErrorLocations(t *testing.T, data []byte, err error) {
	var list rules.ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("error is not an ErrorList: %v", err)
	}
	if len(list) == 0 {
		t.Fatal("empty ErrorList returned as an error")
	}
	doc, derr := document.Decoder{Strict: true}.Decode(data)
	for _, e := range list {
		if e.Msg == "" || e.Code == "" {
			t.Errorf("error without message or code: %+v", e)
		}
		if e.Code == "json_syntax" {
			if derr == nil {
				t.Errorf("json_syntax error on a document that decodes: %v", e)
			}
			if e.Line < 1 || e.Column < 1 {
				t.Errorf("json_syntax error without a location: %+v", e)
			}
			continue
		}
		if e.Code == "too_many_errors" {
			continue
		}
		if derr != nil {
			t.Fatalf("a %s error on a document that does not decode (%v)", e.Code, derr)
		}
		if e.Pointer != "" {
			if _, ok := doc.At(e.Pointer); !ok {
				parent := e.Pointer[:strings.LastIndexByte(e.Pointer, '/')]
				if _, ok := doc.At(parent); !ok {
					t.Errorf("pointer %q (%s) resolves neither to a node nor to its parent", e.Pointer, e.Msg)
				}
			}
		}
		if e.Offset >= 0 && (e.Source == "" || e.Offset > len(e.Source)) {
			t.Errorf("offset %d outside %q (%s)", e.Offset, e.Source, e.Msg)
		}
	}
}

func FuzzParseCompile(f *testing.F) {
	for _, data := range files(f, "automation.json", "*.json") {
		if len(data) < 4096 {
			f.Add(data)
		}
	}
	f.Add([]byte(`{"name": "x", "trigger": [{"type": "case_status_updated"}], "conditions": [{"type": "not", "condition": {"type": "equal", "field": "$..a[?(@.b == 1 && !@.c)]", "value": [1, {"x": null}]}}], "actions": [{"type": "set_check_status", "check": "sanction", "status": "FAILED"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		orig := bytes.Clone(data)
		defs, err := rules.Parse(data)
		if !bytes.Equal(orig, data) {
			t.Fatal("Parse changed its input")
		}
		if err != nil {
			checkErrorLocations(t, data, err)
			return
		}
		for _, d := range defs {
			if _, err := rules.Compile(d); err != nil {
				checkErrorLocations(t, data, err)
			}
		}
	})
}

func FuzzPath(f *testing.F) {
	doc := []byte(`{"checks": [{"type": "sanction", "data": [{"flags": [], "status": "COMPLETED"}]}, {"type": "credit_score", "data": [{"flags": [{"code": "X"}]}]}], "s": "Ørsted", "n": [1, "1", null, true, {"length": 2}], "e": ""}`)
	seeds := []string{
		"$", "$.checks[?(@.type==='sanction')].data[0].flags.length", "$..type", "$..*", "$.n[-1:]", "$.n[::-2]",
		"$.n[?(@ == 1)]", "$.n[?(@ === '1')]", "$.s[0]", "$.s.length", "$.e.length", "$['checks'][0,1].type",
		"$.checks[?(@.data[0].flags.length > 0 || !@.type)].type", "$..[?(@.code)]", "$.context.x",
		"$.checks[?(@.type.startsWith('s'))]", "$[(@.length-1)]", "$['1:2']", "$.a[?(@.n==='(x)')]",
	}
	for _, s := range seeds {
		f.Add(s, doc)
	}
	f.Fuzz(func(t *testing.T, src string, data []byte) {
		if len(src) > 4096 || len(data) > 1<<14 {
			return
		}
		var p *jsonpath.Path
		var err error
		// Compiling a path costs a constant times its length.
		if got := allocated(func() { p, err = jsonpath.Parse(src) }); got > 512*uint64(len(src))+64<<10 {
			t.Fatalf("parsing a %d-byte path allocated %d bytes", len(src), got)
		}
		if err != nil {
			var pe *diag.Problem
			if !errors.As(err, &pe) {
				t.Fatalf("Parse error is not a *diag.Problem: %v", err)
			}
			if pe.Offset < 0 || pe.Offset > len(src) || pe.Msg == "" || pe.Source != src {
				t.Fatalf("bad location %d in %q: %s", pe.Offset, src, pe.Msg)
			}
			return
		}
		if p.String() != src {
			t.Fatalf("String() = %q, want %q", p.String(), src)
		}
		root, err := document.Decode(data)
		if err != nil {
			return
		}
		before := root.String()
		env := &jsonpath.Env{MaxValues: 10_000, MaxVisits: 1_000_000}
		a, errA := p.Select(root, env, nil)
		b, errB := p.Select(root, env, nil)
		if (errA == nil) != (errB == nil) || len(a) != len(b) {
			t.Fatalf("two selections differ: %d/%v and %d/%v", len(a), errA, len(b), errB)
		}
		for i := range a {
			if a[i].String() != b[i].String() {
				t.Fatalf("value %d differs: %s and %s", i, a[i].String(), b[i].String())
			}
			if !utf8.ValidString(a[i].String()) {
				t.Fatalf("value %d is not valid UTF-8 JSON", i)
			}
		}
		if root.String() != before {
			t.Fatal("selecting changed the document")
		}
	})
}

func FuzzEvaluate(f *testing.F) {
	for _, data := range files(f, "case.json") {
		f.Add(data)
	}
	f.Add([]byte(`{"status": "READY_FOR_REVIEW", "context": {"company_age": 99}}`))
	progs := automations(f)
	events := []*rules.Event{nil, {Type: "case_status_updated", Status: "READY_FOR_REVIEW"}}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		orig := bytes.Clone(data)
		c, err := cases.Parse(data)
		if !bytes.Equal(orig, data) {
			t.Fatal("ParseCase changed its input")
		}
		if err != nil {
			var ce *cases.Error
			if !errors.As(err, &ce) {
				t.Fatalf("ParseCase error is not a *CaseError: %v", err)
			}
			return
		}
		before := c.Value().String()
		for _, p := range progs {
			for _, ev := range events {
				r1, err1 := p.Evaluate(context.Background(), c, ev, rules.WithTrace())
				r2, err2 := p.Evaluate(context.Background(), c, ev, rules.WithTrace())
				plain, err3 := p.Evaluate(context.Background(), c, ev)
				if (err1 == nil) != (err2 == nil) || (err1 == nil) != (err3 == nil) {
					t.Fatalf("errors differ: %v / %v / %v", err1, err2, err3)
				}
				if err1 != nil {
					continue
				}
				j1, _ := json.Marshal(r1)
				j2, _ := json.Marshal(r2)
				if !bytes.Equal(j1, j2) {
					t.Fatalf("same input, different results:\n%s\n%s", j1, j2)
				}
				if plain.DecidedBy != r1.DecidedBy || r1.DecidedBy != r1.Trace.Decider().Pointer {
					t.Fatalf("decided by %q untraced, %q traced, %q in the trace", plain.DecidedBy, r1.DecidedBy, r1.Trace.Decider().Pointer)
				}
				r1.Trace = nil
				j1, _ = json.Marshal(r1)
				j3, _ := json.Marshal(plain)
				if !bytes.Equal(j1, j3) {
					t.Fatalf("tracing changed the result:\n%s\n%s", j1, j3)
				}
				if !r1.Fired && (len(r1.Actions) > 0 || len(r1.Changeset) > 0) {
					t.Fatalf("a result that did not fire has actions: %s", j1)
				}
			}
		}
		if c.Value().String() != before {
			t.Fatal("evaluating changed the decoded case")
		}
	})
}

func FuzzApply(f *testing.F) {
	for _, data := range files(f, "case.json") {
		f.Add(data, "/status", []byte(`"ACTIVE"`))
	}
	f.Add([]byte(`{"a": {"b": [1, 2]}, "status": "X"}`), "/a/b/1", []byte(`{"x": "y"}`))
	f.Add([]byte(`{"a": {}}`), "/a/new~1member", []byte(`null`))
	progs := automations(f)
	f.Fuzz(func(t *testing.T, data []byte, field string, newValue []byte) {
		checkApply(t, progs, data, field, newValue)
	})
}

// checkApply is the body of FuzzApply.
func checkApply(t *testing.T, progs []*rules.Program, data []byte, field string, newValue []byte) {
	if len(data) > 1<<16 {
		return
	}
	c, err := cases.Parse(data)
	if err != nil {
		return
	}
	nv, err := document.Decode(newValue)
	if err != nil {
		return
	}
	old := json.RawMessage("null")
	if v, ok := c.Value().At(field); ok {
		old = v.AppendJSON(nil)
	}
	orig := bytes.Clone(data)
	out, err := changeset.Apply(data, []rules.ChangesetEntry{{ID: "f", Type: "t",
		Changes: []rules.Change{{Field: field, OldValue: old, NewValue: nv.AppendJSON(nil)}}}})
	if !bytes.Equal(orig, data) {
		t.Fatal("Apply changed its input")
	}
	if err != nil {
		return
	}
	after, err := cases.Parse(out)
	if err != nil {
		t.Fatalf("Apply produced a case that does not decode: %v\n%s", err, out)
	}
	got, ok := after.Value().At(field)
	if !ok || !document.Equal(got, nv) {
		t.Fatalf("after Apply, %s holds %v, want %s", field, got, nv.String())
	}
	// Changes that build on each other, applied at once, give what
	// applying them one at a time gives.
	nvJSON := nv.AppendJSON(nil)
	wrapped := append(append([]byte(`{"v":`), nvJSON...), '}')
	chain := []rules.Change{
		{Field: field, OldValue: old, NewValue: nvJSON},
		{Field: field, OldValue: nvJSON, NewValue: wrapped},
		{Field: field + "/v", OldValue: nvJSON, NewValue: old},
		{Field: field + "/w", OldValue: json.RawMessage("null"), NewValue: nvJSON},
	}
	together, errTogether := changeset.Apply(data, []rules.ChangesetEntry{{ID: "f", Type: "t", Changes: chain}})
	oneByOne, errOne := data, error(nil)
	for _, ch := range chain {
		if oneByOne, errOne = changeset.Apply(oneByOne, []rules.ChangesetEntry{{ID: "f", Type: "t", Changes: []rules.Change{ch}}}); errOne != nil {
			break
		}
	}
	if fmt.Sprint(errTogether) != fmt.Sprint(errOne) || (errOne == nil && !bytes.Equal(together, oneByOne)) {
		t.Fatalf("applied together: %s (%v)\none by one: %s (%v)", together, errTogether, oneByOne, errOne)
	}
	// Every top-level member that the change does not touch is as it was.
	top := strings.SplitN(strings.TrimPrefix(field, "/"), "/", 2)[0]
	for i := 0; i < c.Value().Len(); i++ {
		k := c.Value().Key(i)
		if document.JoinPointer("", k) == "/"+top {
			continue
		}
		m, ok := after.Value().Member(k)
		if !ok || !document.Equal(m, c.Value().Index(i)) {
			t.Fatalf("member %q changed", k)
		}
	}
	// Applying what an automation decided, then evaluating again, leaves
	// nothing more to change for set_case_status.
	for _, p := range progs {
		r, err := p.Evaluate(context.Background(), c, nil)
		if err != nil || !r.Fired {
			continue
		}
		next, err := changeset.Apply(data, r.Changeset)
		if err != nil {
			t.Fatalf("applying a fresh changeset failed: %v", err)
		}
		nc, err := cases.Parse(next)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range r.Changeset {
			for _, ch := range e.Changes {
				v, ok := nc.Value().At(ch.Field)
				want, _ := document.Decode(ch.NewValue)
				if !ok || !document.Equal(v, want) {
					t.Fatalf("after Apply, %s is %v, want %s", ch.Field, v, ch.NewValue)
				}
			}
		}
		r2, err := p.Evaluate(context.Background(), nc, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range r2.Changeset {
			if e.Type == "set_case_status" || e.Type == "set_check_status" {
				t.Fatalf("after applying its own changeset, %q still changes %+v", r.Automation.Name, e.Changes)
			}
		}
	}
}
