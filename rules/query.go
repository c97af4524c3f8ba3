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
// fields the options define; a bad path is an *Error located in it.
func Query(c *Case, path string, opts ...Option) ([]*document.Value, error) {
	if c.Value() == nil {
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
	vals := cfg.context.NewValues(c.Value(), cfg.clock())
	out, err := p.Select(c.Value(), &jsonpath.Env{Context: vals.Get, MaxValues: cfg.limits.PathValues, MaxVisits: cfg.limits.PathVisits}, nil)
	if err != nil {
		return nil, err
	}
	if err := vals.Err(); err != nil {
		return nil, err
	}
	return out, nil
}
