package labels

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestClassify(t *testing.T) {
	agree := []string{"ACTIVE", "APPROVED"}
	tests := []struct {
		fired    bool
		label    string
		labelled bool
		want     Cell
	}{
		{true, "ACTIVE", true, FiredAgreeing},
		{true, "APPROVED", true, FiredAgreeing},
		{true, "DECLINED", true, FiredOther},
		{true, "active", true, FiredOther}, // labels compare as written
		{true, "", false, FiredUnlabelled},
		{true, "ACTIVE", false, FiredUnlabelled}, // no label, whatever the string
		{false, "ACTIVE", true, NotFiredAgreeing},
		{false, "REVIEW_IN_PROGRESS", true, NotFiredOther},
		{false, "", false, NotFiredUnlabelled},
	}
	for _, tc := range tests {
		if got := Classify(tc.fired, tc.label, tc.labelled, agree); got != tc.want {
			t.Errorf("Classify(%v, %q, %v) = %v, want %v", tc.fired, tc.label, tc.labelled, got, tc.want)
		}
	}
	if got := Classify(true, "ACTIVE", true, nil); got != FiredOther {
		t.Errorf("with no agreeing labels: %v", got)
	}
}

func TestCellNames(t *testing.T) {
	for _, c := range Cells() {
		b, err := c.MarshalText()
		if err != nil || string(b) != c.String() {
			t.Errorf("%v: %s, %v", c, b, err)
		}
		var back Cell
		if err := back.UnmarshalText(b); err != nil || back != c {
			t.Errorf("%s reads back as %v, %v", b, back, err)
		}
	}
	if _, err := Cell(6).MarshalText(); err == nil {
		t.Error("cell 6 has a name")
	}
	var c Cell
	if err := c.UnmarshalText([]byte("true_positive")); err == nil {
		t.Error("true_positive is a cell")
	}
	if Cell(9).String() != "cell(9)" {
		t.Error(Cell(9).String())
	}
}

// addAll adds cases described as "id:fired:label" (label "-" for none).
func addAll(m *Matrix, cases ...[3]string) {
	for _, c := range cases {
		m.Add(c[0], c[1] == "fired", c[2], c[2] != "-")
	}
}

