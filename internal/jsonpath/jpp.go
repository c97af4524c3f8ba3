package jsonpath

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/verdict-rules/verdict/diag"
	"github.com/verdict-rules/verdict/document"
)

// jsonpath-plus does not parse paths with a grammar: it rewrites the path
// text with a series of regular expressions and splits it on ";"
// (JSONPath.toPathArray), then decides what each piece means by its shape
// (_trace). Some paths that look fine are cut in surprising places — a quoted
// name "1:2" becomes a slice, a string literal ending in ")" can end a filter
// early. This file repeats that tokenizer step by step, so that Parse can
// reject any path that jsonpath-plus would read differently from verdict.

var (
	jppTypeSelector = regexp.MustCompile(`@[A-Za-z0-9_$\-]+\([^)]*\)`)
	jppQuotedUnion  = regexp.MustCompile(`\[\s*((?:'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*")(?:\s*,\s*(?:'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*"))*)\s*\]`)
	jppQuotedName   = regexp.MustCompile(`\[['"]([^'\]]*)['"]\]`)
	jppParent       = regexp.MustCompile(`;?(\^+);?`)
	jppDescendants  = regexp.MustCompile(`;;;|;;`)
	jppTrailing     = regexp.MustCompile(`;$|'?\]|'$`)
	jppPlaceholder  = regexp.MustCompile(`#(\d+)`)
	jppSlice        = regexp.MustCompile(`^(-?\d*):(-?\d*):?(-?\d*)$`)
	jppQuotedParts  = regexp.MustCompile(`'((?:\\.|[^'\\])*)'|"((?:\\.|[^"\\])*)"`)
	jppUnescape     = regexp.MustCompile(`\\(['"\\])`)
)

// jppTokens splits a path as jsonpath-plus's toPathArray does.
func jppTokens(path string) []string {
	var t tokenizer
	return t.tokens(path)
}

// tokenizer repeats jsonpath-plus's tokenizer. Where it scans forward from
// many places for the same thing (the end of a filter, the next bracket),
// it keeps the answer for the next place, so the whole path is read a
// bounded number of times: its cost is linear in the path's length.
type tokenizer struct {
	steps int // the characters its scans read, for the tests of its cost
}

// next finds, for positions that never go back, the first position at or
// after them where a test holds.
type next struct {
	t    *tokenizer
	n    int
	test func(k int) bool
	from int // the position of the last question
	at   int // its answer: the first k >= from where test holds, or n
}

func (t *tokenizer) finder(n int, test func(k int) bool) *next {
	return &next{t: t, n: n, test: test, from: -1, at: -1}
}

// after returns the first k >= p where the test holds, or n; p must not be
// less than in the previous call.
func (f *next) after(p int) int {
	if f.from >= 0 && p >= f.from && f.at >= p {
		// No k in [from, at) passes, so none in [p, at) does.
		f.from = p
		return f.at
	}
	k := p
	for k < f.n && !f.test(k) {
		f.t.steps++
		k++
	}
	f.t.steps++
	f.from, f.at = p, k
	return k
}

