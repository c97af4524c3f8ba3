package bench

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/verdict-rules/verdict/labels"
)

// TestCaseBytesUnchanged pins the generated cases: the README's backtest
// figures and the benchmarks were measured on them, so a change to the
// generator must be deliberate (and the figures measured again).
func TestCaseBytesUnchanged(t *testing.T) {
	h := sha256.New()
	rng := rand.New(rand.NewPCG(1, 1^0x5eed))
	for i := range 500 {
		h.Write(Case(rng, i))
		h.Write([]byte{'\n'})
	}
	rng = rand.New(rand.NewPCG(3, 3^0x5eed))
	for i := range 20 {
		h.Write(CaseOfSize(rng, i, 50<<10))
	}
	const want = "ef12b9302e82fb6dd4c3484fc66e46c35f590bb16f9ba39b0cc3284d9ddac5c5"
	if got := hex.EncodeToString(h.Sum(nil)); got != want {
		t.Errorf("the generated cases changed: sha256 %s, want %s", got, want)
	}
}

// doc is a decoded case, read with encoding/json.
type doc = map[string]any

// items returns the elements of the array at key of an object whose type
// member is typ.
func items(d any, key, typ string) []any {
	var out []any
	obj, _ := d.(doc)
	arr, _ := obj[key].([]any)
	for _, it := range arr {
		if m, ok := it.(doc); ok && m["type"] == typ {
			out = append(out, m)
		}
	}
	return out
}

func data(item any) []any {
	d, _ := item.(doc)["data"].([]any)
	return d
}

// autoApprovesJSON applies the corrected auto-approve automation's
// conditions to a decoded case, by hand, as testdata/automations/
// auto-approve.json states them and the README defines their semantics.
func autoApprovesJSON(t *testing.T, c doc, now time.Time) bool {
	// 1: the first sanction record has no flag, or there is no record.
	sanctionOK := false
	for _, chk := range items(c, "checks", "sanction") {
		recs := data(chk)
		if len(recs) == 0 {
			sanctionOK = true
			continue
		}
		flags, _ := recs[0].(doc)["flags"].([]any)
		sanctionOK = sanctionOK || len(flags) == 0
	}
	// 2: a credit score check with data, and every current score ≥ 70.
	creditCheck := false
	for _, chk := range items(c, "checks", "credit_score") {
		creditCheck = creditCheck || len(data(chk)) > 0
	}
	var scores []float64
	for _, ci := range items(c, "current_information", "credit_score") {
		for _, rec := range data(ci) {
			cs, _ := rec.(doc)["current_credit_score"].(doc)
			if v, ok := cs["value"].(float64); ok {
				scores = append(scores, v)
			}
		}
	}
	scoreOK := len(scores) > 0
	for _, s := range scores {
		scoreOK = scoreOK && s >= 70
	}
	// 3: company_age ≥ 2, from the first registration date in sections:
	// the second anniversary is on or before now.
	ageOK := false
	if secs := items(c, "sections", "company"); len(secs) > 0 {
		add, _ := secs[0].(doc)["additional_data"].([]any)
		if len(add) > 0 {
			reg, err := time.Parse(time.DateOnly, add[0].(doc)["registration_date"].(string))
			if err != nil {
				t.Fatal(err)
			}
			ageOK = !reg.AddDate(2, 0, 0).After(now)
		}
	}
	// 4: every owner's country is a company country, or there is no owner.
	var companies, owners []any
	for _, p := range items(c, "prefills", "company") {
		for _, d := range data(p) {
			companies = append(companies, d.(doc)["country"])
		}
	}
	for _, p := range items(c, "prefills", "ultimate_beneficial_ownership") {
		for _, d := range data(p) {
			owners = append(owners, d.(doc)["country"])
		}
	}
	ownersOK := true
	for _, o := range owners {
		found := false
		for _, c := range companies {
			found = found || o == c
		}
		ownersOK = ownersOK && found
	}
	return sanctionOK && creditCheck && scoreOK && ageOK && ownersOK
}

