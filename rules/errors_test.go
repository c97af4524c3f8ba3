package rules_test

import (
	"strings"
	"testing"

	"github.com/verdict-rules/verdict/rules"
)

func TestErrorExcerptEscapesControlCharacters(t *testing.T) {
	data := []byte("{\"name\": \"a\x1b[2Jb\"}")
	_, err := rules.Parse(data)
	if err == nil {
		t.Fatal("a raw control character in a string parsed")
	}
	var out strings.Builder
	for _, e := range err.(rules.ErrorList) {
		out.WriteString(e.Render("f\x07.json", data))
	}
	if strings.ContainsAny(out.String(), "\x1b\x07") {
		t.Errorf("rendered errors keep control characters:\n%q", out.String())
	}
	if !strings.Contains(out.String(), `a\e[2Jb`) {
		t.Errorf("the excerpt does not show the line escaped:\n%s", out.String())
	}
}
