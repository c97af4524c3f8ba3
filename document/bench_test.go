package document_test

import (
	"testing"

	"github.com/verdict-rules/verdict/bench"
	"github.com/verdict-rules/verdict/cases"
	"github.com/verdict-rules/verdict/document"
	"github.com/verdict-rules/verdict/internal/refjson"
)

// autoApproveReach is what the corrected docs' automation reads of a case:
// its paths and the sources of company_age.
func autoApproveReach() *document.Reach {
	each := document.Step{Each: true}
	name := func(n string) document.Step { return document.Step{Name: n} }
	return document.NewReach(
		document.Names("status"),
		document.Names("context"),
		[]document.Step{name("checks"), each, name("type")},
		[]document.Step{name("checks"), each, name("data"), each, name("flags"), each, name("code")},
		[]document.Step{name("current_information"), each, name("type")},
		[]document.Step{name("current_information"), each, name("data"), each, name("current_credit_score"), name("value")},
		[]document.Step{name("sections"), each, name("additional_data"), each, name("registration_date")},
		[]document.Step{name("sections"), each, name("additional_data"), each, name("incorporation_date")},
		[]document.Step{name("current_information"), each, name("data"), each, name("registration_date")},
		[]document.Step{name("prefills"), each, name("data"), each, name("registration_date")},
		[]document.Step{name("declarations"), each, name("data"), each, name("registration_date")},
	)
}

// BenchmarkDecode decodes the benchmark cases with this package and, for
// comparison in the same run, with the decoder it replaces
// (refjson.Decode) and cases.Parse, which wraps it.
func BenchmarkDecode(b *testing.B) {
	for _, in := range bench.DecodeInputs() {
		b.Run(in.Name+"/document", func(b *testing.B) {
			b.SetBytes(int64(len(in.Data)))
			b.ReportAllocs()
			var size int
			for b.Loop() {
				d, err := document.Decode(in.Data)
				if err != nil {
					b.Fatal(err)
				}
				size = d.Doc().Size()
			}
			b.ReportMetric(float64(size)/float64(len(in.Data)), "B/B")
		})
		for _, dc := range []struct {
			name string
			dec  document.Decoder
		}{
			{"document-borrow", document.Decoder{Borrow: true}},
			{"document-projected", document.Decoder{Reach: autoApproveReach()}},
			{"document-projected-trusted", document.Decoder{Reach: autoApproveReach(), Trusted: true}},
			{"document-projected-borrow", document.Decoder{Reach: autoApproveReach(), Borrow: true}},
		} {
			b.Run(in.Name+"/"+dc.name, func(b *testing.B) {
				b.SetBytes(int64(len(in.Data)))
				b.ReportAllocs()
				var size int
				for b.Loop() {
					d, err := dc.dec.Decode(in.Data)
					if err != nil {
						b.Fatal(err)
					}
					size = d.Doc().Size()
				}
				b.ReportMetric(float64(size)/float64(len(in.Data)), "B/B")
			})
		}
		b.Run(in.Name+"/refjson.Decode", func(b *testing.B) {
			b.SetBytes(int64(len(in.Data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := refjson.Decode(in.Data); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(in.Name+"/cases.Parse", func(b *testing.B) {
			b.SetBytes(int64(len(in.Data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := cases.Parse(in.Data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
