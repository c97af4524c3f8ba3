package jsonpath

import (
	"os"
	"testing"

	"github.com/ohler55/ojg/oj"
)

func BenchmarkDecodeVsOj(b *testing.B) {
	data, err := os.ReadFile("/work/shared/examples/quickr-case-example-1.json")
	if err != nil {
		b.Fatal(err)
	}
	b.Run("verdict", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			if _, err := Decode(data); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("oj", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			if _, err := oj.Parse(data); err != nil {
				b.Fatal(err)
			}
		}
	})
}
