package suite

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/verdict-rules/verdict/diag"
	"github.com/verdict-rules/verdict/document"
	"github.com/verdict-rules/verdict/rules"
)

// maxDiffCells bounds the work of a line diff (lines of want × lines of
// got); past it the diff shows both texts whole.
const maxDiffCells = 4 << 20

// DiffLines compares two texts line by line and returns the lines of the
// result, each starting with "- " (only in want), "+ " (only in got) or
// "  " (in both). It is deterministic: the same texts always give the same
// lines.
func DiffLines(want, got string) []string {
	a, b := splitLines(want), splitLines(got)
	if len(a)*len(b) > maxDiffCells {
		out := make([]string, 0, len(a)+len(b))
		for _, l := range a {
			out = append(out, "- "+l)
		}
		for _, l := range b {
			out = append(out, "+ "+l)
		}
		return out
	}
	// lcs[i][j] is the length of the longest common subsequence of a[i:]
	// and b[j:].
	n, m := len(a), len(b)
	lcs := make([][]int32, n+1)
	for i := range lcs {
		lcs[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out []string
	i, j := 0, 0
	for i < n && j < m {
		switch {
		case a[i] == b[j]:
			out = append(out, "  "+a[i])
			i++
			j++
		case lcs[i+1][j] >= lcs[i][j+1]:
			out = append(out, "- "+a[i])
			i++
		default:
			out = append(out, "+ "+b[j])
			j++
		}
	}
	for ; i < n; i++ {
		out = append(out, "- "+a[i])
	}
	for ; j < m; j++ {
		out = append(out, "+ "+b[j])
	}
	return out
}

func splitLines(s string) []string {
	s = strings.TrimSuffix(s, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// maxIndentedBytes bounds the indented form of a value shown in a
// failure. Indenting adds two spaces a level to every line, so a value
// nested hundreds of levels deep would grow hundreds of times over; past
// the bound the value is shown compact, on one line.
const maxIndentedBytes = 4 << 20

// indentJSON writes a value as indented JSON with its object members
// sorted, so equal values read alike whatever the order they came in.
func indentJSON(v any) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err.Error()
	}
	if indentedSize(b.Bytes()) > maxIndentedBytes {
		return b.String()
	}
	var out bytes.Buffer
	if err := json.Indent(&out, b.Bytes(), "", "  "); err != nil {
		return b.String()
	}
	return out.String()
}

// indentedSize is at least the size of compact JSON once indented by two
// spaces a level, counted without writing it.
func indentedSize(compact []byte) int {
	n, depth, inString := 0, 0, false
	for i := 0; i < len(compact); i++ {
		c := compact[i]
		n++
		switch {
		case inString:
			if c == '\\' {
				i++
				n++
			} else if c == '"' {
				inString = false
			}
		case c == '"':
			inString = true
		case c == '[' || c == '{':
			depth++
			n += 1 + 2*depth
		case c == ']' || c == '}':
			depth--
			n += 1 + 2*depth
		case c == ',':
			n += 1 + 2*depth
		case c == ':':
			n++
		}
	}
	return n
}

// plain decodes JSON into plain values (maps, slices, float64), the form
// expectations and results are compared in.
func plain(data []byte) (any, error) {
	var v any
	err := json.Unmarshal(data, &v)
	return v, err
}

// plainFile is plain for a file a suite reads: nested deeper than every
// JSON document verdict reads may be (document.DefaultMaxDepth, 512
// levels), or malformed, it is an error located in the file.
func plainFile(file string, data []byte) (any, error) {
	if _, err := (document.Decoder{MaxDepth: document.DefaultMaxDepth}).Decode(data); err != nil {
		var se *document.SyntaxError
		if errors.As(err, &se) {
			return nil, &FileError{File: file, Data: data, Errors: rules.ErrorList{diag.Syntax(se)}}
		}
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return plain(data)
}

// jsonFailure describes a mismatch of two JSON values: what, the message,
// both values and a line diff of their indented forms.
func jsonFailure(what, message string, want, got any) Failure {
	w, g := indentJSON(want), indentJSON(got)
	return Failure{What: what, Message: message, Want: json.RawMessage(strings.TrimSpace(w)),
		Got: json.RawMessage(strings.TrimSpace(g)), Diff: DiffLines(w, g)}
}
