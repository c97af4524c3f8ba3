package labels

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// DefaultMaxBytes is the size limit of a label file when Options.MaxBytes
// is zero.
const DefaultMaxBytes = 32 << 20

// Format is the format of a label file.
type Format int

// The formats of label files.
const (
	// Auto picks the format by the file's extension (.csv; .ndjson, .jsonl,
	// .json), else by its first character other than a byte order mark or
	// whitespace ('{' is NDJSON).
	Auto Format = iota
	CSV
	NDJSON
)

// Options configure reading labels. The zero value reads either format
// within DefaultMaxBytes.
type Options struct {
	Format Format
	// MaxBytes bounds the file's size (default DefaultMaxBytes).
	MaxBytes int64
}

// The kinds of Error, for errors.Is.
var (
	ErrMalformed  = errors.New("malformed line")
	ErrEmptyID    = errors.New("empty case id")
	ErrEmptyLabel = errors.New("empty label")
	ErrDuplicate  = errors.New("case labelled twice")
	ErrTooLarge   = errors.New("file too large")
)

// Error is a problem in a label file: where (file and line) and what.
type Error struct {
	File string // the file's name as given
	Line int    // 1-based; 0 for the whole file
	Msg  string
	Err  error // ErrMalformed, ErrEmptyID, ErrEmptyLabel, ErrDuplicate or ErrTooLarge
}

// Error returns "file:line: message" ("file: message" for the whole file).
func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return e.File + ": " + e.Msg
}

// Unwrap returns the kind of the error.
func (e *Error) Unwrap() error { return e.Err }

// Labels are the labels of cases, by case id, as read from a file.
type Labels struct {
	file string
	m    map[string]entry
}

type entry struct {
	label string
	line  int32
}

// Get returns the label of the case with the given id, and whether it has
// one.
func (l *Labels) Get(caseID string) (string, bool) {
	if l == nil {
		return "", false
	}
	e, ok := l.m[caseID]
	return e.label, ok
}

// Where returns the place the case's label was read from ("file:line"), or
// "" when it has none.
func (l *Labels) Where(caseID string) string {
	if l == nil {
		return ""
	}
	e, ok := l.m[caseID]
	if !ok {
		return ""
	}
	return l.file + ":" + strconv.Itoa(int(e.line))
}

// Len returns the number of labelled cases.
func (l *Labels) Len() int {
	if l == nil {
		return 0
	}
	return len(l.m)
}

