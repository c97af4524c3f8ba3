// Package mask hides values of a case in what verdict writes for people and
// for the record — traces, notes, decision records — while the decision is
// made on the real values and the changeset keeps them.
//
// A Mask is a key and JSONPaths into the case. Each value the paths yield on
// a case, and everything inside it, is written as a token,
//
//	hmac-sha256:<64 hex digits>
//
// the HMAC-SHA-256, under the key, of a string, number, boolean or null's
// canonical JSON (RFC 8785, numbers exact, as the fingerprints use it), and
// of an array or object's canonical JSON with the token of each element or
// member value, as a string, in its place (so each value is hashed once,
// however deeply masked values nest). A keyed hash, because a plain
// hash of a credit score or a date of birth is reversed by hashing every
// candidate; with the key, whoever holds it can check that a token stands
// for a given value, and equal values give equal tokens, so records can
// still be joined on them.
//
//	m, err := mask.New(key, "$.current_information[*].data[*].current_credit_score.value")
//	results, err := set.Evaluate(ctx, c, ev, rules.WithMask(m))
//
// What a mask covers: the values a trace shows (and a decision record's
// evidence), and each value of the case where a reason, a counterfactual
// or the note quotes it (the value a change replaces, in the note), masked
// where it is written, never by searching the finished sentence. A value a
// context field computes is masked when it equals a masked value or a
// string or number inside one (credit_score), and so is such a value
// inside a computed array or object (flags); one computed otherwise
// (company_age from a masked date) is not, but the date its explanation
// quotes, whatever the masked value's form, is the value's token. The text
// of the definition (its paths, bounds and labels, even when a masked value
// equals one), the event and the changeset are not masked.
package mask

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/verdict-rules/verdict/diag"
	"github.com/verdict-rules/verdict/document"
	"github.com/verdict-rules/verdict/internal/jcs"
	"github.com/verdict-rules/verdict/internal/jsonpath"
)

// Prefix starts every token.
const Prefix = "hmac-sha256:"

// MinKeyBytes is the shortest key New takes: a shorter one could be found
// by trying keys.
const MinKeyBytes = 16

// Mask is a key and the locations of the values to hide. It is immutable
// and safe for concurrent use.
type Mask struct {
	key   []byte
	paths []*jsonpath.Path
	reach *document.Reach
}

// New returns a mask of the values the JSONPaths yield, keyed by key. A
// key shorter than MinKeyBytes is an error, and so are no paths and a path
// that does not parse or reads $.context (a mask hides values of the case; computed
// fields are masked when they equal one of them): a *diag.Problem whose
// Pointer is "/<index of the path>", located in it.
func New(key []byte, paths ...string) (*Mask, error) {
	if len(key) < MinKeyBytes {
		return nil, fmt.Errorf("mask: the key is %d bytes long, less than %d: give a random key, kept secret", len(key), MinKeyBytes)
	}
	if len(paths) == 0 {
		return nil, errors.New("mask: no paths: name the values to mask")
	}
	m := &Mask{key: append([]byte(nil), key...)}
	var reach [][]document.Step
	for i, src := range paths {
		p, err := jsonpath.Parse(src)
		if err != nil {
			var pr *diag.Problem
			if errors.As(err, &pr) {
				q := *pr
				q.Pointer = document.IndexPointer("", i)
				return nil, fmt.Errorf("mask: %w", &q)
			}
			return nil, fmt.Errorf("mask: path %d: %w", i, err)
		}
		if p.Context() != "" {
			return nil, fmt.Errorf("mask: %w", &diag.Problem{Pointer: document.IndexPointer("", i), Offset: strings.Index(src, "context"), Source: src,
				Code: diag.WrongType, Msg: "a mask names values of the case; $.context fields are masked when they equal a masked value"})
		}
		m.paths = append(m.paths, p)
		reach = append(reach, p.Reach()...)
	}
	m.reach = document.NewReach(reach...)
	return m, nil
}

