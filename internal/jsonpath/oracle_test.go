//go:build jsonpathplus

package jsonpath

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/verdict-rules/verdict/document"
)

// TestOracle runs every path of bench/jsonpathplus/corpus/paths.txt on every
// document of corpus/documents with jsonpath-plus (through oracle.mjs and
// Node) and with this package, and fails on any difference in the values
// or their order. It needs Node and `npm ci` in bench/jsonpathplus; run it
// with bench/jsonpathplus/run-differential.
func TestOracle(t *testing.T) {
	dir := filepath.Join("..", "..", "bench", "jsonpathplus")
	pathsFile := filepath.Join(dir, "corpus", "paths.txt")
	// VERDICT_ORACLE_PATHS explores other paths (generated ones, say):
	// then paths verdict rejects, or that jsonpath-plus throws on, are
	// skipped instead of failing.
	explore := os.Getenv("VERDICT_ORACLE_PATHS")
	if explore != "" {
		pathsFile = explore
	}
	paths := readPaths(t, pathsFile)
	docs := map[string]json.RawMessage{}
	files, _ := filepath.Glob(filepath.Join(dir, "corpus", "documents", "*.json"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		docs[strings.TrimSuffix(filepath.Base(f), ".json")] = data
	}
	if explore == "" && (len(paths) < 150 || len(docs) < 3) {
		t.Fatalf("the corpus has %d paths and %d documents, want at least 150 and 3", len(paths), len(docs))
	}
	req, _ := json.Marshal(map[string]any{"documents": docs, "paths": paths})
	cmd := exec.Command("node", "oracle.mjs")
	cmd.Dir = dir
	cmd.Stdin = bytes.NewReader(req)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("oracle: %v\n%s", err, stderr.String())
	}
	var resp struct {
		Results []struct {
			Path     string            `json:"path"`
			Document string            `json:"document"`
			Values   []json.RawMessage `json:"values"`
			Error    string            `json:"error"`
		} `json:"results"`
	}
	if err := json.Unmarshal(out, &resp); err != nil {
		t.Fatal(err)
	}
	decoded := map[string]document.Value{}
	for name, data := range docs {
		v, err := document.Decode(data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		decoded[name] = v
	}
	compared, rejected, nonEmpty := 0, 0, map[string]bool{}
	for _, r := range resp.Results {
		p, err := Parse(r.Path)
		if err != nil {
			if explore == "" {
				t.Errorf("%s: verdict rejects a path of the corpus: %v", r.Path, err)
			}
			rejected++
			continue
		}
		if r.Error != "" {
			if explore == "" {
				t.Errorf("%s on %s: jsonpath-plus throws %q; keep such paths out of paths.txt", r.Path, r.Document, r.Error)
			} else {
				t.Errorf("%s on %s: verdict accepts a path jsonpath-plus throws on (%q)", r.Path, r.Document, r.Error)
			}
			continue
		}
		ours := p.Values(decoded[r.Document], nil)
		got := make([]any, len(ours))
		for i, v := range ours {
			got[i] = plain(t, v.AppendJSON(nil))
		}
		want := make([]any, len(r.Values))
		for i, v := range r.Values {
			want[i] = plain(t, v)
		}
		if !reflect.DeepEqual(got, want) {
			i := 0
			for i < len(got) && i < len(want) && reflect.DeepEqual(got[i], want[i]) {
				i++
			}
			g, _ := json.Marshal(got[i:])
			w, _ := json.Marshal(want[i:])
			t.Errorf("%s on %s: %d and %d values, the first difference at value %d:\n  verdict:       %s\n  jsonpath-plus: %s",
				r.Path, r.Document, len(got), len(want), i, cut(g), cut(w))
		}
		compared++
		if len(want) > 0 {
			nonEmpty[r.Path] = true
		}
	}
	t.Logf("compared %d (path, document) pairs: %d paths, %d documents; %d paths yield something somewhere; %d pairs rejected by verdict",
		compared, len(paths), len(docs), len(nonEmpty), rejected)
}

func readPaths(t *testing.T, file string) []string {
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		out = append(out, line)
	}
	return out
}

// plain decodes JSON the way the comparison sees it: numbers as float64,
// as JavaScript has them.
func plain(t *testing.T, data []byte) any {
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatalf("%s: %v", data, err)
	}
	return v
}

func cut(b []byte) string {
	if len(b) > 300 {
		return string(b[:297]) + "..."
	}
	return string(b)
}