// IDs returns the labelled case ids, sorted.
func (l *Labels) IDs() []string {
	if l == nil {
		return nil
	}
	ids := make([]string, 0, len(l.m))
	for id := range l.m {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// ReadFile reads the label file name.
func ReadFile(name string, opt Options) (*Labels, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return Read(f, name, opt)
}

// Read reads labels from r; name is the file's name, for the format (under
// Auto) and for errors. It reads at most Options.MaxBytes and one byte
// more, to tell a file of the limit from a larger one.
func Read(r io.Reader, name string, opt Options) (*Labels, error) {
	limit := opt.MaxBytes
	if limit <= 0 {
		limit = DefaultMaxBytes
	}
	cr := &countingReader{r: io.LimitReader(r, limit+1)}
	br := bufio.NewReaderSize(cr, 64<<10)
	if head, _ := br.Peek(3); bytes.Equal(head, []byte("\uFEFF")) {
		br.Discard(3)
	}
	format := opt.Format
	if format == Auto {
		format = detect(name, br)
	}
	l := &Labels{file: name, m: map[string]entry{}}
	rd := &reading{labels: l, interned: map[string]string{}}
	var err error
	if format == CSV {
		err = rd.csv(br)
	} else {
		err = rd.ndjson(br)
	}
	if cr.n > limit {
		// Whatever went wrong at the cut, the file is too large.
		return nil, &Error{File: name, Msg: fmt.Sprintf("the file is more than the limit of %d bytes", limit), Err: ErrTooLarge}
	}
	if err != nil {
		return nil, err
	}
	return l, nil
}

// detect picks the format of a file by its extension, then by its first
// character.
func detect(name string, br *bufio.Reader) Format {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".csv":
		return CSV
	case ".ndjson", ".jsonl", ".json":
		return NDJSON
	}
	for i := 1; ; i++ {
		b, err := br.Peek(i)
		if len(b) < i || err != nil {
			return CSV
		}
		switch b[i-1] {
		case ' ', '\t', '\r', '\n':
			continue
		case '{':
			return NDJSON
		}
		return CSV
	}
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// reading is the state of one Read.
type reading struct {
	labels *Labels
	// interned holds one copy of each distinct label, which every case
	// with that label shares.
	interned map[string]string
}

func (rd *reading) errorf(line int, kind error, format string, args ...any) *Error {
	return &Error{File: rd.labels.file, Line: line, Msg: fmt.Sprintf(format, args...), Err: kind}
}

// add records one case's label read on line.
func (rd *reading) add(line int, id, label string) error {
	if id == "" {
		return rd.errorf(line, ErrEmptyID, "empty case id")
	}
	if label == "" {
		return rd.errorf(line, ErrEmptyLabel, "case %q has an empty label", id)
	}
	if !utf8.ValidString(id) || !utf8.ValidString(label) {
		return rd.errorf(line, ErrMalformed, "invalid UTF-8")
	}
	if first, ok := rd.labels.m[id]; ok {
		return rd.errorf(line, ErrDuplicate, "case %q is labelled twice (first on line %d)", id, first.line)
	}
	s, ok := rd.interned[label]
	if !ok {
		s = strings.Clone(label)
		rd.interned[s] = s
	}
	rd.labels.m[strings.Clone(id)] = entry{label: s, line: int32(min(line, 1<<31-1))}
	return nil
}

func (rd *reading) csv(r io.Reader) error {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	idCol, labelCol := 0, 1
	for n := 0; ; n++ {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				if errors.Is(pe.Err, csv.ErrFieldCount) {
					return rd.errorf(pe.StartLine, ErrMalformed, "%d fields, where the first row has %d", len(rec), cr.FieldsPerRecord)
				}
				return rd.errorf(pe.Line, ErrMalformed, "column %d: %v", pe.Column, pe.Err)
			}
			return fmt.Errorf("%s: %w", rd.labels.file, err)
		}
		line, _ := cr.FieldPos(0)
		if n == 0 {
			header, err := rd.header(line, rec)
			if err != nil {
				return err
			}
			if header != nil {
				idCol, labelCol = header[0], header[1]
				continue
			}
			if len(rec) != 2 {
				return rd.errorf(line, ErrMalformed, "%d fields: a file without a header has two, case id and label", len(rec))
			}
		}
		if err := rd.add(line, strings.TrimSpace(rec[idCol]), strings.TrimSpace(rec[labelCol])); err != nil {
			return err
		}
	}
}

// header returns the columns of the case id and the label when rec is a
// header row (it names case_id), nil when it is not.
func (rd *reading) header(line int, rec []string) ([]int, error) {
	cols := []int{-1, -1}
	for i, f := range rec {
		switch strings.ToLower(strings.TrimSpace(f)) {
		case "case_id":
			if cols[0] >= 0 {
				return nil, rd.errorf(line, ErrMalformed, "the header names case_id twice")
			}
			cols[0] = i
		case "label":
			if cols[1] >= 0 {
				return nil, rd.errorf(line, ErrMalformed, "the header names label twice")
			}
			cols[1] = i
		}
	}
	switch {
	case cols[0] < 0 && cols[1] >= 0:
		return nil, rd.errorf(line, ErrMalformed, "the header names label but no case_id column")
	case cols[0] < 0:
		return nil, nil
	case cols[1] < 0:
		return nil, rd.errorf(line, ErrMalformed, "the header names case_id but no label column")
	}
	return cols, nil
}

