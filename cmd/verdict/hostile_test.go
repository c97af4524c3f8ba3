package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Hostile inputs (deep nesting, huge unions, runaway expressions...), run through the
// built CLI in a process of its own: a stack overflow or running out of
// memory kills a process, which a test in this one could not survive. Each
// run must end with the answer or error expected, without a crash, within
// 10 s of CPU time and 1 GB. CPU time, not the clock, since other tests and
// other work slow the clock down on a loaded machine; a run still going
// after a minute is killed.
const (
	hostileCPU     = 10 * time.Second
	hostileTimeout = time.Minute
	hostileMaxRSS  = 1 << 30
)

// hostileAutomation writes a definition around the given conditions.
func hostileAutomation(t *testing.T, conds []any, trigger []any, actions []any, extra map[string]any) []byte {
	t.Helper()
	if trigger == nil {
		trigger = []any{map[string]any{"type": "case_status_updated", "status": "READY_FOR_REVIEW"}}
	}
	if actions == nil {
		actions = []any{map[string]any{"type": "set_case_status", "status": "ACTIVE"}}
	}
	a := map[string]any{"name": "repro", "trigger": trigger, "conditions": conds, "actions": actions}
	for k, v := range extra {
		a[k] = v
	}
	data, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func cond(typ, field string, value any) map[string]any {
	return map[string]any{"type": typ, "field": field, "value": value}
}

func exprCond(src string) map[string]any {
	return map[string]any{"type": "expression", "expression": src}
}

var anyStatus = []any{map[string]any{"type": "case_status_updated"}}

type hostileRun struct {
	name   string
	files  map[string][]byte // written to the test's folder
	args   []string          // after the binary; file names as in files
	exit   int
	output []string // what the output must hold
}

func hostileRuns(t *testing.T) []hostileRun {
	const n = 1_000_000
	f4case := []byte(`{"status": "READY_FOR_REVIEW", "s": "` + strings.Repeat("x", 1000) + `"}`)
	doubling := "let a0 = case.s; "
	for i := 1; i <= 20; i++ {
		doubling += fmt.Sprintf("let a%d = a%d + a%d; ", i, i-1, i-1)
	}
	k := 40
	idx := "[" + strings.TrimSuffix(strings.Repeat("0,", k), ",") + "]"
	names := func(name string) string { return "[" + strings.TrimSuffix(strings.Repeat("'"+name+"',", k), ",") + "]" }
	union := "[" + strings.TrimSuffix(strings.Repeat("0,", 100), ",") + "]"
	metadata := map[string]any{}
	for i := 0; i < 80_000; i++ {
		metadata[fmt.Sprintf("k%d", i)] = "v"
	}
	validate := func(name string, def []byte, exit int, output ...string) hostileRun {
		return hostileRun{name: name, files: map[string][]byte{"a.json": def}, args: []string{"validate", "a.json"}, exit: exit, output: output}
	}
	run := func(name string, def, doc []byte, exit int, output ...string) hostileRun {
		return hostileRun{name: name, files: map[string][]byte{"a.json": def, "c.json": doc},
			args: []string{"run", "-a", "a.json", "-c", "c.json", "--status", "READY_FOR_REVIEW"}, exit: exit, output: output}
	}
	query := func(name string, doc []byte, path string, fields []byte, exit int, output ...string) hostileRun {
		hr := hostileRun{name: name, files: map[string][]byte{"c.json": doc}, args: []string{"path", "-c", "c.json", path}, exit: exit, output: output}
		if fields != nil {
			hr.files["f.json"] = fields
			hr.args = append(hr.args, "--context-fields", "f.json")
		}
		return hr
	}
	u300 := strings.Repeat(union300(), 2)
	bigValue := []byte(`{"status": "READY_FOR_REVIEW", "a": [["` + strings.Repeat("x", 100_000) + `"]]}`)
	nested := []byte(`{"status": "READY_FOR_REVIEW", "a": ` + strings.Repeat("[", 500) + `"` + strings.Repeat("x", n) + `"` + strings.Repeat("]", 500) + `}`)
	lists := func(name string, depth int) string {
		s := fmt.Sprintf("let %s0 = [1]; ", name)
		for i := 1; i <= depth; i++ {
			s += fmt.Sprintf("let %s%d = [%s%d, %s%d]; ", name, i, name, i-1, name, i-1)
		}
		return s
	}
	fields, _ := json.Marshal(map[string]string{"f": lists("a", 26) + "a26"})
	const many = 99_000
	manyVals := make([]string, many)
	for i := range manyVals {
		manyVals[i] = fmt.Sprintf("v%d", i)
	}
	manyCase, _ := json.Marshal(map[string]any{"status": "READY_FOR_REVIEW", "a": manyVals, "b": manyVals})
	reversed := make([]any, many)
	for i := range reversed {
		reversed[i] = manyVals[many-1-i]
	}
	orPaths := make([]any, 50)
	for i := range orPaths {
		u150 := "[" + strings.Repeat("0,", 149) + "0]"
		orPaths[i] = cond("equal", "$.a"+strings.Repeat(u150, 3)+"["+strings.Repeat("0,", 9+i)+"0][?(@===2)]", 1)
	}
	exprOr := make([]any, 500)
	for i := range exprOr {
		exprOr[i] = exprCond(fmt.Sprintf("len(case.s) == %d", i))
	}
	sevenMB := []byte(`{"status": "READY_FOR_REVIEW", "s": "` + strings.Repeat("x", 7*n) + `"}`)
	fieldsOr := make([]any, 300)
	doubled := map[string]string{}
	for i := range fieldsOr {
		doubled[fmt.Sprintf("f%d", i)] = "case.s + case.s"
		fieldsOr[i] = map[string]any{"type": "equal_to_null", "field": fmt.Sprintf("$.context.f%d", i)}
	}
	doubledFields, _ := json.Marshal(doubled)
	class := `[\p{L}\p{N}\p{S}\p{P}]`
	classes := make([]any, 200)
	for i := range classes {
		classes[i] = cond("matches", "$.s", strings.Repeat(class, 4000/len(class)))
	}
	longPaths := make([]any, 4000)
	for i := range longPaths {
		longPaths[i] = cond("equal", fmt.Sprintf("$%s.b%d", strings.Repeat(".a", 1000), i), 1)
	}
	var ors []string
	for i := 0; len(strings.Join(ors, " || ")) < 4300; i++ {
		ors = append(ors, fmt.Sprintf("case.a%d == 'x'", i))
	}
	longExprs := make([]any, 1000)
	for i := range longExprs {
		longExprs[i] = exprCond(strings.Join(ors, " || "))
	}
	var manyLabels bytes.Buffer
	manyLabels.WriteString("case_id,label\n")
	for i := range n {
		fmt.Fprintf(&manyLabels, "PQ1230485.%09d,%s\n", i, []string{"ACTIVE", "DECLINED", "REVIEW_IN_PROGRESS"}[i%3])
	}
	huge := strings.Repeat("x", 10*n)
	hugeCase := []byte(`{"id": "` + huge + `", "status": "READY_FOR_REVIEW", "d": "` + huge + `", "automations": [{"id": "` + huge + `"}]}`)
	labelled := func(name string, files map[string][]byte, flags ...string) hostileRun {
		files["a.json"] = hostileAutomation(t, []any{}, anyStatus, nil, nil)
		return hostileRun{name: name, files: files, exit: 0, output: []string{"labels: ", "precision"},
			args: append([]string{"backtest", "-a", "a.json", "--status", "READY_FOR_REVIEW"}, append(flags, "c.ndjson")...)}
	}
	return []hostileRun{
		labelled("a label file of a million cases", map[string][]byte{"l.csv": manyLabels.Bytes(),
			"c.ndjson": []byte(`{"id": "PQ1230485.000000001", "status": "READY_FOR_REVIEW"}` + "\n")}, "--labels", "l.csv", "--sample", "5", "--sample-out", "s.csv"),
		labelled("a case whose id, label and automation are 10 MB each", map[string][]byte{"c.ndjson": hugeCase},
			"--labels", "$.d", "--agree", "*=ACTIVE", "--case-automations", "--sample", "5", "--sample-out", "s.ndjson"),
		{name: "trace of one 100 KB value yielded 90,000 times", files: map[string][]byte{"c.json": bigValue,
			"a.json": hostileAutomation(t, []any{cond("equal", "$.a"+u300, "y")}, anyStatus, nil, nil)},
			args: []string{"run", "-a", "a.json", "-c", "c.json", "--status", "READY_FOR_REVIEW", "--format", "json"},
			exit: 0, output: []string{"values: the values of a trace are cut at 4194304 bytes"}},
		query("path of one 100 KB value yielded 90,000 times", bigValue, "$.a"+u300, nil, 1, "more than 4194304 bytes written as JSON"),
		query("path $..* on a 1 MB string under 500 arrays", nested, "$..*", nil, 1, "the 502 values $..* yields take more than 4194304 bytes"),
		query("a context field of 2^26 copies of a list", []byte(`{"status": "READY_FOR_REVIEW"}`), "$.context.f", fields, 1,
			`context field "f": expression budget exceeded`),
		run("== of two lists of 2^40 leaves", hostileAutomation(t, []any{exprCond(lists("a", 40) + lists("b", 40) + "a40 == b40")}, anyStatus, nil, nil),
			[]byte(`{"status": "READY_FOR_REVIEW"}`), 3, "/conditions/0: expression budget exceeded"),
		run("uniq of a list of 2^40 leaves", hostileAutomation(t, []any{exprCond(lists("a", 40) + "len(uniq(a40)) > 0")}, anyStatus, nil, nil),
			[]byte(`{"status": "READY_FOR_REVIEW"}`), 3, "/conditions/0: expression budget exceeded"),
		run("in of a list of 2^30 leaves", hostileAutomation(t, []any{exprCond(lists("a", 30) + lists("b", 30) + "a30 in [b30]")}, anyStatus, nil, nil),
			[]byte(`{"status": "READY_FOR_REVIEW"}`), 3, "/conditions/0: expression budget exceeded"),
		run("in: 99,000 values and a list of 99,000", hostileAutomation(t, []any{cond("in", "$.a[*]", reversed)}, anyStatus, nil, nil),
			manyCase, 0, "fired"),
		run("every: 99,000 values and 99,000 allowed", hostileAutomation(t, []any{map[string]any{"type": "every", "field": "$.a[*]", "path": "$.b[*]"}}, anyStatus, nil, nil),
			manyCase, 0, "fired"),
		run("contains any on 90,000 copies of an array of 100,000", hostileAutomation(t, []any{map[string]any{"type": "contains", "field": "$.a" + u300, "value": -1, "match": "any"}}, anyStatus, nil, nil),
			[]byte(`{"status": "READY_FOR_REVIEW", "a": [[[`+strings.TrimSuffix(strings.Repeat("1,", 100_000), ",")+`]]]}`), 3, "the evaluation needs more than 20000000 steps"),
		run(".length of a 2 MB string 90,000 times", hostileAutomation(t, []any{cond("equal", "$.a"+u300+".length", 1_000_000)}, anyStatus, nil, nil),
			[]byte(`{"status": "READY_FOR_REVIEW", "a": [["`+strings.Repeat("é", n)+`"]]}`), 0, "fired"),
		run("a regular expression of 4,000 instructions on 1 MB", hostileAutomation(t, []any{cond("matches", "$.s", "(?:[ab]?){1000}(?:[ab]?){1000}c")}, anyStatus, nil, nil),
			[]byte(`{"status": "READY_FOR_REVIEW", "s": "`+strings.Repeat("a", n)+`"}`), 3, "/conditions/0: the evaluation needs more than 20000000 steps"),
		run("matches of 4,000 instructions on 1 MB in an expression", hostileAutomation(t, []any{exprCond(`case.s matches "(?:[ab]?){1000}(?:[ab]?){1000}c"`)}, anyStatus, nil, nil),
			[]byte(`{"status": "READY_FOR_REVIEW", "s": "`+strings.Repeat("a", n)+`"}`), 3, "/conditions/0: expression budget exceeded"),
		run("50 union paths in an or", hostileAutomation(t, []any{map[string]any{"type": "or", "conditions": orPaths}}, anyStatus, nil, nil),
			[]byte(`{"status": "READY_FOR_REVIEW", "a": [[[[[[1]]]]]]}`), 3, "the evaluation needs more than 20000000 steps"),
		run("500 expressions reading a 7 MB field", hostileAutomation(t, []any{map[string]any{"type": "or", "conditions": exprOr}}, anyStatus, nil, nil),
			sevenMB, 3, "the evaluation needs more than 20000000 steps"),
		{name: "300 context fields doubling a 3 MB field", files: map[string][]byte{"f.json": doubledFields,
			"c.json": []byte(`{"status": "READY_FOR_REVIEW", "s": "` + strings.Repeat("x", 3*n) + `"}`),
			"a.json": hostileAutomation(t, []any{map[string]any{"type": "or", "conditions": fieldsOr}}, anyStatus, nil, nil)},
			args: []string{"run", "-a", "a.json", "-c", "c.json", "--status", "READY_FOR_REVIEW", "--context-fields", "f.json"},
			exit: 3, output: []string{`context field "f0": expression budget exceeded`}},
		validate("200 regular expressions of Unicode classes", hostileAutomation(t, classes, nil, nil, nil),
			1, "the compiled definitions take more than 16777216 bytes here"),
		validate("4,000 paths of 1,000 steps", hostileAutomation(t, longPaths, nil, nil, nil),
			1, "the compiled definitions take more than 16777216 bytes here"),
		validate("1,000 expressions of 4.4 KB", hostileAutomation(t, longExprs, nil, nil, nil),
			1, "the compiled definitions take more than 16777216 bytes here"),
		validate("F1 filter nested a million deep",
			hostileAutomation(t, []any{cond("equal", "$.a[?("+strings.Repeat("(", n)+"@.a"+strings.Repeat(")", n)+")]", 1)}, nil, nil, nil),
			1, "/conditions/0/field: the path is 2000011 bytes long, more than the limit of 4096"),
		validate("F1 ten million !",
			hostileAutomation(t, []any{cond("equal", "$.a[?("+strings.Repeat("!", 10*n)+"@.a)]", 1)}, nil, nil, nil),
			1, "/conditions/0/field: the path is 10000011 bytes long, more than the limit of 4096"),
		validate("F2 expression nested a million deep",
			hostileAutomation(t, []any{exprCond(strings.Repeat("(", n) + "true" + strings.Repeat(")", n))}, nil, nil, nil),
			1, "/conditions/0/expression: the expression is 2000004 bytes long, more than the limit of 8192"),
		validate("F2 a million -", hostileAutomation(t, []any{exprCond(strings.Repeat("-", n) + "1 > 0")}, nil, nil, nil),
			1, "/conditions/0/expression: the expression is 1000005 bytes long"),
		validate("F2 a million !", hostileAutomation(t, []any{exprCond(strings.Repeat("!", n) + "true")}, nil, nil, nil),
			1, "/conditions/0/expression: the expression is 1000004 bytes long"),
		validate("F2 a million [", hostileAutomation(t, []any{exprCond(strings.Repeat("[", n) + "1" + strings.Repeat("]", n) + " != nil")}, nil, nil, nil),
			1, "/conditions/0/expression: the expression is 2000008 bytes long"),
		validate("F3 nested unions in the static checks",
			hostileAutomation(t, []any{map[string]any{"type": "equal_to_null", "field": "$.checks" + idx + names("data") + idx + names("flags") + "[?(@.code==='NEVER')]"}}, nil, nil, nil),
			0, `"NEVER" is not a flag code the case schema allows`),
		run("F3b 100^4 unions before a rejecting filter",
			hostileAutomation(t, []any{cond("equal", "$.a"+strings.Repeat(union, 4)+"[?(@===2)]", 1)}, anyStatus, nil, nil),
			[]byte(`{"status": "READY_FOR_REVIEW", "a": [[[[[[[1]]]]]]]}`), 3, "the evaluation needs more than 20000000 steps"),
		run("F4 let doubling", hostileAutomation(t, []any{exprCond(doubling + "len(a20) > 0")}, anyStatus, nil, nil), f4case,
			3, "/conditions/0: expression budget exceeded"),
		run("F4 reduce", hostileAutomation(t, []any{exprCond(`len(reduce(1..20000, #acc + case.s, "")) > 0`)}, anyStatus, nil, nil), f4case,
			3, "/conditions/0: expression budget exceeded"),
		run("F5 set_check_status on 16,000 results",
			hostileAutomation(t, []any{}, anyStatus, []any{map[string]any{"type": "set_check_status", "check": "sanction", "status": "COMPLETED"}}, nil),
			[]byte(`{"status":"READY_FOR_REVIEW","checks":[{"type":"sanction","data":[`+strings.TrimSuffix(strings.Repeat(`{"status":"PENDING"},`, 16_000), ",")+`]}]}`),
			0, "fired"),
		validate("F8 80,000 metadata keys", hostileAutomation(t, []any{}, anyStatus, nil, map[string]any{"metadata": metadata}), 0),
		validate("F9 a 100 KB && chain", hostileAutomation(t, []any{cond("equal", "$.a[?(@.a"+strings.Repeat("&&@.a", 20_000)+")]", 1)}, nil, nil, nil),
			1, "/conditions/0/field: the path is 100011 bytes long, more than the limit of 4096"),
		validate("F9 200 KB of .a", hostileAutomation(t, []any{cond("equal", "$"+strings.Repeat(".a", 100_000), 1)}, nil, nil, nil),
			1, "/conditions/0/field: the path is 200001 bytes long, more than the limit of 4096"),
		run("F11 exponents past 2^40",
			[]byte(`{"name":"eq","trigger":[{"type":"case_status_updated"}],"conditions":[{"type":"equal","field":"$.n","value":1e1099511627776}],"actions":[{"type":"set_case_status","status":"ACTIVE"}]}`),
			[]byte(`{"status":"READY_FOR_REVIEW","n":1e10995116277760}`), 0, "not fired"),
		validate("F13 a 10 MB regular expression",
			hostileAutomation(t, []any{cond("matches", "$.s", strings.Repeat("a", 10*n))}, nil, nil, nil),
			1, "/conditions/0/value: the regular expression is 10000000 bytes long, more than the limit of 4096"),
		{name: "a mask over 400 nested masked values of 2 MB",
			files: map[string][]byte{"a.json": []byte(`{"id":"d","name":"d","trigger":[{"type":"case_status_updated","status":"READY_FOR_REVIEW"}],` +
				`"conditions":[{"type":"equal","field":"$..b","value":"q"}],"actions":[{"type":"set_case_status","status":"ACTIVE"}]}`),
				"c.json": []byte(`{"status":"READY_FOR_REVIEW","a":` + strings.Repeat(`{"b":`, 400) + `"` + strings.Repeat("x", 2*n) + `"` + strings.Repeat("}", 401)),
				"key":    []byte("0123456789abcdef0123456789abcdef")},
			args: []string{"run", "-a", "a.json", "-c", "c.json", "--status", "READY_FOR_REVIEW", "--case-schema", "none",
				"--mask", "$..b", "--mask-key-file", "key", "--record"},
			exit: 0, output: []string{`"fired":false`, "hmac-sha256:"}},
	}
}

// union300 is a union that names element 0 300 times.
func union300() string { return "[" + strings.TrimSuffix(strings.Repeat("0,", 300), ",") + "]" }

func TestHostileInputs(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the CLI and runs it on inputs of megabytes")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "verdict")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for _, hr := range append(append(hostileRuns(t), reviewRuns(t)...), counterfactualRuns(t)...) {
		t.Run(hr.name, func(t *testing.T) {
			work := t.TempDir()
			for name, data := range hr.files {
				if err := os.WriteFile(filepath.Join(work, name), data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			ctx, cancel := context.WithTimeout(context.Background(), hostileTimeout)
			defer cancel()
			cmd := exec.CommandContext(ctx, bin, hr.args...)
			if runtime.GOOS == "linux" {
				// An address-space limit four times the allowed size keeps a
				// runaway from taking the machine down; Go reserves more
				// address space than it uses, so the 1 GB itself is checked
				// on the process's peak resident size below.
				cmd = exec.CommandContext(ctx, "sh", append([]string{"-c", `ulimit -v 4194304 && exec "$0" "$@"`, bin}, hr.args...)...)
			}
			cmd.Dir = work
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			start := time.Now()
			err := cmd.Run()
			elapsed := time.Since(start)
			output := stdout.String() + stderr.String()
			if ctx.Err() != nil {
				t.Fatalf("still running after %v", hostileTimeout)
			}
			code := 0
			if ee, ok := err.(*exec.ExitError); ok {
				code = ee.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			for _, crash := range []string{"fatal error:", "panic:", "goroutine "} {
				if strings.Contains(output, crash) {
					t.Fatalf("crashed (exit %d):\n%.2000s", code, output)
				}
			}
			if code != hr.exit {
				t.Errorf("exit %d, want %d:\n%.1000s", code, hr.exit, output)
			}
			for _, want := range hr.output {
				if !strings.Contains(output, want) {
					t.Errorf("the output does not say %q:\n%.1000s", want, output)
				}
			}
			if len(output) > 8<<20 {
				t.Errorf("printed %d bytes", len(output))
			}
			if cpu := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(); cpu > hostileCPU {
				t.Errorf("took %v of CPU time, more than %v", cpu.Round(time.Millisecond), hostileCPU)
			}
			if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok && runtime.GOOS == "linux" {
				if rss := int64(ru.Maxrss) * 1024; rss > hostileMaxRSS {
					t.Errorf("peak resident size %d MB, more than %d MB", rss>>20, hostileMaxRSS>>20)
				}
				t.Logf("%v, peak resident size %d MB", elapsed.Round(time.Millisecond), ru.Maxrss>>10)
			}
		})
	}
}
