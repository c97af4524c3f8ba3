package document

import (
	"errors"
	"strconv"
	"strings"
)

// JoinPointer appends reference tokens to a JSON Pointer (RFC 6901),
// escaping "~" and "/" in them.
func JoinPointer(base string, tokens ...string) string {
	var b strings.Builder
	b.WriteString(base)
	for _, t := range tokens {
		b.WriteByte('/')
		b.WriteString(escapeToken(t))
	}
	return b.String()
}

// IndexPointer appends an array index to a JSON Pointer.
func IndexPointer(base string, i int) string {
	return base + "/" + strconv.Itoa(i)
}

func escapeToken(t string) string {
	if !strings.ContainsAny(t, "~/") {
		return t
	}
	t = strings.ReplaceAll(t, "~", "~0")
	return strings.ReplaceAll(t, "/", "~1")
}

// SplitPointer returns the unescaped reference tokens of a JSON Pointer.
func SplitPointer(p string) ([]string, error) {
	if p == "" {
		return nil, nil
	}
	if p[0] != '/' {
		return nil, errors.New(`JSON pointer must be empty or start with "/"`)
	}
	parts := strings.Split(p[1:], "/")
	for i, t := range parts {
		if !strings.Contains(t, "~") {
			continue
		}
		for j := 0; j < len(t); j++ {
			if t[j] == '~' && (j+1 >= len(t) || (t[j+1] != '0' && t[j+1] != '1')) {
				return nil, errors.New(`JSON pointer has "~" not followed by 0 or 1`)
			}
		}
		t = strings.ReplaceAll(t, "~1", "/")
		parts[i] = strings.ReplaceAll(t, "~0", "~")
	}
	return parts, nil
}

// arrayIndex parses an RFC 6901 array index: digits without leading zeros.
func arrayIndex(t string) (int, bool) {
	if t == "" || len(t) > 9 || (len(t) > 1 && t[0] == '0') {
		return 0, false
	}
	n := 0
	for i := 0; i < len(t); i++ {
		if t[i] < '0' || t[i] > '9' {
			return 0, false
		}
		n = n*10 + int(t[i]-'0')
	}
	return n, true
}

// Child returns what one reference token of a JSON Pointer names in v: the
// member of an object, or the element of an array at an index written as
// RFC 6901 writes them (digits, no leading zero).
func (v Value) Child(token string) (Value, bool) {
	switch v.Kind() {
	case Object:
		return v.Member(token)
	case Array:
		if i, ok := arrayIndex(token); ok && i < v.Len() {
			return v.Index(i), true
		}
	}
	return Value{}, false
}

// ComparePointers orders JSON Pointers token by token, array indexes by
// value, so /a/2 comes before /a/10.
func ComparePointers(a, b string) int {
	ta := strings.Split(a, "/")
	tb := strings.Split(b, "/")
	for i := 0; i < len(ta) && i < len(tb); i++ {
		if ta[i] == tb[i] {
			continue
		}
		na, ea := strconv.Atoi(ta[i])
		nb, eb := strconv.Atoi(tb[i])
		if ea == nil && eb == nil {
			if na < nb {
				return -1
			}
			return 1
		}
		if ta[i] < tb[i] {
			return -1
		}
		return 1
	}
	switch {
	case len(ta) < len(tb):
		return -1
	case len(ta) > len(tb):
		return 1
	}
	return 0
}

// Lookup follows the JSON Pointer p through plain JSON values, as
// encoding/json decodes them: map[string]any and []any.
func Lookup(v any, p string) (any, bool) {
	tokens, err := SplitPointer(p)
	if err != nil {
		return nil, false
	}
	for _, t := range tokens {
		switch x := v.(type) {
		case map[string]any:
			m, ok := x[t]
			if !ok {
				return nil, false
			}
			v = m
		case []any:
			i, ok := arrayIndex(t)
			if !ok || i >= len(x) {
				return nil, false
			}
			v = x[i]
		default:
			return nil, false
		}
	}
	return v, true
}
