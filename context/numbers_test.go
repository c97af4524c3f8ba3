package context

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// condition compiles an expression condition against the built-in fields
// and evaluates it on doc.
func condition(t *testing.T, src, doc string) (bool, error) {
	t.Helper()
	reg := Builtins()
	e, err := reg.CompileCondition(src, Limits{})
	if err != nil {
		t.Fatalf("%s: %v", src, err)
	}
	return e.Eval(values(t, reg, doc, "2026-11-24"), nil)
}

// TestIntegersAreExact: an integer of the case that an int holds reaches
// expressions as that integer; 9007199254740993 read as
// 9007199254740992, so case.n == 9007199254740992 held.
func TestIntegersAreExact(t *testing.T) {
	doc := `{"n": 9007199254740993, "m": -9007199254740993, "max": 9223372036854775807, "min": -9223372036854775808, "p": 9007199254740992}`
	for _, tc := range []struct {
		src  string
		want bool
	}{
		{`case.n == 9007199254740993`, true},
		{`case.n == 9007199254740992`, false},
		{`case.n > 9007199254740992`, true},
		{`case.m == -9007199254740993`, true},
		{`case.m < -9007199254740992`, true},
		{`case.max == 9223372036854775807`, true},
		{`case.max > 9223372036854775806`, true},
		{`case.min == -9223372036854775807 - 1`, true},
		{`case.p == 9007199254740992`, true},
	} {
		got, err := condition(t, tc.src, doc)
		if err != nil || got != tc.want {
			t.Errorf("%s = %v, %v; want %v", tc.src, got, err, tc.want)
		}
	}
}

// TestDivisionByZeroFails: a division by zero is an error that says so;
// it gave +Inf or NaN, so case.x / 0 > 1 held and a share of an empty
// list was less than nothing and more than nothing.
func TestDivisionByZeroFails(t *testing.T) {
	doc := `{"x": 70, "zero": 0, "f": 0.0, "owners": []}`
	for _, src := range []string{
		`case.x / 0 > 1`, `1 / 0 > 1`, `case.x / case.zero > 1`, `case.x / case.f > 1`, `0 / 0.0 < 1`,
		`!(len(filter(case.owners, .country != "NO")) / len(case.owners) > 0.5)`,
		`case.x / (case.zero - 0) != 1`,
	} {
		got, err := condition(t, src, doc)
		if err == nil || err.Error() != "division by zero" {
			t.Errorf("%s = %v, %v; want the error division by zero", src, got, err)
		}
	}
	for _, src := range []string{`case.x / 7 == 10`, `case.x / 2.5 == 28`, `-case.x / 70 == -1`} {
		if got, err := condition(t, src, doc); err != nil || !got {
			t.Errorf("%s = %v, %v; want true", src, got, err)
		}
	}
}

// TestIntegerOverflowFails: integer arithmetic that leaves 64 bits is an
// error; it wrapped around, so case.n + 1 > 0 was false for the largest
// integer and 70 * 10^18 was negative.
func TestIntegerOverflowFails(t *testing.T) {
	doc := `{"n": 9223372036854775807, "min": -9223372036854775808, "x": 70, "one": 1}`
	for _, src := range []string{
		`case.n + 1 > 0`, `case.one + case.n > 0`, `case.n + case.one > 0`, `case.x * 1000000000000000000 > 0`,
		`case.min - 1 < 0`, `-2 - case.n < 0`, `case.min * -1 > 0`, `-1 * case.min > 0`,
		`9223372036854775807 + 1 > 0`, `len([1, 2]) * 9223372036854775807 > 0`, `reduce([case.n, 1], #acc + #, 0) > 0`,
		`-9223372036854775807 - 2 < 0`,
	} {
		got, err := condition(t, src, doc)
		if err == nil || err.Error() != "integer overflow: the result does not fit in 64 bits" {
			t.Errorf("%s = %v, %v; want the error integer overflow", src, got, err)
		}
	}
	for _, src := range []string{
		`case.n - 1 + 1 == case.n`, `case.min + case.n == -1`, `case.x * 2 - 140 == 0`, `case.n * 1 == case.n`,
		`case.min * 1 == case.min`, `case.x * 1.5 == 105`, `case.x - 0.5 == 69.5`, `len([1, 2]) * 3 - 1 == 5`,
		`-case.x + 70 == 0`, `take([1, 2, 3], case.one + 1) == [1, 2]`, `[1, 2, 3][case.x - 69] == 2`,
		`(now - parseDate("2026-11-23")).Hours() == 24`, `now + duration("24h") > now`,
	} {
		if got, err := condition(t, src, doc); err != nil || !got {
			t.Errorf("%s = %v, %v; want true", src, got, err)
		}
	}
}

