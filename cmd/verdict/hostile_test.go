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

// The inputs of the issue "bounded and safe for any input", run through the
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

// hostileAutomation writes a definition the way the generator does.
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
	return []hostileRun{
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
			[]byte(`{"status": "READY_FOR_REVIEW", "a": [[[[[[[1]]]]]]]}`), 3, "visits more than 20000000 nodes"),
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
	}
}

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
	for _, hr := range append(hostileRuns(t), reviewRuns(t)...) {
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