// TestCaseFacts checks the facts the generator records against the case
// it wrote.
func TestCaseFacts(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5^0x5eed))
	for i := range 2000 {
		b, f := CaseFacts(rng, i)
		var c doc
		if err := json.Unmarshal(b, &c); err != nil {
			t.Fatal(err)
		}
		company := data(items(c, "prefills", "company")[0])[0].(doc)
		sections := items(c, "sections", "company")[0].(doc)["additional_data"].([]any)[0].(doc)
		var owners []string
		for _, d := range data(items(c, "prefills", "ultimate_beneficial_ownership")[0]) {
			owners = append(owners, d.(doc)["country"].(string))
		}
		var flag string
		if flags := data(items(c, "checks", "sanction")[0])[0].(doc)["flags"].([]any); len(flags) > 0 {
			flag = flags[0].(doc)["code"].(string)
		}
		got := Facts{
			ID:               c["id"].(string),
			Country:          company["country"].(string),
			RegistrationDate: sections["registration_date"].(string),
			CompanyStatus:    sections["status"].(string),
			CreditScore:      int(data(items(c, "current_information", "credit_score")[0])[0].(doc)["current_credit_score"].(doc)["value"].(float64)),
			CreditCheck:      len(items(c, "checks", "credit_score")) > 0,
			SanctionFlag:     flag,
			OwnerCountries:   owners,
			CaseStatus:       c["status"].(string),
		}
		if diff := cmp.Diff(got, f); diff != "" {
			t.Fatalf("case %d: facts (-from the document +recorded):\n%s", i, diff)
		}
		if f.ID != fmt.Sprintf("PQ1230485.%09d", i) {
			t.Fatalf("case %d has id %s", i, f.ID)
		}
	}
}

// corpus generates n cases with the seed, as gencases does, planting
// labels in the given format.
func corpus(t *testing.T, n int, seed uint64, format labels.Format, opt PlantOptions) (cases [][]byte, lab []byte, planted *Planted) {
	var buf bytes.Buffer
	opt.Seed = seed
	p, err := NewPlanter(&buf, format, opt)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x5eed))
	for i := range n {
		b, f := CaseFacts(rng, i)
		cases = append(cases, b)
		if err := p.Plant(f); err != nil {
			t.Fatal(err)
		}
	}
	planted, err = p.Close()
	if err != nil {
		t.Fatal(err)
	}
	return cases, buf.Bytes(), planted
}

// readLabels reads the labels the planter wrote, with encoding/csv or
// encoding/json.
func readLabels(t *testing.T, b []byte, format labels.Format) map[string]string {
	out := map[string]string{}
	if format == labels.CSV {
		recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if !cmp.Equal(recs[0], []string{"case_id", "label"}) {
			t.Fatalf("header %v", recs[0])
		}
		for _, r := range recs[1:] {
			out[r[0]] = r[1]
		}
		return out
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	for {
		var l struct {
			CaseID string `json:"case_id"`
			Label  string `json:"label"`
		}
		if err := dec.Decode(&l); err == io.EOF {
			return out
		} else if err != nil {
			t.Fatal(err)
		}
		out[l.CaseID] = l.Label
	}
}

// TestPlantedMatrix generates labelled corpora and checks the planted
// matrix against one computed here from the documents and the label file
// alone: each case decoded with encoding/json, the automation's conditions
// applied by hand, its label looked up.
func TestPlantedMatrix(t *testing.T) {
	now := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name             string
		seed             uint64
		format           labels.Format
		errRate, missing float64
	}{
		{"csv, 5% errors, 3% missing", 7, labels.CSV, 0.05, 0.03},
		{"ndjson, 5% errors", 8, labels.NDJSON, 0.05, 0},
		{"no errors", 9, labels.CSV, 0, 0},
		{"every label wrong", 10, labels.NDJSON, 1, 0},
		{"no labels", 11, labels.CSV, 0.05, 1},
	}
	const n = 3000
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cases, lab, planted := corpus(t, n, tc.seed, tc.format, PlantOptions{Now: now, ErrorRate: tc.errRate, MissingRate: tc.missing})
			byID := readLabels(t, lab, tc.format)
			var want labels.Counts
			var fp, fn []string
			fired := 0
			for _, b := range cases {
				var c doc
				if err := json.Unmarshal(b, &c); err != nil {
					t.Fatal(err)
				}
				id := c["id"].(string)
				f := autoApprovesJSON(t, c, now)
				label, ok := byID[id]
				switch {
				case f && !ok:
					want.FiredUnlabelled++
				case f && label == "ACTIVE":
					want.FiredAgreeing++
				case f:
					want.FiredOther++
					fp = append(fp, id)
				case !ok:
					want.NotFiredUnlabelled++
				case label == "ACTIVE":
					want.NotFiredAgreeing++
					fn = append(fn, id)
				default:
					want.NotFiredOther++
				}
				if f {
					fired++
				}
				if ok && label != "ACTIVE" && label != "DECLINED" && label != "REVIEW_IN_PROGRESS" {
					t.Fatalf("case %s labelled %q", id, label)
				}
			}
			m := planted.Matrix
			if diff := cmp.Diff(want, m.Counts); diff != "" {
				t.Errorf("planted counts (-computed +planted):\n%s", diff)
			}
			if diff := cmp.Diff(labels.Listing{Cases: orEmpty(fp)}, m.FiredOther); diff != "" {
				t.Errorf("fired with another label (-computed +planted):\n%s", diff)
			}
			if diff := cmp.Diff(labels.Listing{Cases: orEmpty(fn)}, m.NotFiredAgreeing); diff != "" {
				t.Errorf("agreeing, not fired (-computed +planted):\n%s", diff)
			}
			if planted.Cases != n || planted.Labelled != len(byID) || m.Counts.Total() != n {
				t.Errorf("cases %d, labelled %d of %d", planted.Cases, planted.Labelled, len(byID))
			}
			// The corpus exercises both outcomes.
			if fired < n/10 || fired > n*9/10 {
				t.Errorf("%d of %d cases approved", fired, n)
			}
			// The draws follow the rates: within five standard deviations.
			within := func(what string, got int, p float64) {
				mean, sd := p*n, math.Sqrt(n*p*(1-p))
				if math.Abs(float64(got)-mean) > 5*sd+0.5 {
					t.Errorf("%s: %d of %d, expected %.0f ± %.0f", what, got, n, mean, 5*sd)
				}
			}
			within("flipped", planted.Flipped, tc.errRate)
			within("unlabelled", n-planted.Labelled, tc.missing)
			// Every flipped labelled case, and only those, is off the
			// diagonal.
			if tc.missing == 0 && m.Counts.FiredOther+m.Counts.NotFiredAgreeing != planted.Flipped {
				t.Errorf("%d off the diagonal, %d flipped", m.Counts.FiredOther+m.Counts.NotFiredAgreeing, planted.Flipped)
			}
			sum := 0
			for _, c := range planted.Labels {
				sum += c
			}
			if sum != planted.Labelled {
				t.Errorf("label counts %v add up to %d, not %d", planted.Labels, sum, planted.Labelled)
			}
		})
	}
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// TestPlantingKeepsCases checks that planting labels draws from a
// generator of its own: the cases are the same with and without labels, and
// the labels the same for the same seed whatever the format.
func TestPlantingKeepsCases(t *testing.T) {
	now := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
	rng := rand.New(rand.NewPCG(4, 4^0x5eed))
	var plain [][]byte
	for i := range 300 {
		plain = append(plain, Case(rng, i))
	}
	cases, csvLabels, a := corpus(t, 300, 4, labels.CSV, PlantOptions{Now: now, ErrorRate: 0.1, MissingRate: 0.1})
	for i := range plain {
		if !bytes.Equal(plain[i], cases[i]) {
			t.Fatalf("planting labels changes case %d", i)
		}
	}
	_, ndLabels, b := corpus(t, 300, 4, labels.NDJSON, PlantOptions{Now: now, ErrorRate: 0.1, MissingRate: 0.1})
	if diff := cmp.Diff(readLabels(t, csvLabels, labels.CSV), readLabels(t, ndLabels, labels.NDJSON)); diff != "" {
		t.Errorf("CSV and NDJSON labels differ:\n%s", diff)
	}
	if diff := cmp.Diff(a.Matrix.Counts, b.Matrix.Counts); diff != "" {
		t.Errorf("planted matrices differ:\n%s", diff)
	}
	// The labels read back with the labels package.
	l, err := labels.Read(bytes.NewReader(csvLabels), "labels.csv", labels.Options{})
	if err != nil || l.Len() != a.Labelled {
		t.Errorf("labels.Read: %v, %d labels of %d", err, l.Len(), a.Labelled)
	}
	if _, err := labels.Read(bytes.NewReader(ndLabels), "labels.ndjson", labels.Options{}); err != nil {
		t.Error(err)
	}
}

