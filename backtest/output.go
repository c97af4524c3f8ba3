package backtest

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// OutputConflictError is an output file that would overwrite an input of
// the run: one of its files, a file one of its folders holds (or links
// to), or a path inside one of its folders.
type OutputConflictError struct {
	Output, Input string
	Inside        bool // the output is inside the input folder
	// Via is the file of the input folder that is the output, when the
	// folder holds it through a symbolic or hard link.
	Via string
}

// Error names the output and the input it would overwrite or lie in.
func (e *OutputConflictError) Error() string {
	switch {
	case e.Via != "":
		return fmt.Sprintf("the output %s is %s, a file the input folder %s holds (through a link): writing it would destroy an input of the run", e.Output, e.Via, e.Input)
	case e.Inside:
		return fmt.Sprintf("the output %s is inside the input folder %s: writing it would change the cases being read", e.Output, e.Input)
	}
	return fmt.Sprintf("the output %s is the input %s: writing it would destroy an input of the run", e.Output, e.Input)
}

// CheckOutput refuses an output path that names one of the inputs, lies
// inside an input folder, or is a file an input folder's case files link
// to, whatever the spelling: "./x", "a/../x", a symbolic link or a hard
// link to the same file all count, and a link to a file not yet made is
// checked where it leads. Inputs may be files of any kind (the
// automations and events of a run as well as its cases); folders are
// walked as Sources walks them, and every case file in them is compared
// with the output through its links (os.SameFile). It returns an
// *OutputConflictError.
func CheckOutput(out string, inputs ...string) error {
	realOut, err := destination(out)
	if err != nil {
		return fmt.Errorf("output %s: %w", out, err)
	}
	outInfo, outErr := os.Stat(out)
	for _, in := range inputs {
		if in == "-" {
			continue // standard input
		}
		inInfo, err := os.Stat(in)
		if err != nil {
			return fmt.Errorf("input %s: %w", in, err)
		}
		if outErr == nil && os.SameFile(outInfo, inInfo) {
			return &OutputConflictError{Output: out, Input: in}
		}
		realIn, err := resolve(in)
		if err != nil {
			return fmt.Errorf("input %s: %w", in, err)
		}
		if realIn == realOut {
			return &OutputConflictError{Output: out, Input: in}
		}
		if !inInfo.IsDir() {
			continue
		}
		if strings.HasPrefix(realOut, strings.TrimSuffix(realIn, string(filepath.Separator))+string(filepath.Separator)) {
			return &OutputConflictError{Output: out, Input: in, Inside: true}
		}
		found, _, err := caseFiles(in)
		if err != nil {
			return fmt.Errorf("input %s: %w", in, err)
		}
		for _, f := range found {
			if sameAsOutput(f, outInfo, outErr, realOut) {
				return &OutputConflictError{Output: out, Input: in, Via: f}
			}
		}
	}
	return nil
}

// SameOutput reports whether the outputs a and b would be written to one
// file: spelt alike or not, through symbolic links followed as
// CreateOutput follows them (to a file not yet made too), or hard links.
func SameOutput(a, b string) bool {
	da, errA := destination(a)
	db, errB := destination(b)
	if errA == nil && errB == nil && da == db {
		return true
	}
	sa, errA := os.Stat(a)
	sb, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(sa, sb)
}

// sameAsOutput reports whether the file f, followed through its links, is
// the output: the same file, or, for a link whose target does not exist
// yet, the output's path.
func sameAsOutput(f string, outInfo os.FileInfo, outErr error, realOut string) bool {
	st, err := os.Stat(f)
	if err == nil {
		return outErr == nil && os.SameFile(st, outInfo)
	}
	// A dangling link: follow it by hand to where it points.
	target := f
	for hops := 0; hops < 40; hops++ {
		lst, err := os.Lstat(target)
		if err != nil || lst.Mode()&fs.ModeSymlink == 0 {
			break
		}
		next, err := os.Readlink(target)
		if err != nil {
			return false
		}
		if !filepath.IsAbs(next) {
			next = filepath.Join(filepath.Dir(target), next)
		}
		target = next
	}
	real, err := resolve(target)
	return err == nil && real == realOut
}

// destination returns the absolute path, its folders' links followed, of
// the file CreateOutput writes for out: the end of out's symbolic links,
// which for a link to a file not yet made is not out's own folder.
func destination(out string) (string, error) {
	path, err := followLinks(out)
	if err != nil && !errors.Is(err, ErrNotRegular) {
		return "", err
	}
	return resolve(path)
}

// resolve returns the absolute path of p with its symbolic links followed;
// for a file that does not exist yet, that of its folder.
func resolve(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		return real, nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return "", err
	}
	dir, err := filepath.EvalSymlinks(filepath.Dir(abs))
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, filepath.Base(abs)), nil
}

