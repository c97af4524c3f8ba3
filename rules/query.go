package rules

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/verdict-rules/verdict/diag"
	"github.com/verdict-rules/verdict/document"
	"github.com/verdict-rules/verdict/internal/jsonpath"
	"github.com/verdict-rules/verdict/internal/suggest"
)

// Query returns the values a JSONPath yields on a case, with the context
// fields the options define; a bad path or values over Limits.TraceBytes
// is an *Error.
func Query(c *Case, path string, opts ...Option) ([]document.Value, error) {
	if !c.Value().Exists() {
		return nil, errors.New("rules: Query needs a case")
	}
	cfg, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	p, err := cfg.paths().Parse(path)
	if err != nil {
		return nil, err
	}
	names := cfg.context.Names()
	if name := p.Context(); name != "" && !slices.Contains(names, name) {
		msg := "unknown context field " + suggest.Quote(name)
		if near := suggest.Closest(name, names); near != "" {
			msg += fmt.Sprintf(" (did you mean %s?)", suggest.Quote(near))
		}
		return nil, &Error{Source: path, Offset: strings.Index(path, name), Code: diag.UnknownContextField,
			Msg: msg + "; available: " + suggest.List(names)}
	}
	var reach *document.Reach
	if name := p.Context(); name != "" {
		if ps, ok := cfg.context.Reach(name); ok {
			reach = document.NewReach(ps...)
		}
	} else {
		reach = document.NewReach(p.Reach()...)
	}
	if err := covers(c, reach); err != nil {
		return nil, err
	}
	vals := cfg.context.NewValues(c.Value(), cfg.clock())
	out, err := p.Select(c.Value(), &jsonpath.Env{Context: vals.Get, MaxValues: cfg.limits.PathValues, MaxVisits: cfg.limits.PathVisits}, nil)
	if err != nil {
		return nil, err
	}
	if err := vals.Err(); err != nil {
		return nil, err
	}
	left := cfg.limits.TraceBytes
	for _, v := range out {
		if left -= jsonSize(v, left) + 1; left < 0 {
			return nil, &Error{Source: path, Offset: -1, Code: diag.TooManyBytes,
				Msg: fmt.Sprintf("jsonpath: the %d values %s yields take more than %d bytes written as JSON, more than a query may return", len(out), path, cfg.limits.TraceBytes)}
		}
	}
	return out, nil
}

// jsonSize returns the bytes v takes written as JSON, at least, or a
// number past limit once it is passed: it reads at most limit bytes'
// worth of v.
func jsonSize(v document.Value, limit int) int {
	switch v.Kind() {
	case document.String:
		return len(v.Text()) + 2
	case document.Number:
		return len(v.Literal())
	case document.Bool:
		return 5
	case document.Null:
		return 4
	case document.Array, document.Object:
		n := 2
		for i := 0; i < v.Len() && n <= limit; i++ {
			if v.Kind() == document.Object {
				n += len(v.Key(i)) + 3
			}
			n += jsonSize(v.Index(i), limit-n) + 1
		}
		return n
	}
	return 0
}
