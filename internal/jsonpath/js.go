package jsonpath

import (
	"math"
	"strconv"
	"strings"

	"github.com/verdict-rules/verdict/document"
)

// This file gives filter expressions JavaScript's semantics, because the
// dialect's oracle, jsonpath-plus, evaluates them as JavaScript: truthiness,
// strict and loose equality, relational comparison with its conversions,
// and property access that reaches the built-in prototypes.

type jsKind uint8

const (
	jsUndefined jsKind = iota
	jsNull
	jsBool
	jsNumber
	jsString
	jsObject   // a JSON object or array of the document
	jsFunction // a built-in method reached through a prototype
)

// jsValue is a JavaScript value as a filter sees it. Objects and arrays are
// references into the document, so identity is pointer identity.
type jsValue struct {
	kind jsKind
	b    bool
	n    float64        // jsNumber; jsFunction: its length (arity)
	s    string         // string content, or a function's name
	ref  document.Value // jsObject
}

var undefined = jsValue{}

func jsFromValue(v document.Value) jsValue {
	switch v.Kind() {
	case document.Null:
		return jsValue{kind: jsNull}
	case document.Bool:
		return jsValue{kind: jsBool, b: v.Bool()}
	case document.Number:
		return jsValue{kind: jsNumber, n: v.Float()}
	case document.String:
		return jsValue{kind: jsString, s: v.Text()}
	case document.Array, document.Object:
		return jsValue{kind: jsObject, ref: v}
	}
	return undefined
}

// truthy is JavaScript's ToBoolean.
func truthy(x jsValue) bool {
	switch x.kind {
	case jsUndefined, jsNull:
		return false
	case jsBool:
		return x.b
	case jsNumber:
		return x.n != 0 && !math.IsNaN(x.n)
	case jsString:
		return x.s != ""
	}
	return true
}

// strictEquals is ===.
func strictEquals(a, b jsValue) bool {
	if a.kind != b.kind {
		return false
	}
	switch a.kind {
	case jsUndefined, jsNull:
		return true
	case jsBool:
		return a.b == b.b
	case jsNumber:
		return a.n == b.n // NaN != NaN, +0 == -0, as in JavaScript
	case jsString:
		return a.s == b.s
	case jsObject:
		return a.ref == b.ref
	}
	// Each property read of a method yields a new bound function.
	return false
}

// looseEquals is ==. ok is false when JavaScript would throw: converting
// an object that has its own "toString" member to a primitive.
func looseEquals(a, b jsValue) (result, ok bool) {
	for {
		if a.kind == b.kind {
			return strictEquals(a, b), true
		}
		switch {
		case (a.kind == jsNull || a.kind == jsUndefined) && (b.kind == jsNull || b.kind == jsUndefined):
			return true, true
		case a.kind == jsNull || a.kind == jsUndefined || b.kind == jsNull || b.kind == jsUndefined:
			return false, true
		case a.kind == jsNumber && b.kind == jsString:
			return a.n == stringToNumber(b.s), true
		case a.kind == jsString && b.kind == jsNumber:
			return stringToNumber(a.s) == b.n, true
		case a.kind == jsBool:
			a = jsValue{kind: jsNumber, n: boolNumber(a.b)}
		case b.kind == jsBool:
			b = jsValue{kind: jsNumber, n: boolNumber(b.b)}
		case (a.kind == jsObject || a.kind == jsFunction) && (b.kind == jsNumber || b.kind == jsString):
			if a, ok = toPrimitive(a); !ok {
				return false, false
			}
		case (b.kind == jsObject || b.kind == jsFunction) && (a.kind == jsNumber || a.kind == jsString):
			if b, ok = toPrimitive(b); !ok {
				return false, false
			}
		default:
			return false, true
		}
	}
}

// lessThan is JavaScript's IsLessThan: the outcome of a < b, with defined
// false when a NaN was involved, and ok false when JavaScript would throw.
func lessThan(a, b jsValue) (result, defined, ok bool) {
	if a, ok = toPrimitive(a); !ok {
		return false, false, false
	}
	if b, ok = toPrimitive(b); !ok {
		return false, false, false
	}
	if a.kind == jsString && b.kind == jsString {
		return compareUTF16(a.s, b.s) < 0, true, true
	}
	x, y := toNumber(a), toNumber(b)
	if math.IsNaN(x) || math.IsNaN(y) {
		return false, false, true
	}
	return x < y, true, true
}

// compare evaluates a relational operator; ok is false when it throws.
func compare(op opKind, a, b jsValue) (result, ok bool) {
	var r, defined bool
	switch op {
	case opLT:
		r, _, ok = lessThan(a, b)
		return r, ok
	case opGT:
		r, _, ok = lessThan(b, a)
		return r, ok
	case opLE:
		r, defined, ok = lessThan(b, a)
		return defined && !r, ok
	case opGE:
		r, defined, ok = lessThan(a, b)
		return defined && !r, ok
	}
	return false, true
}

