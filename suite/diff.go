package suite

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
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
// two spaces (in both). It is deterministic: the same texts always give the same
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

// plain decodes JSON into plain values (maps, slices, numbers by their
// exact value), the form expectations and results are compared in.
func plain(data []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	return exactNumbers(v), nil
}

// exactNumbers replaces each number of v by its exact value written one
// way, so that values compare as verdict compares a case's numbers:
// 9007199254740993 is not 9007199254740992 (a float64 holds neither
// apart), and 1e2 is 100.
func exactNumbers(v any) any {
	switch x := v.(type) {
	case json.Number:
		return json.Number(canonicalNumber(string(x)))
	case []any:
		for i := range x {
			x[i] = exactNumbers(x[i])
		}
	case map[string]any:
		for k := range x {
			x[k] = exactNumbers(x[k])
		}
	}
	return v
}

// canonicalNumber writes the JSON number s by its value: no leading or
// trailing zeros, plain digits up to 40 places from the point, else one
// digit before it and an exponent. An exponent of more than 9 digits is
// left as written.
func canonicalNumber(s string) string {
	neg := strings.HasPrefix(s, "-")
	m, e := strings.TrimPrefix(s, "-"), "0"
	if i := strings.IndexAny(m, "eE"); i >= 0 {
		m, e = m[:i], strings.TrimPrefix(m[i+1:], "+")
	}
	exp, err := strconv.Atoi(e)
	if err != nil || len(strings.TrimLeft(strings.TrimPrefix(e, "-"), "0")) > 9 {
		return s
	}
	digits := m
	if i := strings.IndexByte(m, '.'); i >= 0 {
		digits = m[:i] + m[i+1:]
		exp -= len(m) - i - 1
	}
	digits = strings.TrimLeft(digits, "0")
	for len(digits) > 0 && digits[len(digits)-1] == '0' {
		digits, exp = digits[:len(digits)-1], exp+1
	}
	if digits == "" {
		return "0"
	}
	var out string
	switch n := len(digits); {
	case exp >= 0 && n+exp <= 40:
		out = digits + strings.Repeat("0", exp)
	case exp < 0 && -exp <= 40 && n > -exp:
		out = digits[:n+exp] + "." + digits[n+exp:]
	case exp < 0 && -exp <= 40:
		out = "0." + strings.Repeat("0", -exp-n) + digits
	default:
		out = digits[:1]
		if n > 1 {
			out += "." + digits[1:]
		}
		out += "e" + strconv.Itoa(exp+n-1)
	}
	if neg {
		out = "-" + out
	}
	return out
}

// plainFile is plain for a file a suite reads: nested deeper than every
// JSON document verdict reads may be (document.DefaultMaxDepth, 512
// levels), malformed, or with a member repeated in an object (one of
// two expectations would go unchecked), it is an error located in the
// file.
func plainFile(file string, data []byte) (any, error) {
	if _, err := (document.Decoder{MaxDepth: document.DefaultMaxDepth, Strict: true}).Decode(data); err != nil {
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
