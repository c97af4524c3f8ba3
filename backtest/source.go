package backtest

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Item is one case to evaluate, or a document of cases (an API list
// response), or what could not be read.
type Item struct {
	Name string // the file, or file:line for NDJSON
	Data []byte
	Err  error // the item could not be read
}

// Source produces the cases of a run, in order. Count returns how many
// items there are.
type Source struct {
	paths []string
	stdin io.Reader // what the path "-" reads
}

// Sources reads cases from files and folders: a folder is searched for
// *.json, *.ndjson and *.jsonl files; a *.ndjson or *.jsonl file holds one
// case per line; any other file is one case. A file or line may also hold
// an API list response of cases ({"data": [...], "pagination": ...}),
// whose cases are evaluated one by one.
func Sources(paths ...string) Source { return Source{paths: paths} }

// WithStdin returns the source with r as what the path "-" reads: NDJSON
// from standard input, say. Without it, "-" is a file of that name.
func (s Source) WithStdin(r io.Reader) Source {
	s.stdin = r
	return s
}

// Paths returns the files and folders the source reads.
func (s Source) Paths() []string { return append([]string(nil), s.paths...) }

// files lists the files of the source in a stable order.
func (s Source) files() ([]string, error) {
	var out []string
	for _, p := range s.paths {
		if s.reads(p) {
			out = append(out, p)
			continue
		}
		st, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			out = append(out, p)
			continue
		}
		var found []string
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && (strings.HasSuffix(path, ".json") || isNDJSON(path)) {
				found = append(found, path)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		sort.Strings(found)
		out = append(out, found...)
	}
	return out, nil
}

// reads reports whether p is "-" and the source has a reader for it.
func (s Source) reads(p string) bool { return p == "-" && s.stdin != nil }

func isNDJSON(path string) bool {
	return strings.HasSuffix(path, ".ndjson") || strings.HasSuffix(path, ".jsonl")
}

// Count returns the number of items: files, and lines of NDJSON files (an
// API list response counts once); -1 when the source reads a stream, which
// cannot be counted before it is read.
func (s Source) Count() (int, error) {
	files, err := s.files()
	if err != nil {
		return 0, err
	}
	n := 0
	for _, f := range files {
		if s.reads(f) {
			return -1, nil
		}
		if !isNDJSON(f) {
			n++
			continue
		}
		fh, err := os.Open(f)
		if err != nil {
			n++
			continue
		}
		lines, err := countLines(fh)
		fh.Close()
		if err != nil {
			return 0, err
		}
		n += lines
	}
	return n, nil
}

func countLines(r io.Reader) (int, error) {
	buf := make([]byte, 1<<20)
	n, last := 0, byte('\n')
	for {
		k, err := r.Read(buf)
		for _, b := range buf[:k] {
			if b == '\n' {
				n++
			}
		}
		if k > 0 {
			last = buf[k-1]
		}
		if err == io.EOF {
			if last != '\n' {
				n++
			}
			return n, nil
		}
		if err != nil {
			return n, err
		}
	}
}

// DefaultMaxCaseBytes is the default of Options.MaxCaseBytes: the size
// limit of a case document (rules.DefaultLimits.CaseBytes).
const DefaultMaxCaseBytes = 32 << 20

// LineTooLongError is an NDJSON line longer than Options.MaxCaseBytes. The
// line is skipped and reading goes on with the next one.
type LineTooLongError struct {
	Limit int
}

func (e *LineTooLongError) Error() string {
	return fmt.Sprintf("the line is longer than the limit of %d bytes (Options.MaxCaseBytes; the CLI's --max-case-bytes); it is skipped and reading goes on with the next line", e.Limit)
}

// FileTooLargeError is a case file larger than Options.MaxCaseBytes; it is
// not read.
type FileTooLargeError struct {
	Limit int
}

func (e *FileTooLargeError) Error() string {
	return fmt.Sprintf("the file is larger than the limit of %d bytes (Options.MaxCaseBytes; the CLI's --max-case-bytes); it is not read", e.Limit)
}

// ErrResult is the reason a result of verdict (a line of backtest's Out,
// a result of verdict run) given as a case is skipped: it is not a case,
// and evaluating it would count it as one.
var ErrResult = errors.New("a verdict result (backtest --out writes such lines), not a case")

// ErrResultsFile is the reason the rest of an NDJSON file is not read once
// a line of it is one backtest's Out wrote.
var ErrResultsFile = errors.New("a file of verdict results (backtest --out writes it), not of cases: the rest of the file is not read")

// resultPrefix starts every line Out receives.
var resultPrefix = []byte(`{"verdict_result":`)

// emit sends every item on ch and closes it. Blank NDJSON lines are
// skipped.
func (s Source) emit(ctx context.Context, ch chan<- Item, maxBytes int) error {
	defer close(ch)
	files, err := s.files()
	if err != nil {
		return err
	}
	send := func(it Item) bool {
		select {
		case ch <- it:
			return true
		case <-ctx.Done():
			return false
		}
	}
	for _, f := range files {
		if s.reads(f) {
			if !emitLines(s.stdin, "standard input", maxBytes, send) {
				return ctx.Err()
			}
			continue
		}
		if !isNDJSON(f) {
			data, err := readLimited(f, maxBytes)
			if err == nil && bytes.HasPrefix(data, resultPrefix) {
				data, err = nil, ErrResult
			}
			if !send(Item{Name: f, Data: data, Err: err}) {
				return ctx.Err()
			}
			continue
		}
		fh, err := os.Open(f)
		if err != nil {
			if !send(Item{Name: f, Err: err}) {
				return ctx.Err()
			}
			continue
		}
		ok := emitLines(fh, f, maxBytes, send)
		fh.Close()
		if !ok {
			return ctx.Err()
		}
	}
	return nil
}

// readLimited reads a whole file of at most max bytes.
func readLimited(name string, max int) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, int64(max)+1))
	if err != nil {
		return nil, err
	}
	if len(data) > max {
		return nil, &FileTooLargeError{Limit: max}
	}
	return data, nil
}

