// Package bench holds verdict's benchmarks and the case generator they and
// the backtest measurements use. The side-by-side comparison with other
// engines lives in bench/peers, a module of its own.
package bench

import (
	"bytes"
	_ "embed"
	"fmt"
	"math/rand/v2"
	"strings"
)

var (
	firstNames = []string{"Ragnar", "Lagertha", "Bjorn", "Floki", "Ivar", "Ubbe", "Hvitserk", "Astrid", "Gunnhild", "Torvi", "Sigurd", "Helga", "Harald", "Ingrid"}
	lastNames  = []string{"Lothbrok", "Ironside", "Vilgerdarson", "Ragnarsson", "Sigurdson", "Haraldsen", "Nilsen", "Berg", "Dahl", "Lund"}
	cities     = []struct{ name, zip string }{{"Oslo", "0150"}, {"Bergen", "5003"}, {"Trondheim", "7010"}, {"Stavanger", "4006"}, {"Drammen", "3015"}, {"Tromsø", "9008"}}
	sectors    = []string{"Building of ships and floating structures", "Retail sale of food", "Software development", "Restaurants", "Freight transport by road"}
)

// Case writes a realistic case-details document (about 5 KB) for company n,
// varied by rng: sanction, PEP and company flags, credit scores, company
// ages, owners at home and abroad, missing checks. The same rng state gives
// the same case.
func Case(rng *rand.Rand, n int) []byte {
	b, _ := CaseFacts(rng, n)
	return b
}

// Facts are what the generator chose for a case, as it chose it: enough to
// know what an automation over these properties should decide without
// reading the document back.
type Facts struct {
	ID               string   // the case's id member
	Country          string   // the company's country
	RegistrationDate string   // the company's registration date, YYYY-MM-DD
	CompanyStatus    string   // the company's status in the register: ACTIVE, BANKRUPT, …
	CreditScore      int      // the current credit score, 0–100
	CreditCheck      bool     // whether the case has a credit score check
	SanctionFlag     string   // the sanction check's flag code, "" for none
	OwnerCountries   []string // the countries of the ultimate beneficial owners, in order
	CaseStatus       string   // the case's status member
}

