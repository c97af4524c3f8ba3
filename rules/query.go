package rules

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/verdict-rules/verdict/conditions/jsonpath"
	"github.com/verdict-rules/verdict/internal/suggest"
)

// Query returns the values a JSONPath yields on a case, with the computed
// context ($.context.<name>) the options define, at the time of their
// clock. A malformed path is a *jsonpath.Error with the byte offset; an
// unknown context field is an error that names the available ones.
func Query(c *Case, path string, opts ...Option) ([]*jsonpath.Value, error) {
	if c == nil || c.root == nil {
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
		return nil, &jsonpath.Error{Path: path, Offset: strings.Index(path, name), Code: "unknown_context_field",
			Msg: msg + "; available: " + suggest.List(names)}
	}
	vals := cfg.context.NewValues(c.root, cfg.clock())
	out, err := p.Select(c.root, &jsonpath.Env{Context: vals.Get, MaxValues: cfg.limits.PathValues, MaxVisits: cfg.limits.PathVisits}, nil)
	if err != nil {
		return nil, err
	}
	if err := vals.Err(); err != nil {
		return nil, err
	}
	return out, nil
}