// Reach returns what the mask reads of a case: the values its paths yield,
// whole (a container's token hashes all of it), and what their filters
// read. A case decoded with a reach (cases.Decoder.Reach) must be decoded
// with this one too, joined by document.Union: an evaluation with the mask
// refuses a case decoded without it, since a value it skipped would change
// a token or leave a value unmasked. A nil Mask reads nothing: its reach
// is the top-level value alone.
func (m *Mask) Reach() *document.Reach {
	if m == nil {
		return document.NewReach()
	}
	return m.reach
}

// Paths returns the JSONPaths of the mask.
func (m *Mask) Paths() []string {
	out := make([]string, len(m.paths))
	for i, p := range m.paths {
		out[i] = p.String()
	}
	return out
}

// Token returns the token that stands for a value: the HMAC of a string,
// number, boolean or null's canonical JSON; of an array or object, the
// HMAC of the canonical JSON of the same container with each element or
// member value replaced by its token, as a string. Each value inside is so
// hashed once, and a container's token costs its own members, not
// everything inside it again: masking nested values is linear in the case.
func (m *Mask) Token(v document.Value) string { return m.token(v, nil) }

// token is Token, with the tokens of the values inside v memoised in memo
// (nil: none kept).
func (m *Mask) token(v document.Value, memo map[document.Value]string) string {
	if tok, ok := memo[v]; ok {
		return tok
	}
	var msg []byte
	switch v.Kind() {
	case document.Array:
		msg = append(msg, '[')
		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				msg = append(msg, ',')
			}
			msg = append(msg, tokenJSON(m.token(v.Index(i), memo))...)
		}
		msg = append(msg, ']')
	case document.Object:
		msg = append(msg, '{')
		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				msg = append(msg, ',')
			}
			msg = document.AppendQuoted(msg, v.Key(i))
			msg = append(msg, ':')
			msg = append(msg, tokenJSON(m.token(v.Index(i), memo))...)
		}
		msg = append(msg, '}')
		// The canonical form orders the members and writes the keys
		// canonically; the tokens are canonical strings already.
		if canon, err := jcs.Canonicalize(msg); err == nil {
			msg = canon
		}
	default:
		msg = v.AppendJSON(nil)
		if canon, err := jcs.Canonicalize(msg); err == nil {
			msg = canon
		}
		// A decoded value always writes valid JSON; should it not, the
		// token of its text still hides it.
	}
	h := hmac.New(sha256.New, m.key)
	h.Write(msg)
	tok := Prefix + hex.EncodeToString(h.Sum(nil))
	if memo != nil {
		memo[v] = tok
	}
	return tok
}

// Bounds bound the walks of a mask's paths on a case, as an evaluation's
// paths are bounded (rules.Limits.PathValues and PathVisits).
type Bounds struct {
	// MaxValues bounds how many values one path may yield, and MaxVisits
	// how many nodes its recursive descents and unions may visit; 0 means
	// no bound.
	MaxValues, MaxVisits int
}

// Case is a mask applied to one case: which of its values are hidden. It
// is not changed once Apply returns it and is safe for concurrent use.
type Case struct {
	m      *Mask
	tokens map[document.Value]string // node of the case inside a masked value → the token of the nearest masked value at or above it
	memo   map[document.Value]string // node inside a masked value → its own token
	hidden map[string]bool           // tokens of the masked values and of the strings and numbers inside them
	words  map[string]string         // a masked scalar's text, as Text finds it → its token
	// phrases holds the text of each masked string that is not one word
	// ("Ragnar Lothbrok", a text with quotes), which Text finds as it is,
	// with the replacer made of them the first time Text needs it.
	phrases  map[string]string
	once     sync.Once
	replacer *strings.Replacer
	longest  int // the length of the longest phrase
}

