package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/verdict-rules/verdict/bench"
	"github.com/verdict-rules/verdict/labels"
	"github.com/verdict-rules/verdict/schema"
)

// plant writes n generated cases (as bench/gencases writes them) to
// cases.ndjson in dir and their planted labels to the file labelName, and
// returns what was planted.
func plant(t *testing.T, dir string, n int, seed uint64, labelName string, errorRate, missingRate float64) *bench.Planted {
	t.Helper()
	format := labels.CSV
	if strings.HasSuffix(labelName, ".ndjson") {
		format = labels.NDJSON
	}
	var cs, labs bytes.Buffer
	now := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
	pl, err := bench.NewPlanter(&labs, format, bench.PlantOptions{Now: now, ErrorRate: errorRate, MissingRate: missingRate, Seed: seed})
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x5eed))
	for i := range n {
		data, facts := bench.CaseFacts(rng, i)
		cs.Write(data)
		cs.WriteByte('\n')
		if err := pl.Plant(facts); err != nil {
			t.Fatal(err)
		}
	}
	planted, err := pl.Close()
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range map[string][]byte{"cases.ndjson": cs.Bytes(), labelName: labs.Bytes()} {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return planted
}

// Through the binary: a labelled backtest of a generated
// corpus with planted labels (5% decided the other way, 3% missing) prints
// the planted confusion matrix exactly, with every off-diagonal case, from
// a CSV and from an NDJSON label file.
func TestE2ELabelledBacktestReproducesPlantedMatrix(t *testing.T) {
	for _, labelName := range []string{"labels.csv", "labels.ndjson"} {
		dir := t.TempDir()
		planted := plant(t, dir, 2000, 7, labelName, 0.05, 0.03)
		automation := abs(t, filepath.Join("..", "..", bench.PlantedAutomation))
		r := verdict(t, dir, "backtest", "-a", automation, "--status", planted.Event.Status, "--now", planted.Now,
			"--labels", labelName, "--list", "100000", "--format", "json", "cases.ndjson")
		r.expect(t, 0)
		doc := validJSON(t, schema.BacktestOutputFile, r.stdout).(map[string]any)
		lab := doc["labels"].(map[string]any)
		got, _ := json.Marshal(lab["automations"].([]any)[0].(map[string]any)["matrix"])
		want, _ := json.Marshal(planted.Matrix)
		var g, w any
		json.Unmarshal(got, &g)
		json.Unmarshal(want, &w)
		if gb, wb := jsonText(g), jsonText(w); gb != wb {
			t.Errorf("%s: the matrix differs from the planted one\nwant %.800s\ngot  %.800s", labelName, wb, gb)
		}
		if fmt.Sprint(lab["cases"]) != fmt.Sprint(planted.Cases) || fmt.Sprint(lab["labelled"]) != fmt.Sprint(planted.Labelled) ||
			fmt.Sprint(lab["unlabelled"].(map[string]any)["not_in_file"]) != fmt.Sprint(planted.Cases-planted.Labelled) {
			t.Errorf("%s: cases %v labelled %v unlabelled %v; planted %d, %d", labelName, lab["cases"], lab["labelled"], lab["unlabelled"], planted.Cases, planted.Labelled)
		}
		// The text form says the same.
		c := planted.Matrix.Counts
		text := verdict(t, dir, "backtest", "-a", automation, "--status", planted.Event.Status, "--now", planted.Now,
			"--labels", labelName, "cases.ndjson")
		text.expect(t, 0, "labels: the file "+labelName+", by the case id at $.id",
			"precision  "+planted.Matrix.Precision().String(), "recall     "+planted.Matrix.Recall().String(),
			"fired, another label (false positives): "+plural(c.FiredOther, "case"),
			"agreeing label, not fired (false negatives): "+plural(c.NotFiredAgreeing, "case"))
		// Against the docs' automation, which never fires (it filters on
		// "sanctions"), the change shows as precision and recall moving.
		docs := abs(t, filepath.Join("..", "..", "testdata", "automations", "auto-approve-docs.json"))
		agreeing := c.FiredAgreeing + c.NotFiredAgreeing
		base := verdict(t, dir, "backtest", "-a", automation, "--baseline", docs, "--status", planted.Event.Status, "--now", planted.Now,
			"--labels", labelName, "cases.ndjson")
		base.expect(t, 0, `against the baseline's "Auto approve" (PQ1230483.automation.13294829), same labels (baseline → this run):`,
			"precision  undefined (no labelled case fired) → "+planted.Matrix.Precision().String(),
			fmt.Sprintf("recall     0.0000 (0/%d) → %s", agreeing, planted.Matrix.Recall()),
			fmt.Sprintf("fired, another label: 0 → %d; agreeing label, not fired: %d → %d", c.FiredOther, agreeing, c.NotFiredAgreeing))
		validJSON(t, schema.BacktestOutputFile, verdict(t, dir, "backtest", "-a", automation, "--baseline", docs, "--status", planted.Event.Status,
			"--now", planted.Now, "--labels", labelName, "--format", "json", "cases.ndjson").stdout)
	}
}

