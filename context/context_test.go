package context

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/verdict-rules/verdict/document"
)

func date(s string) time.Time {
	t, ok := ParseDate(s)
	if !ok {
		panic(s)
	}
	return t
}

func TestYearsBetween(t *testing.T) {
	tests := []struct {
		from, to string
		want     int
	}{
		{"2024-11-24", "2026-11-24", 2}, // on the anniversary
		{"2024-11-25", "2026-11-24", 1}, // a day before it
		{"2024-02-29", "2026-02-28", 1}, // leap day: not yet
		{"2024-02-29", "2026-03-01", 2}, // leap day: 1 March completes the year
		{"2024-02-29", "2028-02-29", 4},
		{"2026-11-24", "2026-11-24", 0},
		{"2027-01-01", "2026-11-24", 0}, // a date in the future, less than a year away
		{"2028-01-01", "2026-11-24", -1},
		{"1900-01-01", "2026-11-24", 126},
	}
	for _, tc := range tests {
		if got := YearsBetween(date(tc.from), date(tc.to)); got != tc.want {
			t.Errorf("YearsBetween(%s, %s) = %d, want %d", tc.from, tc.to, got, tc.want)
		}
	}
}

func TestDaysBetween(t *testing.T) {
	tests := []struct {
		from, to string
		want     int
	}{
		{"2026-11-23", "2026-11-24", 1},
		{"2024-02-28", "2024-03-01", 2},
		{"2026-11-24", "2026-11-23", -1},
		{"1500-01-01", "2026-01-01", 192_118},
	}
	for _, tc := range tests {
		if got := DaysBetween(date(tc.from), date(tc.to)); got != tc.want {
			t.Errorf("DaysBetween(%s, %s) = %d, want %d", tc.from, tc.to, got, tc.want)
		}
	}
}

func TestParseDate(t *testing.T) {
	good := map[string]string{
		"2019-01-01":                "2019-01-01",
		"2019-01-01T23:30:00-02:00": "2019-01-01",
		"2019-01-01T00:30:00+02:00": "2019-01-01",
		"2016-09-01T12:00:00.000Z":  "2016-09-01",
		"2000-02-29":                "2000-02-29",
		"2024-02-29":                "2024-02-29",
		"2019-12-31":                "2019-12-31",
		"2019-04-30":                "2019-04-30",
	}
	for in, want := range good {
		got, ok := ParseDate(in)
		if !ok || got.Format("2006-01-02") != want {
			t.Errorf("ParseDate(%q) = %v %v, want %s", in, got, ok, want)
		}
	}
	for _, bad := range []string{"", "2019-02-30", "2023-02-29", "1900-02-29", "2019-04-31", "2019-00-10", "2019-01-00", "2019-01-32", "2019-13-01", "19-01-01", "2019/01/01", "01.01.2019", "2019-01-01T25:00:00Z", "yesterday"} {
		if _, ok := ParseDate(bad); ok {
			t.Errorf("ParseDate(%q) accepted", bad)
		}
	}
}

