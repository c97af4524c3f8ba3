package mask_test

import (
	"fmt"

	"github.com/verdict-rules/verdict/document"
	"github.com/verdict-rules/verdict/mask"
)

// A token stands for a value under the key: whoever holds the key can
// check it, no one else can reverse it.
func ExampleMask_Token() {
	m, err := mask.New([]byte("a secret key of sixteen bytes or more"), "$.credit_score")
	if err != nil {
		fmt.Println(err)
		return
	}
	a, _ := document.Decode([]byte(`69`))
	b, _ := document.Decode([]byte(`6.9e1`))
	fmt.Println(m.Token(a) == m.Token(b), len(m.Token(a)))
	_, err = mask.New([]byte("short"), "$.credit_score")
	fmt.Println(err)
	// Output:
	// true 76
	// mask: the key is 5 bytes long, less than 16: give a random key, kept secret
}