func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// A label read from the case, the agreement given, samples written for
// review: the same seed writes the same file, whatever the workers.
func TestE2ELabelsFromCaseAndSamples(t *testing.T) {
	dir := files(t, map[string]string{
		"approve.json": approve,
		"cases.ndjson": strings.Join([]string{
			`{"id": "c1", "status": "READY_FOR_REVIEW", "score": 80, "decided": "APPROVED"}`,
			`{"id": "c2", "status": "READY_FOR_REVIEW", "score": 90, "decided": "DECLINED"}`,
			`{"id": "c3", "status": "READY_FOR_REVIEW", "score": 10, "decided": "ACTIVE"}`,
			`{"id": "c4", "status": "READY_FOR_REVIEW", "score": 20}`,
		}, "\n"),
	})
	bt := func(args ...string) result {
		return verdict(t, dir, append([]string{"backtest", "-a", "approve.json", "--status", "READY_FOR_REVIEW",
			"--labels", "$.decided", "--agree", "approve=ACTIVE,APPROVED"}, args...)...)
	}
	r := bt("cases.ndjson")
	r.expect(t, 0, "labels: $.decided of each case", "4 compared, 3 labelled, 1 without a label (1 the path yields nothing)",
		"c4: $.decided yields nothing", `"approve", agreeing labels: ACTIVE, APPROVED`,
		"precision  0.5000 (1/2)", "recall     0.5000 (1/2)",
		"fired, another label (false positives): 1 case\n    c2", "agreeing label, not fired (false negatives): 1 case\n    c3")
	var outs []string
	for i, workers := range []string{"1", "3", "2"} {
		name := "sample.ndjson"
		r := bt("--sample", "1", "--seed", "9", "--sample-out", name, "--workers", workers, "cases.ndjson")
		r.expect(t, 0, "sample for review: 4 cases (up to 1 per cell of each automation, seed 9) written to --sample-out")
		outs = append(outs, read(t, filepath.Join(dir, name)))
		if i > 0 && outs[i] != outs[0] {
			t.Errorf("the sample changed with the workers:\n%s\n%s", outs[0], outs[i])
		}
		noTemp(t, dir)
	}
	want := `{"automation_id":"","automation":"approve","cell":"fired_agreeing","case":"c1","label":"APPROVED","source":"cases.ndjson:1"}` + "\n" +
		`{"automation_id":"","automation":"approve","cell":"fired_other","case":"c2","label":"DECLINED","source":"cases.ndjson:2"}` + "\n" +
		`{"automation_id":"","automation":"approve","cell":"not_fired_agreeing","case":"c3","label":"ACTIVE","source":"cases.ndjson:3"}` + "\n" +
		`{"automation_id":"","automation":"approve","cell":"not_fired_unlabelled","case":"c4","label":null,"source":"cases.ndjson:4"}` + "\n"
	if outs[0] != want {
		t.Errorf("sample\n%s\nwant\n%s", outs[0], want)
	}
	j := bt("--sample", "1", "--sample-out", "s.csv", "--format", "json", "cases.ndjson")
	j.expect(t, 0)
	validJSON(t, schema.BacktestOutputFile, j.stdout)
	if got := read(t, filepath.Join(dir, "s.csv")); !strings.HasPrefix(got, "automation_id,automation,cell,case,label,source\n,approve,fired_agreeing,c1,APPROVED,cases.ndjson:1\n") {
		t.Errorf("csv sample:\n%s", got)
	}
}

