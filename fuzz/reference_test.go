package fuzz

import (
	"encoding/json"
	"fmt"
	"math/big"
	"regexp"
	"strconv"
	"strings"
)

// This file is a deliberately simple reference interpreter of the condition
// semantics (DESIGN §4), written apart from package conditions: plain
// encoding/json values, big.Rat numbers, and a tiny path walker for the
// path shapes the generator writes. FuzzDifferential checks that the
// compiled evaluator agrees with it.

// refCond is a condition as the reference reads it.
type refCond struct {
	Type       string          `json:"type"`
	Field      string          `json:"field,omitempty"`
	Path       string          `json:"path,omitempty"`
	Value      json.RawMessage `json:"value,omitempty"`
	Match      string          `json:"match,omitempty"`
	Conditions []refCond       `json:"conditions,omitempty"`
	Condition  *refCond        `json:"condition,omitempty"`
}

// refValues walks one of the generated path shapes: $ followed by .name,
// ..name, [*], [n], unions [n,m] and ['a','b'], and [?(@.type==='T')]
// steps. Values come in no particular order: the conditions do not
// depend on it.
func refValues(doc any, path string) []any {
	cur := []any{doc}
	rest := strings.TrimPrefix(path, "$")
	for rest != "" {
		var next []any
		switch {
		case strings.HasPrefix(rest, ".."):
			// This node and every array and object below it, then the name.
			end := strings.IndexAny(rest[2:], ".[")
			if end < 0 {
				end = len(rest) - 2
			}
			name := rest[2 : end+2]
			rest = rest[end+2:]
			var below func(v any)
			below = func(v any) {
				switch x := v.(type) {
				case map[string]any:
					if m, ok := x[name]; ok {
						next = append(next, m)
					}
					for _, m := range x {
						below(m)
					}
				case []any:
					for _, e := range x {
						below(e)
					}
				}
			}
			for _, v := range cur {
				below(v)
			}
		case strings.HasPrefix(rest, "[") && strings.Contains(rest[:strings.Index(rest, "]")], ","),
			strings.HasPrefix(rest, "['"):
			// A union of indexes or of quoted names, parts in order.
			end := strings.Index(rest, "]")
			parts := strings.Split(rest[1:end], ",")
			rest = rest[end+1:]
			for _, v := range cur {
				for _, part := range parts {
					switch x := v.(type) {
					case map[string]any:
						if m, ok := x[strings.Trim(part, "'")]; ok {
							next = append(next, m)
						}
					case []any:
						if n, err := strconv.Atoi(part); err == nil && n < len(x) {
							next = append(next, x[n])
						}
					}
				}
			}
		case strings.HasPrefix(rest, "[*]"):
			rest = rest[3:]
			for _, v := range cur {
				if arr, ok := v.([]any); ok {
					next = append(next, arr...)
				}
			}
		case strings.HasPrefix(rest, "[?(@.type==='"):
			end := strings.Index(rest, "')]")
			want := rest[len("[?(@.type==='"):end]
			rest = rest[end+3:]
			for _, v := range cur {
				if arr, ok := v.([]any); ok {
					for _, item := range arr {
						if m, ok := item.(map[string]any); ok && m["type"] == want {
							next = append(next, item)
						}
					}
				}
			}
		case strings.HasPrefix(rest, "["):
			end := strings.Index(rest, "]")
			n, _ := strconv.Atoi(rest[1:end])
			rest = rest[end+1:]
			for _, v := range cur {
				if arr, ok := v.([]any); ok && n < len(arr) {
					next = append(next, arr[n])
				}
			}
		case strings.HasPrefix(rest, "."):
			end := strings.IndexAny(rest[1:], ".[")
			if end < 0 {
				end = len(rest) - 1
			}
			name := rest[1 : end+1]
			rest = rest[end+1:]
			for _, v := range cur {
				switch x := v.(type) {
				case map[string]any:
					if m, ok := x[name]; ok {
						next = append(next, m)
					}
				case []any:
					if name == "length" {
						next = append(next, json.Number(strconv.Itoa(len(x))))
					}
				case string:
					if name == "length" && x != "" {
						next = append(next, json.Number(strconv.Itoa(len(x))))
					}
				}
			}
		default:
			panic("reference: unexpected path " + path)
		}
		cur = next
	}
	return cur
}