// Apply finds the values the mask hides in a case; isNode reports whether
// a value is a node of the case (not one a path computes, as .length).
// Its error is that of a path over its bounds, a *diag.Problem
// (errors.As) whose Code is diag.TooManyValues or diag.TooManyVisits.
// It visits each node
// inside the masked values once and hashes it once, however deeply
// masked values nest: linear in the size of the masked part of the case.
func (m *Mask) Apply(c document.Value, isNode func(document.Value) bool, b Bounds) (*Case, error) {
	mc := &Case{m: m, tokens: map[document.Value]string{}, memo: map[document.Value]string{},
		hidden: map[string]bool{}, words: map[string]string{}, phrases: map[string]string{}}
	masked := map[document.Value]bool{}
	var order []document.Value
	for _, p := range m.paths {
		vals, err := selectEither(p, c, b.MaxValues, b.MaxVisits)
		if err != nil {
			return nil, fmt.Errorf("mask: %s: %w", p.String(), err)
		}
		for _, v := range vals {
			if !isNode(v) || masked[v] {
				continue // a computed value (.length): nothing of the case
			}
			masked[v] = true
			order = append(order, v)
		}
	}
	for _, v := range order {
		if _, done := mc.tokens[v]; !done {
			mc.cover(v, masked)
		}
	}
	return mc, nil
}

// selectEither returns the values p yields on c as jsonpath-plus reads
// it, and those it yields read as written (jsonpath.Env.Plain): a member
// named like a step ("*", "..") is followed first by jsonpath-plus, in
// place of the step, so a case holding {"*": ...} would otherwise narrow
// $.s.* to that one member and leave the others in clear. Each walk has
// the bounds.
func selectEither(p *jsonpath.Path, c document.Value, maxValues, maxVisits int) ([]document.Value, error) {
	vals, err := p.Select(c, &jsonpath.Env{MaxValues: maxValues, MaxVisits: maxVisits}, nil)
	if err != nil {
		return nil, err
	}
	return p.Select(c, &jsonpath.Env{MaxValues: maxValues, MaxVisits: maxVisits, Plain: true}, vals)
}

// cover gives every node of the masked value v, down to the masked values
// inside it already covered, the token of its nearest masked value, and
// registers the strings and numbers inside.
func (mc *Case) cover(v document.Value, masked map[document.Value]bool) {
	type frame struct {
		v   document.Value
		tok string
	}
	stack := []frame{{v, ""}}
	for len(stack) > 0 {
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		tok := f.tok
		if masked[f.v] {
			if _, done := mc.tokens[f.v]; done && f.v != v {
				continue // covered from itself already, with what is inside
			}
			tok = mc.m.token(f.v, mc.memo)
			mc.hidden[tok] = true
		}
		mc.tokens[f.v] = tok
		switch f.v.Kind() {
		case document.String, document.Number:
			own := mc.m.token(f.v, mc.memo)
			mc.hidden[own] = true
			mc.word(f.v, own)
		case document.Array, document.Object:
			for i := f.v.Len() - 1; i >= 0; i-- {
				stack = append(stack, frame{f.v.Index(i), tok})
			}
		}
	}
}

// word registers the texts of a masked string or number, so that its
// text in a reason is hidden too.
func (mc *Case) word(v document.Value, tok string) {
	if v.Kind() == document.String {
		if v.Text() == "" {
			return
		}
		mc.words[v.String()] = tok // as JSON: "Ragnar Lothbrok"
		if word(v.Text()) {
			mc.words[v.Text()] = tok // as a word: 2009-05-04
		} else {
			mc.phrases[v.Text()] = tok // as it is: Ragnar Lothbrok
		}
		return
	}
	mc.words[v.String()] = tok
}

// word reports whether s is one run of the characters Text reads as a
// word.
func word(s string) bool {
	for i := 0; i < len(s); i++ {
		if boundary(s, i) {
			return false
		}
	}
	return s != ""
}

// Empty reports whether the mask hides nothing of this case.
func (mc *Case) Empty() bool { return mc == nil || len(mc.tokens) == 0 }

// Covered returns the token that stands for a node of the case (inCase) or
// a computed value: the token of the masked value at or above the node;
// for a computed value, its own token when it equals a masked value or a
// string or number inside one. ok says whether v is hidden.
func (mc *Case) Covered(v document.Value, inCase bool) (tok string, ok bool) {
	if mc.Empty() {
		return "", false
	}
	if inCase {
		tok, ok = mc.tokens[v]
		return tok, ok
	}
	if tok, ok := mc.memo[v]; ok && mc.hidden[tok] {
		return tok, true
	}
	if tok := mc.m.Token(v); mc.hidden[tok] {
		return tok, true
	}
	return "", false
}

