package suite

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/verdict-rules/verdict/diag"
	"github.com/verdict-rules/verdict/event"
	"github.com/verdict-rules/verdict/internal/term"
)

// Exercised counts the conditions seen both to hold and to fail.
func (c Coverage) Exercised() int {
	n := 0
	for _, k := range c.Conditions {
		if k.Both() {
			n++
		}
	}
	return n
}

// Percent is the share of the conditions exercised both ways, 0 to 100; an
// automation without conditions is fully covered.
func (c Coverage) Percent() float64 {
	if len(c.Conditions) == 0 {
		return 100
	}
	return 100 * float64(c.Exercised()) / float64(len(c.Conditions))
}

// Report is the outcome of a run of tests in the shape `verdict test
// --format json` prints (schema/test-output.schema.json).
type Report struct {
	Tests    []TestReport     `json:"tests"`
	Coverage []CoverageReport `json:"coverage"`
	Passed   int              `json:"passed"`
	Failed   int              `json:"failed"`
	// Updated lists the files Options.Update wrote.
	Updated []string `json:"updated"`
	// CoverageThreshold is the share of conditions each automation must
	// have exercised both ways, in percent; 0 for none.
	CoverageThreshold float64 `json:"coverage_threshold"`
	// BelowThreshold counts the automations under it.
	BelowThreshold int `json:"below_threshold"`
	// InvalidEvents counts the failed tests whose event the automations'
	// event check refused (a typo'd type, status or member): a mistake in
	// the suite, which `verdict test` reports as a usage error.
	InvalidEvents int `json:"invalid_events"`
}

// TestReport is one TestResult.
type TestReport struct {
	Suite    string    `json:"suite"`
	Name     string    `json:"name"`
	Passed   bool      `json:"passed"`
	Error    string    `json:"error,omitempty"`
	Failures []Failure `json:"failures"`
	Warnings []string  `json:"warnings"`
	Updated  string    `json:"updated,omitempty"`
}

// CoverageReport is one automation's Coverage.
type CoverageReport struct {
	Automation     string            `json:"automation"`
	Fingerprint    string            `json:"fingerprint,omitempty"`
	Conditions     []ConditionReport `json:"conditions"`
	Exercised      int               `json:"exercised"`
	Total          int               `json:"total"`
	Percent        float64           `json:"percent"`
	BelowThreshold bool              `json:"below_threshold"`
}

// ConditionReport is one condition's ConditionCoverage.
type ConditionReport struct {
	Pointer string `json:"pointer"`
	Type    string `json:"type"`
	Field   string `json:"field,omitempty"`
	Held    bool   `json:"held"`
	Failed  bool   `json:"failed"`
}

// Seen says how the tests saw the condition when not both ways: "only
// held" or "only failed"; "" when they saw both.
func (k ConditionReport) Seen() string {
	switch {
	case k.Held && k.Failed:
		return ""
	case k.Held:
		return "only held"
	}
	return "only failed"
}

// invalidEvent says whether a test could not run because its event was
// refused: a scenario's event.json, or a suite's event member.
func invalidEvent(err error) bool {
	var ee *event.Error
	if errors.As(err, &ee) {
		return true
	}
	var fe *FileError
	if errors.As(err, &fe) {
		for _, e := range fe.Errors {
			if e.Code == diag.InvalidEvent {
				return true
			}
		}
	}
	return false
}

// NewReport gathers the results, and the coverage of the automations they
// ran, against a threshold in percent (0 for none).
func NewReport(results []TestResult, threshold float64) *Report {
	r := &Report{Tests: []TestReport{}, Coverage: []CoverageReport{}, Updated: []string{}, CoverageThreshold: threshold}
	for _, t := range results {
		tr := TestReport{Suite: t.Suite, Name: t.Name, Passed: t.Passed() && t.Updated == "",
			Failures: append([]Failure{}, t.Failures...), Warnings: append([]string{}, t.Warnings...), Updated: t.Updated}
		if t.Err != nil {
			tr.Error = t.Err.Error()
		}
		switch {
		case t.Updated != "":
			r.Updated = append(r.Updated, t.Updated)
		case t.Passed():
			r.Passed++
		default:
			r.Failed++
			if invalidEvent(t.Err) {
				r.InvalidEvents++
			}
		}
		r.Tests = append(r.Tests, tr)
	}
	for _, c := range CoverageOf(results) {
		cr := CoverageReport{Automation: c.Automation, Fingerprint: c.Fingerprint, Conditions: []ConditionReport{}, Exercised: c.Exercised(),
			Total: len(c.Conditions), Percent: math.Round(c.Percent()*10) / 10}
		cr.BelowThreshold = threshold > 0 && c.Percent() < threshold
		if cr.BelowThreshold {
			r.BelowThreshold++
		}
		for _, k := range c.Conditions {
			cr.Conditions = append(cr.Conditions, ConditionReport{Pointer: k.Pointer, Type: k.Type, Field: k.Field, Held: k.True, Failed: k.False})
		}
		r.Coverage = append(r.Coverage, cr)
	}
	return r
}

