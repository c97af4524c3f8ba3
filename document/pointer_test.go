package document

import "testing"

func TestComparePointers(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"/a/2", "/a/10", -1}, {"/a/10", "/a/2", 1}, {"/a", "/a/0", -1}, {"/b", "/a/9", 1}, {"/a/x", "/a/x", 0},
	}
	for _, tc := range tests {
		if got := ComparePointers(tc.a, tc.b); got != tc.want {
			t.Errorf("ComparePointers(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}