func TestCompanyAge(t *testing.T) {
	now := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		reg  string
		want int
	}{
		{"2024-11-24", 2},
		{"2024-11-25", 1},
		{"2024-12-01", 1},
		{"2024-10-28", 2},
		{"2026-11-24", 0},
		{"2026-12-01", -1},
		{"1990-01-01", 36},
	}
	for _, tc := range tests {
		if got := (Facts{RegistrationDate: tc.reg}).CompanyAge(now); got != tc.want {
			t.Errorf("CompanyAge(%s) = %d, want %d", tc.reg, got, tc.want)
		}
	}
	if got := (Facts{RegistrationDate: "soon"}).CompanyAge(now); got >= 0 {
		t.Errorf("an unreadable date gives age %d", got)
	}
}

func TestPlanterOptions(t *testing.T) {
	for _, tc := range []struct {
		format labels.Format
		opt    PlantOptions
		want   string
	}{
		{labels.Auto, PlantOptions{}, "labels are written as CSV or NDJSON"},
		{labels.CSV, PlantOptions{ErrorRate: 1.5}, "error rate 1.5: not between 0 and 1"},
		{labels.CSV, PlantOptions{ErrorRate: math.NaN()}, "error rate NaN: not between 0 and 1"},
		{labels.CSV, PlantOptions{MissingRate: -0.1}, "missing rate -0.1: not between 0 and 1"},
	} {
		if _, err := NewPlanter(io.Discard, tc.format, tc.opt); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("NewPlanter(%v, %+v) = %v, want %q", tc.format, tc.opt, err, tc.want)
		}
	}
}
