package backtest_test

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/verdict-rules/verdict/backtest"
)

func TestCheckOutput(t *testing.T) {
	dir := writeFiles(t, map[string]string{"cases/a.json": `{}`, "cases/sub/b.ndjson": "", "corpus.ndjson": "", "elsewhere/x": ""})
	t.Chdir(dir)
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.Symlink(filepath.Join(dir, "corpus.ndjson"), "link.ndjson"))
	must(os.Symlink(filepath.Join(dir, "cases"), "cases-link"))
	must(os.Link("corpus.ndjson", "hard.ndjson"))
	for _, tc := range []struct {
		out    string
		inputs []string
		want   string // "" for no conflict, "is" or "inside"
	}{
		{"corpus.ndjson", []string{"cases", "corpus.ndjson"}, "is"},
		{"./corpus.ndjson", []string{"corpus.ndjson"}, "is"},
		{"elsewhere/../corpus.ndjson", []string{"corpus.ndjson"}, "is"},
		{filepath.Join(dir, "corpus.ndjson"), []string{"corpus.ndjson"}, "is"},
		{"link.ndjson", []string{"corpus.ndjson"}, "is"},
		{"corpus.ndjson", []string{"link.ndjson"}, "is"},
		{"hard.ndjson", []string{"corpus.ndjson"}, "is"},
		{"cases/a.json", []string{"cases"}, "inside"},
		{"cases/new-results.ndjson", []string{"cases"}, "inside"},
		{"cases/sub/new.txt", []string{"cases"}, "inside"},
		{"cases-link/new.ndjson", []string{"cases"}, "inside"},
		{"cases/new.ndjson", []string{"cases-link"}, "inside"},
		{"results.ndjson", []string{"cases", "corpus.ndjson"}, ""},
		{"cases2.ndjson", []string{"cases"}, ""},
		{"elsewhere/results.ndjson", []string{"cases", "corpus.ndjson"}, ""},
	} {
		err := backtest.CheckOutput(tc.out, tc.inputs...)
		var ce *backtest.OutputConflictError
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s with %v: %v, want no conflict", tc.out, tc.inputs, err)
		case tc.want != "" && !errors.As(err, &ce):
			t.Errorf("%s with %v: %v, want a conflict", tc.out, tc.inputs, err)
		case tc.want != "" && ce.Inside != (tc.want == "inside"):
			t.Errorf("%s with %v: %v, want %q", tc.out, tc.inputs, err, tc.want)
		}
	}
	if _, err := backtest.CreateOutput("corpus.ndjson", "corpus.ndjson"); err == nil {
		t.Error("CreateOutput opened an input")
	}
}

// The final name holds the old file until Commit, and never half a file.
func TestOutputIsAtomic(t *testing.T) {
	dir := writeFiles(t, map[string]string{"out.ndjson": "old\n"})
	final := filepath.Join(dir, "out.ndjson")
	read := func() string {
		b, err := os.ReadFile(final)
		if err != nil {
			return err.Error()
		}
		return string(b)
	}
	o, err := backtest.CreateOutput(final)
	if err != nil {
		t.Fatal(err)
	}
	o.Write([]byte("half a line"))
	if got := read(); got != "old\n" {
		t.Errorf("while writing: %q", got)
	}
	o.Abort()
	if got := read(); got != "old\n" {
		t.Errorf("after Abort: %q", got)
	}
	if _, err := os.Stat(o.TempName()); !os.IsNotExist(err) {
		t.Errorf("the temporary file is left: %v", err)
	}
	o, err = backtest.CreateOutput(final)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(filepath.Base(o.TempName()), ".out.ndjson.") || filepath.Dir(o.TempName()) != dir {
		t.Errorf("temporary file %s, want it beside the final one", o.TempName())
	}
	o.Write([]byte("new\n"))
	if err := o.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := read(); got != "new\n" {
		t.Errorf("after Commit: %q", got)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("left in the folder: %v", entries)
	}
}

