package document_test

import (
	"fmt"

	"github.com/verdict-rules/verdict/document"
)

// A document keeps member order and exact numbers, and a pointer finds a
// value in it and in its text.
func Example() {
	data := []byte("{\n  \"status\": \"READY_FOR_REVIEW\",\n  \"id\": 9007199254740993\n}")
	doc, err := document.Decode(data)
	if err != nil {
		panic(err)
	}
	fmt.Println(doc.Key(0), doc.Get("status").Text(), doc.Get("id").Literal())
	big, _ := document.NewNumber("9007199254740992")
	fmt.Println(document.CompareNumbers(doc.Get("id"), big))
	span, _ := document.Locate(data, "/id")
	line, col := document.LineColumn(string(data), span.Start)
	fmt.Println(line, col, string(data[span.Start:span.End]))
	// Output:
	// status READY_FOR_REVIEW 9007199254740993
	// 1
	// 3 9 9007199254740993
}

// Int reads numbers written as integers; others are read with Float or
// compared exactly with CompareNumbers.
func ExampleValue_Int() {
	doc, err := document.Decode([]byte(`{"age": 12, "score": 70.5, "id": "12"}`))
	if err != nil {
		panic(err)
	}
	for _, name := range []string{"age", "score", "id"} {
		n, ok := doc.Get(name).Int()
		fmt.Println(name, n, ok)
	}
	// Output:
	// age 12 true
	// score 0 false
	// id 0 false
}