func boolNumber(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// toPrimitive converts objects and functions to strings, as ToPrimitive
// does for plain objects, arrays and bound built-in methods. ok is false
// when JavaScript would throw: an object whose own "toString" member (a
// JSON value, never a function) shadows the built-in one has no primitive.
func toPrimitive(x jsValue) (jsValue, bool) {
	switch x.kind {
	case jsObject:
		s, ok := objectString(x.ref)
		return jsValue{kind: jsString, s: s}, ok
	case jsFunction:
		return jsValue{kind: jsString, s: "function () { [native code] }"}, true
	}
	return x, true
}

// objectString is String(o): arrays join their elements with commas,
// objects are "[object Object]".
func objectString(v document.Value) (string, bool) {
	if v.Kind() == document.Object {
		if _, own := v.Member("toString"); own {
			return "", false
		}
		return "[object Object]", true
	}
	var b strings.Builder
	for i := 0; i < v.Len(); i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		e := v.Index(i)
		switch e.Kind() {
		case document.Null:
		case document.Array, document.Object:
			s, ok := objectString(e)
			if !ok {
				return "", false
			}
			b.WriteString(s)
		default:
			b.WriteString(primitiveString(jsFromValue(e)))
		}
	}
	return b.String(), true
}

// primitiveString is JavaScript's ToString for primitives.
func primitiveString(x jsValue) string {
	switch x.kind {
	case jsUndefined:
		return "undefined"
	case jsNull:
		return "null"
	case jsBool:
		return strconv.FormatBool(x.b)
	case jsNumber:
		return numberToString(x.n)
	}
	return x.s
}

// toNumber is JavaScript's ToNumber for primitives.
func toNumber(x jsValue) float64 {
	switch x.kind {
	case jsNull:
		return 0
	case jsBool:
		return boolNumber(x.b)
	case jsNumber:
		return x.n
	case jsString:
		return stringToNumber(x.s)
	}
	return math.NaN()
}

// isJSSpace reports the characters JavaScript trims from numeric strings:
// WhiteSpace and LineTerminator.
func isJSSpace(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', ' ', 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff:
		return true
	}
	return r >= 0x2000 && r <= 0x200a
}

// stringToNumber is JavaScript's StringToNumber.
func stringToNumber(s string) float64 {
	s = strings.TrimFunc(s, isJSSpace)
	if s == "" {
		return 0
	}
	switch s {
	case "Infinity", "+Infinity":
		return math.Inf(1)
	case "-Infinity":
		return math.Inf(-1)
	}
	if len(s) > 2 && s[0] == '0' {
		base := 0
		switch s[1] {
		case 'x', 'X':
			base = 16
		case 'o', 'O':
			base = 8
		case 'b', 'B':
			base = 2
		}
		if base != 0 {
			return radixNumber(s[2:], base)
		}
	}
	// StrDecimalLiteral: sign, digits with an optional point (at least one
	// digit overall), optional exponent. No underscores, no hex floats.
	i := 0
	if s[0] == '+' || s[0] == '-' {
		i++
	}
	digits := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
		digits++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			digits++
		}
	}
	if digits == 0 {
		return math.NaN()
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		exp := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			exp++
		}
		if exp == 0 {
			return math.NaN()
		}
	}
	if i != len(s) {
		return math.NaN()
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			return f
		}
		return math.NaN()
	}
	return f
}

func radixNumber(s string, base int) float64 {
	if s == "" {
		return math.NaN()
	}
	f := 0.0
	for i := 0; i < len(s); i++ {
		var d int
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			d = int(c - '0')
		case c >= 'a' && c <= 'z':
			d = int(c-'a') + 10
		case c >= 'A' && c <= 'Z':
			d = int(c-'A') + 10
		default:
			return math.NaN()
		}
		if d >= base {
			return math.NaN()
		}
		f = f*float64(base) + float64(d)
	}
	return f
}

// numberToString is JavaScript's Number::toString(10).
func numberToString(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	case f == 0:
		return "0"
	}
	neg := f < 0
	if neg {
		f = -f
	}
	// Shortest digits that round-trip, and the decimal exponent n such that
	// the value is 0.digits × 10^n.
	e := strconv.FormatFloat(f, 'e', -1, 64)
	mant, expPart, _ := strings.Cut(e, "e")
	digits := strings.Replace(mant, ".", "", 1)
	x, _ := strconv.Atoi(expPart)
	n := x + 1
	k := len(digits)
	var out string
	switch {
	case k <= n && n <= 21:
		out = digits + strings.Repeat("0", n-k)
	case 0 < n && n <= 21:
		out = digits[:n] + "." + digits[n:]
	case -6 < n && n <= 0:
		out = "0." + strings.Repeat("0", -n) + digits
	default:
		sign := "+"
		if n-1 < 0 {
			sign = "-"
		}
		exp := n - 1
		if exp < 0 {
			exp = -exp
		}
		if k == 1 {
			out = digits + "e" + sign + strconv.Itoa(exp)
		} else {
			out = digits[:1] + "." + digits[1:] + "e" + sign + strconv.Itoa(exp)
		}
	}
	if neg {
		return "-" + out
	}
	return out
}

