package labels

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
)

// Cell is one cell of the confusion matrix: whether the automation fired,
// and whether the case's label agrees with its action, is another label, or
// is missing.
type Cell uint8

// The cells of the confusion matrix.
const (
	FiredAgreeing      Cell = iota // fired, and the people agreed: a true positive
	FiredOther                     // fired, and the people decided otherwise: a false positive
	FiredUnlabelled                // fired, on a case without a label
	NotFiredAgreeing               // did not fire, where the people did what it does: a false negative
	NotFiredOther                  // did not fire, and the people decided otherwise: a true negative
	NotFiredUnlabelled             // did not fire, on a case without a label
)

const numCells = 6

// Cells returns the cells in order.
func Cells() []Cell {
	return []Cell{FiredAgreeing, FiredOther, FiredUnlabelled, NotFiredAgreeing, NotFiredOther, NotFiredUnlabelled}
}

var cellNames = [numCells]string{"fired_agreeing", "fired_other", "fired_unlabelled", "not_fired_agreeing", "not_fired_other", "not_fired_unlabelled"}

// String returns the cell's name, as in JSON: "fired_agreeing",
// "fired_other", "fired_unlabelled", "not_fired_agreeing",
// "not_fired_other" or "not_fired_unlabelled".
func (c Cell) String() string {
	if int(c) < len(cellNames) {
		return cellNames[c]
	}
	return "cell(" + strconv.Itoa(int(c)) + ")"
}

// MarshalText writes the cell's name, so a map keyed by cells is a JSON
// object.
func (c Cell) MarshalText() ([]byte, error) {
	if int(c) >= len(cellNames) {
		return nil, fmt.Errorf("labels: no cell %d", c)
	}
	return []byte(cellNames[c]), nil
}

// UnmarshalText reads a cell's name.
func (c *Cell) UnmarshalText(b []byte) error {
	i := slices.Index(cellNames[:], string(b))
	if i < 0 {
		return fmt.Errorf("labels: no cell %q", b)
	}
	*c = Cell(i)
	return nil
}

// Classify returns the cell of a case: fired or not, and its label
// (labelled tells a missing label) agreeing, that is among agree, or not.
func Classify(fired bool, label string, labelled bool, agree []string) Cell {
	c := NotFiredAgreeing
	switch {
	case !labelled:
		c = NotFiredUnlabelled
	case !slices.Contains(agree, label):
		c = NotFiredOther
	}
	if fired {
		c -= NotFiredAgreeing
	}
	return c
}

// Counts are the number of cases in each cell.
type Counts struct {
	FiredAgreeing      int `json:"fired_agreeing"`
	FiredOther         int `json:"fired_other"`
	FiredUnlabelled    int `json:"fired_unlabelled"`
	NotFiredAgreeing   int `json:"not_fired_agreeing"`
	NotFiredOther      int `json:"not_fired_other"`
	NotFiredUnlabelled int `json:"not_fired_unlabelled"`
}

func (c *Counts) of(cell Cell) *int {
	return [...]*int{&c.FiredAgreeing, &c.FiredOther, &c.FiredUnlabelled,
		&c.NotFiredAgreeing, &c.NotFiredOther, &c.NotFiredUnlabelled}[cell]
}

// Of returns the count of a cell.
func (c Counts) Of(cell Cell) int { return *c.of(cell) }

// Total returns the number of cases counted.
func (c Counts) Total() int {
	return c.FiredAgreeing + c.FiredOther + c.FiredUnlabelled + c.NotFiredAgreeing + c.NotFiredOther + c.NotFiredUnlabelled
}

// Listing is the first case ids of a cell, in the order they were added,
// and how many more there are.
type Listing struct {
	Cases     []string `json:"cases"`
	NotListed int      `json:"not_listed"`
}

// Matrix is the confusion matrix of one automation over a corpus. Add
// counts each case; it is not safe for concurrent use.
type Matrix struct {
	// Agree are the labels that agree with the automation's action.
	Agree  []string
	Counts Counts
	// FiredOther lists the cases where it fired and the label is another
	// (false positives); NotFiredAgreeing those where it did not fire and
	// the label agrees (false negatives).
	FiredOther, NotFiredAgreeing Listing

	list int
}