// TestInexactNumbersFail: a number of the case that no float64 is reaches
// expressions as json.Number, which they compare with == by value and
// refuse to order or compute with; as the nearest float64,
// 0.30000000000000001 > 0.3 was false, 0.30000000000000001 == 0.3 true and
// 1e400 == 2e400 true.
func TestInexactNumbersFail(t *testing.T) {
	doc := `{"c": 0.30000000000000001, "big": 12345678901234567890, "huge": 1e400, "huge2": 2e400, "huge3": 10e399,
	         "tiny": 1e-400, "a": 0.1, "f": 1.50, "e": 2.5e10, "z": -0.0, "sub": 5e-324, "max": 1.7976931348623157e308,
	         "seventeen": 0.30000000000000004}`
	checkConditions(t, doc, []conditionCase{
		{`case.c == 0.3`, "false"},
		{`case.c != 0.3`, "true"},
		{`case.huge == case.huge2`, "false"},
		{`case.huge == case.huge3`, "true"},
		{`case.huge != case.huge3`, "false"},
		{`case.big == 12345678901234567000.0`, "false"},
		{`string(case.big) == "12345678901234567890"`, "true"},
		{`case.c > 0.3`, "invalid operation: json.Number > float64 (json.Number is a number of the case"},
		{`case.big > 1e19`, "invalid operation: json.Number > float64"},
		{`case.huge > 1`, "invalid operation: json.Number > int"},
		{`case.tiny > 0`, "invalid operation: json.Number > int"},
		{`case.huge + 1 > 0`, "invalid operation: json.Number + int"},
		{`int(case.big) > 0`, "invalid operation: int(json.Number)"},
		{`case.a == 0.1`, "true"},
		{`case.f == 1.5`, "true"},
		{`case.e == 25000000000`, "true"},
		{`case.z == 0`, "true"},
		{`case.sub > 0`, "true"},
		{`case.max > 1e308`, "true"},
		{`case.seventeen > 0.3`, "true"},
	})
}

// TestEqualityByValue: ==, in and uniq compare numbers by value at every
// level. Before, in and uniq compared numbers that no float64 holds by
// their text (1e400 in [10e399] was false, uniq kept both), and == looked
// into lists but compared maps with reflect.DeepEqual, by which {"a": 1}
// and the case's {"a": 1.0} differed.
func TestEqualityByValue(t *testing.T) {
	doc := `{"huge": 1e400, "huge2": 2e400, "huge3": 10e399, "big": 12345678901234567890, "big2": 1.2345678901234567890e19,
	         "one": {"a": 1.0}, "m": {"x": 1}}`
	checkConditions(t, doc, []conditionCase{
		{`case.huge in [case.huge3]`, "true"},
		{`case.huge in [case.huge2]`, "false"},
		{`case.big in [1, case.big2]`, "true"},
		{`case.huge not in [case.huge3]`, "false"},
		{`len(uniq([case.huge, case.huge3, case.huge2, case.huge])) == 2`, "true"},
		{`uniq([case.big2, case.big])[0] == case.big`, "true"},
		{`len(uniq([case.huge, 1, 1.0, case.huge3])) == 2`, "true"},
		{`[case.huge] == [case.huge3]`, "true"},
		{`[case.huge] != [case.huge3]`, "false"},
		{`[[case.huge]] == [[case.huge2]]`, "false"},
		{`{"a": 1} == case.one`, "true"},
		{`{"a": case.huge} == {"a": case.huge3}`, "true"},
		{`{"a": 1} == {"b": 1}`, "false"},
		{`{"a": 1} == {"a": 1, "b": 2}`, "false"},
		{`len(uniq([{"a": 1}, case.one])) == 1`, "true"},
		{`"x" in case.m`, "true"},
		{`case.huge in case.m`, "cannot look up json.Number in a map: its keys are strings"},
		{`1 in case.m`, "cannot look up int in a map"},
		{`nil in case.m`, "false"},
	})
}

