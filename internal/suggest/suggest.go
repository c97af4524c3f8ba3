// Package suggest words what a message says about a mistake: the known
// name closest to a misspelt one, for the "did you mean" part, the article
// of a JSON type, and the values and lists of names that messages quote,
// shortened so that a message stays short and cheap whatever the input
// holds.
package suggest

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// MaxCompared is the length, in bytes, of the longest name Closest
// compares: a longer name gets no suggestion and a longer candidate is
// never suggested. A typo of a known name is as short as the name, and the
// bound keeps each comparison within MaxCompared² steps.
const MaxCompared = 256

// Unknown says that name is not one of known, with the closest as a
// suggestion: `unknown <what> "name" (did you mean "x"?); expected one of:
// a, b`. The name, the suggestion and the known names are cut as Quote and
// List cut them.
func Unknown(what, name string, known []string) string {
	msg := fmt.Sprintf("unknown %s %s", what, Quote(name))
	if near := Closest(name, known); near != "" {
		msg += fmt.Sprintf(" (did you mean %s?)", Quote(near))
	}
	return msg + "; expected one of: " + List(known)
}

// Article returns a JSON type's name with its article: "an object", "a
// string", "null".
func Article(t string) string {
	switch t {
	case "object", "array", "integer":
		return "an " + t
	case "null":
		return "null"
	}
	return "a " + t
}

// Closest returns the candidate nearest to name, or "" when none is close
// enough to be a likely typo. A candidate that differs only in case wins;
// otherwise the smallest edit distance (insertions, deletions, substitutions
// and swaps of neighbours) wins, up to a third of the name's length and at
// most 3. Names and candidates longer than MaxCompared are not compared, and
// candidates whose length differs from the name's by more than the
// distance allowed are passed over without computing it, so a call costs
// O(len(candidates) × MaxCompared) whatever their lengths.
func Closest(name string, candidates []string) string {
	if name == "" || len(name) > MaxCompared {
		return ""
	}
	for _, c := range candidates {
		if len(c) <= MaxCompared && strings.EqualFold(c, name) && c != name {
			return c
		}
	}
	n := utf8.RuneCountInString(name)
	limit := min(max(n/3, 1), 3)
	lower := strings.ToLower(name)
	best, bestDist := "", limit+1
	for _, c := range candidates {
		if c == name || len(c) > MaxCompared {
			continue
		}
		// An edit changes the length by at most one character.
		if m := utf8.RuneCountInString(c); m-n >= bestDist || n-m >= bestDist {
			continue
		}
		if d := DistanceAtMost(lower, strings.ToLower(c), bestDist-1); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// Distance is the optimal string alignment distance between a and b,
// counted in runes.
func Distance(a, b string) int {
	return DistanceAtMost(a, b, max(utf8.RuneCountInString(a), utf8.RuneCountInString(b)))
}

// DistanceAtMost is Distance when it is at most limit, and limit+1 when it
// is more. It computes only the alignments that stay within limit of the
// diagonal, and stops when every one of a row is past the limit: its cost
// is O(len(a) × limit), and O(1) when the lengths differ by more than the
// limit.
func DistanceAtMost(a, b string, limit int) int {
	if limit < 0 {
		limit = 0
	}
	far := limit + 1
	n, m := utf8.RuneCountInString(a), utf8.RuneCountInString(b)
	if n-m > limit || m-n > limit {
		return far
	}
	if n == 0 || m == 0 {
		return max(n, m)
	}
	ra, rb := []rune(a), []rune(b)
	// Three rows of the table, of which only the band |i-j| <= limit is
	// computed; the cell just outside the band on each side holds far, so
	// the next row reads no stale value.
	prev2 := make([]int, m+2)
	prev := make([]int, m+2)
	cur := make([]int, m+2)
	for j := 0; j <= min(m, limit); j++ {
		prev[j] = j
	}
	prev[min(m, limit)+1] = far
	for i := 1; i <= n; i++ {
		lo, hi := max(1, i-limit), min(m, i+limit)
		if lo == 1 {
			cur[0] = min(i, far)
		} else {
			cur[lo-1] = far
		}
		best := far
		for j := lo; j <= hi; j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d = min(d, prev2[j-2]+1)
			}
			d = min(d, far)
			cur[j] = d
			best = min(best, d)
		}
		cur[hi+1] = far
		if best >= far {
			return far
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[m]
}

// MaxQuoted is how many characters of a value a message quotes.
const MaxQuoted = 100

// Quote returns s quoted as Go quotes it, for an error message. A value
// longer than MaxQuoted characters is cut to its first MaxQuoted, followed
// by … and its length, so a message stays short whatever the input holds:
// "AAAA"… (30000000 bytes).
func Quote(s string) string {
	head, cut := prefix(s)
	if !cut {
		return strconv.Quote(s)
	}
	return strconv.Quote(head) + "… (" + strconv.Itoa(len(s)) + " bytes)"
}

// Cut returns s for a message without quotes: a value longer than
// MaxQuoted characters is cut as Quote cuts it.
func Cut(s string) string {
	head, cut := prefix(s)
	if !cut {
		return s
	}
	return head + "… (" + strconv.Itoa(len(s)) + " bytes)"
}

// prefix returns the first MaxQuoted characters of s, and whether s is
// longer.
func prefix(s string) (string, bool) {
	i := 0
	for n := 0; i < len(s) && n < MaxQuoted; n++ {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return s[:i], i < len(s)
}

// MaxListed is how many known names a message lists.
const MaxListed = 16

// List joins names with ", " for a message: the first MaxListed, each cut
// as Cut cuts it, and how many there are in all when there are more.
func List(names []string) string {
	var b strings.Builder
	for i, s := range names {
		if i == MaxListed {
			b.WriteString(", … (" + strconv.Itoa(len(names)) + " in all)")
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(Cut(s))
	}
	return b.String()
}