// Built-in methods that property reads reach through the prototypes of
// JSON values, with their lengths (as Node.js 20 reports them).
var (
	objectProto = map[string]int{"hasOwnProperty": 1, "isPrototypeOf": 1, "propertyIsEnumerable": 1,
		"toString": 0, "valueOf": 0, "toLocaleString": 0}
	arrayProto = map[string]int{"at": 1, "concat": 1, "copyWithin": 2, "fill": 1, "find": 1, "findIndex": 1,
		"findLast": 1, "findLastIndex": 1, "lastIndexOf": 1, "pop": 0, "push": 1, "reverse": 0, "shift": 0,
		"unshift": 1, "slice": 2, "sort": 1, "splice": 2, "includes": 1, "indexOf": 1, "join": 1, "keys": 0,
		"entries": 0, "values": 0, "forEach": 1, "filter": 1, "flat": 0, "flatMap": 1, "map": 1, "every": 1,
		"some": 1, "reduce": 1, "reduceRight": 1, "toLocaleString": 0, "toString": 0, "toReversed": 0,
		"toSorted": 1, "toSpliced": 2, "with": 2}
	stringProto = map[string]int{"anchor": 1, "at": 1, "big": 0, "blink": 0, "bold": 0, "charAt": 1,
		"charCodeAt": 1, "codePointAt": 1, "concat": 1, "endsWith": 1, "fontcolor": 1, "fontsize": 1,
		"fixed": 0, "includes": 1, "indexOf": 1, "isWellFormed": 0, "italics": 0, "lastIndexOf": 1, "link": 1,
		"localeCompare": 1, "match": 1, "matchAll": 1, "normalize": 0, "padEnd": 1, "padStart": 1, "repeat": 1,
		"replace": 2, "replaceAll": 2, "search": 1, "slice": 2, "small": 0, "split": 2, "strike": 0, "sub": 0,
		"substr": 2, "substring": 2, "sup": 0, "startsWith": 1, "toString": 0, "toWellFormed": 0, "trim": 0,
		"trimStart": 0, "trimLeft": 0, "trimEnd": 0, "trimRight": 0, "toLocaleLowerCase": 0,
		"toLocaleUpperCase": 0, "toLowerCase": 0, "toUpperCase": 0, "valueOf": 0}
	numberProto = map[string]int{"toExponential": 1, "toFixed": 1, "toPrecision": 1, "toString": 1,
		"valueOf": 0, "toLocaleString": 0}
	booleanProto = map[string]int{"toString": 0, "valueOf": 0}
	// blocked names throw when not an own property (jsonpath-plus guards
	// them against sandbox escapes).
	blocked = map[string]bool{"constructor": true, "__proto__": true, "__defineGetter__": true,
		"__defineSetter__": true, "__lookupGetter__": true, "__lookupSetter__": true}
)

// getProperty reads x[name] the way jsonpath-plus's safe evaluator does.
// ok is false when JavaScript would throw, which makes the whole filter
// false for the current item.
func getProperty(x jsValue, name string, key document.Key, idx int, isIdx bool) (jsValue, bool) {
	switch x.kind {
	case jsUndefined, jsNull:
		return undefined, false
	case jsObject:
		v := x.ref
		if v.Kind() == document.Object {
			if m, ok := v.MemberKey(key); ok {
				return jsFromValue(m), true
			}
			return inherited(name, nil)
		}
		if name == "length" {
			return jsValue{kind: jsNumber, n: float64(v.Len())}, true
		}
		if isIdx {
			if idx < v.Len() {
				return jsFromValue(v.Index(idx)), true
			}
			return undefined, true
		}
		return inherited(name, arrayProto)
	case jsString:
		if name == "length" {
			return jsValue{kind: jsNumber, n: float64(utf16Len(x.s))}, true
		}
		if isIdx {
			if c, ok := utf16At(x.s, idx); ok {
				return jsValue{kind: jsString, s: c}, true
			}
			return undefined, true
		}
		return inherited(name, stringProto)
	case jsNumber:
		return inherited(name, numberProto)
	case jsBool:
		return inherited(name, booleanProto)
	case jsFunction:
		switch name {
		case "length":
			return jsValue{kind: jsNumber, n: x.n}, true
		case "name":
			return jsValue{kind: jsString, s: "bound " + x.s}, true
		case "call", "apply", "bind", "constructor", "caller", "arguments":
			// Blocked by jsonpath-plus, or refused by JavaScript on bound
			// methods: reading them throws.
			return undefined, false
		}
		if n, ok := objectProto[name]; ok {
			return jsValue{kind: jsFunction, s: name, n: float64(n)}, true
		}
		return undefined, true
	}
	return undefined, true
}

// inherited looks a name up on a value's prototype chain: the type's own
// prototype, then Object.prototype.
func inherited(name string, proto map[string]int) (jsValue, bool) {
	if blocked[name] {
		return undefined, false
	}
	if n, ok := proto[name]; ok {
		return jsValue{kind: jsFunction, s: name, n: float64(n)}, true
	}
	if n, ok := objectProto[name]; ok {
		return jsValue{kind: jsFunction, s: name, n: float64(n)}, true
	}
	return undefined, true
}