// TestNumberTextIsCharged: comparing two numbers that no float64 holds
// reads all their text, which is paid for. Before, ==, in and uniq of a
// case's 100,000-digit number ran 2,000 times on one unit each, reading
// 400 MB, and with the default budget one expression could run for a
// minute.
func TestNumberTextIsCharged(t *testing.T) {
	num := "1." + strings.Repeat("7", 100_000)
	doc := fmt.Sprintf(`{"n": %s, "m": %s, "p": {"a": %[1]s}, "q": {"a": %[1]s}}`, num, num)
	for _, src := range []string{
		`len(filter(1..2000, case.n == case.m)) > 0`,
		`len(filter(1..2000, case.n != case.m)) > 0`,
		`len(filter(1..2000, case.n in [case.m])) > 0`,
		`len(filter(1..2000, [case.n] == [case.m])) > 0`,
		`len(filter(1..2000, case.p == case.q)) > 0`,
		`len(uniq(map(1..2000, case.n))) > 0`,
		`len(groupBy(1..2000, case.n)) > 0`,
	} {
		_, err := condition(t, src, doc)
		var be *BudgetError
		if !errors.As(err, &be) {
			t.Errorf("%s: got %v, want a BudgetError", src, err)
		}
	}
}

// TestLongExponents: exponents of any length are compared exactly; they
// were read up to about 10^15, so 1e1000000000000000000 ==
// 1e1000000000000000001 held.
func TestLongExponents(t *testing.T) {
	doc := `{"e1": 1e1000000000000000000, "e2": 1e1000000000000000001, "e3": 10e999999999999999999,
	         "e4": 0.1e1000000000000000001, "t1": 1e-1000000000000000000, "t2": 1e-1000000000000000001,
	         "t3": 0.01e-999999999999999998, "n1": -1e1000000000000000000}`
	for _, tc := range []struct {
		src  string
		want bool
	}{
		{`case.e1 == case.e2`, false},
		{`case.e1 == case.e3`, true},
		{`case.e1 == case.e4`, true},
		{`case.e1 == case.n1`, false},
		{`case.e1 in [case.e2, case.t1]`, false},
		{`case.e1 in [case.e2, case.e3]`, true},
		{`len(uniq([case.e1, case.e2, case.e3, case.e4])) == 2`, true},
		{`case.t1 == case.t2`, false},
		{`case.t1 == case.t3`, true},
		{`len(groupBy([case.e1, case.e2, case.e3, case.t1, case.t3], #)) == 3`, true},
	} {
		got, err := condition(t, tc.src, doc)
		if err != nil || got != tc.want {
			t.Errorf("%s: got %v (%v), want %v", tc.src, got, err, tc.want)
		}
	}
}

// TestGroupsByValue: groupBy files numbers that == finds equal under one
// key, and fromPairs's maps compare as the case's maps do. groupBy keyed
// by Go value (1 and 1.0 were two groups, and so were 1e400 and 10e399),
// and maps made by fromPairs compared by reflect.DeepEqual.
func TestGroupsByValue(t *testing.T) {
	doc := `{"huge": 1e400, "huge2": 2e400, "huge3": 10e399, "one": 1.0, "big": 12345678901234567890, "zero": -0.0}`
	for _, tc := range []struct {
		src  string
		want bool
	}{
		{`len(groupBy([1, case.one, 2], #)) == 2`, true},
		{`len(groupBy([case.huge, case.huge3, case.huge2], #)) == 2`, true},
		{`len(groupBy([1.5, 1.5, 2.5], #)) == 2`, true},
		{`len(groupBy(["1", 1], #)) == 2`, true},
		{`len(groupBy([0, case.zero], #)) == 1`, true},
		{`len(groupBy([1, 2, 3, 4], # % 2)) == 2`, true},
		{`string(groupBy([case.big], #)) contains "1.234567890123456789e19:"`, true},
		{`fromPairs([["a", 1]]) == fromPairs([["a", case.one]])`, true},
		{`fromPairs([["a", 1]]) == fromPairs([["a", 2]])`, false},
		{`len(uniq([fromPairs([["a", 1]]), fromPairs([["a", case.one]])])) == 1`, true},
	} {
		got, err := condition(t, tc.src, doc)
		if err != nil || got != tc.want {
			t.Errorf("%s: got %v (%v), want %v", tc.src, got, err, tc.want)
		}
	}
}