// Every bad input of a labelled backtest is refused, saying where.
func TestE2ELabelsBadInput(t *testing.T) {
	dir := files(t, map[string]string{
		"approve.json":        approve,
		"cases.ndjson":        `{"id": "c1", "status": "READY_FOR_REVIEW", "score": 80}` + "\n" + `{"id": "c2", "status": "READY_FOR_REVIEW", "score": 10}`,
		"bad.ndjson":          `{"id": "c1", "status": "READY_FOR_REVIEW", "score": 80}` + "\n" + `{"id": `,
		"labels.csv":          "case_id,label\nc1,ACTIVE\nc2,DECLINED\n",
		"twice.csv":           "case_id,label\nc1,ACTIVE\nc1,DECLINED\n",
		"broken.ndjson":       `{"case_id": "c1", "label": "ACTIVE"}` + "\n" + `{"case_id": "c2", "label": 7}` + "\n",
		"old-sample.csv":      "keep me\n",
		"cases/a.json":        `{"id": "c1", "status": "READY_FOR_REVIEW", "score": 80}`,
		"cases/labels.ndjson": `{"case_id": "c1", "label": "ACTIVE"}`,
	})
	bt := func(args ...string) result {
		return verdict(t, dir, append([]string{"backtest", "-a", "approve.json", "--status", "READY_FOR_REVIEW"}, args...)...)
	}
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--labels", "lables.csv"}, 2, "--labels lables.csv: no such file (give a CSV or NDJSON file of case_id,label, or a JSONPath starting with $)"},
		{[]string{"--labels", "$.status["}, 2, "--labels: "},
		{[]string{"--labels", "$.context.company_age"}, 2, "--labels: $.context.company_age reads a computed context field"},
		{[]string{"--labels", "labels.csv", "--case-id", "$.id["}, 2, "--case-id: "},
		{[]string{"--labels", "labels.csv", "--agree", "nobody=ACTIVE"}, 2, `--agree: agreement: "nobody": is neither the id nor the name of any automation evaluated (a baseline's do not count)`},
		{[]string{"--labels", "labels.csv", "--agree", "approve=ACTVE"}, 2, `--agree: label "ACTVE", which agrees with "approve", is the label of no case in labels.csv (did you mean "ACTIVE"?)`},
		{[]string{"--labels", "labels.csv", "--agree", "approve="}, 2, `--agree: agreement: "approve=": an empty label`},
		{[]string{"--labels", "twice.csv"}, 3, `--labels: twice.csv:3: case "c1" is labelled twice (first on line 2)`},
		{[]string{"--labels", "broken.ndjson"}, 3, "--labels: broken.ndjson:2: "},
		{[]string{"--agree", "ACTIVE"}, 2, "--agree needs --labels"},
		{[]string{"--case-id", "$.key"}, 2, "--case-id needs --labels FILE"},
		{[]string{"--labels", "labels.csv", "--sample", "3"}, 2, "--sample needs --sample-out FILE"},
		{[]string{"--labels", "labels.csv", "--sample", "-1"}, 2, "--sample must be positive, not -1"},
		{[]string{"--labels", "labels.csv", "--sample-out", "s.csv"}, 2, "--sample-out needs --sample N"},
		{[]string{"--labels", "labels.csv", "--seed", "3"}, 2, "--seed needs --sample N"},
		{[]string{"--sample", "3", "--sample-out", "s.csv"}, 2, "--sample needs --labels"},
		{[]string{"--labels", "labels.csv", "--sample", "3", "--sample-out", "s.txt"}, 2, "--sample-out s.txt: name a .csv, .ndjson or .jsonl file"},
		{[]string{"--labels", "labels.csv", "--sample", "3", "--sample-out", "-"}, 2, "--sample-out -: standard output has the summary; give a file"},
		{[]string{"--labels", "labels.csv", "--sample", "3", "--sample-out", "labels.csv"}, 2, "--sample-out names an input: the output labels.csv is the input labels.csv"},
		{[]string{"--labels", "labels.csv", "--sample", "3", "--sample-out", "./cases.ndjson"}, 2, "--sample-out names an input"},
		{[]string{"--labels", "labels.csv", "--sample", "3", "--sample-out", "s.csv", "--out", "./s.csv"}, 2, "--out and --sample-out name the same file"},
		{[]string{"--labels", "labels.csv", "--out", "labels.csv"}, 2, "--out names an input: the output labels.csv is the input labels.csv"},
		{[]string{"--labels", "cases/labels.ndjson", "cases"}, 2, "--labels cases/labels.ndjson is among the cases (cases is, or holds, it): it would be read as cases too"},
		{[]string{"--labels", "labels.csv", "labels.csv"}, 2, "--labels labels.csv is among the cases (labels.csv is, or holds, it)"},
	} {
		r := bt(append(tc.args, "cases.ndjson")...)
		r.expect(t, tc.code, tc.want)
		if r.code == 0 {
			continue
		}
		if !strings.HasPrefix(r.stderr, "verdict backtest: ") || strings.Contains(r.stderr, "panic") {
			t.Errorf("%v: %s", tc.args, r)
		}
	}
	if got := read(t, filepath.Join(dir, "labels.csv")); got != "case_id,label\nc1,ACTIVE\nc2,DECLINED\n" {
		t.Errorf("the label file changed: %q", got)
	}
	// Standard input once: the labels or the cases, not both.
	r := runBinary(t, dir, "c1,ACTIVE\n", "backtest", "-a", "approve.json", "--status", "READY_FOR_REVIEW", "--labels", "-", "-")
	r.expect(t, 2, "only one input can be -")
	r = runBinary(t, dir, "c1,ACTIVE\n", "backtest", "-a", "approve.json", "--status", "READY_FOR_REVIEW", "--labels", "-", "cases.ndjson")
	r.expect(t, 0, "labels: the file standard input, by the case id at $.id", "2 compared, 1 labelled")
	// A skipped case writes no sample unless --allow-skipped, and leaves
	// the old file as it was.
	r = bt("--labels", "labels.csv", "--sample", "1", "--sample-out", "old-sample.csv", "bad.ndjson")
	r.expect(t, 3, "1 case skipped, so the summary leaves them out; --allow-skipped accepts that (and writes --sample-out)")
	if got := read(t, filepath.Join(dir, "old-sample.csv")); got != "keep me\n" {
		t.Errorf("a failed run wrote the sample: %q", got)
	}
	noTemp(t, dir)
	r = bt("--labels", "labels.csv", "--sample", "1", "--sample-out", "old-sample.csv", "--allow-skipped", "bad.ndjson")
	r.expect(t, 0)
	if got := read(t, filepath.Join(dir, "old-sample.csv")); !strings.Contains(got, "fired_agreeing,c1,ACTIVE") {
		t.Errorf("the sample: %q", got)
	}
	// --list 0 lists no case, a negative --list every one.
	r = bt("--labels", "$.status", "--agree", "*=READY_FOR_REVIEW", "--list", "0", "cases.ndjson")
	r.expect(t, 0, "agreeing label, not fired (false negatives): 1 case\n    not listed (--list)\n")
	r = bt("--labels", "$.status", "--agree", "*=READY_FOR_REVIEW", "--list", "-1", "cases.ndjson")
	r.expect(t, 0, "agreeing label, not fired (false negatives): 1 case\n    c2\n")
	// An agreeing status no case has is a warning, not an error.
	r = bt("--labels", "$.missing", "cases.ndjson")
	r.expect(t, 0, `warning: no case is labelled "ACTIVE", which agrees with "approve": its recall is undefined`,
		"recall     undefined (no case has an agreeing label)", "2 the path yields nothing")
}