// An output that is a symbolic link gets the results in the file it links
// to, and stays a link; one that leads through a file descriptor
// (/dev/stdout, /proc/self/fd/1) is the stream, not a file to replace,
// even when that stream is a regular file.
func TestOutputThroughALink(t *testing.T) {
	dir := writeFiles(t, map[string]string{"real/out.ndjson": "old\n"})
	link := filepath.Join(dir, "out.ndjson")
	if err := os.Symlink(filepath.Join("real", "out.ndjson"), link); err != nil {
		t.Skip(err)
	}
	writeOutput(t, "new\n", link)
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v %v", st, err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "real", "out.ndjson")); string(b) != "new\n" {
		t.Errorf("the file the link names holds %q", b)
	}

	fd := descriptor(t, dir)
	viaFd := filepath.Join(dir, "stdout")
	if err := os.Symlink(fd, viaFd); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{fd, viaFd} {
		if o, err := backtest.CreateOutput(name); !errors.Is(err, backtest.ErrNotRegular) {
			if o != nil {
				o.Abort()
			}
			t.Errorf("CreateOutput(%s) = %v, want ErrNotRegular", name, err)
		}
	}
	if st, err := os.Lstat(viaFd); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link to the descriptor was replaced: %v %v", st, err)
	}
}

// writeOutput writes text to the output path through CreateOutput (with
// inputs) and commits it, failing the test on any error.
func writeOutput(t *testing.T, text, path string, inputs ...string) {
	t.Helper()
	o, err := backtest.CreateOutput(path, inputs...)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := o.Write([]byte(text)); err != nil {
		t.Fatal(err)
	}
	if err := o.Commit(); err != nil {
		t.Fatal(err)
	}
}

// descriptor returns the /proc/self/fd name of a file opened in dir (and
// closed when the test ends), or skips the test where there is none.
func descriptor(t *testing.T, dir string) string {
	t.Helper()
	f, err := os.CreateTemp(dir, "stream")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	fd := filepath.Join("/proc/self/fd", strconv.Itoa(int(f.Fd())))
	if st, err := os.Stat(fd); err != nil || !st.Mode().IsRegular() {
		t.Skip("no /proc/self/fd")
	}
	return fd
}

// TestOutputLinkThroughLinkedFolder: a link's relative target is relative
// to the folder the link is really in, which is not the folder its path
// names when that folder is itself a link: "d/out" with d → a/b and
// out → ../real/in.json names a/real/in.json, and the input real/in.json,
// which "d/../real/in.json" spells, must stay untouched.
func TestOutputLinkThroughLinkedFolder(t *testing.T) {
	dir := writeFiles(t, map[string]string{"real/in.json": "input\n", "a/real/in.json": "old\n", "a/b/keep": ""})
	if err := os.Symlink(filepath.Join(dir, "a", "b"), filepath.Join(dir, "d")); err != nil {
		t.Skip(err)
	}
	if err := os.Symlink(filepath.Join("..", "real", "in.json"), filepath.Join(dir, "a", "b", "out")); err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(dir, "real", "in.json")
	writeOutput(t, "new\n", filepath.Join(dir, "d", "out"), in)
	if b, _ := os.ReadFile(in); string(b) != "input\n" {
		t.Errorf("the input %s, which CheckOutput let through, now holds %q", in, b)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "a", "real", "in.json")); string(b) != "new\n" {
		t.Errorf("the file the link names holds %q", b)
	}
}

// TestOutputDescriptorByOtherNames: a file descriptor reached through a
// relative path or a linked folder is refused as /proc/self/fd/N is.
func TestOutputDescriptorByOtherNames(t *testing.T) {
	dir := t.TempDir()
	fd := descriptor(t, dir)
	if err := os.Symlink("/proc/self", filepath.Join(dir, "me")); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	rel, err := filepath.Rel(dir, fd)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{rel, filepath.Join("me", "fd", filepath.Base(fd))} {
		o, err := backtest.CreateOutput(name)
		if !errors.Is(err, backtest.ErrNotRegular) {
			if o != nil {
				o.Abort()
			}
			t.Errorf("CreateOutput(%s) = %v, want ErrNotRegular", name, err)
		}
	}
}

// TestCheckOutputLinkToNewFile: an output that is a link to a file not yet
// made is checked where the results would go, the link's target: inside
// an input folder it is refused, as the target spelt out is.
func TestCheckOutputLinkToNewFile(t *testing.T) {
	dir := writeFiles(t, map[string]string{"cases/a.json": `{}`, "elsewhere/x": ""})
	t.Chdir(dir)
	for link, target := range map[string]string{
		"new.ndjson":     filepath.Join("cases", "new.ndjson"),
		"chain.ndjson":   "new.ndjson",
		"absolute.jsonl": filepath.Join(dir, "cases", "sub", "..", "other.jsonl"),
	} {
		if err := os.Symlink(target, link); err != nil {
			t.Skip(err)
		}
	}
	for _, out := range []string{"new.ndjson", "chain.ndjson", "absolute.jsonl"} {
		var ce *backtest.OutputConflictError
		if err := backtest.CheckOutput(out, "cases"); !errors.As(err, &ce) || !ce.Inside {
			t.Errorf("%s: %v, want it inside the input folder cases", out, err)
		}
	}
}

