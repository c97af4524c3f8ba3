package context

import (
	"strconv"

	"github.com/verdict-rules/verdict/document"
)

// The built-in fields. Each is computed in Go from the case details shape
// of the Quickr CDD API; each says which case fields it reads.
var builtins = newRegistry([]*Field{
	{
		Name:    "company_age",
		builtin: true,
		Doc: "Whole years completed between the company's registration date and now, counted like a " +
			"person's age (a year completes on the anniversary; a 29 February date completes on 1 March " +
			"in other years). The date is the first found of: sections[type=company].additional_data[*]." +
			"registration_date, then .incorporation_date, then the same two under " +
			"current_information[type=company].data[*], prefills[type=company].data[*] and " +
			"declarations[type=company].data[*]. Dates are YYYY-MM-DD or RFC 3339; values that are not " +
			"dates are skipped. Absent when no date is found.",
		compute: func(v *Values, _ int) (document.Value, bool) {
			d, _, ok := companyDate(v.Case)
			if !ok {
				return document.Value{}, false
			}
			return document.NewInt(int64(yearsBetween(d, civilOf(v.Now)))), true
		},
		explain: func(v *Values, show Show) string {
			d, loc, ok := companyDate(v.Case)
			if !ok {
				return "company_age is absent: the case has no company registration or incorporation date"
			}
			at := loc.pointer()
			date := d.String()
			if show != nil {
				// The date of a masked value, whatever its form, is the
				// value's token.
				src, _ := v.Case.At(at)
				date = show(src, at, date)
			}
			return "company_age = " + strconv.Itoa(yearsBetween(d, civilOf(v.Now))) + ": from " + date +
				" at " + at + ", to " + dayText(v.Now)
		},
		growth: &growth{years: true, origin: func(c document.Value) (civil, string, bool) {
			d, loc, ok := companyDate(c)
			return d, loc.pointer(), ok
		}},
		alters: altersCompanyDate,
	},
	{
		Name:    "case_age_days",
		builtin: true,
		Doc:     "Whole days from the case's created_at to now. Absent when created_at is missing or not a date.",
		compute: func(v *Values, _ int) (document.Value, bool) {
			d, ok := ParseDate(v.Case.Get("created_at").Text())
			if !ok {
				return document.Value{}, false
			}
			return document.NewInt(int64(DaysBetween(d, v.Now))), true
		},
		growth: &growth{origin: func(c document.Value) (civil, string, bool) {
			d, ok := parseCivil(c.Get("created_at").Text())
			return d, "/created_at", ok
		}},
		alters: func(tokens []string) bool { return len(tokens) == 0 || tokens[0] == "created_at" },
	},
	{
		Name:    "ubo_count",
		builtin: true,
		Doc: "The number of ultimate beneficial owners: the length of the data of the first " +
			"ultimate_beneficial_ownership entry found in current_information, then declarations, then " +
			"prefills. Absent when none of them has one.",
		compute: func(v *Values, _ int) (document.Value, bool) {
			for _, container := range [...]string{"current_information", "declarations", "prefills"} {
				if item := typed(v.Case, container, "ultimate_beneficial_ownership"); item.Exists() {
					if data, ok := item.Member("data"); ok && data.Kind() == document.Array {
						return document.NewInt(int64(data.Len())), true
					}
				}
			}
			return document.Value{}, false
		},
	},
	{
		Name:    "flags",
		builtin: true,
		Doc: "The codes of every flag on every check result, in document order: " +
			"checks[*].data[*].flags[*].code (an array, empty when there are none). Absent when the case has " +
			"no checks array.",
		compute: func(v *Values, _ int) (document.Value, bool) {
			checks, ok := v.Case.Member("checks")
			if !ok || checks.Kind() != document.Array {
				return document.Value{}, false
			}
			var codes []document.Value
			for i := 0; i < checks.Len(); i++ {
				data, _ := checks.Index(i).Member("data")
				for j := 0; j < data.Len() && data.Kind() == document.Array; j++ {
					flags, _ := data.Index(j).Member("flags")
					for k := 0; k < flags.Len() && flags.Kind() == document.Array; k++ {
						if code, ok := flags.Index(k).Member("code"); ok && code.Kind() == document.String {
							codes = append(codes, code)
						}
					}
				}
			}
			return document.NewArray(codes...), true
		},
	},
	{
		Name:    "credit_score",
		builtin: true,
		Doc: "The current credit score value: the first current_credit_score.value found in " +
			"current_information[type=credit_score].data[*], then prefills[type=credit_score].data[*]. " +
			"Absent when there is none.",
		compute: func(v *Values, _ int) (document.Value, bool) {
			for _, container := range [...]string{"current_information", "prefills"} {
				for _, item := range allTyped(v.Case, container, "credit_score") {
					data, _ := item.Member("data")
					for j := 0; j < data.Len() && data.Kind() == document.Array; j++ {
						score, _ := data.Index(j).Member("current_credit_score")
						if val, ok := score.Member("value"); ok && val.Kind() != document.Null {
							return val, true
						}
					}
				}
			}
			return document.Value{}, false
		},
	},
})

