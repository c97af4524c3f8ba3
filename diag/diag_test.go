package diag_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/verdict-rules/verdict/diag"
)

func TestListOpensToItsProblems(t *testing.T) {
	first := &diag.Problem{Pointer: "/conditions/0/field", Offset: 3, Code: diag.PathSyntax, Msg: "unexpected ']'"}
	cause := &diag.Problem{Pointer: "/conditions/1", Offset: -1, Code: diag.Failed, Msg: "context deadline exceeded", Err: context.DeadlineExceeded}
	err := fmt.Errorf("automation %q: %w", "x", diag.List{first, cause})
	var p *diag.Problem
	if !errors.As(err, &p) || p != first {
		t.Fatalf("errors.As found %v, want the first problem", p)
	}
	var list diag.List
	if !errors.As(err, &list) || len(list) != 2 {
		t.Fatalf("errors.As found the list %v", list)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Error("errors.Is does not find the cause of a problem in a list")
	}
	if got, want := err.Error(), `automation "x": /conditions/0/field (byte 3): unexpected ']' (and 1 more errors)`; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

// A warning's JSON form is what results have always carried: pointer when
// there is one, offset, code and message.
func TestJSONForm(t *testing.T) {
	tests := []struct {
		p    diag.Problem
		want string
	}{
		{diag.Problem{Offset: -1, Code: diag.Conflict, Msg: "m", Source: "hidden"}, `{"offset":-1,"code":"conflict","message":"m"}`},
		{diag.Problem{Pointer: "/id", Offset: -1, Code: diag.DuplicateID, Msg: "m"}, `{"pointer":"/id","offset":-1,"code":"duplicate_id","message":"m"}`},
		{diag.Problem{Pointer: "/a", Offset: 2, Code: diag.PathSyntax, Msg: "m", Line: 3, Column: 4, Field: "f"},
			`{"pointer":"/a","offset":2,"code":"path_syntax","message":"m","line":3,"column":4,"field":"f"}`},
	}
	for _, tc := range tests {
		got, err := json.Marshal(tc.p)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tc.want, string(got)); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	}
}

func TestFinishSortsDropsRepeatsAndCaps(t *testing.T) {
	var l diag.List
	for i := 150; i > 0; i-- {
		l = append(l, &diag.Problem{Pointer: fmt.Sprintf("/a/%d", i), Offset: -1, Msg: "m"})
	}
	l = append(l, &diag.Problem{Pointer: "/a/1", Offset: -1, Msg: "m"})
	l = l.Finish()
	if len(l) != diag.MaxProblems+1 || l[0].Pointer != "/a/1" || l[1].Pointer != "/a/2" || l[99].Pointer != "/a/100" {
		t.Fatalf("finished list starts %v %v, ends %v", l[0], l[1], l[99])
	}
	if last := l[diag.MaxProblems]; last.Code != diag.TooManyErrors || last.Msg != "50 more errors were not reported" {
		t.Errorf("last problem %+v", last)
	}
}

func TestLocateAndRender(t *testing.T) {
	doc := []byte("{\n  \"name\": \"x\",\n  \"conditions\": [{\"type\": \"equal\", \"field\": \"$.a[\", \"value\": 1}],\n  \"extra\": 1\n}")
	l := diag.List{
		{Pointer: "/conditions/0/field", Offset: 4, Code: diag.PathSyntax, Msg: "unexpected end", Source: "$.a["},
		{Pointer: "/extra", Offset: -1, Code: diag.UnknownProperty, Msg: "unknown property \"extra\""},
		{Pointer: "/missing/deeper", Offset: -1, Code: diag.Required, Msg: "needed"},
	}
	l.Locate(doc)
	got := l[0].Render("f.json", doc) + l[1].Render("f.json", doc) + l[2].Render("f.json", doc)
	want := `f.json: /conditions/0/field: unexpected end
  | $.a[
  |     ^
f.json: /extra: unknown property "extra"
 4 |   "extra": 1
   |   ^
f.json: /missing/deeper: needed
 1 | {
   | ^
`
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if l[0].Line != 3 || l[0].Column != 50 {
		t.Errorf("the path's problem is at %d:%d, want 3:50", l[0].Line, l[0].Column)
	}
}

func TestCaret(t *testing.T) {
	tests := []struct {
		name       string
		line       string
		off        int
		shown, car string
	}{
		{"start", "$.a", 0, "$.a", "^"},
		{"end", "$.a", 3, "$.a", "   ^"},
		{"past the end", "$.a", 9, "$.a", "   ^"},
		{"tab kept", "\t$.a", 2, "\t$.a", "\t ^"},
		{"control escaped", "a\x1bb", 2, `a\eb`, "   ^"},
		{"long line cut", strings.Repeat("x", 300), 200, "..." + strings.Repeat("x", 100), strings.Repeat(" ", 83) + "^"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			shown, caret := diag.Caret(tc.line, tc.off)
			if shown != tc.shown || caret != tc.car {
				t.Errorf("Caret = %q, %q; want %q, %q", shown, caret, tc.shown, tc.car)
			}
		})
	}
}