// TestSameOutput: two outputs are one file by any spelling, through a
// linked folder or a link to a file not yet made as well.
func TestSameOutput(t *testing.T) {
	dir := writeFiles(t, map[string]string{"old.ndjson": "", "sub/keep": ""})
	t.Chdir(dir)
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.Symlink("..", filepath.Join("sub", "up")))
	must(os.Symlink("x.ndjson", "to-x.ndjson"))
	must(os.Symlink("to-x.ndjson", "to-to-x.ndjson"))
	must(os.Link("old.ndjson", "hard.ndjson"))
	for _, tc := range []struct {
		a, b string
		same bool
	}{
		{"x.ndjson", "x.ndjson", true},
		{"x.ndjson", "./x.ndjson", true},
		{"x.ndjson", filepath.Join(dir, "x.ndjson"), true},
		{"x.ndjson", "sub/up/x.ndjson", true},
		{"x.ndjson", "to-x.ndjson", true},
		{"to-to-x.ndjson", "sub/up/x.ndjson", true},
		{"old.ndjson", "hard.ndjson", true},
		{"x.ndjson", "y.ndjson", false},
		{"x.ndjson", "sub/x.ndjson", false},
		{"old.ndjson", "x.ndjson", false},
	} {
		if got := backtest.SameOutput(tc.a, tc.b); got != tc.same {
			t.Errorf("SameOutput(%s, %s) = %v, want %v", tc.a, tc.b, got, tc.same)
		}
	}
}

// TestOutputModeFollowsUmask: a new output is made as os.Create makes a
// file, readable by whom the umask lets read it (results hold case data);
// a replaced one keeps its mode.
func TestOutputModeFollowsUmask(t *testing.T) {
	old := syscall.Umask(0o077)
	defer syscall.Umask(old)
	dir := writeFiles(t, map[string]string{"kept.ndjson": "old\n", "none.ndjson": "old\n"})
	if err := os.Chmod(filepath.Join(dir, "kept.ndjson"), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(filepath.Join(dir, "none.ndjson"), 0); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]os.FileMode{"new.ndjson": 0o600, "kept.ndjson": 0o640, "none.ndjson": 0} {
		path := filepath.Join(dir, name)
		writeOutput(t, "new\n", path)
		if st, err := os.Stat(path); err != nil || st.Mode().Perm() != want {
			t.Errorf("%s: mode %v (%v), want %v", name, st.Mode().Perm(), err, want)
		}
	}
}

// TestOutputLongName: a name as long as a folder allows (255 bytes) can be
// an output: the temporary file's name, longer by its marks, is cut to fit.
func TestOutputLongName(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, strings.Repeat("x", 250)+".json")
	if err := os.WriteFile(path, []byte("old\n"), 0o644); err != nil {
		t.Skip("no 255-byte names here:", err)
	}
	writeOutput(t, "new\n", path)
	if b, _ := os.ReadFile(path); string(b) != "new\n" {
		t.Errorf("the output holds %q", b)
	}
}

// TestOutputNamingAFolder: a name that can only be a folder's ("x/",
// "x/.") is refused, as a shell refuses "> x/": it is not made a file,
// nor does it replace the file x.
func TestOutputNamingAFolder(t *testing.T) {
	dir := writeFiles(t, map[string]string{"file.ndjson": "old\n"})
	t.Chdir(dir)
	if err := os.Symlink("new.ndjson/", "link-to-folder"); err != nil {
		t.Skip(err)
	}
	for _, name := range []string{"new/", "file.ndjson/", "file.ndjson/.", "link-to-folder"} {
		o, err := backtest.CreateOutput(name)
		if !errors.Is(err, backtest.ErrNotRegular) {
			if o != nil {
				o.Abort()
			}
			t.Errorf("CreateOutput(%q) = %v, want ErrNotRegular", name, err)
		}
	}
	if b, _ := os.ReadFile("file.ndjson"); string(b) != "old\n" {
		t.Errorf("file.ndjson holds %q", b)
	}
	for _, name := range []string{"new", "new.ndjson"} {
		if _, err := os.Lstat(name); !os.IsNotExist(err) {
			t.Errorf("%s was made: %v", name, err)
		}
	}
}

