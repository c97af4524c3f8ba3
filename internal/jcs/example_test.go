package jcs_test

import (
	"errors"
	"fmt"

	"github.com/verdict-rules/verdict/internal/jcs"
)

func ExampleCanonicalize() {
	canon, err := jcs.Canonicalize([]byte(`{
  "b": 2.50,
  "a": "\u00e9",
  "threshold": 9007199254740993
}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(string(canon))
	// Output: {"a":"é","b":2.5,"threshold":9007199254740993}
}

func ExampleCanonicalize_duplicate() {
	_, err := jcs.Canonicalize([]byte(`{"conditions": [{"type": "equal", "type": "in"}]}`))
	var e *jcs.Error
	if errors.As(err, &e) && errors.Is(err, jcs.ErrDuplicateName) {
		fmt.Println(e.Pointer, e.Line, e.Column)
	}
	fmt.Println(err)
	// Output:
	// /conditions/0 1 35
	// jcs: 1:35 (byte 34) /conditions/0: member name "type" occurs twice in one object (first at 1:18)
}

func ExampleOptions_Canonicalize() {
	_, err := jcs.Options{MaxDepth: 2}.Canonicalize([]byte(`[[[1]]]`))
	fmt.Println(errors.Is(err, jcs.ErrLimit), err)
	// Output: true jcs: 1:3 (byte 2) /0/0: nesting deeper than the limit of 2
}
