package context_test

import (
	"fmt"
	"time"

	"github.com/verdict-rules/verdict/document"

	casectx "github.com/verdict-rules/verdict/context"
)

// A context field is computed on first read from the case and the clock;
// one added as an expression reads the case and the other fields.
func Example() {
	reg, err := casectx.Builtins().WithExpression("old_company", "context.company_age >= 10")
	if err != nil {
		fmt.Println(err)
		return
	}
	reg, problems := reg.Compile(casectx.Limits{})
	if len(problems) > 0 {
		fmt.Println(problems)
		return
	}
	doc, err := document.Decode([]byte(`{"sections": [{"type": "company", "additional_data": [{"registration_date": "2009-05-04"}]}]}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	vals := reg.NewValues(doc, time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC))
	age, _ := vals.Get("company_age")
	old, _ := vals.Get("old_company")
	fmt.Println(age, old)
	fmt.Println(vals.Explain("company_age"))
	// Output:
	// 17 true
	// company_age = 17: from 2009-05-04 at /sections/0/additional_data/0/registration_date, to 2026-11-24
}