// CaseFacts writes the case Case writes, for the same rng state, and
// returns its facts too.
func CaseFacts(rng *rand.Rand, n int) ([]byte, Facts) {
	f := Facts{ID: fmt.Sprintf("PQ1230485.%09d", n)}
	var b strings.Builder
	b.Grow(6 << 10)
	org := 900000000 + n%99999999
	country := "NO"
	if rng.IntN(10) == 0 {
		country = "SE"
	}
	f.Country = country
	city := cities[rng.IntN(len(cities))]
	name := fmt.Sprintf("%s %s %s", lastNames[rng.IntN(len(lastNames))], []string{"Holding", "Shipping", "Trading", "Foods", "Digital"}[rng.IntN(5)], []string{"AS", "ENK", "AS", "AS"}[rng.IntN(4)])
	year := 1990 + rng.IntN(37)
	regDate := fmt.Sprintf("%04d-%02d-%02d", year, 1+rng.IntN(12), 1+rng.IntN(28))
	f.RegistrationDate = regDate
	score := rng.IntN(101)
	f.CreditScore = score
	grade := "A"
	switch {
	case score < 30:
		grade = "E"
	case score < 50:
		grade = "C"
	case score < 75:
		grade = "B"
	}
	person := func() (string, string) {
		return firstNames[rng.IntN(len(firstNames))] + " " + lastNames[rng.IntN(len(lastNames))],
			fmt.Sprintf("%04d-%02d-%02d", 1950+rng.IntN(50), 1+rng.IntN(12), 1+rng.IntN(28))
	}
	company := fmt.Sprintf(`{"name":%q,"trade_name":%q,"organization_number":"%d","country":%q,"address_line":"Storgata %d","address_postal_code":%q,"address_city":%q}`,
		name, strings.TrimSuffix(strings.TrimSuffix(name, " AS"), " ENK"), org, country, 1+rng.IntN(200), city.zip, city.name)
	var ubos []string
	for i, k := 0, rng.IntN(4); i < k; i++ {
		p, born := person()
		c := country
		if rng.IntN(8) == 0 {
			c = []string{"SE", "DK", "FI", "DE"}[rng.IntN(4)]
		}
		f.OwnerCountries = append(f.OwnerCountries, c)
		ubos = append(ubos, fmt.Sprintf(`{"name":%q,"country":%q,"birth_date":%q,"percent_shares":%d.%d,"other_factor":false,"other_factor_reason":false,"confirm_correct":true}`,
			p, c, born, 25+rng.IntN(70), rng.IntN(10)))
	}
	var signatories []string
	for i, k := 0, 1+rng.IntN(3); i < k; i++ {
		p, born := person()
		signatories = append(signatories, fmt.Sprintf(`{"name":%q,"birth_date":%q,"email":"%s@example.com","title":%q,"country":"NO"}`,
			p, born, strings.ToLower(strings.Fields(p)[0]), []string{"CEO", "Chairperson", "Board member"}[i%3]))
	}
	credit := fmt.Sprintf(`{"credit_limit":%d,"credit_limit_currency":"NOK","current_credit_score":{"grade":%q,"value":%d},"previous_credit_score":{"grade":%q,"value":%d},"payment_remarks":"No payment remarks"}`,
		score*5000, grade, score, grade, max(0, score-rng.IntN(10)))
	fmt.Fprintf(&b, `{"prefills":[{"type":"company","data":[%s]},{"type":"ultimate_beneficial_ownership","data":[%s]},{"type":"signatory","data":[%s]},`,
		company, strings.Join(ubos, ","), strings.Join(signatories, ","))
	fmt.Fprintf(&b, `{"type":"bank_account","data":[{"number":"%011d","type":"iban","currency":"NOK","country":"NO","bank_name":"DNB Bank","bank_identification_code":"459508"}]},{"type":"credit_score","data":[%s]}],`,
		rng.Int64N(1e11), credit)
	status := "ACTIVE"
	if rng.IntN(25) == 0 {
		status = []string{"BANKRUPT", "INACTIVE", "FORCED_LIQUIDATION"}[rng.IntN(3)]
	}
	f.CompanyStatus = status
	fmt.Fprintf(&b, `"sections":[{"type":"company","additional_data":[{"type":"norwegian_company","status":%q,"registration_date":%q,"is_an_enterprise":true,"number_of_employees":%d,"incorporation_date":%q,"industry_sector_code":"%02d.%03d","industry_sector_description":[{"value":%q,"language":"en"}]}]},{"type":"ultimate_beneficial_ownership"},{"type":"signatory"},{"type":"bank_account"}],`,
		status, regDate, rng.IntN(300), regDate, 10+rng.IntN(80), rng.IntN(1000), sectors[rng.IntN(len(sectors))])
	fmt.Fprintf(&b, `"metadata":{"crm_id":"crm-%d","channel":"partner"},"object":"case","created_by":"473643b2-f1e4-4b23-81a7-af20b922f509","created_at":"2026-%02d-%02dT09:30:00.000Z","updated_at":"2026-11-20T08:15:00.000Z","updated_by":"473643b2-f1e4-4b23-81a7-af20b922f509","id":%q,"template":{"id":"PQ1230483.template.493019345","updated_at":"2026-01-12T10:00:00Z"},"account_id":"PQ1230483","urls":{},`,
		org, 1+rng.IntN(10), 1+rng.IntN(28), f.ID)
	caseStatus := "READY_FOR_REVIEW"
	if rng.IntN(20) == 0 {
		caseStatus = []string{"ACTIVE", "FORM_IN_PROGRESS", "REVIEW_IN_PROGRESS"}[rng.IntN(3)]
	}
	f.CaseStatus = caseStatus
	fmt.Fprintf(&b, `"status":%q,"assignees":[{"user_id":"email.WDVBZEX","object":"assignee","account_id":"PQ1230483","created_by":"473643b2-f1e4-4b23-81a7-af20b922f509","created_at":"2026-11-02T09:30:00.000Z"}],"risk_level":%q,"agent_determined_risk_level":null,"agent_determined_status":null,"automations":[{"id":"PQ1230483.automation.13294829","updated_at":"2026-10-01T12:00:00Z"}],"status_updated_at":"2026-11-20T08:15:00.000Z",`,
		caseStatus, map[bool]string{true: "LOW", false: "HIGH"}[score >= 50])
	fmt.Fprintf(&b, `"discoveries":[{"type":"credit_score","data":[{"id":"cs-%d","created_at":"2026-11-20T08:14:00.000Z","created_by":"Dintero/quickr"}]}],"declared_at":"2026-11-05T14:02:11.000Z","status_updated_by":"Dintero/quickr","status_updated_reason":"checks_completed",`, org)
	fmt.Fprintf(&b, `"declarations":[{"type":"company","data":[%s]},{"type":"ultimate_beneficial_ownership","data":[%s]}],"attachments":[],`, company, strings.Join(ubos, ","))
	flag := func(code, typ string) string { return fmt.Sprintf(`{"type":%q,"code":%q}`, typ, code) }
	var sanctionFlags, companyFlags, creditFlags []string
	if rng.IntN(12) == 0 {
		f.SanctionFlag = []string{"COMPANY_IN_SANCTIONS", "PERSON_IN_SANCTIONS"}[rng.IntN(2)]
		sanctionFlags = append(sanctionFlags, flag(f.SanctionFlag, "ERROR"))
	}
	if status != "ACTIVE" {
		companyFlags = append(companyFlags, flag("COMPANY_INACTIVE", "ERROR"))
	}
	if score < 30 {
		creditFlags = append(creditFlags, flag("COMPANY_HAS_HIGH_RISK", "ERROR"))
	}
	record := func(ref string, flags []string) string {
		return fmt.Sprintf(`{"flags":[%s],"ref":{"type":%q,"id":"%s-%d"},"updated_at":"2026-11-20T08:15:00.000Z","status":"COMPLETED"}`, strings.Join(flags, ","), ref, ref, org)
	}
	checks := []string{
		fmt.Sprintf(`{"type":"sanction","options":{"schedule":"R-1/P1M"},"data":[%s]}`, record("company", sanctionFlags)),
		fmt.Sprintf(`{"type":"company","options":{"schedule":"R-1/P1M"},"data":[%s]}`, record("company", companyFlags)),
	}
	if rng.IntN(30) != 0 {
		f.CreditCheck = true
		checks = append(checks, fmt.Sprintf(`{"type":"credit_score","options":{"schedule":"R-1/P1Y"},"data":[%s]}`, record("company", creditFlags)))
	}
	checks = append(checks, fmt.Sprintf(`{"type":"signatory","data":[%s]}`, record("signatory", nil)))
	fmt.Fprintf(&b, `"checks":[%s],`, strings.Join(checks, ","))
	fmt.Fprintf(&b, `"current_information":[{"type":"credit_score","data":[%s]},{"type":"company","data":[%s]}],"notifications":[{"type":"DISCOVERIES_UPDATED","created_at":"2026-11-20T08:15:00.000Z"}]}`,
		strings.Replace(credit, "{", `{"id":"cs-x","created_at":"2026-11-20T08:14:00.000Z","created_by":"Dintero/quickr","source_type":"discovery",`, 1), company)
	return []byte(b.String()), f
}

