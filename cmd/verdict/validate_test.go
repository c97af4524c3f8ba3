package main

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/verdict-rules/verdict/internal/golden"
)

// TestValidateGolden runs `verdict validate` on each definition under
// testdata/validate and compares what it prints, and its exit code, with
// the .golden file beside it.
func TestValidateGolden(t *testing.T) {
	files, err := filepath.Glob("../../testdata/validate/*.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 15 {
		t.Fatalf("found %d definitions, want at least 15", len(files))
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".json")
		t.Run(name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := realMain([]string{"validate", f}, strings.NewReader(""), &stdout, &stderr)
			got := strings.ReplaceAll(stdout.String()+stderr.String(), "../../", "")
			got += fmt.Sprintf("exit status %d\n", code)
			golden.Check(t, strings.TrimSuffix(f, ".json")+".golden", []byte(got))
		})
	}
}

func TestValidateExitCodes(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := realMain([]string{"validate"}, strings.NewReader(""), &out, &errOut); code != exitUsage {
		t.Errorf("no files: exit %d, want %d", code, exitUsage)
	}
	if code := realMain([]string{"validate", "../../testdata/validate/no-such-file.json"}, strings.NewReader(""), &out, &errOut); code != exitUnreadable {
		t.Errorf("missing file: exit %d, want %d", code, exitUnreadable)
	}
	if code := realMain([]string{"validate", "../../testdata/validate/docs-auto-approve-trigger.json"}, strings.NewReader(""), &out, &errOut); code != exitOK {
		t.Errorf("valid file: exit %d, want %d", code, exitOK)
	}
	if code := realMain([]string{"validate", "--help"}, strings.NewReader(""), &out, &errOut); code != exitOK {
		t.Errorf("--help: exit %d, want %d", code, exitOK)
	}
}