var refNumber = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$`)

// refRat reads a JSON number, or a string holding one between spaces.
func refRat(v any) (*big.Rat, bool) {
	var s string
	switch x := v.(type) {
	case json.Number:
		s = string(x)
	case string:
		s = strings.Trim(x, " \t")
		if !refNumber.MatchString(s) {
			return nil, false
		}
	default:
		return nil, false
	}
	r, ok := new(big.Rat).SetString(s)
	return r, ok
}

func refEqual(r, v any) bool {
	switch x := r.(type) {
	case json.Number:
		a, _ := refRat(x)
		b, ok := refRat(v)
		return ok && a.Cmp(b) == 0
	case string:
		switch y := v.(type) {
		case string:
			return x == y
		case json.Number:
			a, ok := refRat(x)
			b, _ := refRat(y)
			return ok && a.Cmp(b) == 0
		case bool:
			return (x == "true" && y) || (x == "false" && !y)
		}
		return false
	case bool:
		switch y := v.(type) {
		case bool:
			return x == y
		case string:
			return (y == "true" && x) || (y == "false" && !x)
		}
		return false
	case nil:
		return v == nil
	case []any:
		y, ok := v.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !refDeepEqual(x[i], y[i]) {
				return false
			}
		}
		return true
	case map[string]any:
		y, ok := v.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, xv := range x {
			yv, ok := y[k]
			if !ok || !refDeepEqual(xv, yv) {
				return false
			}
		}
		return true
	}
	return false
}

// refDeepEqual is JSON equality, numbers by value.
func refDeepEqual(a, b any) bool {
	if na, ok := a.(json.Number); ok {
		nb, ok := b.(json.Number)
		if !ok {
			return false
		}
		x, _ := refRat(na)
		y, _ := refRat(nb)
		return x.Cmp(y) == 0
	}
	switch a.(type) {
	case []any, map[string]any:
		return refEqual(a, b)
	}
	return a == b
}

// refOrder compares r with v for the ordering conditions.
func refOrder(r, v any) (int, bool) {
	switch x := r.(type) {
	case json.Number:
		a, _ := refRat(x)
		if b, ok := refRat(v); ok {
			return a.Cmp(b), true
		}
	case string:
		switch y := v.(type) {
		case string:
			a, okA := refRat(x)
			b, okB := refRat(y)
			if okA && okB {
				return a.Cmp(b), true
			}
			return strings.Compare(x, y), true
		case json.Number:
			if a, ok := refRat(x); ok {
				b, _ := refRat(y)
				return a.Cmp(b), true
			}
		}
	}
	return 0, false
}

func refContains(r, v any) bool {
	switch x := r.(type) {
	case string:
		switch y := v.(type) {
		case string:
			return strings.Contains(x, y)
		case json.Number:
			return strings.Contains(x, string(y))
		}
	case []any:
		for _, e := range x {
			if refEqual(e, v) {
				return true
			}
		}
	}
	return false
}

func refDecode(raw json.RawMessage) any {
	var v any
	d := json.NewDecoder(strings.NewReader(string(raw)))
	d.UseNumber()
	if err := d.Decode(&v); err != nil {
		panic(fmt.Sprintf("reference: %v", err))
	}
	return v
}

// refHolds evaluates a condition on a document.
func refHolds(c refCond, doc any) bool {
	switch c.Type {
	case "and":
		for _, k := range c.Conditions {
			if !refHolds(k, doc) {
				return false
			}
		}
		return true
	case "or":
		for _, k := range c.Conditions {
			if refHolds(k, doc) {
				return true
			}
		}
		return false
	case "not":
		return !refHolds(*c.Condition, doc)
	case "equal_to_null", "not_equal_to_null":
		vals := refValues(doc, c.Field)
		nulls := 0
		for _, v := range vals {
			if v == nil {
				nulls++
			}
		}
		if c.Type == "equal_to_null" {
			return nulls == len(vals)
		}
		return len(vals) > 0 && nulls == 0
	case "every":
		vals := refValues(doc, c.Field)
		allowed := refValues(doc, c.Path)
		if len(vals) == 0 || len(allowed) == 0 {
			return false
		}
		for _, r := range vals {
			found := false
			for _, a := range allowed {
				if refEqual(r, a) {
					found = true
				}
			}
			if !found {
				return false
			}
		}
		return true
	}
	value := refDecode(c.Value)
	test := func(r any) bool {
		switch c.Type {
		case "equal":
			return refEqual(r, value)
		case "not_equal":
			return !refEqual(r, value)
		case "greater_than", "greater_than_or_equal", "less_than", "less_than_or_equal":
			n, ok := refOrder(r, value)
			if !ok {
				return false
			}
			switch c.Type {
			case "greater_than":
				return n > 0
			case "greater_than_or_equal":
				return n >= 0
			case "less_than":
				return n < 0
			}
			return n <= 0
		case "contains":
			return refContains(r, value)
		case "in":
			for _, v := range value.([]any) {
				if refEqual(r, v) {
					return true
				}
			}
			return false
		case "matches":
			s, ok := r.(string)
			return ok && regexp.MustCompile(value.(string)).MatchString(s)
		}
		panic("reference: unknown condition type " + c.Type)
	}
	vals := refValues(doc, c.Field)
	if len(vals) == 0 {
		return false
	}
	if c.Match == "any" {
		for _, r := range vals {
			if test(r) {
				return true
			}
		}
		return false
	}
	for _, r := range vals {
		if !test(r) {
			return false
		}
	}
	return true
}
