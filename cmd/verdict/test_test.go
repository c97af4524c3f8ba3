package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestTestCommand(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := realMain([]string{"test", "../../testdata/suites"}, strings.NewReader(""), &out, &errOut); code != exitOK {
		t.Fatalf("the shipped suites fail (exit %d):\n%s%s", code, out.String(), errOut.String())
	}
	if !strings.Contains(out.String(), "15 passed, 0 failed") {
		t.Errorf("summary missing:\n%s", out.String())
	}
	if !strings.Contains(out.String(), "Auto approve (corrected) (PQ1230483.automation.13294830): 10 of 10") {
		t.Errorf("the corrected automation should be exercised both ways everywhere:\n%s", out.String())
	}

	out.Reset()
	code := realMain([]string{"test", "testdata/failing.suite.json"}, strings.NewReader(""), &out, &errOut)
	if code != exitFailed {
		t.Fatalf("a failing suite: exit %d, want %d", code, exitFailed)
	}
	text := out.String()
	for _, want := range []string{
		"✗ testdata/failing.suite.json: expects the wrong outcome",
		"fired: got true, want false",
		"changeset differs",
		"- want + got",
		"+         \"field\": \"/status\",",
		`"field":`,
		"✗ testdata/failing.suite.json: names a case that does not exist",
		"no-such-case.json",
		"1 passed, 2 failed",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}

	if code := realMain([]string{"test"}, strings.NewReader(""), &out, &errOut); code != exitUsage {
		t.Errorf("no arguments: exit %d", code)
	}
	if code := realMain([]string{"test", "no-such-dir"}, strings.NewReader(""), &out, &errOut); code != exitUnreadable {
		t.Errorf("missing directory: exit %d", code)
	}
}