func values(t *testing.T, reg *Registry, doc string, now string) *Values {
	t.Helper()
	v, err := document.Decode([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	return reg.NewValues(v, date(now))
}

func TestCompanyAgeSources(t *testing.T) {
	tests := []struct {
		name, doc string
		want      int64
		ok        bool
		from      string
	}{
		{"section registration date", `{"sections": [{"type": "company", "additional_data": [{"registration_date": "2019-01-01", "incorporation_date": "2010-01-01"}]}]}`, 7, true, "/sections/0/additional_data/0/registration_date"},
		{"incorporation when no registration", `{"sections": [{"type": "company", "additional_data": [{"incorporation_date": "2010-01-01"}]}]}`, 16, true, "/sections/0/additional_data/0/incorporation_date"},
		{"sections before current_information", `{"current_information": [{"type": "company", "data": [{"registration_date": "2000-01-01"}]}], "sections": [{"type": "company", "additional_data": [{"incorporation_date": "2010-01-01"}]}]}`, 16, true, "/sections/0"},
		{"prefills", `{"prefills": [{"type": "ultimate_beneficial_ownership", "data": [{"registration_date": "1990-01-01"}]}, {"type": "company", "data": [{"registration_date": "2020-06-01"}]}]}`, 6, true, "/prefills/1/data/0"},
		{"declarations last", `{"declarations": [{"type": "company", "data": [{"registration_date": "2021-11-24"}]}]}`, 5, true, "/declarations/0"},
		{"an invalid date is skipped", `{"sections": [{"type": "company", "additional_data": [{"registration_date": "unknown"}, {"registration_date": "2015-03-01"}]}]}`, 11, true, "/sections/0/additional_data/1"},
		{"no date", `{"sections": [{"type": "company", "additional_data": [{}]}]}`, 0, false, "absent"},
		{"not a company section", `{"sections": [{"type": "bank_account", "additional_data": [{"registration_date": "2015-03-01"}]}]}`, 0, false, "absent"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v := values(t, Builtins(), tc.doc, "2026-11-24")
			got, ok := v.Get("company_age")
			if ok != tc.ok || (ok && got.Literal() != strconv.FormatInt(tc.want, 10)) {
				t.Fatalf("company_age = %v %v, want %d %v", got, ok, tc.want, tc.ok)
			}
			if ex := v.Explain("company_age"); !strings.Contains(ex, tc.from) {
				t.Errorf("Explain = %q, want it to mention %q", ex, tc.from)
			}
		})
	}
}

func TestOtherBuiltins(t *testing.T) {
	doc := `{
	  "created_at": "2026-11-01T10:00:00Z",
	  "checks": [{"type": "sanction", "data": [{"flags": [{"code": "PERSON_IN_SANCTIONS"}, {"code": "PERSON_IN_PEP"}]}]},
	             {"type": "company", "data": [{"flags": []}]}],
	  "prefills": [{"type": "ultimate_beneficial_ownership", "data": [{"name": "a"}, {"name": "b"}]},
	               {"type": "credit_score", "data": [{"current_credit_score": {"value": 55}}]}],
	  "current_information": [{"type": "credit_score", "data": [{"current_credit_score": {"value": 92}}]}]
	}`
	v := values(t, Builtins(), doc, "2026-11-24")
	want := map[string]string{
		"case_age_days": "23",
		"ubo_count":     "2",
		"flags":         `["PERSON_IN_SANCTIONS","PERSON_IN_PEP"]`,
		"credit_score":  "92",
	}
	for name, w := range want {
		got, ok := v.Get(name)
		if !ok || got.String() != w {
			t.Errorf("%s = %v %v, want %s", name, got, ok, w)
		}
	}
	empty := values(t, Builtins(), `{}`, "2026-11-24")
	for name := range want {
		if got, ok := empty.Get(name); ok {
			t.Errorf("%s on an empty case = %v, want absent", name, got)
		}
	}
}

func TestExpressionFields(t *testing.T) {
	reg, err := Builtins().WithExpression("ubo_share_abroad",
		`let ubos = case.prefills[0].data; len(filter(ubos, .country != "NO")) / len(ubos)`)
	if err != nil {
		t.Fatal(err)
	}
	reg, _ = reg.WithExpression("older_than_company", `context.company_age > 5 && context.ubo_share_abroad < 1`)
	reg, _ = reg.WithExpression("days_registered", `daysBetween(case.sections[0].additional_data[0].registration_date, now)`)
	reg, _ = reg.WithExpression("missing_member", `case.nothing.here`)
	reg, errs := reg.Compile(Limits{})
	if errs != nil {
		t.Fatal(errs[0])
	}
	doc := `{"prefills": [{"type": "ultimate_beneficial_ownership", "data": [{"country": "NO"}, {"country": "SE"}]}],
	         "sections": [{"type": "company", "additional_data": [{"registration_date": "2019-01-01"}]}]}`
	v := values(t, reg, doc, "2026-11-24")
	check := func(name, want string, present bool) {
		t.Helper()
		got, ok := v.Get(name)
		if ok != present || (ok && got.String() != want) {
			t.Errorf("%s = %v %v, want %s %v", name, got, ok, want, present)
		}
	}
	check("ubo_share_abroad", "0.5", true)
	check("older_than_company", "true", true)
	check("days_registered", "2884", true)
	check("missing_member", "", false)
	if v.Err() != nil {
		t.Errorf("unexpected error %v", v.Err())
	}
}

func TestExpressionFieldErrors(t *testing.T) {
	tests := []struct {
		fields map[string]string
		field  string
		offset int
		msg    string
	}{
		{map[string]string{"x": `context.compnay_age + 1`}, "x", 8, `unknown context field "compnay_age" (did you mean "company_age"?)`},
		{map[string]string{"x": `1 +`}, "x", 2, "unexpected token EOF"},
		{map[string]string{"x": `now()`}, "x", 0, "not callable"},
		{map[string]string{"x": `keys(context)`}, "x", 5, "read context fields by name"},
		{map[string]string{"a": `context.b + 1`, "b": `context.a + 1`}, "a", -1, "cycle: a → b → a"},
	}
	for _, tc := range tests {
		reg := Builtins()
		for _, name := range []string{"a", "b", "x"} {
			if src, ok := tc.fields[name]; ok {
				reg, _ = reg.WithExpression(name, src)
			}
		}
		_, errs := reg.Compile(Limits{})
		if len(errs) == 0 {
			t.Errorf("%v: no error", tc.fields)
			continue
		}
		e := errs[0]
		if e.Field != tc.field || (tc.offset >= 0 && e.Offset != tc.offset) || !strings.Contains(e.Msg, tc.msg) {
			t.Errorf("%v: got field %s offset %d %q; want %s %d containing %q", tc.fields, e.Field, e.Offset, e.Msg, tc.field, tc.offset, tc.msg)
		}
	}
}

func TestExpressionBudget(t *testing.T) {
	reg, _ := Builtins().WithExpression("huge", `len(map(1..1000000, # * 2))`)
	reg, errs := reg.Compile(Limits{Budget: 1000})
	if errs != nil {
		t.Fatal(errs[0])
	}
	v := values(t, reg, `{}`, "2026-11-24")
	if _, ok := v.Get("huge"); ok {
		t.Error("an expression over its budget must not give a value")
	}
	if v.Err() == nil || !strings.Contains(v.Err().Error(), "memory budget exceeded") {
		t.Errorf("got error %v, want the memory budget error", v.Err())
	}
}

func TestFromGo(t *testing.T) {
	tests := []struct {
		in   any
		want string
	}{
		{nil, "null"}, {true, "true"}, {"x", `"x"`}, {3, "3"}, {int64(-4), "-4"}, {uint64(18446744073709551615), "18446744073709551615"},
		{2.5, "2.5"}, {[]any{1, "a"}, `[1,"a"]`}, {map[string]any{"b": 1, "a": 2}, `{"a":2,"b":1}`},
		{time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), `"2026-01-02T03:04:05Z"`},
	}
	for _, tc := range tests {
		v, err := FromGo(tc.in)
		if err != nil || v.String() != tc.want {
			t.Errorf("FromGo(%v) = %s %v, want %s", tc.in, v.String(), err, tc.want)
		}
	}
	for _, bad := range []any{struct{}{}, func() {}} {
		if _, err := FromGo(bad); err == nil {
			t.Errorf("FromGo(%T) should fail", bad)
		}
	}
}

