// Package schema holds verdict's JSON Schemas (draft 2020-12) and validates
// documents against them, reporting every problem with the JSON Pointer of
// the node it concerns.
//
// automation.schema.json describes automation definitions; editors can use
// it for completion. The case schemas describe the documents automations
// read and drive the static checks of paths.
//
//	v := schema.Automation()
//	for _, e := range v.Validate(doc) { // doc as decoded by encoding/json with UseNumber
//		fmt.Println(e.Pointer, e.Msg)
//	}
//
// A Validator is immutable and safe for concurrent use.
package schema

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/verdict-rules/verdict/internal/suggest"
)

//go:embed *.schema.json
var files embed.FS

// Error is one problem found in a document.
type Error struct {
	Pointer string // JSON Pointer of the offending node in the document
	Code    string // stable, machine-readable kind of problem
	Msg     string // what was found and what was expected
}

func (e Error) Error() string {
	if e.Pointer == "" {
		return e.Msg
	}
	return e.Pointer + ": " + e.Msg
}

// Validator validates documents against one compiled schema.
type Validator struct {
	url    string
	source []byte
	tree   any // the schema as plain JSON values, to phrase messages
	sch    *jsonschema.Schema
}

// Names of the embedded schemas.
const (
	AutomationFile  = "automation.schema.json"
	QuickrCaseFile  = "quickr-case.schema.json"
	DinteroCaseFile = "dintero-cdd-case-update.schema.json"
	// Test suites and the config.json of scenario folders.
	SuiteFile          = "suite.schema.json"
	ScenarioConfigFile = "scenario-config.schema.json"
	// The JSON the CLI prints with --format json.
	ValidateOutputFile = "validate-output.schema.json"
	TestOutputFile     = "test-output.schema.json"
	BacktestOutputFile = "backtest-output.schema.json"
)

// Source returns the text of an embedded schema by file name.
func Source(name string) ([]byte, error) {
	return files.ReadFile(name)
}

var (
	embedded   sync.Map // file name → *Validator
	embeddedMu sync.Mutex
)

// Embedded returns the compiled validator of an embedded schema.
func Embedded(name string) (*Validator, error) {
	if v, ok := embedded.Load(name); ok {
		return v.(*Validator), nil
	}
	embeddedMu.Lock()
	defer embeddedMu.Unlock()
	if v, ok := embedded.Load(name); ok {
		return v.(*Validator), nil
	}
	src, err := files.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("schema: no embedded schema %q", name)
	}
	v, err := Compile(name, src)
	if err != nil {
		return nil, err
	}
	embedded.Store(name, v)
	return v, nil
}

// Automation returns the validator of automation definitions.
func Automation() *Validator {
	v, err := Embedded(AutomationFile)
	if err != nil {
		panic(err) // the embedded schema is tested; this cannot happen
	}
	return v
}

// Compile compiles a draft 2020-12 schema. name identifies it in errors.
func Compile(name string, src []byte) (*Validator, error) {
	dec := json.NewDecoder(bytes.NewReader(src))
	dec.UseNumber()
	var tree any
	if err := dec.Decode(&tree); err != nil {
		return nil, fmt.Errorf("schema %s: %w", name, err)
	}
	url := "https://verdict-rules.github.io/schema/" + name
	if m, ok := tree.(map[string]any); ok {
		if id, ok := m["$id"].(string); ok {
			url = id
		}
	}
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	c.AssertFormat = true
	if err := c.AddResource(url, bytes.NewReader(src)); err != nil {
		return nil, fmt.Errorf("schema %s: %w", name, err)
	}
	sch, err := c.Compile(url)
	if err != nil {
		return nil, fmt.Errorf("schema %s: %w", name, err)
	}
	return &Validator{url: url, source: src, tree: tree, sch: sch}, nil
}

// Source returns the schema text.
func (v *Validator) Source() []byte { return v.source }

// Tree returns the schema as plain JSON values (json.Number for numbers).
func (v *Validator) Tree() any { return v.tree }

// Validate checks doc, a value as encoding/json decodes it with UseNumber,
// and returns every problem, in document order of their pointers.
func (v *Validator) Validate(doc any) []Error {
	err := v.sch.Validate(doc)
	if err == nil {
		return nil
	}
	ve, ok := err.(*jsonschema.ValidationError)
	if !ok {
		return []Error{{Code: "schema", Msg: err.Error()}}
	}
	var out []Error
	v.collect(ve, doc, &out)
	sortErrors(out)
	return dedupe(out)
}

