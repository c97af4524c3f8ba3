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
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/verdict-rules/verdict/diag"
	"github.com/verdict-rules/verdict/document"
	"github.com/verdict-rules/verdict/internal/suggest"
)

//go:embed *.schema.json
var files embed.FS

// problem is one problem found in a document, before it is handed out.
type problem struct {
	Pointer string
	Code    diag.Code
	Msg     string
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
	// Decision records (package record).
	DecisionRecordFile = "decision-record.schema.json"
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

// Source returns a copy of the schema text: the validators of the
// embedded schemas are shared by every caller.
func (v *Validator) Source() []byte { return bytes.Clone(v.source) }

// Tree returns the schema as plain JSON values (json.Number for numbers).
// The tree is the validator's own, which the static checks of paths read:
// treat it as read-only.
func (v *Validator) Tree() any { return v.tree }

// Validate checks doc, a value as encoding/json decodes it with UseNumber,
// and returns every problem, ordered by pointer (document.ComparePointers:
// member names by their bytes, array indexes by value, whatever the order
// of the text), each with the pointer of its node in doc and an Offset of
// -1.
func (v *Validator) Validate(doc any) diag.List {
	err := v.sch.Validate(doc)
	if err == nil {
		return nil
	}
	ve, ok := err.(*jsonschema.ValidationError)
	if !ok {
		return diag.List{{Offset: -1, Code: diag.Schema, Msg: err.Error()}}
	}
	var found []problem
	v.collect(ve, doc, &found)
	sortProblems(found)
	found = dedupe(found)
	out := make(diag.List, len(found))
	for i, p := range found {
		out[i] = &diag.Problem{Pointer: p.Pointer, Offset: -1, Code: p.Code, Msg: p.Msg}
	}
	return out
}

// collect turns the validation tree into messages, taking each leaf's
// keyword and the schema around it.
func (v *Validator) collect(ve *jsonschema.ValidationError, doc any, out *[]problem) {
	loc := ve.AbsoluteKeywordLocation
	if i := strings.IndexByte(loc, '#'); i >= 0 {
		loc = loc[i+1:]
	}
	keyword, parent := splitLast(loc)
	parentNode, _ := document.Lookup(v.tree, parent)
	pn, _ := parentNode.(map[string]any)
	if msg, ok := pn["x-error"].(string); ok && keyword != "" {
		code, _ := pn["x-code"].(string)
		if code == "" {
			code = keyword
		}
		*out = append(*out, problem{Pointer: ve.InstanceLocation, Code: diag.Code(code), Msg: msg})
		return
	}
	if len(ve.Causes) > 0 {
		for _, c := range ve.Causes {
			v.collect(c, doc, out)
		}
		return
	}
	inst, _ := document.Lookup(doc, ve.InstanceLocation)
	*out = append(*out, v.phrase(keyword, pn, ve, inst)...)
}

func (v *Validator) phrase(keyword string, pn map[string]any, ve *jsonschema.ValidationError, inst any) []problem {
	at := ve.InstanceLocation
	title, _ := pn["title"].(string)
	xcode, _ := pn["x-code"].(string)
	code := diag.Code(xcode)
	switch keyword {
	case "type":
		return []problem{{Pointer: at, Code: diag.WrongType, Msg: fmt.Sprintf("expected %s, found %s", typeList(pn["type"]), describe(inst))}}
	case "required":
		obj, _ := inst.(map[string]any)
		var errs []problem
		for _, r := range list(pn["required"]) {
			name, _ := r.(string)
			if _, ok := obj[name]; !ok {
				msg := fmt.Sprintf("missing required property %q", name)
				if near := closeKey(obj, name); near != "" {
					msg += fmt.Sprintf(" (is %s a misspelling of it?)", suggest.Quote(near))
				}
				errs = append(errs, problem{Pointer: at, Code: diag.Required, Msg: msg})
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
		var errs []problem
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
			errs = append(errs, problem{Pointer: at + "/" + escape(k), Code: diag.UnknownProperty, Msg: msg})
		}
		return errs
	case "enum":
		allowed := strs(list(pn["enum"]))
		what := title
		if what == "" {
			what = "value"
		}
		if code == "" {
			code = diag.Enum
		}
		if s, ok := inst.(string); ok {
			msg := fmt.Sprintf("unknown %s %s", what, suggest.Quote(s))
			if near := suggest.Closest(s, allowed); near != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", near)
			}
			return []problem{{Pointer: at, Code: code, Msg: msg + "; expected one of: " + suggest.List(allowed)}}
		}
		return []problem{{Pointer: at, Code: code, Msg: fmt.Sprintf("expected a %s (one of: %s), found %s", what, suggest.List(allowed), describe(inst))}}
	case "const":
		want, _ := json.Marshal(pn["const"])
		return []problem{{Pointer: at, Code: diag.Const, Msg: fmt.Sprintf("expected %s, found %s", want, describe(inst))}}
	case "minItems":
		n := number(pn["minItems"])
		what := title
		if what == "" {
			what = "array"
		}
		if arr, ok := inst.([]any); ok && len(arr) == 0 {
			return []problem{{Pointer: at, Code: diag.Empty, Msg: fmt.Sprintf("%s must not be empty", what)}}
		}
		return []problem{{Pointer: at, Code: diag.MinItems, Msg: fmt.Sprintf("expected at least %d items in %s, found %s", n, what, describe(inst))}}
	case "minProperties":
		what := title
		if what == "" {
			what = "object"
		}
		return []problem{{Pointer: at, Code: diag.Empty, Msg: fmt.Sprintf("%s must not be empty", what)}}
	case "minLength":
		what := title
		if what == "" {
			what = "string"
		}
		return []problem{{Pointer: at, Code: diag.Empty, Msg: fmt.Sprintf("%s must not be empty", what)}}
	case "pattern":
		return []problem{{Pointer: at, Code: diag.Pattern, Msg: fmt.Sprintf("%s does not match the pattern %s", describe(inst), pn["pattern"])}}
	case "format":
		return []problem{{Pointer: at, Code: diag.Format, Msg: fmt.Sprintf("%s is not a valid %s", describe(inst), pn["format"])}}
	case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum":
		return []problem{{Pointer: at, Code: diag.Range, Msg: fmt.Sprintf("%s is out of range (%s %v)", describe(inst), keyword, pn[keyword])}}
	}
	return []problem{{Pointer: at, Code: diag.Schema, Msg: ve.Message}}
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
		return suggest.Article(x)
	case []any:
		names := strs(x)
		for i := range names {
			names[i] = suggest.Article(names[i])
		}
		if len(names) > 1 {
			return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
		}
		return strings.Join(names, "")
	}
	return "another type"
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

// sortProblems orders problems by pointer, comparing array indexes as
// numbers.
func sortProblems(errs []problem) {
	sort.SliceStable(errs, func(i, j int) bool {
		return document.ComparePointers(errs[i].Pointer, errs[j].Pointer) < 0
	})
}

func dedupe(errs []problem) []problem {
	out := errs[:0]
	seen := make(map[problem]bool, len(errs))
	for _, e := range errs {
		if !seen[e] {
			seen[e] = true
			out = append(out, e)
		}
	}
	return out
}

// Case returns a case schema by name: "quickr" (the Quickr case details),
// "dintero" (the Dintero cdd_case_update webhook body), or the path of a
// JSON Schema file of one's own.
func Case(name string) (*Validator, error) {
	switch strings.ToLower(name) {
	case "quickr":
		return Embedded(QuickrCaseFile)
	case "dintero":
		return Embedded(DinteroCaseFile)
	}
	src, err := os.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("case schema %q: not quickr, dintero or a readable file: %w", name, err)
	}
	return Compile(name, src)
}