func (t *tokenizer) tokens(path string) []string {
	var subx []string
	s := jppTypeSelector.ReplaceAllString(path, ";$0;")
	s = t.replaceScripts(s, &subx)
	s = jppQuotedUnion.ReplaceAllStringFunc(s, func(m string) string {
		inner := jppQuotedUnion.FindStringSubmatch(m)[1]
		if !strings.ContainsAny(inner, `,\`) {
			return m
		}
		subx = append(subx, inner)
		return fmt.Sprintf("[#%d]", len(subx)-1)
	})
	s = jppQuotedName.ReplaceAllStringFunc(s, func(m string) string {
		prop := jppQuotedName.FindStringSubmatch(m)[1]
		prop = strings.ReplaceAll(prop, ".", "%@%")
		prop = strings.ReplaceAll(prop, "~", "%%@@%%")
		return "['" + prop + "']"
	})
	s = strings.ReplaceAll(s, "~", ";~;")
	s = t.splitBoundaries(s)
	s = strings.ReplaceAll(s, "%@%", ".")
	s = strings.ReplaceAll(s, "%%@@%%", "~")
	s = jppParent.ReplaceAllStringFunc(s, func(m string) string {
		ups := jppParent.FindStringSubmatch(m)[1]
		return ";" + strings.Join(strings.Split(ups, ""), ";") + ";"
	})
	s = jppDescendants.ReplaceAllString(s, ";..;")
	s = jppTrailing.ReplaceAllString(s, "")
	tokens := strings.Split(s, ";")
	for i, t := range tokens {
		if m := jppPlaceholder.FindStringSubmatch(t); m != nil {
			var n int
			fmt.Sscan(m[1], &n)
			if n < len(subx) {
				tokens[i] = subx[n]
			} else {
				tokens[i] = "\x00undefined"
			}
		}
	}
	if len(tokens) > 1 && tokens[0] == "$" {
		tokens = tokens[1:]
	}
	return tokens
}

// replaceScripts repeats /[\['](\??\(.*?\))[\]'](?!.\])/g, which lifts
// filters and scripts out of the path before it is split.
func (t *tokenizer) replaceScripts(s string, subx *[]string) string {
	n := len(s)
	lineEnd := t.finder(n, func(k int) bool { return s[k] == '\n' || s[k] == '\r' })
	// A closing ")" followed by "]" or "'", and then not by one character
	// and a "]" (the (?!.\]) after it).
	closing := t.finder(n, func(k int) bool {
		if s[k] != ')' || k+1 >= n || (s[k+1] != ']' && s[k+1] != '\'') {
			return false
		}
		if k+2 < n {
			_, size := utf8.DecodeRuneInString(s[k+2:])
			if k+2+size < n && s[k+2+size] == ']' && s[k+2] != '\n' && s[k+2] != '\r' {
				return false
			}
		}
		return true
	})
	var b strings.Builder
	i := 0
	for i < n {
		t.steps++
		c := s[i]
		if c != '[' && c != '\'' {
			b.WriteByte(c)
			i++
			continue
		}
		j := i + 1
		if j < n && s[j] == '?' && j+1 < n && s[j+1] == '(' {
			// $1 starts at the '?'
		} else if j < n && s[j] == '(' {
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
		// The lazy .*? stops at the first closing; it cannot pass the end
		// of a line.
		end := closing.after(open + 1)
		if end >= n || lineEnd.after(open+1) < end {
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

// splitBoundaries repeats /['"]?\.['"]?(?![^\[]*\])|\[['"]?/g → ";".
func (t *tokenizer) splitBoundaries(s string) string {
	n := len(s)
	openAt := t.finder(n, func(k int) bool { return s[k] == '[' })
	closeAt := t.finder(n, func(k int) bool { return s[k] == ']' })
	var b strings.Builder
	i := 0
	for i < n {
		t.steps++
		c := s[i]
		if c == '[' {
			b.WriteByte(';')
			i++
			if i < n && (s[i] == '\'' || s[i] == '"') {
				i++
			}
			continue
		}
		j := i
		if c == '\'' || c == '"' {
			j++
		}
		if j < n && s[j] == '.' {
			k := j + 1
			if k < n && (s[k] == '\'' || s[k] == '"') {
				k++
			}
			// The dot splits unless a ']' comes before the next '['.
			if closeAt.after(k) >= openAt.after(k) {
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

// jppMeaning describes what jsonpath-plus does with one token, in a form
// that can be compared with verdict's segments.
func jppMeaning(tok string) string {
	switch {
	case tok == "*":
		return "*"
	case tok == "..":
		return ".."
	case tok == "^", tok == "~", tok == "$":
		return "operator " + tok
	case strings.HasPrefix(tok, "\x00"):
		return "broken"
	case jppSlice.MatchString(tok):
		return "slice " + tok
	case strings.HasPrefix(tok, "?("):
		code := tok
		if strings.HasSuffix(code, ")") {
			code = code[2 : len(code)-1]
		}
		var t tokenizer
		if t.nested(code) {
			return "nested filter " + code
		}
		return "filter " + code
	case strings.HasPrefix(tok, "("):
		return "script"
	case strings.HasPrefix(tok, "@"):
		return "type selector"
	case strings.HasPrefix(tok, "`"):
		return "backtick"
	case strings.HasPrefix(tok, "'"), strings.HasPrefix(tok, `"`):
		var names []string
		for _, m := range jppQuotedParts.FindAllStringSubmatch(tok, -1) {
			name := m[1]
			if m[1] == "" && strings.HasPrefix(m[0], `"`) {
				name = m[2]
			}
			names = append(names, "name "+jppUnescape.ReplaceAllString(name, "$1"))
		}
		return strings.Join(names, " | ")
	case strings.Contains(tok, ","):
		parts := strings.Split(tok, ",")
		for i, p := range parts {
			parts[i] = jppMeaning(p)
		}
		return strings.Join(parts, " | ")
	}
	return "name " + tok
}

// meaning describes a verdict segment in the terms of jppMeaning.
func (s segment) meaning() string {
	switch s.kind {
	case segName:
		return "name " + s.name
	case segWild:
		return "*"
	case segDescend:
		return ".."
	case segSlice:
		return "slice " + s.raw
	case segFilter:
		return "filter " + s.raw
	case segUnion:
		parts := make([]string, len(s.parts))
		for i, p := range s.parts {
			parts[i] = p.meaning()
		}
		return strings.Join(parts, " | ")
	}
	return "?"
}

// checkJSONPathPlus rejects a path that jsonpath-plus would split or read
// differently from the way verdict parsed it.
func checkJSONPathPlus(p *Path) error {
	segs := p.all
	tokens := jppTokens(p.src)
	if len(segs) == 0 {
		// "$" alone: jsonpath-plus keeps the lone "$" token, the root.
		if len(tokens) == 1 && tokens[0] == "$" {
			return nil
		}
	}
	for i, s := range segs {
		if i >= len(tokens) {
			return ambiguous(p.src, s.off, "jsonpath-plus reads fewer steps in this path than it shows")
		}
		segs[i].tok, segs[i].tokKey = tokens[i], document.NewKey(tokens[i])
		segs[i].quotedTok = strings.HasPrefix(tokens[i], "'") || strings.HasPrefix(tokens[i], `"`)
		if got, want := jppMeaning(tokens[i]), s.meaning(); got != want {
			if strings.HasPrefix(got, "nested filter ") {
				return ambiguous(p.src, s.off, "jsonpath-plus mistakes this filter for a nested one (a quoted text in it starts with '('); it would not evaluate it as written")
			}
			return ambiguous(p.src, s.off, fmt.Sprintf("jsonpath-plus cuts the path differently here: it reads this step as %s, not %s", describeMeaning(got), describeMeaning(want)))
		}
	}
	if len(tokens) > len(segs) && !(len(segs) == 0 && len(tokens) == 1) {
		return ambiguous(p.src, len(p.src), fmt.Sprintf("jsonpath-plus reads more steps in this path than it shows (an extra %s)", describeMeaning(jppMeaning(tokens[len(segs)]))))
	}
	return nil
}

func describeMeaning(m string) string {
	if len(m) > 60 {
		m = m[:57] + "..."
	}
	return fmt.Sprintf("%q", m)
}

func ambiguous(src string, off int, msg string) *diag.Problem {
	return &diag.Problem{Source: src, Offset: off, Code: diag.PathAmbiguous, Msg: msg}
}

// nested repeats the test by which jsonpath-plus decides that a filter
// holds a nested filter, /@.?([^?]*)[\['](\??\(.*?\))(?!.\)\])[\]']/: it
// then evaluates the filter in its own way, so such a filter is refused.
//
// The regular expression matches when, after an "@" and one optional
// character, a "[" or "'" comes before any "?" and starts a tail: "(" or
// "?(", then, on the same line, a ")" followed by "]" or "'" and not by
// ")]" after that. Each part is found with a forward scan that is not
// repeated, so the test is linear in the length of the filter.
func (t *tokenizer) nested(s string) bool {
	n := len(s)
	lineEnd := t.finder(n, func(k int) bool { return s[k] == '\n' || s[k] == '\r' })
	closing := t.finder(n, func(e int) bool {
		return s[e] == ')' && e+1 < n && (s[e+1] == ']' || s[e+1] == '\'') && !(e+3 < n && s[e+2] == ')' && s[e+3] == ']')
	})
	// tail reports whether a tail (\??\(.*?\))(?!.\)\])[\]'] starts at i.
	// Its questions come in increasing order of i.
	tail := func(i int) bool {
		o := -1
		switch {
		case i+1 < n && s[i] == '?' && s[i+1] == '(':
			o = i + 1
		case i < n && s[i] == '(':
			o = i
		default:
			return false
		}
		e := closing.after(o + 1)
		return e < n && lineEnd.after(o+1) > e
	}
	opener := t.finder(n, func(k int) bool { return (s[k] == '[' || s[k] == '\'') && tail(k+1) })
	question := t.finder(n, func(k int) bool { return s[k] == '?' })
	for i := 0; i < n; i++ {
		t.steps++
		if s[i] != '@' {
			continue
		}
		starts := [2]int{i + 1, -1}
		if i+1 < n && s[i+1] != '\n' && s[i+1] != '\r' {
			_, size := utf8.DecodeRuneInString(s[i+1:])
			starts[1] = i + 1 + size
		}
		for _, j := range starts {
			if j < 0 || j > n {
				continue
			}
			// [^?]* cannot pass a '?'.
			if k := opener.after(j); k < n && k < question.after(j) {
				return true
			}
		}
	}
	return false
}
