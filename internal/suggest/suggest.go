// Package suggest finds the known name closest to a misspelt one, for the
// "did you mean" part of error messages.
package suggest

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Closest returns the candidate nearest to name, or "" when none is close
// enough to be a likely typo. A candidate that differs only in case wins;
// otherwise the smallest edit distance (insertions, deletions, substitutions
// and swaps of neighbours) wins, up to a third of the name's length.
func Closest(name string, candidates []string) string {
	if name == "" {
		return ""
	}
	for _, c := range candidates {
		if strings.EqualFold(c, name) && c != name {
			return c
		}
	}
	limit := utf8.RuneCountInString(name) / 3
	if limit < 1 {
		limit = 1
	}
	if limit > 3 {
		limit = 3
	}
	best, bestDist := "", limit+1
	for _, c := range candidates {
		if c == name {
			continue
		}
		if d := Distance(strings.ToLower(name), strings.ToLower(c)); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// Distance is the optimal string alignment distance between a and b,
// counted in runes.
func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	n, m := len(ra), len(rb)
	if n == 0 {
		return m
	}
	if m == 0 {
		return n
	}
	prev2 := make([]int, m+1)
	prev := make([]int, m+1)
	cur := make([]int, m+1)
	for j := 0; j <= m; j++ {
		prev[j] = j
	}
	for i := 1; i <= n; i++ {
		cur[0] = i
		for j := 1; j <= m; j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
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
	i, n := 0, 0
	for i < len(s) && n < MaxQuoted {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
		n++
	}
	if i == len(s) {
		return strconv.Quote(s)
	}
	return strconv.Quote(s[:i]) + "… (" + strconv.Itoa(len(s)) + " bytes)"
}
