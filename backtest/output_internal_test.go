package backtest

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestCopyFileKeepsMode: where the file system has no hard links, the
// file an output replaces is kept as a copy, and put back when another
// output cannot be: the copy has the file's mode, whatever the umask
// (under 022, a file of mode 0666 was put back as 0644).
func TestCopyFileKeepsMode(t *testing.T) {
	defer syscall.Umask(syscall.Umask(0o077))
	dir := t.TempDir()
	from, to := filepath.Join(dir, "out.ndjson"), filepath.Join(dir, "copy")
	if err := os.WriteFile(from, []byte("old results\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(from, 0o664); err != nil {
		t.Fatal(err)
	}
	if err := copyFile(from, to); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(to)
	if err != nil || string(b) != "old results\n" {
		t.Errorf("the copy holds %q (%v)", b, err)
	}
	st, err := os.Stat(to)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o664 {
		t.Errorf("the copy has mode %v, want 0664", st.Mode().Perm())
	}
}
