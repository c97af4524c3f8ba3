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
	"strconv"
	"strings"

	"github.com/verdict-rules/verdict/cases"
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
// *.json, *.ndjson and *.jsonl files (in any case: A.JSON), and its other
// files are counted in Summary.Ignored; a *.ndjson or *.jsonl file holds
// one case per line; any other file is one case. A file or line may also hold
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

// files lists the files of the source in a stable order, and counts the
// files its folders hold that are not case files.
func (s Source) files() (out []string, ignored int, err error) {
	for _, p := range s.paths {
		if s.reads(p) {
			out = append(out, p)
			continue
		}
		st, err := os.Stat(p)
		if err != nil {
			return nil, 0, err
		}
		if !st.IsDir() {
			out = append(out, p)
			continue
		}
		found, other, err := caseFiles(p)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, found...)
		ignored += other
	}
	return out, ignored, nil
}

// caseFiles lists the case files under a folder, sorted, and counts the
// other files it holds. Symbolic links to files are listed by their own
// name (opening them follows them); links to folders are not followed.
func caseFiles(dir string) (found []string, ignored int, err error) {
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		switch {
		case d.IsDir():
		case isCaseFile(path):
			found = append(found, path)
		default:
			ignored++
		}
		return nil
	})
	sort.Strings(found)
	return found, ignored, err
}

// reads reports whether p is "-" and the source has a reader for it.
func (s Source) reads(p string) bool { return p == "-" && s.stdin != nil }

// isCaseFile reports whether a folder's file is read: *.json, *.ndjson or
// *.jsonl, in any case (A.JSON, c.NDJSON).
func isCaseFile(path string) bool {
	return strings.EqualFold(filepath.Ext(path), ".json") || isNDJSON(path)
}

// isNDJSON reports whether a file holds one case per line: *.ndjson or
// *.jsonl, in any case.
func isNDJSON(path string) bool {
	ext := filepath.Ext(path)
	return strings.EqualFold(ext, ".ndjson") || strings.EqualFold(ext, ".jsonl")
}

// Count returns the number of items: files, and lines of NDJSON files (an
// API list response counts once); -1 when the source reads a stream
// (standard input, a pipe, a device), which cannot be counted before it is
// read.
func (s Source) Count() (int, error) {
	files, _, err := s.files()
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
		if st, err := fh.Stat(); err != nil || !st.Mode().IsRegular() {
			fh.Close()
			return -1, nil
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
// limit of a case document (document.DefaultMaxBytes, the default of
// cases.Decoder).
const DefaultMaxCaseBytes = 32 << 20

// LineTooLongError is an NDJSON line longer than Options.MaxCaseBytes. The
// line is skipped and reading goes on with the next one.
type LineTooLongError struct {
	Limit int
}

// Error says the line is over the limit and reading goes on after it.
func (e *LineTooLongError) Error() string {
	return fmt.Sprintf("the line is longer than the limit of %d bytes (Options.MaxCaseBytes; the CLI's --max-case-bytes); it is skipped and reading goes on with the next line", e.Limit)
}

// FileTooLargeError is a case file larger than Options.MaxCaseBytes; it is
// not read.
type FileTooLargeError struct {
	Limit int
}

// Error says the file is over the limit and is not read.
func (e *FileTooLargeError) Error() string {
	return fmt.Sprintf("the file is larger than the limit of %d bytes (Options.MaxCaseBytes; the CLI's --max-case-bytes); it is not read", e.Limit)
}

// ErrResult is the reason a result of verdict (a line of backtest's Out,
// a result of verdict run) given as a case is skipped: it is not a case,
// and evaluating it would count it as one (cases.IsResult recognises it).
var ErrResult = cases.ErrResult

// emit sends every item on ch and closes it. Blank NDJSON lines are
// skipped.
func (s Source) emit(ctx context.Context, files []string, ch chan<- Item, maxBytes int) error {
	defer close(ch)
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
			if !emitLines(ctx, s.stdin, "standard input", maxBytes, send) {
				return ctx.Err()
			}
			continue
		}
		if !isNDJSON(f) {
			data, err := readLimited(f, maxBytes)
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
		ok := emitLines(ctx, fh, f, maxBytes, send)
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
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() && st.Size() > int64(max) {
		return nil, &FileTooLargeError{Limit: max}
	}
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
// reported and skipped, and reading goes on after its end. It returns
// false when send did, or ctx ended.
func emitLines(ctx context.Context, r io.Reader, name string, max int, send func(Item) bool) bool {
	lr := lineReader{ctx: ctx, r: bufio.NewReaderSize(r, 64<<10), max: max}
	for n := 1; ; n++ {
		line, err := lr.next()
		if err == io.EOF {
			return true
		}
		if ctx.Err() != nil {
			return false
		}
		at := name + ":" + strconv.Itoa(n)
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
		if !send(Item{Name: at, Data: bytes.Clone(b)}) {
			return false
		}
	}
}

// lineReader reads lines of at most max bytes, skipping over longer ones.
// It looks at ctx before every chunk it reads, so a line that never ends
// (a link to /dev/zero) does not keep a cancelled run reading.
type lineReader struct {
	ctx context.Context
	r   *bufio.Reader
	max int
	buf []byte // the line being read
	own []byte // where lines longer than the reader's buffer are put together
}

// next returns the next line, valid until the following call, without its
// line ending ("\n" or "\r\n", which the limit does not count); a *LineTooLongError for a line longer
// than max, whose rest it has read past; ctx's error when it ended; io.EOF
// at the end.
func (lr *lineReader) next() ([]byte, error) {
	lr.buf = lr.own[:0]
	tooLong := false
	for {
		if err := lr.ctx.Err(); err != nil {
			return nil, err
		}
		chunk, err := lr.r.ReadSlice('\n')
		if err == nil && !tooLong && len(lr.buf) == 0 && len(chunk) <= lr.max+2 {
			// The whole line is in the reader's buffer (most are): it
			// is returned from there, not copied.
			lr.buf = chunk
		} else if !tooLong {
			// A line of max bytes takes max+2 with its "\r\n".
			if len(lr.buf)+len(chunk) > lr.max+2 {
				tooLong = true
				lr.buf = lr.buf[:0]
			} else {
				lr.buf = append(lr.buf, chunk...)
				lr.own = lr.buf
			}
		}
		switch {
		case err == bufio.ErrBufferFull:
			continue
		case err == io.EOF:
			if !tooLong && len(lr.buf) == 0 {
				return nil, io.EOF
			}
		case err != nil:
			return nil, err
		}
		if tooLong {
			return nil, &LineTooLongError{Limit: lr.max}
		}
		line := bytes.TrimSuffix(lr.buf, []byte("\n"))
		if n := len(line); n > 0 && line[n-1] == '\r' {
			n--
			if n > lr.max {
				return nil, &LineTooLongError{Limit: lr.max}
			}
			return line[:n], nil
		}
		if len(line) > lr.max {
			return nil, &LineTooLongError{Limit: lr.max}
		}
		return line, nil
	}
}
