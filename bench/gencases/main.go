// Command gencases writes generated case documents for backtests and
// benchmarks: NDJSON (one case per line) or one file per case in a folder.
//
//	go run ./bench/gencases -n 100000 -o /tmp/cases.ndjson
//	go run ./bench/gencases -n 500 -dir /tmp/cases
//
// With -labels it also plants an analyst's label for each case, decided
// from what it generated (never by evaluating the case): ACTIVE where the
// corrected auto-approve automation (testdata/automations/auto-approve.json)
// approves on the date -now, DECLINED or REVIEW_IN_PROGRESS elsewhere, each
// flipped with the chance -error-rate and left out with the chance
// -missing-rate. It writes the labels (CSV, or NDJSON for .ndjson, .jsonl
// and .json) and the confusion matrix a labelled backtest must find
// (-planted, by default the labels file's name ending in .planted.json):
//
//	go run ./bench/gencases -n 10000 -seed 7 -o cases.ndjson -labels labels.csv -error-rate 0.05
//	verdict backtest -a testdata/automations/auto-approve.json --status READY_FOR_REVIEW \
//	  --now 2026-11-24 --labels labels.csv cases.ndjson
//
// The cases are the same with and without -labels.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/verdict-rules/verdict/bench"
	"github.com/verdict-rules/verdict/labels"
)

func main() {
	n := flag.Int("n", 1000, "number of cases")
	out := flag.String("o", "", "NDJSON `file` to write (default: standard output)")
	dir := flag.String("dir", "", "write one case per file into this `folder` instead")
	seed := flag.Uint64("seed", 1, "random seed; the same seed gives the same cases (and labels)")
	labelsFile := flag.String("labels", "", "plant a label per case and write them to this `file` (.csv, or .ndjson, .jsonl, .json)")
	plantedFile := flag.String("planted", "", "write the planted confusion matrix to this `file` (default: the labels file's name ending in .planted.json)")
	errorRate := flag.Float64("error-rate", 0.05, "chance that a planted label is the other decision")
	missingRate := flag.Float64("missing-rate", 0, "chance that a case gets no label")
	now := flag.String("now", "2026-11-24", "the `date` company_age is counted to, as the backtest's --now (YYYY-MM-DD or RFC 3339)")
	flag.Parse()
	if flag.NArg() > 0 {
		usage("unexpected argument %q", flag.Arg(0))
	}
	if *n < 0 {
		usage("-n %d: not a number of cases", *n)
	}
	rng := rand.New(rand.NewPCG(*seed, *seed^0x5eed))

	var planter *bench.Planter
	var labelsOut *os.File
	if *labelsFile != "" {
		format := labels.CSV
		switch strings.ToLower(filepath.Ext(*labelsFile)) {
		case ".csv":
		case ".ndjson", ".jsonl", ".json":
			format = labels.NDJSON
		default:
			usage("-labels %s: name a .csv, .ndjson, .jsonl or .json file", *labelsFile)
		}
		if *plantedFile == "" {
			*plantedFile = strings.TrimSuffix(*labelsFile, filepath.Ext(*labelsFile)) + ".planted.json"
		}
		date, err := parseDate(*now)
		if err != nil {
			usage("-now %s: %v", *now, err)
		}
		if sameFile(*out, *labelsFile) || sameFile(*out, *plantedFile) || sameFile(*labelsFile, *plantedFile) {
			usage("-o, -labels and -planted must name different files")
		}
		for _, r := range []struct {
			flag string
			v    float64
		}{{"-error-rate", *errorRate}, {"-missing-rate", *missingRate}} {
			if !(r.v >= 0 && r.v <= 1) {
				usage("%s %v: not between 0 and 1", r.flag, r.v)
			}
		}
		if labelsOut, err = os.Create(*labelsFile); err != nil {
			fail(err)
		}
		planter, err = bench.NewPlanter(labelsOut, format, bench.PlantOptions{
			Now: date, ErrorRate: *errorRate, MissingRate: *missingRate, Seed: *seed})
		if err != nil {
			fail(err)
		}
	} else if *plantedFile != "" {
		usage("-planted needs -labels")
	}

	plant := func(f bench.Facts) {
		if planter != nil {
			if err := planter.Plant(f); err != nil {
				fail(err)
			}
		}
	}
	if *dir != "" {
		if err := os.MkdirAll(*dir, 0o755); err != nil {
			fail(err)
		}
		for i := 0; i < *n; i++ {
			data, facts := bench.CaseFacts(rng, i)
			if err := os.WriteFile(filepath.Join(*dir, fmt.Sprintf("case-%06d.json", i)), data, 0o644); err != nil {
				fail(err)
			}
			plant(facts)
		}
	} else {
		var w io.Writer = os.Stdout
		if *out != "" {
			f, err := os.Create(*out)
			if err != nil {
				fail(err)
			}
			defer f.Close()
			w = f
		}
		bw := bufio.NewWriterSize(w, 1<<20)
		for i := 0; i < *n; i++ {
			data, facts := bench.CaseFacts(rng, i)
			bw.Write(data)
			bw.WriteByte('\n')
			plant(facts)
		}
		if err := bw.Flush(); err != nil {
			fail(err)
		}
	}
	if planter == nil {
		return
	}
	planted, err := planter.Close()
	if err != nil {
		fail(err)
	}
	if err := labelsOut.Close(); err != nil {
		fail(err)
	}
	b, err := json.MarshalIndent(planted, "", "  ")
	if err != nil {
		fail(err)
	}
	if err := os.WriteFile(*plantedFile, append(b, '\n'), 0o644); err != nil {
		fail(err)
	}
}

// parseDate reads YYYY-MM-DD or an RFC 3339 time, whose date in its own
// offset counts.
func parseDate(s string) (time.Time, error) {
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("not a date (YYYY-MM-DD) or an RFC 3339 time")
	}
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), nil
}

// sameFile reports whether two names name one file, however spelt.
func sameFile(a, b string) bool {
	if a == "" || b == "" {
		return false
	}
	if x, err := filepath.Abs(a); err == nil {
		a = x
	}
	if y, err := filepath.Abs(b); err == nil {
		b = y
	}
	if a == b {
		return true
	}
	fa, errA := os.Stat(a)
	fb, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(fa, fb)
}

func usage(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "gencases: "+format+"\n", args...)
	os.Exit(2)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "gencases:", err)
	os.Exit(1)
}
