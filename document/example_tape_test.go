package document_test

import (
	"fmt"

	"github.com/verdict-rules/verdict/document"
)

// Reading a case: members by name, arrays step by step, a value by JSON
// Pointer and where it lies in the input.
func Example_read() {
	root, err := document.Decode([]byte(`{
		"status": "READY_FOR_REVIEW",
		"credit": {"value": 9007199254740993, "grade": "A"},
		"checks": [{"type": "sanction", "flags": []}, {"type": "company", "flags": [{"code": "INACTIVE"}]}]
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(root.Get("status").Text())
	fmt.Println(root.Get("credit").Get("value").Literal())
	for it := root.Get("checks").Iter(); it.Next(); {
		check := it.Value()
		fmt.Println(check.Get("type").Text(), check.Get("flags").Len())
	}
	flag, _ := root.At("/checks/1/flags/0")
	span := flag.Span()
	fmt.Println(flag, root.Doc().Source()[span.Start:span.End])
	// Output:
	// READY_FOR_REVIEW
	// 9007199254740993
	// sanction 0
	// company 1
	// {"code":"INACTIVE"} {"code": "INACTIVE"}
}

// A Decoder with a Reach keeps what a program reads and skips the rest,
// checking it all the same.
func ExampleDecoder_reach() {
	// The program reads the status and the type of every check.
	reach := document.NewReach(
		document.Names("status"),
		[]document.Step{{Name: "checks"}, {Each: true}, {Name: "type"}},
	)
	root, err := document.Decoder{Reach: reach}.Decode([]byte(
		`{"status":"ACTIVE","checks":[{"type":"sanction","data":[1,2,3]}],"notes":[{"text":"..."}]}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(root.Get("checks").Index(0).Get("type").Text())
	fmt.Println(root.Get("checks").Index(0).Get("data").Kind(), root.Get("notes").Kind())
	// A program that also reads the notes needs a document decoded for it.
	fmt.Println(root.Doc().Covers(document.NewReach(document.Names("notes"))))
	// Output:
	// sanction
	// skipped skipped
	// document: decoded without $["notes"], which is needed
}

// Malformed JSON is an error at its line and column.
func ExampleSyntaxError() {
	_, err := document.Decode([]byte("{\n  \"a\": [1, 2,, 3]\n}"))
	fmt.Println(err)
	// Output:
	// 2:14: unexpected ',': expected a value (object, array, string, number, true, false or null)
}