// JSON returns the JSON of a value with what the mask hides in it written
// as tokens: the whole value when it is masked or inside a masked value
// (inCase), a computed value (not inCase) equal to a masked one or to a
// string or number inside one, and such values inside it. masked says
// whether anything was hidden.
func (mc *Case) JSON(v document.Value, inCase bool) (raw []byte, masked bool) {
	if mc.Empty() {
		return v.AppendJSON(nil), false
	}
	if !inCase {
		// A computed container may hold copies of masked values (flags
		// lists the codes of the checks' results): each value inside is
		// compared with the masked ones as the whole is, and each is
		// hashed once.
		return mc.appendComputed(nil, v, map[document.Value]string{})
	}
	if tok, ok := mc.Covered(v, inCase); ok {
		return tokenJSON(tok), true
	}
	var b []byte
	b, masked = mc.appendJSON(b, v)
	return b, masked
}

// appendComputed writes a computed value, as a token when it equals a
// masked value or a string or number inside one, else with the values
// inside it that do as tokens; memo keeps the tokens of the values
// inside, so that each is hashed once.
func (mc *Case) appendComputed(b []byte, v document.Value, memo map[document.Value]string) ([]byte, bool) {
	return appendMasked(b, v, func(v document.Value) (string, bool) {
		tok := mc.m.token(v, memo)
		return tok, mc.hidden[tok]
	})
}

// appendJSON writes v, masked values inside it as tokens.
func (mc *Case) appendJSON(b []byte, v document.Value) ([]byte, bool) {
	return appendMasked(b, v, func(v document.Value) (string, bool) {
		tok, ok := mc.tokens[v]
		return tok, ok
	})
}

// appendMasked writes v as JSON, each value inside it (v too) that hidden
// gives a token for as that token, and reports whether it wrote one.
func appendMasked(b []byte, v document.Value, hidden func(document.Value) (string, bool)) ([]byte, bool) {
	if tok, ok := hidden(v); ok {
		return append(b, tokenJSON(tok)...), true
	}
	masked := false
	switch v.Kind() {
	case document.Array:
		b = append(b, '[')
		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				b = append(b, ',')
			}
			var m bool
			b, m = appendMasked(b, v.Index(i), hidden)
			masked = masked || m
		}
		return append(b, ']'), masked
	case document.Object:
		b = append(b, '{')
		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				b = append(b, ',')
			}
			b = document.AppendQuoted(b, v.Key(i))
			b = append(b, ':')
			var m bool
			b, m = appendMasked(b, v.Index(i), hidden)
			masked = masked || m
		}
		return append(b, '}'), masked
	}
	return v.AppendJSON(b), false
}

// Token returns the token of a value under the mask's key.
func (mc *Case) Token(v document.Value) string {
	if tok, ok := mc.memo[v]; ok {
		return tok
	}
	return mc.m.Token(v)
}

func tokenJSON(tok string) []byte { return []byte(`"` + tok + `"`) }

