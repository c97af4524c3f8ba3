package jsonpath

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
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
	var subx []string
	s := jppTypeSelector.ReplaceAllString(path, ";$0;")
	s = jppReplaceScripts(s, &subx)
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
	s = jppSplitBoundaries(s)
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

// jppReplaceScripts repeats /[\['](\??\(.*?\))[\]'](?!.\])/g, which lifts
// filters and scripts out of the path before it is split.
func jppReplaceScripts(s string, subx *[]string) string {
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

// jppSplitBoundaries repeats /['"]?\.['"]?(?![^\[]*\])|\[['"]?/g → ";".
func jppSplitBoundaries(s string) string {
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
		if jppNested(code) {
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
		segs[i].tok, segs[i].tokW = tokens[i], wordOf(tokens[i])
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

func ambiguous(src string, off int, msg string) *Error {
	return &Error{Path: src, Offset: off, Code: "path_ambiguous", Msg: msg}
}

// jppNested repeats the test by which jsonpath-plus decides that a filter
// holds a nested filter, /@.?([^?]*)[\['](\??\(.*?\))(?!.\)\])[\]']/: it
// then evaluates the filter in its own way, so such a filter is refused.
func jppNested(code string) bool {
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
				if (s[k] == '[' || s[k] == '\'') && nestedTail(s, k+1) {
					return true
				}
			}
		}
	}
	return false
}

// nestedTail matches (\??\(.*?\))(?!.\)\])[\]'] at s[i:].
func nestedTail(s string, i int) bool {
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
