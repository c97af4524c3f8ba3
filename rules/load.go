package rules

import (
	"errors"

	"github.com/verdict-rules/verdict/diag"
	"github.com/verdict-rules/verdict/document"
	"github.com/verdict-rules/verdict/internal/check"
)

// Parse reads and checks definitions as Load does; on error, an ErrorList
// and the valid automations, which Compile with the same options trusts.
func Parse(data []byte, opts ...Option) ([]Automation, error) {
	cfg, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	return cfg.parse(data)
}

// Load reads one automation, an array or an API list response, and
// compiles them into a Set; every problem is in an ErrorList.
func Load(data []byte, opts ...Option) (*Set, error) {
	cfg, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	defs, err := cfg.parse(data)
	if err != nil {
		return nil, err
	}
	return cfg.compileSet(defs)
}

func (cfg *config) parse(data []byte) ([]Automation, error) {
	doc, err := document.Decoder{MaxDepth: cfg.limits.DefinitionDepth * 2, Strict: true, MaxBytes: cfg.limits.DocumentBytes}.Decode(data)
	if err != nil {
		var se *document.SyntaxError
		if errors.As(err, &se) {
			return nil, ErrorList{diag.Syntax(se)}
		}
		return nil, err
	}
	type item struct {
		pointer string
		v       document.Value
	}
	var items []item
	switch doc.Kind() {
	case document.Object:
		_, hasName := doc.Member("name")
		if list, ok := doc.Member("data"); ok && !hasName {
			if list.Kind() != document.Array {
				return nil, located(data, ErrorList{{Pointer: "/data", Offset: -1, Code: diag.WrongType,
					Msg: "expected an array of automations in the list response, found " + list.Describe()}})
			}
			for i := 0; i < list.Len(); i++ {
				items = append(items, item{document.IndexPointer("/data", i), list.Index(i)})
			}
		} else {
			items = append(items, item{"", doc})
		}
	case document.Array:
		for i := 0; i < doc.Len(); i++ {
			items = append(items, item{document.IndexPointer("", i), doc.Index(i)})
		}
	default:
		return nil, located(data, ErrorList{{Offset: -1, Code: diag.Root,
			Msg: "expected an automation object, an array of automations or an API list response {\"data\": [...]}, found " + doc.Describe()}})
	}
	if len(items) == 0 {
		return nil, located(data, ErrorList{{Pointer: "", Offset: -1, Code: diag.Empty,
			Msg: "the document holds no automations"}})
	}
	var errs ErrorList
	defs := make([]Automation, 0, len(items))
	for _, it := range items {
		checked, problems := check.Check(it.v, cfg.check)
		if len(problems) > 0 {
			errs = append(errs, rebase(problems, it.pointer)...)
			continue
		}
		var s shape
		a := s.automation(it.v)
		a.origin = origin{doc: data, pointer: it.pointer, value: it.v, checked: checked, key: cfg.key}
		a.origin.keep(a)
		defs = append(defs, a)
	}
	if len(errs) > 0 {
		return defs, located(data, errs)
	}
	return defs, nil
}

// rebase turns problems relative to an automation into problems in the
// document at base.
func rebase(problems ErrorList, base string) ErrorList {
	for _, p := range problems {
		p.Pointer = base + p.Pointer
	}
	return problems
}

func located(doc []byte, errs ErrorList) ErrorList {
	errs.Locate(doc)
	return errs.Finish()
}
