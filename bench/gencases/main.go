// Command gencases writes generated case documents for backtests and
// benchmarks: NDJSON (one case per line) or one file per case in a folder.
//
//	go run ./bench/gencases -n 100000 -o /tmp/cases.ndjson
//	go run ./bench/gencases -n 500 -dir /tmp/cases
package main

import (
	"bufio"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"

	"github.com/verdict-rules/verdict/bench"
)

func main() {
	n := flag.Int("n", 1000, "number of cases")
	out := flag.String("o", "", "NDJSON `file` to write (default: standard output)")
	dir := flag.String("dir", "", "write one case per file into this `folder` instead")
	seed := flag.Uint64("seed", 1, "random seed; the same seed gives the same cases")
	flag.Parse()
	rng := rand.New(rand.NewPCG(*seed, *seed^0x5eed))
	if *dir != "" {
		if err := os.MkdirAll(*dir, 0o755); err != nil {
			fail(err)
		}
		for i := 0; i < *n; i++ {
			if err := os.WriteFile(filepath.Join(*dir, fmt.Sprintf("case-%06d.json", i)), bench.Case(rng, i), 0o644); err != nil {
				fail(err)
			}
		}
		return
	}
	w := os.Stdout
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
		bw.Write(bench.Case(rng, i))
		bw.WriteByte('\n')
	}
	if err := bw.Flush(); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "gencases:", err)
	os.Exit(1)
}