// NewMatrix returns an empty matrix for an automation that agrees with the
// labels agree, which lists up to list case ids of each off-diagonal cell
// (list < 0 lists none).
func NewMatrix(agree []string, list int) *Matrix {
	return &Matrix{Agree: slices.Clone(agree), list: max(list, 0),
		FiredOther: Listing{Cases: []string{}}, NotFiredAgreeing: Listing{Cases: []string{}}}
}

// Add counts one case: its id, whether the automation fired, and its label
// (labelled says whether it has one). It returns the case's cell.
func (m *Matrix) Add(caseID string, fired bool, label string, labelled bool) Cell {
	c := Classify(fired, label, labelled, m.Agree)
	*m.Counts.of(c)++
	var l *Listing
	switch c {
	case FiredOther:
		l = &m.FiredOther
	case NotFiredAgreeing:
		l = &m.NotFiredAgreeing
	default:
		return c
	}
	if len(l.Cases) < m.list {
		l.Cases = append(l.Cases, caseID)
	} else {
		l.NotListed++
	}
	return c
}

// Precision returns the share of the labelled cases where the automation
// fired whose label agrees: FiredAgreeing / (FiredAgreeing + FiredOther).
func (m Matrix) Precision() Ratio {
	return Ratio{m.Counts.FiredAgreeing, m.Counts.FiredAgreeing + m.Counts.FiredOther,
		"no labelled case fired"}
}

// Recall returns the share of the cases with an agreeing label where the
// automation fired: FiredAgreeing / (FiredAgreeing + NotFiredAgreeing).
func (m Matrix) Recall() Ratio {
	return Ratio{m.Counts.FiredAgreeing, m.Counts.FiredAgreeing + m.Counts.NotFiredAgreeing,
		"no case has an agreeing label"}
}

// MarshalJSON writes the matrix with its precision and recall (null when
// undefined) and the number of cases.
func (m Matrix) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Agree            []string `json:"agree"`
		Cases            int      `json:"cases"`
		Counts           Counts   `json:"counts"`
		Precision        Ratio    `json:"precision"`
		Recall           Ratio    `json:"recall"`
		FiredOther       Listing  `json:"fired_other"`
		NotFiredAgreeing Listing  `json:"not_fired_agreeing"`
	}{m.Agree, m.Counts.Total(), m.Counts, m.Precision(), m.Recall(), m.FiredOther, m.NotFiredAgreeing})
}

// UnmarshalJSON reads what MarshalJSON writes; precision, recall and the
// number of cases follow from the counts and are not read.
func (m *Matrix) UnmarshalJSON(b []byte) error {
	var v struct {
		Agree            []string `json:"agree"`
		Counts           Counts   `json:"counts"`
		FiredOther       Listing  `json:"fired_other"`
		NotFiredAgreeing Listing  `json:"not_fired_agreeing"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	m.Agree, m.Counts, m.FiredOther, m.NotFiredAgreeing = v.Agree, v.Counts, v.FiredOther, v.NotFiredAgreeing
	m.list = max(len(v.FiredOther.Cases), len(v.NotFiredAgreeing.Cases))
	return nil
}

// Ratio is a share of cases, Num of Den. It is undefined when Den is 0.
type Ratio struct {
	Num, Den int
	why      string // what a zero denominator means
}

// Value returns the ratio and whether it is defined.
func (r Ratio) Value() (float64, bool) {
	if r.Den == 0 {
		return 0, false
	}
	return float64(r.Num) / float64(r.Den), true
}

// String returns "0.9512 (390/410)", or "undefined (no labelled case
// fired)" when the denominator is 0.
func (r Ratio) String() string {
	v, ok := r.Value()
	if !ok {
		if r.why == "" {
			return "undefined (0/0)"
		}
		return "undefined (" + r.why + ")"
	}
	return fmt.Sprintf("%.4f (%d/%d)", v, r.Num, r.Den)
}

// MarshalJSON writes the ratio as a number, or null when it is undefined.
func (r Ratio) MarshalJSON() ([]byte, error) {
	v, ok := r.Value()
	if !ok {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, v, 'g', -1, 64), nil
}
