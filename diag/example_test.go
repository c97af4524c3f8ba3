package diag_test

import (
	"errors"
	"fmt"

	"github.com/verdict-rules/verdict/diag"
)

// A stage reports a problem at a pointer relative to what it checks; the
// caller binds it to the document, locates it and shows it.
func Example() {
	doc := []byte(`{"name": "x", "conditions": [{"type": "equal", "field": "$.a[", "value": 1}]}`)
	var err error = diag.List{{Pointer: "/conditions/0/field", Offset: 4, Code: diag.PathSyntax, Msg: "unclosed [", Source: "$.a["}}
	var list diag.List
	if errors.As(err, &list) {
		list.Locate(doc)
		fmt.Print(list[0].Render("auto.json", doc))
		fmt.Println(list[0].Line, list[0].Column)
	}
	// Output:
	// auto.json: /conditions/0/field: unclosed [
	//   | $.a[
	//   |     ^
	// 1 62
}
