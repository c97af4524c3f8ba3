package peers

import (
	"os"
	"strconv"
	"testing"

	"github.com/valyala/fastjson"

	"github.com/verdict-rules/verdict/bench"
	"github.com/verdict-rules/verdict/document"
	"github.com/verdict-rules/verdict/internal/refjson"
)

// TestCallgrind decodes one decode input ($CG_INPUT) $CG_N times with one
// engine ($CG_ENGINE: document, document-borrow, document-projected,
// document-projected-borrow, document-projected-trusted, previous, the
// decoder the tape replaced, or fastjson-reused), so that valgrind's
// callgrind can count the instructions: a figure that, unlike a timing on
// a shared machine, is the same from run to run. For fastjson-reused,
// toggle the collection on '*fastjson.(*Parser).Parse'.
//
//	CG_ENGINE=document CG_INPUT=18KB CG_N=100 GOGC=off GODEBUG=asyncpreemptoff=1 \
//	  valgrind --tool=callgrind --toggle-collect='*document.Decoder.Decode' ./peers.test -test.run '^TestCallgrind$'
func TestCallgrind(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("CG_N"))
	if n == 0 {
		t.Skip("CG_N is not set")
	}
	var data []byte
	for _, in := range bench.DecodeInputs() {
		if in.Name == os.Getenv("CG_INPUT") {
			data = in.Data
		}
	}
	if data == nil {
		t.Fatalf("no decode input %q", os.Getenv("CG_INPUT"))
	}
	var dec document.Decoder
	var p fastjson.Parser
	switch os.Getenv("CG_ENGINE") {
	case "document-borrow":
		dec.Borrow = true
	case "document-projected":
		dec.Reach = autoApproveReach(t)
	case "document-projected-borrow":
		dec.Reach, dec.Borrow = autoApproveReach(t), true
	case "document-projected-trusted":
		dec.Reach, dec.Trusted = autoApproveReach(t), true
	case "previous":
		for range n {
			if _, err := refjson.Decode(data); err != nil {
				t.Fatal(err)
			}
		}
		return
	case "fastjson-reused":
		for range n {
			if _, err := p.ParseBytes(data); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	for range n {
		if _, err := dec.Decode(data); err != nil {
			t.Fatal(err)
		}
	}
}