// Output is a results file that appears whole or not at all: it is
// written to a temporary file beside the final one, and renamed over it
// by Commit. Until then the final name is untouched, so a run that fails
// or is interrupted never leaves half a file under it. A file replaced
// keeps its mode; a new one is made as os.Create makes it.
type Output struct {
	f     *os.File
	path  string
	mode  os.FileMode // that of the file replaced, when keep
	keep  bool
	ended bool
}

// ErrNotRegular is the error of CreateOutput for a path that exists and is
// not a regular file (/dev/stdout, a pipe, a folder), or that can only
// name a folder ("x/", "x/."): it cannot be replaced whole by a rename.
// Write to the stream itself instead.
var ErrNotRegular = errors.New("not a regular file, so it cannot be replaced by the finished results")

// CreateOutput checks path against the inputs (CheckOutput) before
// anything is opened for writing, then opens the temporary file. A path
// that is not a regular file is ErrNotRegular, and so is one that leads to
// a file descriptor (/dev/stdout, /proc/self/fd/1), whatever the stream
// is. A symbolic link stays one: the file it names gets the results.
func CreateOutput(path string, inputs ...string) (*Output, error) {
	if err := CheckOutput(path, inputs...); err != nil {
		return nil, err
	}
	path, err := followLinks(path)
	if err != nil {
		return nil, fmt.Errorf("output %s: %w", path, err)
	}
	o := &Output{path: path}
	if st, err := os.Stat(path); err == nil {
		if !st.Mode().IsRegular() {
			return nil, fmt.Errorf("output %s: %w", path, ErrNotRegular)
		}
		o.mode, o.keep = st.Mode().Perm(), true
	}
	if o.f, err = createTemp(path); err != nil {
		return nil, fmt.Errorf("output: %w", err)
	}
	return o, nil
}

// createTemp makes a new file beside path, named after it, with the mode
// os.Create gives (0666 less the umask): os.CreateTemp's 0600, widened
// to 0644 by hand, would make a new output readable by everyone under a
// umask of 077.
func createTemp(path string) (*os.File, error) {
	dir, base := filepath.Split(path)
	// A name may be up to 255 bytes long; the marks around it must still
	// fit ("." + base + "." + 10 digits + ".tmp").
	if len(base) > 200 {
		base = base[:200]
	}
	for range 100 {
		name := filepath.Join(dir, "."+base+"."+strconv.FormatUint(uint64(rand.Uint32()), 10)+".tmp")
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
		if !errors.Is(err, fs.ErrExist) {
			return f, err
		}
	}
	return nil, fmt.Errorf("no unused temporary name beside %s", path)
}

// followLinks returns the file the symbolic links at path lead to, and
// ErrNotRegular when one of them names a file descriptor: renaming over
// /dev/stdout would replace the link, not write to the stream.
func followLinks(path string) (string, error) {
	for range 40 {
		if namesFolder(path) {
			return path, fmt.Errorf("the name ends as a folder's does: %w", ErrNotRegular)
		}
		// The folder's links are followed first: a relative target is
		// relative to where the link really is, and a descriptor may be
		// named through a linked folder (/dev/fd, a link to /proc/self).
		if abs, err := filepath.Abs(path); err == nil {
			if dir, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
				path = filepath.Join(dir, filepath.Base(abs))
			}
		}
		if isDescriptor(path) {
			return path, ErrNotRegular
		}
		st, err := os.Lstat(path)
		if err != nil || st.Mode()&os.ModeSymlink == 0 {
			return path, nil // a missing file is created
		}
		target, err := os.Readlink(path)
		if err != nil {
			return path, err
		}
		if namesFolder(target) {
			return path, fmt.Errorf("the link names a folder, %s: %w", target, ErrNotRegular)
		}
		if !filepath.IsAbs(target) {
			target = filepath.Join(filepath.Dir(path), target)
		}
		path = target
	}
	return path, errors.New("too many levels of symbolic links")
}

// namesFolder reports whether path can only name a folder: it ends in a
// separator, "." or "..". Cleaning it would turn "x/" into x, a file.
func namesFolder(path string) bool {
	if strings.HasSuffix(path, string(filepath.Separator)) || strings.HasSuffix(path, "/") {
		return true
	}
	base := filepath.Base(path)
	return base == "." || base == ".."
}

// isDescriptor reports whether path names an open file descriptor.
func isDescriptor(path string) bool {
	path = filepath.Clean(path)
	for _, dir := range []string{"/proc/self/fd/", "/proc/thread-self/fd/", "/dev/fd/"} {
		if strings.HasPrefix(path, dir) {
			return true
		}
	}
	switch path {
	case "/dev/stdin", "/dev/stdout", "/dev/stderr":
		return true
	}
	return strings.HasPrefix(path, "/proc/") && strings.Contains(path, "/fd/")
}