func (rd *reading) ndjson(br *bufio.Reader) error {
	for line := 1; ; line++ {
		text, err := br.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			// A long line: gather it whole. The file's limit bounds it.
			long := slices.Clone(text)
			for err == bufio.ErrBufferFull {
				text, err = br.ReadSlice('\n')
				long = append(long, text...)
			}
			text = long
		}
		if err != nil && err != io.EOF {
			return fmt.Errorf("%s: %w", rd.labels.file, err)
		}
		if t := bytes.TrimSpace(text); len(t) > 0 {
			id, label, msg := parseLine(t)
			if msg != "" {
				return rd.errorf(line, ErrMalformed, "%s", msg)
			}
			if err := rd.add(line, id, label); err != nil {
				return err
			}
		}
		if err == io.EOF {
			return nil
		}
	}
}

// parseLine reads one NDJSON line: an object with the string members
// case_id and label, each once, and any others.
func parseLine(text []byte) (id, label, msg string) {
	if !utf8.Valid(text) {
		return "", "", "invalid UTF-8"
	}
	if text[0] != '{' {
		return "", "", "not a JSON object"
	}
	if !json.Valid(text) {
		var v any
		err := json.Unmarshal(text, &v)
		return "", "", "malformed JSON: " + err.Error()
	}
	var seenID, seenLabel bool
	for key, value := range members(text) {
		name := string(key[1 : len(key)-1])
		if bytes.IndexByte(key, '\\') >= 0 {
			json.Unmarshal(key, &name)
		}
		var dst *string
		switch name {
		case "case_id":
			if seenID {
				return "", "", "case_id appears twice"
			}
			seenID, dst = true, &id
		case "label":
			if seenLabel {
				return "", "", "label appears twice"
			}
			seenLabel, dst = true, &label
		}
		if dst == nil {
			continue
		}
		if value[0] != '"' {
			return "", "", fmt.Sprintf("%s is %s, not a string", name, excerpt(value))
		}
		if bytes.IndexByte(value, '\\') < 0 {
			*dst = string(value[1 : len(value)-1])
		} else {
			json.Unmarshal(value, dst)
		}
	}
	switch {
	case !seenID:
		return "", "", "no case_id member"
	case !seenLabel:
		return "", "", "no label member"
	}
	return id, label, ""
}

// members yields the raw name and value of each member of the valid JSON
// object text.
func members(text []byte) func(func(key, value []byte) bool) {
	return func(yield func(key, value []byte) bool) {
		i := skipSpace(text, 1)
		for i < len(text) && text[i] == '"' {
			end := stringEnd(text, i)
			key := text[i:end]
			i = skipSpace(text, end)
			i = skipSpace(text, i+1) // the ':'
			start := i
			depth := 0
		value:
			for ; i < len(text); i++ {
				switch text[i] {
				case '"':
					i = stringEnd(text, i) - 1
				case '{', '[':
					depth++
				case '}', ']':
					if depth == 0 {
						break value
					}
					depth--
				case ',':
					if depth == 0 {
						break value
					}
				}
			}
			if !yield(key, bytes.TrimRight(text[start:i], " \t\r\n")) {
				return
			}
			if i < len(text) && text[i] == ',' {
				i = skipSpace(text, i+1)
			}
		}
	}
}

// stringEnd returns the offset after the valid JSON string at text[i].
func stringEnd(text []byte, i int) int {
	for i++; i < len(text); i++ {
		switch text[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return len(text)
}

func skipSpace(text []byte, i int) int {
	for i < len(text) && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n') {
		i++
	}
	return i
}

// excerpt shortens a JSON value for a message.
func excerpt(raw []byte) string {
	const max = 40
	if len(raw) <= max {
		return string(raw)
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(raw[cut]) {
		cut--
	}
	return string(raw[:cut]) + "…"
}