// collect turns the validation tree into messages, taking each leaf's
// keyword and the schema around it.
func (v *Validator) collect(ve *jsonschema.ValidationError, doc any, out *[]Error) {
	loc := ve.AbsoluteKeywordLocation
	if i := strings.IndexByte(loc, '#'); i >= 0 {
		loc = loc[i+1:]
	}
	keyword, parent := splitLast(loc)
	parentNode, _ := lookup(v.tree, parent)
	pn, _ := parentNode.(map[string]any)
	if msg, ok := pn["x-error"].(string); ok && keyword != "" {
		code, _ := pn["x-code"].(string)
		if code == "" {
			code = keyword
		}
		*out = append(*out, Error{Pointer: ve.InstanceLocation, Code: code, Msg: msg})
		return
	}
	if len(ve.Causes) > 0 {
		for _, c := range ve.Causes {
			v.collect(c, doc, out)
		}
		return
	}
	inst, _ := lookup(doc, ve.InstanceLocation)
	*out = append(*out, v.phrase(keyword, pn, ve, inst)...)
}

func (v *Validator) phrase(keyword string, pn map[string]any, ve *jsonschema.ValidationError, inst any) []Error {
	at := ve.InstanceLocation
	title, _ := pn["title"].(string)
	code, _ := pn["x-code"].(string)
	switch keyword {
	case "type":
		return []Error{{Pointer: at, Code: "type", Msg: fmt.Sprintf("expected %s, found %s", typeList(pn["type"]), describe(inst))}}
	case "required":
		obj, _ := inst.(map[string]any)
		var errs []Error
		for _, r := range list(pn["required"]) {
			name, _ := r.(string)
			if _, ok := obj[name]; !ok {
				msg := fmt.Sprintf("missing required property %q", name)
				if near := closeKey(obj, name); near != "" {
					msg += fmt.Sprintf(" (is %s a misspelling of it?)", suggest.Quote(near))
				}
				errs = append(errs, Error{Pointer: at, Code: "required", Msg: msg})
			}
		}
		return errs
	case "additionalProperties":
		obj, _ := inst.(map[string]any)
		props, _ := pn["properties"].(map[string]any)
		known := make([]string, 0, len(props))
		for k := range props {
			known = append(known, k)
		}
		sort.Strings(known)
		var errs []Error
		for k := range obj {
			if _, ok := props[k]; ok {
				continue
			}
			msg := "unknown property " + suggest.Quote(k)
			if near := suggest.Closest(k, known); near != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", near)
			} else {
				msg += "; expected one of: " + strings.Join(known, ", ")
			}
			errs = append(errs, Error{Pointer: at + "/" + escape(k), Code: "unknown_property", Msg: msg})
		}
		return errs
	case "enum":
		allowed := strs(list(pn["enum"]))
		what := title
		if what == "" {
			what = "value"
		}
		if code == "" {
			code = "enum"
		}
		if s, ok := inst.(string); ok {
			msg := fmt.Sprintf("unknown %s %s", what, suggest.Quote(s))
			if near := suggest.Closest(s, allowed); near != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", near)
			}
			return []Error{{Pointer: at, Code: code, Msg: msg + "; expected one of: " + listSome(allowed)}}
		}
		return []Error{{Pointer: at, Code: code, Msg: fmt.Sprintf("expected a %s (one of: %s), found %s", what, listSome(allowed), describe(inst))}}
	case "const":
		want, _ := json.Marshal(pn["const"])
		return []Error{{Pointer: at, Code: "const", Msg: fmt.Sprintf("expected %s, found %s", want, describe(inst))}}
	case "minItems":
		n := number(pn["minItems"])
		what := title
		if what == "" {
			what = "array"
		}
		if arr, ok := inst.([]any); ok && len(arr) == 0 {
			return []Error{{Pointer: at, Code: "empty", Msg: fmt.Sprintf("%s must not be empty", what)}}
		}
		return []Error{{Pointer: at, Code: "min_items", Msg: fmt.Sprintf("expected at least %d items in %s, found %s", n, what, describe(inst))}}
	case "minProperties":
		what := title
		if what == "" {
			what = "object"
		}
		return []Error{{Pointer: at, Code: "empty", Msg: fmt.Sprintf("%s must not be empty", what)}}
	case "minLength":
		what := title
		if what == "" {
			what = "string"
		}
		return []Error{{Pointer: at, Code: "empty", Msg: fmt.Sprintf("%s must not be empty", what)}}
	case "pattern":
		return []Error{{Pointer: at, Code: "pattern", Msg: fmt.Sprintf("%s does not match the pattern %s", describe(inst), pn["pattern"])}}
	case "format":
		return []Error{{Pointer: at, Code: "format", Msg: fmt.Sprintf("%s is not a valid %s", describe(inst), pn["format"])}}
	case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum":
		return []Error{{Pointer: at, Code: "range", Msg: fmt.Sprintf("%s is out of range (%s %v)", describe(inst), keyword, pn[keyword])}}
	}
	return []Error{{Pointer: at, Code: "schema", Msg: ve.Message}}
}

