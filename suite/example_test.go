package suite_test

import (
	"fmt"

	"github.com/verdict-rules/verdict/suite"
)

// A failure shows what was expected and what came, line by line.
func ExampleDiffLines() {
	want := "{\n  \"fired\": true,\n  \"status\": \"ACTIVE\"\n}"
	got := "{\n  \"fired\": false,\n  \"status\": \"ACTIVE\"\n}"
	for _, l := range suite.DiffLines(want, got) {
		fmt.Println(l)
	}
	// Output:
	//  {
	// -   "fired": true,
	// +   "fired": false,
	//     "status": "ACTIVE"
	//   }
}