// conditionCase is an expression condition and what it gives: true,
// false or the start of its error.
type conditionCase struct{ src, want string }

func checkConditions(t *testing.T, doc string, cases []conditionCase) {
	t.Helper()
	for _, tc := range cases {
		got, err := condition(t, tc.src, doc)
		s := fmt.Sprint(got)
		if err != nil {
			s = err.Error()
		}
		if !strings.HasPrefix(s, tc.want) {
			t.Errorf("%s: got %s, want %s", tc.src, s, tc.want)
		}
	}
}

func TestFaithful(t *testing.T) {
	for lit, want := range map[string]bool{
		"0.1": true, "1.0": true, "1.50": true, "-0.5": true, "1e2": true, "1E+2": true, "0.1e1": true, "0": true,
		"-0.0": true, "0e10": true, "00.000": true, "2.5e10": true, "1.7976931348623157e308": true, "5e-324": true,
		"0.30000000000000004": true, "123456789012345.6": true, "9007199254740993.0": false,
		"0.30000000000000001": false, "12345678901234567890": false, "1e400": false, "-1e400": false,
		"1e-400": false, "4.9e-324": false, "1.7976931348623159e308": false, "1e99999999999999999999": false,
	} {
		f, _ := strconv.ParseFloat(lit, 64)
		if got := faithful(lit, f); got != want {
			t.Errorf("faithful(%s) = %v, want %v", lit, got, want)
		}
	}
}

// TestInexactNumbersKeepTheirValue: a context field that gives a number no
// float64 is gives it as written.
func TestInexactNumbersKeepTheirValue(t *testing.T) {
	reg, _ := Builtins().WithExpression("big", `case.big`)
	reg, errs := reg.Compile(Limits{})
	if errs != nil {
		t.Fatal(errs[0])
	}
	v := values(t, reg, `{"big": 12345678901234567890}`, "2026-11-24")
	if got, ok := v.Get("big"); !ok || got.Literal() != "12345678901234567890" {
		t.Errorf("big = %v %v, want 12345678901234567890", got, ok)
	}
}

// TestNonFiniteFloatsFail: arithmetic whose result is past the range of
// float64 or not a number is an error, and so are float() of "NaN" or
// "Inf" and int() of a float no int holds: as +Inf, NaN or a wrapped
// integer they compared as plausible numbers (int(1e19) > 0 was false,
// !(float("NaN") > 5) true).
func TestNonFiniteFloatsFail(t *testing.T) {
	doc := `{"x": 70, "neg": -8, "f": 1.5, "nan": "NaN", "inf": "Infinity", "e": 1e19}`
	for _, tc := range []struct{ src, err string }{
		{`case.x ** 1000 > 1`, "the result is past the range of float64"},
		{`10 ** 400 > 1`, "the result is past the range of float64"},
		{`case.neg ** 0.5 > 1`, "the result is not a number"},
		{`case.e * 1e300 > 1`, "the result is past the range of float64"},
		{`1e308 * 10.0 > 1`, "the result is past the range of float64"},
		{`1e308 + 1e308 > 1`, "the result is past the range of float64"},
		{`-1e308 - case.e * 1e300 < 1`, "the result is past the range of float64"},
		{`case.e / 1e-300 > 1`, "the result is past the range of float64"},
		{`!(float(case.nan) > 5)`, "float(\"NaN\") is not a finite number"},
		{`float(case.inf) > 5`, "float(\"Infinity\") is not a finite number"},
		{`int(case.e) > 0`, "int(1e+19): an int holds no such number"},
		{`int(1e19) > 0`, "int(1e+19): an int holds no such number"},
	} {
		got, err := condition(t, tc.src, doc)
		if err == nil || err.Error() != tc.err {
			t.Errorf("%s = %v, %v; want the error %s", tc.src, got, err, tc.err)
		}
	}
	for _, src := range []string{
		`case.x ** 2 == 4900`, `case.neg ** 3 == -512`, `2 ** -1 == 0.5`, `case.f * 2 == 3`, `case.f + 1 == 2.5`,
		`case.f - 2 == -0.5`, `float("2.5") == 2.5`, `float(case.x) == 70`, `int(case.f) == 1`, `int(-2.9) == -2`,
		`int("70") == 70`, `int(9.2e18) > 0`, `1e308 * 1.0 > 1`, `case.f / 3 > 0.4`,
	} {
		if got, err := condition(t, src, doc); err != nil || !got {
			t.Errorf("%s = %v, %v; want true", src, got, err)
		}
	}
}