// TestEventIsRefusedInFields: a context field is computed once per case,
// without the event, so event read nil in it: event.status == "READY"
// was false on every case, whatever the event.
func TestEventIsRefusedInFields(t *testing.T) {
	for _, src := range []string{`event.status == "READY_FOR_REVIEW"`, `event == nil`, `let e = event; e.type`} {
		e := fieldError(t, src, Limits{})
		if e.Offset != strings.Index(src, "event") || !strings.Contains(e.Msg, "event is not available in a context field") {
			t.Errorf("%q: got %q at %d", src, e.Msg, e.Offset)
		}
	}
	for _, src := range []string{`case.event == nil`, `{event: 1}.event == 1`, `context.company_age > 1`} {
		reg, _ := Builtins().WithExpression("x", src)
		if _, errs := reg.Compile(Limits{}); errs != nil {
			t.Errorf("%s: %v", src, errs[0])
		}
	}
	if _, err := Builtins().CompileCondition(`event.status == "READY_FOR_REVIEW"`, Limits{}); err != nil {
		t.Errorf("an expression condition reads the event: %v", err)
	}
}

// TestNowIsUTC: expressions see the clock in UTC, the zone in which
// company_age and the date helpers count calendar days; with a clock at
// 00:30 on 1 January at +01:00, now.Year() was 2026 while company_age and
// yearsBetween counted from 31 December 2025.
func TestNowIsUTC(t *testing.T) {
	reg := Builtins()
	doc, err := document.Decode([]byte(`{"sections": [{"type": "company", "additional_data": [{"registration_date": "2025-01-01"}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 1, 1, 0, 30, 0, 0, time.FixedZone("", 3600))
	for _, src := range []string{
		`now.Year() == 2025 && int(now.Month()) == 12 && now.Day() == 31`,
		`context.company_age == 0 && yearsBetween("2025-01-01", now) == 0`,
		`now == parseDate("2025-12-31") + duration("23h30m")`,
	} {
		e, err := reg.CompileCondition(src, Limits{})
		if err != nil {
			t.Fatal(err)
		}
		if got, err := e.Eval(reg.NewValues(doc, now), nil); err != nil || !got {
			t.Errorf("%s = %v, %v; want true", src, got, err)
		}
	}
}

// TestFieldFailureIsLocated: a context field whose expression fails as it
// runs says at which byte of its expression.
func TestFieldFailureIsLocated(t *testing.T) {
	reg, _ := Builtins().WithExpression("x", `case.a + case.b`)
	reg, errs := reg.Compile(Limits{})
	if errs != nil {
		t.Fatal(errs[0])
	}
	v := values(t, reg, `{"a": "s", "b": 1}`, "2026-11-24")
	v.Get("x")
	if v.Err() == nil || v.Err().Error() != `context field "x" (byte 7 of its expression): invalid operation: string + int` {
		t.Errorf("got %v", v.Err())
	}
}