// Text replaces, in a text for people, each masked string or number (or
// one inside a masked value) by its token where the text has it whole: as
// a JSON string ("Ragnar Lothbrok"), as a word, a run of letters, digits
// and _ . - not part of a longer one (92, 2009-05-04), and, for a string
// that is not one word, as it is, anywhere (Ragnar Lothbrok): for a text
// verdict did not write, which may quote the case anywhere (an
// expression's error). A masked value that is a short number may so also
// hide a number of the text's own, and a short phrase the same words of
// the text's own. It reads the text twice; a text too long to search for
// the phrases is Withheld whole.
func (mc *Case) Text(s string) string {
	if mc.Empty() || len(mc.words) == 0 {
		return s
	}
	// Phrases first: one with a quote would otherwise be read as the
	// start of a JSON string.
	s = mc.replacePhrases(s)
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); {
		end := i + 1
		switch {
		case s[i] == '"':
			end = stringEnd(s, i)
		case !boundary(s, i) && boundary(s, i-1):
			for end < len(s) && !boundary(s, end) {
				end++
			}
		default:
			i++
			continue
		}
		if tok, ok := mc.words[s[i:end]]; ok {
			b.WriteString(s[last:i])
			if s[i] == '"' {
				b.WriteString(`"` + tok + `"`) // a JSON string stays one
			} else {
				b.WriteString(tok)
			}
			last = end
		}
		i = end
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// replacePhrases hides the masked strings of several words in s, wherever
// they are: an expression's error quotes a string as it is
// ("int(Ragnar Lothbrok)"). The longest is hidden first where two begin at
// one place. It reads s once with a trie of the phrases made once, which
// may walk as deep as the longest phrase from each byte of s: when that
// is more than PhraseSearchSteps, s is withheld whole (Withheld) rather
// than searched.
func (mc *Case) replacePhrases(s string) string {
	if len(mc.phrases) == 0 {
		return s
	}
	mc.once.Do(func() {
		for text := range mc.phrases {
			mc.longest = max(mc.longest, len(text))
		}
		texts := make([]string, 0, len(mc.phrases))
		for text := range mc.phrases {
			texts = append(texts, text)
		}
		slices.SortFunc(texts, func(a, b string) int {
			if len(a) != len(b) {
				return len(b) - len(a)
			}
			return strings.Compare(a, b)
		})
		pairs := make([]string, 0, 2*len(texts))
		for _, text := range texts {
			pairs = append(pairs, text, mc.phrases[text])
		}
		mc.replacer = strings.NewReplacer(pairs...)
	})
	if len(s) > PhraseSearchSteps/mc.longest {
		return Withheld
	}
	return mc.replacer.Replace(s)
}

// PhraseSearchSteps bounds the search of Case.Text for masked strings of
// several words: the length of the text times that of the longest such
// string. A text past it is withheld.
const PhraseSearchSteps = 1 << 24

// Withheld is what Case.Text gives for a text too long to search for the
// masked strings it may quote (see PhraseSearchSteps): an error quoting a
// value of hundreds of kilobytes, say.
const Withheld = "(withheld: the text may quote a masked value and is too long to search)"

// stringEnd returns the end of the JSON string that starts at the quote
// at i, or len(s) when it is not closed.
func stringEnd(s string, i int) int {
	for j := i + 1; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		}
	}
	return len(s)
}

// boundary reports whether the byte at i of s does not continue a word or
// a number (outside s counts as a boundary).
func boundary(s string, i int) bool {
	if i < 0 || i >= len(s) {
		return true
	}
	c := s[i]
	return !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-' || c >= 0x80)
}

// Hides reports whether the mask hides v, a node of the case c (its id, a
// label read from it): whether a path yields v or a value that holds it.
// A path over the default bounds counts as hiding it. It reads each
// container a path yields at most once: linear in the case.
func (m *Mask) Hides(c, v document.Value) bool {
	for _, p := range m.paths {
		vals, err := selectEither(p, c, defaultMaxValues, defaultMaxVisits)
		if err != nil {
			return true
		}
		seen := map[document.Value]bool{}
		for _, x := range vals {
			if holds(x, v, seen) {
				return true
			}
		}
	}
	return false
}

// holds reports whether v is x or inside it, skipping the containers seen
// already (and marking those it reads).
func holds(x, v document.Value, seen map[document.Value]bool) bool {
	stack := []document.Value{x}
	for len(stack) > 0 {
		y := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if y == v {
			return true
		}
		if k := y.Kind(); (k == document.Array || k == document.Object) && !seen[y] {
			seen[y] = true
			for i := 0; i < y.Len(); i++ {
				stack = append(stack, y.Index(i))
			}
		}
	}
	return false
}

// The default bounds of a path, as rules.DefaultLimits has them.
const (
	defaultMaxValues = 100_000
	defaultMaxVisits = 20_000_000
)