// listSome joins a list of allowed values, cutting long ones short.
func listSome(values []string) string {
	const most = 16
	if len(values) <= most {
		return strings.Join(values, ", ")
	}
	return strings.Join(values[:most], ", ") + fmt.Sprintf(", … (%d in all)", len(values))
}

// closeKey returns a key of obj that looks like a misspelling of name.
func closeKey(obj map[string]any, name string) string {
	for k := range obj {
		if suggest.Closest(k, []string{name}) == name {
			return k
		}
	}
	return ""
}

func describe(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean " + strconv.FormatBool(x)
	case json.Number:
		return "number " + x.String()
	case float64:
		return "number " + strconv.FormatFloat(x, 'g', -1, 64)
	case string:
		if len(x) > 40 {
			x = x[:37] + "..."
		}
		return fmt.Sprintf("string %q", x)
	case []any:
		if len(x) == 0 {
			return "an empty array"
		}
		return fmt.Sprintf("an array of %d items", len(x))
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%v", v)
}

func typeList(t any) string {
	switch x := t.(type) {
	case string:
		return article(x)
	case []any:
		names := strs(x)
		for i := range names {
			names[i] = article(names[i])
		}
		if len(names) > 1 {
			return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
		}
		return strings.Join(names, "")
	}
	return "another type"
}

func article(t string) string {
	switch t {
	case "object", "array", "integer":
		return "an " + t
	case "null":
		return "null"
	}
	return "a " + t
}

func list(v any) []any {
	l, _ := v.([]any)
	return l
}

func strs(l []any) []string {
	out := make([]string, 0, len(l))
	for _, x := range l {
		if s, ok := x.(string); ok {
			out = append(out, s)
		} else {
			b, _ := json.Marshal(x)
			out = append(out, string(b))
		}
	}
	return out
}

func number(v any) int64 {
	if n, ok := v.(json.Number); ok {
		i, _ := n.Int64()
		return i
	}
	return 0
}

func splitLast(p string) (last, parent string) {
	i := strings.LastIndexByte(p, '/')
	if i < 0 {
		return p, ""
	}
	return unescape(p[i+1:]), p[:i]
}

func escape(t string) string {
	t = strings.ReplaceAll(t, "~", "~0")
	return strings.ReplaceAll(t, "/", "~1")
}

func unescape(t string) string {
	t = strings.ReplaceAll(t, "~1", "/")
	return strings.ReplaceAll(t, "~0", "~")
}

// lookup resolves a JSON Pointer in plain JSON values.
func lookup(doc any, p string) (any, bool) {
	if p == "" {
		return doc, true
	}
	cur := doc
	for _, t := range strings.Split(strings.TrimPrefix(p, "/"), "/") {
		t = unescape(t)
		switch x := cur.(type) {
		case map[string]any:
			v, ok := x[t]
			if !ok {
				return nil, false
			}
			cur = v
		case []any:
			i, err := strconv.Atoi(t)
			if err != nil || i < 0 || i >= len(x) {
				return nil, false
			}
			cur = x[i]
		default:
			return nil, false
		}
	}
	return cur, true
}

// sortErrors orders errors by pointer, comparing array indexes as numbers.
func sortErrors(errs []Error) {
	sort.SliceStable(errs, func(i, j int) bool {
		return ComparePointers(errs[i].Pointer, errs[j].Pointer) < 0
	})
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

func dedupe(errs []Error) []Error {
	out := errs[:0]
	seen := make(map[Error]bool, len(errs))
	for _, e := range errs {
		if !seen[e] {
			seen[e] = true
			out = append(out, e)
		}
	}
	return out
}
