package bench

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"time"

	"github.com/verdict-rules/verdict/labels"
)

// The automation whose decisions the planted labels describe, and the
// event of the backtest that reproduces them.
const (
	PlantedAutomation   = "testdata/automations/auto-approve.json"
	PlantedAutomationID = "PQ1230483.automation.13294830"
	PlantedEventType    = "case_status_updated"
	PlantedEventStatus  = "READY_FOR_REVIEW"
)

// CompanyAge returns the company's age on the date of now, in whole years
// counted like a person's age, as the company_age context field counts it
// from the registration date the generator wrote.
func (f Facts) CompanyAge(now time.Time) int {
	reg, err := time.Parse(time.DateOnly, f.RegistrationDate)
	if err != nil {
		return math.MinInt
	}
	age := now.Year() - reg.Year()
	if now.Month() < reg.Month() || (now.Month() == reg.Month() && now.Day() < reg.Day()) {
		age--
	}
	return age
}

// AutoApproved reports whether the corrected auto-approve automation
// (PlantedAutomation) fires on the case when its status is updated to
// READY_FOR_REVIEW on the date of now. It reads the automation's four
// conditions off what the generator chose, never off the document:
//
//   - no flag on the sanction check;
//   - a credit score check, and a current credit score of at least 70;
//   - a company at least two years old;
//   - every beneficial owner in the company's country, or no owner at all.
func (f Facts) AutoApproved(now time.Time) bool {
	if f.SanctionFlag != "" || !f.CreditCheck || f.CreditScore < 70 || f.CompanyAge(now) < 2 {
		return false
	}
	for _, c := range f.OwnerCountries {
		if c != f.Country {
			return false
		}
	}
	return true
}

// Decision returns the label an analyst gives the case, without errors:
// ACTIVE when the automation would approve it; DECLINED for a sanction
// flag, a company not active in the register or a credit score below 30;
// REVIEW_IN_PROGRESS for the rest, which need a closer look.
func (f Facts) Decision(now time.Time) string {
	switch {
	case f.AutoApproved(now):
		return "ACTIVE"
	case f.SanctionFlag != "" || f.CompanyStatus != "ACTIVE" || f.CreditScore < 30:
		return "DECLINED"
	}
	return "REVIEW_IN_PROGRESS"
}

// PlantOptions say how labels are planted.
type PlantOptions struct {
	// Now is the date company_age is counted to: the backtest's --now.
	Now time.Time
	// ErrorRate is the chance that an analyst decided the other way: an
	// approval becomes REVIEW_IN_PROGRESS, a refusal ACTIVE.
	ErrorRate float64
	// MissingRate is the chance that a case has no label.
	MissingRate float64
	// Seed seeds the draws. The labels have a generator of their own, so
	// planting them does not change the cases.
	Seed uint64
}

// Planted is what a labelled backtest of the corpus must find: the planted
// confusion matrix of PlantedAutomation, with all off-diagonal cases listed,
// and how it was planted.
type Planted struct {
	Automation   string         `json:"automation"`
	AutomationID string         `json:"automation_id"`
	Event        PlantedEvent   `json:"event"`
	Now          string         `json:"now"`
	Seed         uint64         `json:"seed"`
	ErrorRate    float64        `json:"error_rate"`
	MissingRate  float64        `json:"missing_rate"`
	Cases        int            `json:"cases"`
	Labelled     int            `json:"labelled"`
	Flipped      int            `json:"flipped"`
	Labels       map[string]int `json:"labels"`
	Matrix       *labels.Matrix `json:"matrix"`
}

// PlantedEvent is the event of the backtest.
type PlantedEvent struct {
	Type   string `json:"type"`
	Status string `json:"status"`
}

// Planter plants a label for each generated case and writes it, as CSV
// (header case_id,label) or NDJSON ({"case_id": …, "label": …}).
type Planter struct {
	opt     PlantOptions
	rng     *rand.Rand
	format  labels.Format
	w       *bufio.Writer
	csv     *csv.Writer
	planted Planted
}

// NewPlanter returns a planter writing labels to w in the given format
// (labels.CSV or labels.NDJSON).
func NewPlanter(w io.Writer, format labels.Format, opt PlantOptions) (*Planter, error) {
	switch {
	case format != labels.CSV && format != labels.NDJSON:
		return nil, errors.New("labels are written as CSV or NDJSON")
	case !(opt.ErrorRate >= 0 && opt.ErrorRate <= 1):
		return nil, fmt.Errorf("error rate %v: not between 0 and 1", opt.ErrorRate)
	case !(opt.MissingRate >= 0 && opt.MissingRate <= 1):
		return nil, fmt.Errorf("missing rate %v: not between 0 and 1", opt.MissingRate)
	}
	p := &Planter{opt: opt, format: format, w: bufio.NewWriterSize(w, 64<<10),
		rng: rand.New(rand.NewPCG(opt.Seed, opt.Seed^0x1abe15)),
		planted: Planted{
			Automation: PlantedAutomation, AutomationID: PlantedAutomationID,
			Event: PlantedEvent{PlantedEventType, PlantedEventStatus},
			Now:   opt.Now.Format(time.DateOnly), Seed: opt.Seed,
			ErrorRate: opt.ErrorRate, MissingRate: opt.MissingRate,
			Labels: map[string]int{},
			Matrix: labels.NewMatrix([]string{"ACTIVE"}, math.MaxInt),
		}}
	if format == labels.CSV {
		p.csv = csv.NewWriter(p.w)
		if err := p.csv.Write([]string{"case_id", "label"}); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// Plant decides the label of one case, writes it unless the case is left
// unlabelled, and counts it in the planted matrix.
func (p *Planter) Plant(f Facts) error {
	// Both draws are made for every case, so one rate does not change the
	// other's choices.
	missing := p.rng.Float64() < p.opt.MissingRate
	flip := p.rng.Float64() < p.opt.ErrorRate
	fired := f.AutoApproved(p.opt.Now)
	label := f.Decision(p.opt.Now)
	if flip {
		p.planted.Flipped++
		if label == "ACTIVE" {
			label = "REVIEW_IN_PROGRESS"
		} else {
			label = "ACTIVE"
		}
	}
	p.planted.Cases++
	p.planted.Matrix.Add(f.ID, fired, label, !missing)
	if missing {
		return nil
	}
	p.planted.Labelled++
	p.planted.Labels[label]++
	if p.csv != nil {
		return p.csv.Write([]string{f.ID, label})
	}
	b, err := json.Marshal(struct {
		CaseID string `json:"case_id"`
		Label  string `json:"label"`
	}{f.ID, label})
	if err != nil {
		return err
	}
	p.w.Write(b)
	return p.w.WriteByte('\n')
}

// Close flushes the labels and returns what was planted.
func (p *Planter) Close() (*Planted, error) {
	if p.csv != nil {
		p.csv.Flush()
		if err := p.csv.Error(); err != nil {
			return nil, err
		}
	}
	if err := p.w.Flush(); err != nil {
		return nil, err
	}
	pl := p.planted
	return &pl, nil
}
