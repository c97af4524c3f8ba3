package backtest_test

import (
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/verdict-rules/verdict/backtest"
	"github.com/verdict-rules/verdict/labels"
	"github.com/verdict-rules/verdict/rules"
)

// BenchmarkRunNDJSON measures a whole backtest on one worker: reading an
// NDJSON file of 2,000 small cases line by line, decoding and evaluating
// each, and summing up.
func BenchmarkRunNDJSON(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	var lines []string
	for range 2000 {
		lines = append(lines, `{"status": "READY_FOR_REVIEW", "score": `+itoaB(rng.IntN(100))+`, "pad": "`+strings.Repeat("x", rng.IntN(400))+`"}`)
	}
	dir := b.TempDir()
	path := filepath.Join(dir, "c.ndjson")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		b.Fatal(err)
	}
	defs, err := rules.Parse([]byte(approveHigh))
	if err != nil {
		b.Fatal(err)
	}
	set, err := rules.CompileSet(defs)
	if err != nil {
		b.Fatal(err)
	}
	ev := &rules.Event{Type: "case_status_updated", Status: "READY_FOR_REVIEW"}
	b.ReportAllocs()
	for b.Loop() {
		sum, err := backtest.Run(context.Background(), set, backtest.Sources(path), backtest.Options{Event: ev, Workers: 1})
		if err != nil || sum.Cases != 2000 {
			b.Fatal(err, sum.Cases)
		}
	}
	b.ReportMetric(float64(b.N*2000)/b.Elapsed().Seconds(), "cases/s")
}

func itoaB(n int) string {
	if n == 0 {
		return "0"
	}
	var d []byte
	for ; n > 0; n /= 10 {
		d = append([]byte{byte('0' + n%10)}, d...)
	}
	return string(d)
}

// BenchmarkRunLabelled measures what comparing with labels adds to a
// backtest on one worker: the same 2,000 generated cases (~5 KB, with
// planted labels) evaluated plain, with a label file, with the label read
// from the case, and with a label file and samples drawn.
func BenchmarkRunLabelled(b *testing.B) {
	casesFile, labelFile, _ := plantedCorpus(b, 2000, 5, 0.05, 0.02)
	lab, err := labels.ReadFile(labelFile, labels.Options{})
	if err != nil {
		b.Fatal(err)
	}
	set := plantedSet(b)
	ev := &rules.Event{Type: "case_status_updated", Status: "READY_FOR_REVIEW"}
	for _, bc := range []struct {
		name string
		l    *backtest.Labelling
	}{
		{"plain", nil},
		{"file", &backtest.Labelling{File: lab, FileName: labelFile}},
		{"path", &backtest.Labelling{Path: "$.status"}},
		{"file+sample", &backtest.Labelling{File: lab, FileName: labelFile, Sample: 20, Seed: 1}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sum, err := backtest.Run(context.Background(), set, backtest.Sources(casesFile), backtest.Options{Event: ev, Workers: 1, Labels: bc.l})
				if err != nil || sum.Cases != 2000 {
					b.Fatal(err, sum.Cases)
				}
			}
			b.ReportMetric(float64(b.N*2000)/b.Elapsed().Seconds(), "cases/s")
		})
	}
}