// TestCommitAllIsAllOrNothing: the outputs of one run are committed
// together. When one cannot be put in place, those before it keep their
// earlier files (or stay absent), so --out and --records never hold two
// runs' results; committed one by one, --out was already replaced when
// --records failed.
func TestCommitAllIsAllOrNothing(t *testing.T) {
	for _, tc := range []struct {
		name       string
		outExisted bool
		spoil      func(t *testing.T, final string, o *backtest.Output)
		want       string
	}{
		// The records' temporary file is gone: its rename fails after the
		// results' one.
		{"temporary file removed", true, func(t *testing.T, _ string, o *backtest.Output) {
			if err := os.Remove(o.TempName()); err != nil {
				t.Fatal(err)
			}
		}, "the outputs before it keep their earlier files"},
		{"temporary file removed, no earlier results", false, func(t *testing.T, _ string, o *backtest.Output) {
			if err := os.Remove(o.TempName()); err != nil {
				t.Fatal(err)
			}
		}, "the outputs before it keep their earlier files"},
		// The records' final name became a folder: found before any
		// rename.
		{"final name a folder", true, func(t *testing.T, final string, _ *backtest.Output) {
			if err := os.Remove(final); err != nil {
				t.Fatal(err)
			}
			if err := os.MkdirAll(filepath.Join(final, "x"), 0o755); err != nil {
				t.Fatal(err)
			}
		}, "not a regular file, so it cannot be replaced by the finished results (no output was replaced)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{"records.ndjson": "old records\n", "samples.json": "old samples\n"}
			if tc.outExisted {
				files["out.ndjson"] = "old results\n"
			}
			dir := writeFiles(t, files)
			path := func(name string) string { return filepath.Join(dir, name) }
			var outs []*backtest.Output
			for _, name := range []string{"out.ndjson", "records.ndjson", "samples.json"} {
				o, err := backtest.CreateOutput(path(name))
				if err != nil {
					t.Fatal(err)
				}
				o.Write([]byte("new " + name + "\n"))
				outs = append(outs, o)
			}
			tc.spoil(t, path("records.ndjson"), outs[1])
			err := backtest.CommitAll(outs[0], nil, outs[1], outs[2])
			if err == nil || !strings.Contains(err.Error(), "records.ndjson") || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want an error naming records.ndjson: %s", err, tc.want)
			}
			b, rerr := os.ReadFile(path("out.ndjson"))
			switch {
			case tc.outExisted && string(b) != "old results\n":
				t.Errorf("out.ndjson holds %q (%v), want its earlier results", b, rerr)
			case !tc.outExisted && !os.IsNotExist(rerr):
				t.Errorf("out.ndjson holds %q (%v), want none, as before", b, rerr)
			}
			if b, _ := os.ReadFile(path("samples.json")); string(b) != "old samples\n" {
				t.Errorf("samples.json holds %q, want its earlier samples", b)
			}
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if strings.HasPrefix(e.Name(), ".") {
					t.Errorf("left in the folder: %s", e.Name())
				}
			}
		})
	}
}

// TestCommitAllReplacesEach: committed together, every output gets its new
// file, keeps its mode and its one name, and nothing else is left.
func TestCommitAllReplacesEach(t *testing.T) {
	dir := writeFiles(t, map[string]string{"out.ndjson": "old results\n"})
	path := func(name string) string { return filepath.Join(dir, name) }
	if err := os.Chmod(path("out.ndjson"), 0o640); err != nil {
		t.Fatal(err)
	}
	var outs []*backtest.Output
	for _, name := range []string{"out.ndjson", "records.ndjson"} {
		o, err := backtest.CreateOutput(path(name))
		if err != nil {
			t.Fatal(err)
		}
		o.Write([]byte("new " + name + "\n"))
		outs = append(outs, o)
	}
	if err := backtest.CommitAll(outs...); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"out.ndjson", "records.ndjson"} {
		if b, _ := os.ReadFile(path(name)); string(b) != "new "+name+"\n" {
			t.Errorf("%s holds %q", name, b)
		}
	}
	st, err := os.Stat(path("out.ndjson"))
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o640 || st.Sys().(*syscall.Stat_t).Nlink != 1 {
		t.Errorf("out.ndjson: mode %v, %d links; want 0640 and one", st.Mode().Perm(), st.Sys().(*syscall.Stat_t).Nlink)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("left in the folder: %v", entries)
	}
	if err := outs[0].Commit(); err == nil {
		t.Error("a second commit succeeded")
	}
}