// TestNegationOverflowFails: the negation and abs() of the smallest int,
// which no int holds, are errors; they gave the smallest int back, so
// -case.min > 0 was false.
func TestNegationOverflowFails(t *testing.T) {
	doc := `{"min": -9223372036854775808, "x": 70, "f": -1.5}`
	for _, src := range []string{`-case.min > 0`, `abs(case.min) > 0`, `-(-9223372036854775807 - 1) > 0`} {
		got, err := condition(t, src, doc)
		if err == nil || err.Error() != "integer overflow: the result does not fit in 64 bits" {
			t.Errorf("%s = %v, %v; want the error integer overflow", src, got, err)
		}
	}
	for _, src := range []string{`-case.x == -70`, `abs(-case.x) == 70`, `-case.f == 1.5`, `abs(case.f) == 1.5`, `-(case.min + 1) > 0`, `abs(-3) == 3`} {
		if got, err := condition(t, src, doc); err != nil || !got {
			t.Errorf("%s = %v, %v; want true", src, got, err)
		}
	}
}

func TestSignificantDigits(t *testing.T) {
	for lit, want := range map[string]int{"0": 0, "-0.000": 0, "1": 1, "100": 1, "0.0012": 2, "10.01": 4, "1.50e10": 2,
		"123456789012345678": 18, "-0.30000000000000001": 17} {
		if got := significantDigits(lit); got != want {
			t.Errorf("significantDigits(%s) = %d, want %d", lit, got, want)
		}
	}
}

// TestSumAndMeanFail: sum adds as + does, so past 64 bits or the range of
// float64 it is an error too (it wrapped around, and summed to +Inf), with
// or without a predicate; mean and median, which add in float64, fail past
// its range. Sums that fit are what they were.
func TestSumAndMeanFail(t *testing.T) {
	doc := `{"max": 9223372036854775807, "big": 1e308, "owners": [{"share": 9223372036854775807}, {"share": 1}], "xs": [1, 2, 3.5], "none": []}`
	for _, tc := range []struct{ src, err string }{
		{`sum([case.max, 1]) > 0`, "integer overflow: the result does not fit in 64 bits"},
		{`sum(case.owners, .share) > 0`, "integer overflow: the result does not fit in 64 bits"},
		{`sum([case.big, case.big]) > 1`, "the result is past the range of float64"},
		{`sum(case.owners, case.big * 1.0) > 1`, "the result is past the range of float64"},
		{`mean([case.big, case.big]) > 1`, "the result is past the range of float64"},
		{`median([case.big, case.big]) > 1`, "the result is past the range of float64"},
	} {
		got, err := condition(t, tc.src, doc)
		if err == nil || err.Error() != tc.err {
			t.Errorf("%s = %v, %v; want the error %s", tc.src, got, err, tc.err)
		}
	}
	for _, src := range []string{
		`sum(case.xs) == 6.5`, `sum([1, 2, 3]) == 6`, `sum(case.none) == 0`, `sum(case.owners, 1) == 2`,
		`sum(case.xs, # * 2) == 13`, `sum([case.max, -1]) == 9223372036854775806`, `mean(case.xs) > 2.1`,
		`median([1, 5, 9]) == 5`, `sum([0.5, 0.25]) == 0.75`,
	} {
		if got, err := condition(t, src, doc); err != nil || !got {
			t.Errorf("%s = %v, %v; want true", src, got, err)
		}
	}
}
