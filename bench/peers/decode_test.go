package peers

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/bytedance/sonic"
	"github.com/valyala/fastjson"

	"github.com/verdict-rules/verdict/bench"
	"github.com/verdict-rules/verdict/cases"
	"github.com/verdict-rules/verdict/document"
	"github.com/verdict-rules/verdict/internal/refjson"
	"github.com/verdict-rules/verdict/rules"
)

// The decode comparison: the same case documents decoded by verdict's
// document package (whole, and projected to what the docs' automation
// reads), by the decoder it replaced ("previous"), and by the peers. fastjson checks
// neither UTF-8 nor repeated member names; sonic's AST and encoding/json
// into any keep neither member order nor exact numbers beyond float64.

// autoApproveReach is what the corrected docs' automation reads of a case,
// as its compiled program says: its paths and the sources of company_age.
func autoApproveReach(t testing.TB) *document.Reach {
	defs, err := rules.Parse(testdata(t, "automations", "auto-approve.json"))
	if err != nil {
		t.Fatal(err)
	}
	return rules.MustCompile(defs[0]).Reach()
}

func TestSonicIsNative(t *testing.T) {
	if sonic.APIKind != sonic.UseSonicJSON {
		t.Fatal("sonic runs its encoding/json fallback on this platform: its figures would not be sonic's")
	}
}

// TestWriteDecodeInputs writes the decode inputs to $DECODE_INPUTS, for the
// Node side of decode-run.
func TestWriteDecodeInputs(t *testing.T) {
	dir := os.Getenv("DECODE_INPUTS")
	if dir == "" {
		t.Skip("DECODE_INPUTS is not set")
	}
	for _, in := range bench.DecodeInputs() {
		if err := os.WriteFile(filepath.Join(dir, in.Name+".json"), in.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// BenchmarkDecode decodes each decode input with verdict (whole, borrowed,
// projected to what the corrected docs' automation reads) and with the
// peers. The document rows also report the decoded size per input byte.
func BenchmarkDecode(b *testing.B) {
	reach := autoApproveReach(b)
	for _, in := range bench.DecodeInputs() {
		data := in.Data
		run := func(name string, decode func() (int, error)) {
			b.Run(in.Name+"/"+name, func(b *testing.B) {
				size, err := decode()
				if err != nil {
					b.Fatal(err)
				}
				b.SetBytes(int64(len(data)))
				b.ReportAllocs()
				for b.Loop() {
					decode()
				}
				if size > 0 {
					b.ReportMetric(float64(size)/float64(len(data)), "B/B")
				}
			})
		}
		for _, dc := range []struct {
			name string
			dec  document.Decoder
		}{
			{"document", document.Decoder{}},
			{"document-borrow", document.Decoder{Borrow: true}},
			{"document-projected", document.Decoder{Reach: reach}},
			{"document-projected-borrow", document.Decoder{Reach: reach, Borrow: true}},
			{"document-projected-trusted", document.Decoder{Reach: reach, Trusted: true}},
		} {
			run(dc.name, func() (int, error) {
				root, err := dc.dec.Decode(data)
				if err != nil {
					return 0, err
				}
				return root.Doc().Size(), nil
			})
		}
		// The decoder the tape replaced, as it was (cases.Parse wrapped it).
		run("previous", func() (int, error) { _, err := refjson.Decode(data); return 0, err })
		run("cases.Parse", func() (int, error) { _, err := cases.Parse(data); return 0, err })
		run("fastjson-fresh", func() (int, error) { _, err := fastjson.ParseBytes(data); return 0, err })
		var parser fastjson.Parser
		run("fastjson-reused", func() (int, error) { _, err := parser.ParseBytes(data); return 0, err })
		run("sonic-ast", func() (int, error) {
			root, err := sonic.Get(data)
			if err != nil {
				return 0, err
			}
			return 0, root.LoadAll()
		})
		run("sonic-any", func() (int, error) { var v any; return 0, sonic.Unmarshal(data, &v) })
		run("encoding/json-any", func() (int, error) { var v any; return 0, json.Unmarshal(data, &v) })
		run("encoding/json-Valid", func() (int, error) {
			if !json.Valid(data) {
				return 0, errors.New("not valid")
			}
			return 0, nil
		})
	}
}

// TestProjectionShare checks the premise of the projected rows: on the
// 50 KB case, what the docs' automation reads is under 20% of the bytes;
// the rest is skipped.
func TestProjectionShare(t *testing.T) {
	for _, in := range bench.DecodeInputs() {
		root, err := document.Decoder{Reach: autoApproveReach(t)}.Decode(in.Data)
		if err != nil {
			t.Fatal(err)
		}
		kept := 1 - float64(skipped(root))/float64(len(in.Data))
		t.Logf("%s: the automation reaches %.1f%% of the bytes", in.Name, 100*kept)
		if in.Name == "50KB" && kept >= 0.2 {
			t.Errorf("the automation reaches %.1f%% of the 50 KB case, not under 20%%", 100*kept)
		}
	}
}

// skipped returns the number of input bytes of the skipped values in v.
func skipped(v document.Value) int {
	if v.Kind() == document.Skipped {
		sp := v.Span()
		return sp.End - sp.Start
	}
	n := 0
	for it := v.Iter(); it.Next(); {
		n += skipped(it.Value())
	}
	return n
}
