package labels

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// all returns the labels as a map, for comparing.
func all(l *Labels) map[string]string {
	m := map[string]string{}
	for _, id := range l.IDs() {
		m[id], _ = l.Get(id)
	}
	return m
}

func TestRead(t *testing.T) {
	tests := []struct {
		name, file, text string
		want             map[string]string
	}{
		{"csv with a header", "a.csv", "case_id,label\nc1,ACTIVE\nc2,DECLINED\n",
			map[string]string{"c1": "ACTIVE", "c2": "DECLINED"}},
		{"csv header in another order, other columns, any case", "a.csv", "Label,reviewer,CASE_ID\nACTIVE,ann,c1\nREVIEW_IN_PROGRESS,bob,c2\n",
			map[string]string{"c1": "ACTIVE", "c2": "REVIEW_IN_PROGRESS"}},
		{"csv without a header", "a.csv", "c1,ACTIVE\nc2,DECLINED",
			map[string]string{"c1": "ACTIVE", "c2": "DECLINED"}},
		{"csv with a byte order mark, CRLF and blank lines", "a.csv", "\uFEFFcase_id,label\r\nc1,ACTIVE\r\n\r\nc2,DECLINED\r\n",
			map[string]string{"c1": "ACTIVE", "c2": "DECLINED"}},
		{"csv quoted fields", "a.csv", "case_id,label\n\"c,1\",\"ACTIVE\"\n\"c \"\"2\"\"\",\"multi\nline\"\n",
			map[string]string{"c,1": "ACTIVE", `c "2"`: "multi\nline"}},
		{"csv spaces trimmed", "a.csv", "case_id , label\n c1 , ACTIVE \n",
			map[string]string{"c1": "ACTIVE"}},
		{"csv header only", "a.csv", "case_id,label\n", map[string]string{}},
		{"empty file", "a.csv", "", map[string]string{}},
		{"ndjson", "a.ndjson", `{"case_id": "c1", "label": "ACTIVE"}` + "\n" + `{"label": "DECLINED", "case_id": "c2"}`,
			map[string]string{"c1": "ACTIVE", "c2": "DECLINED"}},
		{"ndjson other members, blank lines, CRLF, escapes", "a.jsonl",
			"\uFEFF{\"case_id\": \"c1\", \"label\": \"ACTIVE\", \"reviewer\": {\"name\": \"ann\"}, \"at\": [1, 2]}\r\n\r\n   \n{\"case_id\": \"\\u00e9\", \"label\": \"DECLINED\"}\n",
			map[string]string{"c1": "ACTIVE", "é": "DECLINED"}},
		{"ndjson escaped names and values", "a.ndjson", `{"case_\u0069d": "c\"1\"", "l\u0061bel": "ACTIVE"}`,
			map[string]string{`c"1"`: "ACTIVE"}},
		{"ndjson by content", "labels.txt", "  \n{\"case_id\": \"c1\", \"label\": \"ACTIVE\"}\n", map[string]string{"c1": "ACTIVE"}},
		{"csv by content", "labels.txt", "c1,ACTIVE\n", map[string]string{"c1": "ACTIVE"}},
		{"the docs' case id", "a.csv", "case_id,label\nPQ1230485.000000007,ACTIVE\n", map[string]string{"PQ1230485.000000007": "ACTIVE"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l, err := Read(strings.NewReader(tc.text), tc.file, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, all(l)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			if l.Len() != len(tc.want) {
				t.Errorf("Len() = %d, want %d", l.Len(), len(tc.want))
			}
		})
	}
}

func TestReadWhere(t *testing.T) {
	l, err := Read(strings.NewReader("case_id,label\nc1,A\n\"c\n2\",B\nc3,C\n"), "x.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := []string{l.Where("c1"), l.Where("c\n2"), l.Where("c3"), l.Where("nope")}
	if diff := cmp.Diff([]string{"x.csv:2", "x.csv:3", "x.csv:5", ""}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	var none *Labels
	if _, ok := none.Get("x"); ok || none.Len() != 0 || none.IDs() != nil || none.Where("x") != "" {
		t.Error("nil Labels has labels")
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct {
		name, file, text string
		format           Format
		kind             error
		want             string
	}{
		{"csv duplicate id", "l.csv", "case_id,label\nc1,ACTIVE\nc2,DECLINED\nc1,ACTIVE\n", Auto, ErrDuplicate,
			`l.csv:4: case "c1" is labelled twice (first on line 2)`},
		{"csv duplicate id after trimming", "l.csv", "c1,ACTIVE\n c1 ,DECLINED\n", Auto, ErrDuplicate,
			`l.csv:2: case "c1" is labelled twice (first on line 1)`},
		{"csv empty id", "l.csv", "case_id,label\nc1,ACTIVE\n  ,DECLINED\n", Auto, ErrEmptyID, "l.csv:3: empty case id"},
		{"csv empty label", "l.csv", "case_id,label\nc1,\n", Auto, ErrEmptyLabel, `l.csv:2: case "c1" has an empty label`},
		{"csv too many fields", "l.csv", "case_id,label\nc1,ACTIVE,x\n", Auto, ErrMalformed, "l.csv:2: 3 fields, where the first row has 2"},
		{"csv too few fields", "l.csv", "c1,ACTIVE\nc2\n", Auto, ErrMalformed, "l.csv:2: 1 fields, where the first row has 2"},
		{"csv three columns without a header", "l.csv", "c1,ACTIVE,x\n", Auto, ErrMalformed, "l.csv:1: 3 fields: a file without a header has two, case id and label"},
		{"csv bare quote", "l.csv", "case_id,label\nc\"1,ACTIVE\n", Auto, ErrMalformed, `l.csv:2: column 2: bare " in non-quoted-field`},
		{"csv unterminated quote", "l.csv", "case_id,label\n\"c1,ACTIVE\n", Auto, ErrMalformed, `l.csv:2: column 12: extraneous or missing " in quoted-field`},
		{"csv header without label", "l.csv", "case_id,decision\nc1,ACTIVE\n", Auto, ErrMalformed, "l.csv:1: the header names case_id but no label column"},
		{"csv header without case_id", "l.csv", "id,label\nc1,ACTIVE\n", Auto, ErrMalformed, "l.csv:1: the header names label but no case_id column"},
		{"csv header names case_id twice", "l.csv", "case_id,label,case_id\n", Auto, ErrMalformed, "l.csv:1: the header names case_id twice"},
		{"csv invalid UTF-8", "l.csv", "c1,ACT\xffIVE\n", Auto, ErrMalformed, "l.csv:1: invalid UTF-8"},
		{"ndjson duplicate id", "l.ndjson", "{\"case_id\":\"c1\",\"label\":\"A\"}\n\n{\"case_id\":\"c1\",\"label\":\"A\"}\n", Auto, ErrDuplicate,
			`l.ndjson:3: case "c1" is labelled twice (first on line 1)`},
		{"ndjson not an object", "l.ndjson", "[\"c1\",\"A\"]\n", Auto, ErrMalformed, "l.ndjson:1: not a JSON object"},
		{"ndjson no case_id", "l.ndjson", "{\"id\":\"c1\",\"label\":\"A\"}\n", Auto, ErrMalformed, "l.ndjson:1: no case_id member"},
		{"ndjson no label", "l.ndjson", "{\"case_id\":\"c1\",\"status\":\"A\"}\n", Auto, ErrMalformed, "l.ndjson:1: no label member"},
		{"ndjson label a number", "l.ndjson", "{\"case_id\":\"c1\",\"label\":1}\n", Auto, ErrMalformed, "l.ndjson:1: label is 1, not a string"},
		{"ndjson label null", "l.ndjson", "{\"case_id\":\"c1\",\"label\":null}\n", Auto, ErrMalformed, "l.ndjson:1: label is null, not a string"},
		{"ndjson case_id an object", "l.ndjson", "{\"case_id\":{\"id\":\"c1\"},\"label\":\"A\"}\n", Auto, ErrMalformed, `l.ndjson:1: case_id is {"id":"c1"}, not a string`},
		{"ndjson case_id twice", "l.ndjson", "{\"case_id\":\"c1\",\"case_id\":\"c2\",\"label\":\"A\"}\n", Auto, ErrMalformed, "l.ndjson:1: case_id appears twice"},
		{"ndjson label twice", "l.ndjson", "{\"case_id\":\"c1\",\"label\":\"A\",\"label\":\"B\"}\n", Auto, ErrMalformed, "l.ndjson:1: label appears twice"},
		{"ndjson two objects on a line", "l.ndjson", "{\"case_id\":\"c1\",\"label\":\"A\"} {}\n", Auto, ErrMalformed, "l.ndjson:1: malformed JSON: invalid character '{' after top-level value"},
		{"ndjson malformed", "l.ndjson", "{\"case_id\":\"c1\",\"label\":\"A\"\n", Auto, ErrMalformed, "l.ndjson:1: malformed JSON: unexpected end of JSON input"},
		{"ndjson escaped member name twice", "l.ndjson", "{\"case_\\u0069d\":\"c1\",\"label\":\"A\",\"case_id\":\"c2\"}\n", Auto, ErrMalformed, "l.ndjson:1: case_id appears twice"},
		{"ndjson empty id", "l.ndjson", "{\"case_id\":\"\",\"label\":\"A\"}\n", Auto, ErrEmptyID, "l.ndjson:1: empty case id"},
		{"ndjson empty label", "l.ndjson", "{\"case_id\":\"c1\",\"label\":\"\"}\n", Auto, ErrEmptyLabel, `l.ndjson:1: case "c1" has an empty label`},
		{"ndjson invalid UTF-8", "l.ndjson", "{\"case_id\":\"c\xff\",\"label\":\"A\"}\n", Auto, ErrMalformed, "l.ndjson:1: invalid UTF-8"},
		{"ndjson line numbers count blank lines", "l.ndjson", "\n\n{\"case_id\":\"c1\"}\n", Auto, ErrMalformed, "l.ndjson:3: no label member"},
		{"the format forced", "l.csv", "c1,A\n", NDJSON, ErrMalformed, "l.csv:1: not a JSON object"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l, err := Read(strings.NewReader(tc.text), tc.file, Options{Format: tc.format})
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Read = %v, %v; want an *Error", l, err)
			}
			if !errors.Is(err, tc.kind) {
				t.Errorf("%v is not %v", err, tc.kind)
			}
			if err.Error() != tc.want {
				t.Errorf("error\n got %s\nwant %s", err, tc.want)
			}
		})
	}
}

// endless is a reader that never ends, as /dev/zero, counting what it
// gave: the lines line(0), line(1), ...
type endless struct {
	line func(i int) string
	i    int
	buf  []byte
	n    int64
}

func (e *endless) Read(p []byte) (int, error) {
	for len(e.buf) < len(p) {
		e.buf = append(e.buf, e.line(e.i)...)
		e.i++
	}
	n := copy(p, e.buf)
	e.buf = e.buf[n:]
	e.n += int64(n)
	return n, nil
}

func TestReadLimit(t *testing.T) {
	var b strings.Builder
	for i := 0; b.Len()+len("c0000000,ACTIVE\n") <= 1000; i++ {
		fmt.Fprintf(&b, "c%07d,ACTIVE\n", i)
	}
	text := b.String()
	if _, err := Read(strings.NewReader(text), "l.csv", Options{MaxBytes: int64(len(text))}); err != nil {
		t.Errorf("a file of the limit: %v", err)
	}
	_, err := Read(strings.NewReader(text), "l.csv", Options{MaxBytes: int64(len(text) - 1)})
	want := fmt.Sprintf("l.csv: the file is more than the limit of %d bytes", len(text)-1)
	if !errors.Is(err, ErrTooLarge) || err.Error() != want {
		t.Errorf("a file over the limit: %v", err)
	}
	// A file that never ends is read up to the limit and one byte, in
	// either format, even as one endless line.
	for _, tc := range []struct {
		name, what string
		line       func(int) string
	}{
		{"l.csv", "csv lines", func(i int) string { return fmt.Sprintf("c%d,ACTIVE\n", i) }},
		{"l.ndjson", "ndjson lines", func(i int) string { return fmt.Sprintf(`{"case_id":"c%d","label":"A"}`+"\n", i) }},
		{"l.csv", "one endless csv field", func(int) string { return "x" }},
		{"l.ndjson", "one endless ndjson line", func(int) string { return " " }},
	} {
		src := &endless{line: tc.line}
		_, err := Read(src, tc.name, Options{MaxBytes: 1 << 20})
		if !errors.Is(err, ErrTooLarge) {
			t.Errorf("%s: %v", tc.what, err)
		}
		if src.n > 1<<20+64<<10 {
			t.Errorf("%s: read %d bytes for a limit of %d", tc.what, src.n, 1<<20)
		}
	}
}

// TestReadMemoryLinear checks that the memory a label file takes grows
// linearly with its size, and shares one copy of each distinct label.
func TestReadMemoryLinear(t *testing.T) {
	file := func(n int) string {
		var b strings.Builder
		b.WriteString("case_id,label\n")
		for i := range n {
			fmt.Fprintf(&b, "PQ1230485.%09d,%s\n", i, []string{"ACTIVE", "DECLINED", "REVIEW_IN_PROGRESS"}[i%3])
		}
		return b.String()
	}
	measure := func(text string) uint64 {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		l, err := Read(strings.NewReader(text), "l.csv", Options{})
		if err != nil {
			t.Fatal(err)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		runtime.KeepAlive(l)
		return after.HeapAlloc - before.HeapAlloc
	}
	small, large := file(50000), file(100000)
	a, b := measure(small), measure(large)
	t.Logf("%d bytes: %d retained; %d bytes: %d retained (×%.2f, %.1f per byte)", len(small), a, len(large), b, float64(b)/float64(a), float64(b)/float64(len(large)))
	if float64(b)/float64(a) > 2.2 {
		t.Errorf("doubling the file multiplies the memory by %.2f", float64(b)/float64(a))
	}
	if float64(b)/float64(len(large)) > 8 {
		t.Errorf("%.1f bytes retained per byte of file", float64(b)/float64(len(large)))
	}
}

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	csvFile := filepath.Join(dir, "decisions.CSV")
	if err := os.WriteFile(csvFile, []byte("case_id,label\nc1,ACTIVE\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	l, err := ReadFile(csvFile, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got, ok := l.Get("c1"); !ok || got != "ACTIVE" || l.Where("c1") != csvFile+":2" {
		t.Errorf("Get(c1) = %q, %v at %s", got, ok, l.Where("c1"))
	}
	if _, err := ReadFile(filepath.Join(dir, "missing.csv"), Options{}); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a missing file: %v", err)
	}
}

type failing struct{}

func (failing) Read([]byte) (int, error) { return 0, io.ErrUnexpectedEOF }

func TestReadFailingReader(t *testing.T) {
	for _, name := range []string{"l.csv", "l.ndjson"} {
		if _, err := Read(failing{}, name, Options{}); !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func FuzzRead(f *testing.F) {
	for _, s := range []string{
		"case_id,label\nc1,ACTIVE\n", "c1,A\nc2,B", "\"a\nb\",\"c\"\"d\"\n", "label,case_id\n",
		"{\"case_id\":\"c1\",\"label\":\"A\"}\n\n{\"case_id\":\"c2\",\"label\":\"B\",\"x\":[1]}",
		"{\"case_id\":1}", "\uFEFF{}", "",
	} {
		f.Add([]byte(s), uint8(0))
	}
	f.Fuzz(func(t *testing.T, data []byte, format uint8) {
		l, err := Read(strings.NewReader(string(data)), "f", Options{Format: Format(format % 3), MaxBytes: 4096})
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.File != "f" || (e.Line == 0) != errors.Is(err, ErrTooLarge) {
				t.Fatalf("error %v is not located", err)
			}
			if e.Line > strings.Count(string(data), "\n")+1 {
				t.Fatalf("error on line %d of a file of %d lines", e.Line, strings.Count(string(data), "\n")+1)
			}
			return
		}
		for _, id := range l.IDs() {
			label, ok := l.Get(id)
			if id == "" || label == "" || !ok || l.Where(id) == "" {
				t.Fatalf("case %q labelled %q", id, label)
			}
		}
	})
}

func BenchmarkRead(b *testing.B) {
	for _, format := range []string{"csv", "ndjson"} {
		var sb strings.Builder
		if format == "csv" {
			sb.WriteString("case_id,label\n")
		}
		for i := range 100000 {
			l := []string{"ACTIVE", "DECLINED", "REVIEW_IN_PROGRESS"}[i%3]
			if format == "csv" {
				fmt.Fprintf(&sb, "PQ1230485.%09d,%s\n", i, l)
			} else {
				fmt.Fprintf(&sb, `{"case_id":"PQ1230485.%09d","label":%q}`+"\n", i, l)
			}
		}
		text := sb.String()
		b.Run(format, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Read(strings.NewReader(text), "l."+format, Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// FuzzMembers checks the walk over an NDJSON line's members against
// encoding/json's tokens.
func FuzzMembers(f *testing.F) {
	for _, s := range []string{
		`{"case_id":"c1","label":"A"}`, `{ "a" : [1, {"b": "}"}], "c\"": "x,y" , "d":{} }`, `{}`, `{"a":"\\"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		line = bytes.TrimSpace(line)
		if !json.Valid(line) || len(line) == 0 || line[0] != '{' {
			return
		}
		var want []string
		dec := json.NewDecoder(bytes.NewReader(line))
		dec.Token()
		for dec.More() {
			k, _ := dec.Token()
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				t.Fatal(err)
			}
			var c bytes.Buffer
			json.Compact(&c, raw)
			want = append(want, k.(string)+"="+c.String())
		}
		var got []string
		for k, v := range members(line) {
			var name string
			if err := json.Unmarshal(k, &name); err != nil {
				t.Fatalf("name %q: %v", k, err)
			}
			var c bytes.Buffer
			if err := json.Compact(&c, v); err != nil {
				t.Fatalf("value %q: %v", v, err)
			}
			got = append(got, name+"="+c.String())
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("members of %s (-encoding/json +members):\n%s", line, diff)
		}
	})
}