// --case-automations runs on each case only what it names, and says which
// automations no case names and which names no automation answers.
func TestE2ECaseAutomations(t *testing.T) {
	dir := files(t, map[string]string{
		"approve.json": `[{"id": "A1", "name": "approve", "triggers": [{"type": "case_status_updated"}],
		  "conditions": [{"type": "greater_than_or_equal", "field": "$.score", "value": 70}],
		  "actions": [{"type": "set_case_status", "status": "ACTIVE"}]},
		 {"id": "N1", "name": "draft", "triggers": [{"type": "case_status_updated"}], "conditions": [],
		  "actions": [{"type": "set_case_status", "status": "SUSPENDED"}]}]`,
		"cases.ndjson": strings.Join([]string{
			`{"id": "c1", "status": "READY_FOR_REVIEW", "score": 80, "automations": [{"id": "A1"}, {"id": "PQ1230483.automation.13294829"}]}`,
			`{"id": "c2", "status": "READY_FOR_REVIEW", "score": 80, "automations": [{"id": "PQ1230483.automation.13294829"}]}`,
			`{"id": "c3", "status": "READY_FOR_REVIEW", "score": 80}`,
		}, "\n"),
		"bad.ndjson": `{"id": "c1", "status": "READY_FOR_REVIEW", "score": 80, "automations": "A1"}`,
	})
	bt := func(args ...string) result {
		return verdict(t, dir, append([]string{"backtest", "-a", "approve.json", "--status", "READY_FOR_REVIEW"}, args...)...)
	}
	r := bt("--case-automations", "cases.ndjson")
	r.expect(t, 0, "fired:      1\n",
		`"approve" (A1)                           named by 1 case`,
		`named by no case, so it ran on none: "draft" (N1)`,
		"without an automations list, so running none: 1 case",
		`"PQ1230483.automation.13294829"        named by 2 cases`,
		"not run (not named by the case)    2")
	j := bt("--case-automations", "--format", "json", "cases.ndjson")
	j.expect(t, 0)
	doc := validJSON(t, schema.BacktestOutputFile, j.stdout).(map[string]any)
	if ca := jsonText(doc["case_automations"]); ca != `{"automations":[{"cases":1,"id":"A1","name":"approve"},{"cases":0,"id":"N1","name":"draft"}],"named_by_no_case":[{"id":"N1","name":"draft"}],"unknown":[{"cases":2,"id":"PQ1230483.automation.13294829"}],"unknown_not_listed":0,"without_list":1}` {
		t.Errorf("case_automations %s", ca)
	}
	// Off by default: drafts named by no case run on every case.
	bt("cases.ndjson").expect(t, 0, "fired:      3\n")
	// A malformed list is a skipped case, located.
	bt("--case-automations", "bad.ndjson").expect(t, 3, `bad.ndjson:1: /automations: a case names its automations in an array of objects with an "id", found string "A1"`)
}

