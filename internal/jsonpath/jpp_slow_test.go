package jsonpath

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// The tokenizer's scans as they were written first, one scan from each
// place: simple, and quadratic on long paths. The tests below check that
// the linear scans agree with them.

// slowReplaceScripts repeats /[\['](\??\(.*?\))[\]'](?!.\])/g, which lifts
// filters and scripts out of the path before it is split.
func slowReplaceScripts(s string, subx *[]string) string {
	var b strings.Builder
	i := 0
	for i < len(s) {
		c := s[i]
		if c != '[' && c != '\'' {
			b.WriteByte(c)
			i++
			continue
		}
		j := i + 1
		if j < len(s) && s[j] == '?' && j+1 < len(s) && s[j+1] == '(' {
			// $1 starts at the '?'
		} else if j < len(s) && s[j] == '(' {
			// $1 starts at the '('
		} else {
			b.WriteByte(c)
			i++
			continue
		}
		open := j
		if s[j] == '?' {
			open = j + 1
		}
		end := -1
		for k := open + 1; k < len(s); k++ {
			if s[k] == '\n' || s[k] == '\r' {
				break
			}
			if s[k] != ')' || k+1 >= len(s) || (s[k+1] != ']' && s[k+1] != '\'') {
				continue
			}
			// (?!.\]) after the closing bracket or quote.
			if k+2 < len(s) {
				_, size := utf8.DecodeRuneInString(s[k+2:])
				if k+2+size < len(s) && s[k+2+size] == ']' && s[k+2] != '\n' && s[k+2] != '\r' {
					continue
				}
			}
			end = k
			break
		}
		if end < 0 {
			b.WriteByte(c)
			i++
			continue
		}
		*subx = append(*subx, s[j:end+1])
		fmt.Fprintf(&b, "[#%d]", len(*subx)-1)
		i = end + 2
	}
	return b.String()
}

// slowSplitBoundaries repeats /['"]?\.['"]?(?![^\[]*\])|\[['"]?/g → ";".
func slowSplitBoundaries(s string) string {
	var b strings.Builder
	i := 0
	for i < len(s) {
		c := s[i]
		if c == '[' {
			b.WriteByte(';')
			i++
			if i < len(s) && (s[i] == '\'' || s[i] == '"') {
				i++
			}
			continue
		}
		j := i
		if c == '\'' || c == '"' {
			j++
		}
		if j < len(s) && s[j] == '.' {
			k := j + 1
			if k < len(s) && (s[k] == '\'' || s[k] == '"') {
				k++
			}
			// The dot splits unless a ']' comes before the next '['.
			rest := s[k:]
			next := strings.IndexByte(rest, '[')
			if next < 0 {
				next = len(rest)
			}
			if !strings.Contains(rest[:next], "]") {
				b.WriteByte(';')
				i = k
				continue
			}
		}
		b.WriteByte(c)
		i++
	}
	return b.String()
}

// slowNested repeats the test by which jsonpath-plus decides that a filter
// holds a nested filter, /@.?([^?]*)[\['](\??\(.*?\))(?!.\)\])[\]']/: it
// then evaluates the filter in its own way, so such a filter is refused.
func slowNested(code string) bool {
	s := code
	for i := 0; i < len(s); i++ {
		if s[i] != '@' {
			continue
		}
		starts := []int{i + 1}
		if i+1 < len(s) && s[i+1] != '\n' && s[i+1] != '\r' {
			_, size := utf8.DecodeRuneInString(s[i+1:])
			starts = append(starts, i+1+size)
		}
		for _, j := range starts {
			for k := j; k < len(s); k++ {
				if s[k] == '?' {
					break // [^?]* cannot pass a '?'
				}
				if (s[k] == '[' || s[k] == '\'') && slowNestedTail(s, k+1) {
					return true
				}
			}
		}
	}
	return false
}

// slowNestedTail matches (\??\(.*?\))(?!.\)\])[\]'] at s[i:].
func slowNestedTail(s string, i int) bool {
	opens := []int{}
	if i+1 < len(s) && s[i] == '?' && s[i+1] == '(' {
		opens = append(opens, i+1)
	}
	if i < len(s) && s[i] == '(' {
		opens = append(opens, i)
	}
	for _, o := range opens {
		for e := o + 1; e < len(s); e++ {
			if s[e] == '\n' || s[e] == '\r' {
				break
			}
			if s[e] != ')' || e+1 >= len(s) || (s[e+1] != ']' && s[e+1] != '\'') {
				continue
			}
			if e+3 < len(s) && s[e+2] == ')' && s[e+3] == ']' {
				continue
			}
			return true
		}
	}
	return false
}

// TestTokenizerAgreesWithSlowScans compares the tokenizer's scans with the
// slow ones on random strings of the characters they look at.
func TestTokenizerAgreesWithSlowScans(t *testing.T) {
	const alphabet = "[]()?'\"@.\n;a$é"
	chars := []rune(alphabet)
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200_000 {
		var b strings.Builder
		for range rng.IntN(24) {
			b.WriteRune(chars[rng.IntN(len(chars))])
		}
		s := b.String()
		var subxA, subxB []string
		var tk tokenizer
		if got, want := tk.replaceScripts(s, &subxA), slowReplaceScripts(s, &subxB); got != want || fmt.Sprint(subxA) != fmt.Sprint(subxB) {
			t.Fatalf("replaceScripts(%q) = %q %q, want %q %q", s, got, subxA, want, subxB)
		}
		if got, want := tk.splitBoundaries(s), slowSplitBoundaries(s); got != want {
			t.Fatalf("splitBoundaries(%q) = %q, want %q", s, got, want)
		}
		if got, want := tk.nested(s), slowNested(s); got != want {
			t.Fatalf("nested(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestTokenizerIsLinear counts the characters the tokenizer reads on the
// long paths that used to take it seconds to minutes: doubling the path
// at most doubles the count (2.2 times, with the constant part).
func TestTokenizerIsLinear(t *testing.T) {
	shapes := map[string]func(n int) string{
		"&& chain":     func(n int) string { return "$.a[?(@.a" + strings.Repeat("&&@.a", n) + ")]" },
		".a":           func(n int) string { return "$" + strings.Repeat(".a", n) },
		"[?( unclosed": func(n int) string { return "$" + strings.Repeat("[?(@.a", n) },
		"quotes":       func(n int) string { return "$" + strings.Repeat("['a'].", n) + "b" },
		"@[ and '(": func(n int) string {
			return "$.a[?(" + strings.Repeat("@['('] || ", n) + "@.b)]"
		},
		"dots before brackets": func(n int) string { return "$" + strings.Repeat(".a", n) + "[0]" + strings.Repeat("]", n) },
	}
	for name, shape := range shapes {
		steps := func(n int) int {
			var tk tokenizer
			tk.tokens(shape(n))
			s := shape(n)
			if i := strings.Index(s, "?("); i >= 0 {
				tk.nested(s[i:])
			}
			return tk.steps
		}
		small, large := steps(20_000), steps(40_000)
		if ratio := float64(large) / float64(small); ratio > 2.2 {
			t.Errorf("%s: %d steps for 20,000 repeats, %d for 40,000 (%.1f times as many, want at most 2.2)", name, small, large, ratio)
		}
		if per := small / len(shape(20_000)); per > 20 {
			t.Errorf("%s: %d steps per byte, want at most 20", name, per)
		}
	}
}