// Builtins returns the registry of built-in fields: company_age,
// case_age_days, ubo_count, flags and credit_score.
func Builtins() *Registry { return builtins }

// dateAt is where companyDate found the date.
type dateAt struct {
	container, list, field string
	item, entry            int
}

func (d dateAt) pointer() string {
	return document.JoinPointer(document.IndexPointer(document.IndexPointer("/"+d.container, d.item)+"/"+d.list, d.entry), d.field)
}

// companyDate finds the company's registration (or incorporation) date and
// where it is.
func companyDate(c document.Value) (civil, dateAt, bool) {
	for _, src := range dateSources {
		list := c.GetKey(src.container)
		if list.Kind() != document.Array {
			continue
		}
		for _, field := range dateFields {
			for i := 0; i < list.Len(); i++ {
				item := list.Index(i)
				if item.GetKey(keyType).Text() != "company" {
					continue
				}
				data := item.GetKey(src.list)
				for j := 0; j < data.Len() && data.Kind() == document.Array; j++ {
					if d, ok := parseCivil(data.Index(j).GetKey(field).Text()); ok {
						return d, dateAt{src.names[0], src.names[1], field.String(), i, j}, true
					}
				}
			}
		}
	}
	return civil{}, dateAt{}, false
}

// altersCompanyDate reports whether a change at the pointer of tokens may
// change what companyDate finds: one on the way down to a date it reads
// (a container, an item, its type, its list, an entry of the list), or at
// or under one of the date fields of an entry.
func altersCompanyDate(tokens []string) bool {
	if len(tokens) == 0 {
		return true
	}
	for _, src := range dateSources {
		if tokens[0] != src.names[0] {
			continue
		}
		switch {
		case len(tokens) <= 2:
			return true
		case tokens[2] == "type":
			return true
		case tokens[2] != src.names[1]:
			return false
		case len(tokens) <= 4:
			return true
		}
		for _, f := range dateFields {
			if tokens[4] == f.String() {
				return true
			}
		}
		return false
	}
	return false
}

// Where companyDate looks, in order.
var (
	keyType     = document.NewKey("type")
	dateSources = func() (out [4]struct {
		container, list document.Key
		names           [2]string
	}) {
		for i, s := range [4][2]string{
			{"sections", "additional_data"},
			{"current_information", "data"},
			{"prefills", "data"},
			{"declarations", "data"},
		} {
			out[i].container, out[i].list, out[i].names = document.NewKey(s[0]), document.NewKey(s[1]), s
		}
		return out
	}()
	dateFields = [...]document.Key{document.NewKey("registration_date"), document.NewKey("incorporation_date")}
)

// typed returns the first item of c[container] whose type is typ.
func typed(c document.Value, container, typ string) document.Value {
	list, ok := c.Member(container)
	if !ok || list.Kind() != document.Array {
		return document.Value{}
	}
	for i := 0; i < list.Len(); i++ {
		if item := list.Index(i); item.Get("type").Text() == typ {
			return item
		}
	}
	return document.Value{}
}

// allTyped returns every item of c[container] whose type is typ.
func allTyped(c document.Value, container, typ string) []document.Value {
	list, ok := c.Member(container)
	if !ok || list.Kind() != document.Array {
		return nil
	}
	var out []document.Value
	for i := 0; i < list.Len(); i++ {
		if item := list.Index(i); item.Get("type").Text() == typ {
			out = append(out, item)
		}
	}
	return out
}