// The sample file escapes what a terminal or an editor would act on, as
// the other JSON outputs do, and reads back as the same values.
func TestE2ESampleEscapesControls(t *testing.T) {
	id := "c" + controls
	line, _ := json.Marshal(map[string]any{"id": id, "status": "READY_FOR_REVIEW", "score": 80, "d": "ACTIVE" + controls})
	dir := files(t, map[string]string{"approve.json": approve, "cases.ndjson": string(line) + "\n"})
	r := verdict(t, dir, "backtest", "-a", "approve.json", "--status", "READY_FOR_REVIEW", "--labels", "$.d",
		"--sample", "1", "--sample-out", "s.ndjson", "cases.ndjson")
	r.expect(t, 0)
	if c := rawControl(r.stdout); c != "" {
		t.Errorf("the summary holds %s raw", c)
	}
	got := read(t, filepath.Join(dir, "s.ndjson"))
	if c := rawControl(got); c != "" {
		t.Errorf("the sample holds %s raw:\n%s", c, got)
	}
	var s struct{ Case, Label string }
	if err := json.Unmarshal([]byte(got), &s); err != nil || s.Case != id || s.Label != "ACTIVE"+controls {
		t.Errorf("read back %+v, %v", s, err)
	}
}

// A case whose label path yields the empty string has no label, and a case
// whose id is the empty string no id: neither moves the matrix.
func TestE2ELabelsEmptyStringIsNone(t *testing.T) {
	dir := files(t, map[string]string{
		"approve.json": approve,
		"labels.csv":   "case_id,label\nc1,ACTIVE\n",
		"cases.ndjson": strings.Join([]string{
			`{"id": "c1", "status": "READY_FOR_REVIEW", "score": 80, "decided": ""}`,
			`{"id": "", "status": "READY_FOR_REVIEW", "score": 90, "decided": "DECLINED"}`,
		}, "\n"),
	})
	r := verdict(t, dir, "backtest", "-a", "approve.json", "--status", "READY_FOR_REVIEW", "--labels", "$.decided",
		"--agree", "ACTIVE", "cases.ndjson")
	r.expect(t, 0, "2 compared, 1 labelled, 1 without a label (1 the path yields nothing)",
		"c1: $.decided yields the empty string", "fired, another label (false positives): 1 case\n    cases.ndjson:2\n")
	f := verdict(t, dir, "backtest", "-a", "approve.json", "--status", "READY_FOR_REVIEW", "--labels", "labels.csv", "cases.ndjson")
	f.expect(t, 0, "2 compared, 1 labelled, 1 without a label (1 without a case id)",
		"cases.ndjson:2: the case id at $.id is the empty string")
}