// WriteJUnit writes a report as JUnit XML, the report CI systems read:
// one testsuite per suite file or scenario folder, a failure per unmet
// expectation (with its diff), an error for a test that could not run;
// and, when the report has a coverage threshold, a testsuite "coverage"
// with a testcase per automation that fails when the automation is under
// it, so CI shows why the run failed.
func WriteJUnit(w io.Writer, rep *Report) error {
	type failure struct {
		Message string `xml:"message,attr"`
		Type    string `xml:"type,attr"`
		Text    string `xml:",chardata"`
	}
	type testcase struct {
		Name      string   `xml:"name,attr"`
		Classname string   `xml:"classname,attr"`
		Failure   *failure `xml:"failure,omitempty"`
		Error     *failure `xml:"error,omitempty"`
	}
	type testsuite struct {
		Name     string     `xml:"name,attr"`
		Tests    int        `xml:"tests,attr"`
		Failures int        `xml:"failures,attr"`
		Errors   int        `xml:"errors,attr"`
		Cases    []testcase `xml:"testcase"`
	}
	type testsuites struct {
		XMLName  xml.Name    `xml:"testsuites"`
		Tests    int         `xml:"tests,attr"`
		Failures int         `xml:"failures,attr"`
		Errors   int         `xml:"errors,attr"`
		Suites   []testsuite `xml:"testsuite"`
	}
	var doc testsuites
	index := map[string]int{}
	add := func(suite string, tc testcase) {
		i, ok := index[suite]
		if !ok {
			i = len(doc.Suites)
			index[suite] = i
			doc.Suites = append(doc.Suites, testsuite{Name: suite})
		}
		s := &doc.Suites[i]
		switch {
		case tc.Error != nil:
			s.Errors++
			doc.Errors++
		case tc.Failure != nil:
			s.Failures++
			doc.Failures++
		}
		s.Tests++
		doc.Tests++
		s.Cases = append(s.Cases, tc)
	}
	for _, t := range rep.Tests {
		name := t.Name
		if name == "" {
			name = t.Suite
		}
		tc := testcase{Name: name, Classname: t.Suite}
		switch {
		case t.Error != "":
			tc.Error = &failure{Message: firstLine(t.Error), Type: "error", Text: t.Error}
		case len(t.Failures) > 0:
			var b strings.Builder
			for _, f := range t.Failures {
				b.WriteString(f.Message + "\n")
				for _, l := range f.Diff {
					b.WriteString(l + "\n")
				}
			}
			tc.Failure = &failure{Message: t.Failures[0].Message, Type: t.Failures[0].What, Text: b.String()}
		}
		add(t.Suite, tc)
	}
	if rep.CoverageThreshold > 0 {
		for _, c := range rep.Coverage {
			tc := testcase{Name: "coverage of " + c.Automation, Classname: "coverage"}
			if c.BelowThreshold {
				msg := fmt.Sprintf("%d of %d conditions exercised both ways (%.1f%%), under the threshold of %g%%", c.Exercised, c.Total, c.Percent, rep.CoverageThreshold)
				var b strings.Builder
				b.WriteString(msg + "\n")
				for _, k := range c.Conditions {
					if seen := k.Seen(); seen != "" {
						fmt.Fprintf(&b, "%s %s %s %s\n", k.Pointer, k.Type, seen, k.Field)
					}
				}
				tc.Failure = &failure{Message: msg, Type: "coverage", Text: b.String()}
			}
			add("coverage", tc)
		}
	}
	// Encoded whole, then written with the characters a terminal or an
	// editor would act on (the C1 and bidirectional controls, which XML
	// may hold raw) as character references: the same text once read.
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("junit: %w", err)
	}
	b.WriteString("\n")
	_, err := w.Write(term.XML(b.Bytes()))
	return err
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