// emitLines sends the lines of an NDJSON file. A line longer than max is
// reported and skipped, and reading goes on after its end; a line written
// by Out ends the file. It returns false when send did.
func emitLines(r io.Reader, name string, max int, send func(Item) bool) bool {
	lr := lineReader{r: bufio.NewReaderSize(r, 64<<10), max: max}
	for n := 1; ; n++ {
		line, err := lr.next()
		if err == io.EOF {
			return true
		}
		at := fmt.Sprintf("%s:%d", name, n)
		if err != nil {
			var tl *LineTooLongError
			if !send(Item{Name: at, Err: err}) {
				return false
			}
			if errors.As(err, &tl) {
				continue
			}
			return true
		}
		b := bytes.TrimSpace(line)
		if len(b) == 0 {
			continue
		}
		if bytes.HasPrefix(b, resultPrefix) {
			return send(Item{Name: at, Err: ErrResultsFile})
		}
		if !send(Item{Name: at, Data: bytes.Clone(b)}) {
			return false
		}
	}
}

// lineReader reads lines of at most max bytes, skipping over longer ones.
type lineReader struct {
	r   *bufio.Reader
	max int
	buf []byte
}

// next returns the next line without its newline; a *LineTooLongError for
// a line longer than max, whose rest it has read past; io.EOF at the end.
func (lr *lineReader) next() ([]byte, error) {
	lr.buf = lr.buf[:0]
	tooLong := false
	for {
		chunk, err := lr.r.ReadSlice('\n')
		if !tooLong {
			if len(lr.buf)+len(chunk) > lr.max+1 || (len(lr.buf)+len(chunk) == lr.max+1 && (len(chunk) == 0 || chunk[len(chunk)-1] != '\n')) {
				tooLong = true
				lr.buf = lr.buf[:0]
			} else {
				lr.buf = append(lr.buf, chunk...)
			}
		}
		switch {
		case err == bufio.ErrBufferFull:
			continue
		case err == io.EOF:
			if tooLong {
				return nil, &LineTooLongError{Limit: lr.max}
			}
			if len(lr.buf) == 0 {
				return nil, io.EOF
			}
			return lr.buf, nil
		case err != nil:
			return nil, err
		}
		if tooLong {
			return nil, &LineTooLongError{Limit: lr.max}
		}
		return bytes.TrimSuffix(lr.buf, []byte("\n")), nil
	}
}