// Write writes to the temporary file. Its error names the output, not
// the temporary file, which the user never named and which is gone once
// the run ends.
func (o *Output) Write(p []byte) (int, error) {
	n, err := o.f.Write(p)
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = &fs.PathError{Op: pe.Op, Path: o.path, Err: pe.Err}
	}
	return n, err
}

// TempName returns the name of the temporary file.
func (o *Output) TempName() string { return o.f.Name() }

// Commit flushes the temporary file to disk and renames it to the final
// name.
func (o *Output) Commit() error { return CommitAll(o) }

// finish flushes the temporary file to disk and closes it.
func (o *Output) finish() error {
	if o.ended {
		return errors.New("output: already committed or aborted")
	}
	o.ended = true
	var err error
	if o.keep {
		err = o.f.Chmod(o.mode)
	}
	if err == nil {
		err = o.f.Sync()
	}
	if cerr := o.f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(o.f.Name())
		return fmt.Errorf("output %s: %w", o.path, err)
	}
	return nil
}

// CommitAll commits outputs together: each final name gets its new file,
// or, when one of them cannot, every final name keeps the file it had
// (or none, as before). Results and the decision records of one run
// never come from two runs. Nil outputs are passed over.
func CommitAll(outs ...*Output) error {
	var live []*Output
	for _, o := range outs {
		if o != nil {
			live = append(live, o)
		}
	}
	for i, o := range live {
		if err := o.finish(); err != nil {
			for _, p := range live[i+1:] {
				p.Abort()
			}
			for _, p := range live[:i] {
				os.Remove(p.f.Name())
			}
			return err
		}
	}
	// With more than one, each file replaced is first kept under a second
	// name, until every new one is in place.
	backups := make([]string, len(live))
	removeBackups := func() {
		for _, b := range backups {
			if b != "" {
				os.Remove(b)
			}
		}
	}
	removeTemps := func() {
		for _, o := range live {
			os.Remove(o.f.Name())
		}
	}
	for i, o := range live {
		if len(live) == 1 {
			break
		}
		var err error
		if backups[i], err = backup(o.path); err != nil {
			removeBackups()
			removeTemps()
			return fmt.Errorf("output %s: %w (no output was replaced)", o.path, err)
		}
	}
	for i, o := range live {
		err := os.Rename(o.f.Name(), o.path)
		if err == nil {
			continue
		}
		err = fmt.Errorf("output %s: %w", o.path, err)
		if i > 0 {
			err = fmt.Errorf("%w (the outputs before it keep their earlier files)", err)
		}
		// Put back what the ones before had.
		for j := i - 1; j >= 0; j-- {
			var rerr error
			if backups[j] != "" {
				rerr = os.Rename(backups[j], live[j].path)
			} else {
				rerr = os.Remove(live[j].path)
			}
			if rerr != nil {
				err = fmt.Errorf("%w; but %s holds this run's output, not its earlier file: %v", err, live[j].path, rerr)
			} else {
				backups[j] = ""
			}
		}
		removeBackups()
		removeTemps()
		return err
	}
	removeBackups()
	return nil
}

// backup gives the file at path a second name beside it and returns that
// name, or "" when there is no file at path: a hard link, so that the
// final name is never missing, or, where the file system has none, a copy.
func backup(path string) (string, error) {
	st, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "", nil
	case err != nil:
		return "", err
	case !st.Mode().IsRegular():
		return "", ErrNotRegular
	}
	dir, base := filepath.Split(path)
	if len(base) > 200 {
		base = base[:200]
	}
	for range 100 {
		name := filepath.Join(dir, "."+base+"."+strconv.FormatUint(uint64(rand.Uint32()), 10)+".old")
		err := os.Link(path, name)
		switch {
		case err == nil:
			return name, nil
		case errors.Is(err, fs.ErrExist):
			continue
		}
		if err := copyFile(path, name); err != nil {
			os.Remove(name)
			return "", fmt.Errorf("keeping the earlier file until the other outputs are written: %w", err)
		}
		return name, nil
	}
	return "", errors.New("no unused name beside it to keep the earlier file")
}

// copyFile copies the file at from to a new file to, with from's mode
// (its permission bits).
func copyFile(from, to string) error {
	src, err := os.Open(from)
	if err != nil {
		return err
	}
	defer src.Close()
	st, err := src.Stat()
	if err != nil {
		return err
	}
	dst, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, st.Mode().Perm())
	if err != nil {
		return err
	}
	// The umask narrowed the mode OpenFile was given.
	if err := dst.Chmod(st.Mode().Perm()); err != nil {
		dst.Close()
		return err
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		return err
	}
	return dst.Close()
}

// Abort removes the temporary file and leaves the final name as it was.
// It does nothing after Commit.
func (o *Output) Abort() {
	if o.ended {
		return
	}
	o.ended = true
	o.f.Close()
	os.Remove(o.f.Name())
}