func TestMatrix(t *testing.T) {
	m := NewMatrix([]string{"ACTIVE"}, 2)
	addAll(m,
		[3]string{"c1", "fired", "ACTIVE"},
		[3]string{"c2", "fired", "DECLINED"},
		[3]string{"c3", "fired", "REVIEW_IN_PROGRESS"},
		[3]string{"c4", "fired", "DECLINED"},
		[3]string{"c5", "fired", "-"},
		[3]string{"c6", "not", "ACTIVE"},
		[3]string{"c7", "not", "DECLINED"},
		[3]string{"c8", "not", "-"},
		[3]string{"c9", "not", "-"},
		[3]string{"c10", "fired", "ACTIVE"},
	)
	want := Counts{FiredAgreeing: 2, FiredOther: 3, FiredUnlabelled: 1, NotFiredAgreeing: 1, NotFiredOther: 1, NotFiredUnlabelled: 2}
	if diff := cmp.Diff(want, m.Counts); diff != "" {
		t.Errorf("counts (-want +got):\n%s", diff)
	}
	if m.Counts.Total() != 10 || m.Counts.Of(FiredOther) != 3 {
		t.Errorf("Total %d, Of(FiredOther) %d", m.Counts.Total(), m.Counts.Of(FiredOther))
	}
	// The counts are complete; the listings stop at the limit.
	if diff := cmp.Diff(Listing{Cases: []string{"c2", "c3"}, NotListed: 1}, m.FiredOther); diff != "" {
		t.Errorf("fired other (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(Listing{Cases: []string{"c6"}}, m.NotFiredAgreeing); diff != "" {
		t.Errorf("not fired agreeing (-want +got):\n%s", diff)
	}
	if got := m.Precision().String(); got != "0.4000 (2/5)" {
		t.Errorf("precision %s", got)
	}
	if got := m.Recall().String(); got != "0.6667 (2/3)" {
		t.Errorf("recall %s", got)
	}
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	const wantJSON = `{"agree":["ACTIVE"],"cases":10,"counts":{"fired_agreeing":2,"fired_other":3,"fired_unlabelled":1,"not_fired_agreeing":1,"not_fired_other":1,"not_fired_unlabelled":2},"precision":0.4,"recall":0.6666666666666666,"fired_other":{"cases":["c2","c3"],"not_listed":1},"not_fired_agreeing":{"cases":["c6"],"not_listed":0}}`
	if diff := cmp.Diff(wantJSON, string(b)); diff != "" {
		t.Errorf("JSON (-want +got):\n%s", diff)
	}
	// A value marshals the same, and what was written reads back.
	if v, _ := json.Marshal(*m); string(v) != string(b) {
		t.Errorf("a Matrix value marshals as %s", v)
	}
	var back Matrix
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(m.Counts, back.Counts); diff != "" || back.FiredOther.NotListed != 1 || len(back.NotFiredAgreeing.Cases) != 1 {
		t.Errorf("read back: %+v", back)
	}
}

func TestRatiosUndefined(t *testing.T) {
	tests := []struct {
		name                   string
		cases                  [][3]string
		precision, recall      string
		precisionJ, recallJSON string
	}{
		{"no case", nil,
			"undefined (no labelled case fired)", "undefined (no case has an agreeing label)", "null", "null"},
		{"nothing fired", [][3]string{{"c1", "not", "ACTIVE"}, {"c2", "not", "DECLINED"}},
			"undefined (no labelled case fired)", "0.0000 (0/1)", "null", "0"},
		{"fired only on unlabelled cases", [][3]string{{"c1", "fired", "-"}, {"c2", "not", "DECLINED"}},
			"undefined (no labelled case fired)", "undefined (no case has an agreeing label)", "null", "null"},
		{"no agreeing label", [][3]string{{"c1", "fired", "DECLINED"}},
			"0.0000 (0/1)", "undefined (no case has an agreeing label)", "0", "null"},
		{"perfect", [][3]string{{"c1", "fired", "ACTIVE"}, {"c2", "not", "DECLINED"}},
			"1.0000 (1/1)", "1.0000 (1/1)", "1", "1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := NewMatrix([]string{"ACTIVE"}, 10)
			addAll(m, tc.cases...)
			got := []string{m.Precision().String(), m.Recall().String()}
			if diff := cmp.Diff([]string{tc.precision, tc.recall}, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			var v struct {
				Precision, Recall json.RawMessage
			}
			b, _ := json.Marshal(m)
			if err := json.Unmarshal(b, &v); err != nil {
				t.Fatal(err)
			}
			if string(v.Precision) != tc.precisionJ || string(v.Recall) != tc.recallJSON {
				t.Errorf("JSON %s", b)
			}
			if _, ok := m.Precision().Value(); ok != (tc.precisionJ != "null") {
				t.Errorf("precision defined: %v", ok)
			}
		})
	}
	if got := fmt.Sprint(Ratio{}); got != "undefined (0/0)" {
		t.Errorf("zero Ratio: %s", got)
	}
}

func TestMatrixListLimit(t *testing.T) {
	for _, list := range []int{-1, 0, 1, 1000} {
		m := NewMatrix([]string{"ACTIVE"}, list)
		for i := range 100 {
			m.Add(fmt.Sprint("fp", i), true, "DECLINED", true)
			m.Add(fmt.Sprint("fn", i), false, "ACTIVE", true)
		}
		n := min(max(list, 0), 100)
		if len(m.FiredOther.Cases) != n || m.FiredOther.NotListed != 100-n ||
			len(m.NotFiredAgreeing.Cases) != n || m.NotFiredAgreeing.NotListed != 100-n {
			t.Errorf("list %d: %d listed, %d not", list, len(m.FiredOther.Cases), m.FiredOther.NotListed)
		}
		if m.Counts.FiredOther != 100 || m.Counts.NotFiredAgreeing != 100 {
			t.Errorf("list %d: counts %+v", list, m.Counts)
		}
	}
	// The agreeing labels are the matrix's own.
	agree := []string{"ACTIVE"}
	m := NewMatrix(agree, 0)
	agree[0] = "DECLINED"
	if m.Add("c", true, "ACTIVE", true) != FiredAgreeing {
		t.Error("the matrix shares the caller's slice")
	}
}

func BenchmarkMatrixAdd(b *testing.B) {
	m := NewMatrix([]string{"ACTIVE", "APPROVED"}, 1000)
	s := NewSampler(20, 1)
	ids := ids("PQ1230485.", 4096)
	lab := []string{"ACTIVE", "DECLINED", "REVIEW_IN_PROGRESS"}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		id := ids[i%len(ids)]
		s.Add(m.Add(id, i%5 == 0, lab[i%3], i%7 != 0), id)
		i++
	}
}
