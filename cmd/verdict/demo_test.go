package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/verdict-rules/verdict/rules"
)

// The demo embeds copies of files under testdata; they must not drift.
func TestDemoFilesMatchTestdata(t *testing.T) {
	sources := map[string]string{
		"auto-approve-docs.json":  "../../testdata/automations/auto-approve-docs.json",
		"auto-approve.json":       "../../testdata/automations/auto-approve.json",
		"ragnarok-as.json":        "../../testdata/cases/quickr/ragnarok-as.json",
		"floki-shipbuilders.json": "../../testdata/cases/quickr/floki-shipbuilders.json",
		"ecbert-holdings.json":    "../../testdata/cases/quickr/ecbert-holdings.json",
		"rollo-the-warrior.json":  "../../testdata/cases/quickr/rollo-the-warrior.json",
	}
	entries, err := demoFiles.ReadDir("demo")
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != len(sources) {
		t.Errorf("demo holds %d files, want %d", len(entries), len(sources))
	}
	for name, src := range sources {
		embedded, err := demoFiles.ReadFile("demo/" + name)
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(filepath.FromSlash(src))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(embedded, want) {
			t.Errorf("cmd/verdict/demo/%s differs from %s: copy it again", name, src)
		}
	}
}

func TestDemo(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := realMain([]string{"demo"}, strings.NewReader(""), &out, &errOut); code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	text := out.String()
	for _, want := range []string{
		"Ragnarok AS (good standing)                              not approved   approved",
		"Floki Shipbuilders (good standing, sole proprietorship)  not approved   approved",
		"Ecbert Holdings AS (bankrupt, sanctioned)                not approved   not approved",
		"ROLLO THE WARRIOR (inactive, sanctioned)                 not approved   not approved",
		"$.checks[?(@.type==='sanctions')].data[0].flags.length",
		"the path yielded nothing",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("demo output lacks %q", want)
		}
	}
	if strings.Contains(text, "\x1b[") {
		t.Error("colour codes when the output is not a terminal")
	}
	out.Reset()
	if code := realMain([]string{"demo", "--format", "json"}, strings.NewReader(""), &out, &errOut); code != exitOK {
		t.Fatalf("json: exit %d", code)
	}
	var results []rules.Result
	if err := json.Unmarshal(out.Bytes(), &results); err != nil || len(results) != 8 {
		t.Fatalf("json output: %d results, %v", len(results), err)
	}
}