// CaseOfSize writes a case of at least size bytes: a Case with agent
// checklists answered item by item until it is large enough, as a case that
// has been reviewed many times is.
func CaseOfSize(rng *rand.Rand, n, size int) []byte {
	base := Case(rng, n)
	if len(base) >= size {
		return base
	}
	var b strings.Builder
	b.Grow(size + 1024)
	b.Write(base[:len(base)-1])
	b.WriteString(`,"agent_checklists":[`)
	for i := 0; b.Len() < size; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id":"PQ1230483.checklist.%d","name":"Review %d","description":"Periodic review","data":[`, 13294829+i, i)
		for j := 0; j < 8; j++ {
			if j > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `{"id":"item-%d-%d","value":%q,"type":"yes_no_na","section":%q,"name":"Question %d","description":"The linked sales terms must state the delivery time","created_by":"473643b2-f1e4-4b23-81a7-af20b922f509","created_at":"2026-%02d-%02dT10:00:00.000Z"}`,
				i, j, []string{"yes", "no", "na"}[rng.IntN(3)], []string{"payment_information", "company", "bank_account"}[rng.IntN(3)], j, 1+rng.IntN(11), 1+rng.IntN(28))
		}
		b.WriteString(`]}`)
	}
	b.WriteString("]}")
	return []byte(b.String())
}

// quickrCaseDetails is the docs' case example (about 18 KB, indented).
//
//go:embed jsonpathplus/corpus/documents/quickr-case-details.json
var quickrCaseDetails []byte

// Input is a named case document for the decode benchmarks.
type Input struct {
	Name string
	Data []byte
}

// DecodeInputs returns the cases the decode benchmarks read, the same on
// every call: the smallest of 200 generated cases (about 3 KB), a generated
// case of about 5 KB, the docs' 18 KB example and a generated 50 KB case.
func DecodeInputs() []Input {
	rng := rand.New(rand.NewPCG(3, 4))
	var small []byte
	for i := 0; i < 200; i++ {
		if c := Case(rng, i); small == nil || len(c) < len(small) {
			small = c
		}
	}
	return []Input{
		{"3KB", small},
		{"5KB", Case(rng, 200)},
		{"18KB", bytes.Clone(quickrCaseDetails)},
		{"50KB", CaseOfSize(rng, 201, 50<<10)},
	}
}
