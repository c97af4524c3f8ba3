// Package term writes text for people at a terminal: colour when the output
// is one, and strings from definitions and cases with their control
// characters escaped, so a name or a value cannot move the cursor, clear
// the screen, retitle the window or reorder the text around it.
package term

import (
	"io"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"
)

// IsTerminal reports whether w is a terminal.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// UseColor reports whether to colour output to w: a terminal, and NO_COLOR
// unset or empty (https://no-color.org).
func UseColor(w io.Writer) bool {
	return os.Getenv("NO_COLOR") == "" && IsTerminal(w)
}

// Paint wraps s in the ANSI colour code (such as "31" for red, "2" for dim)
// when on is true.
func Paint(on bool, code, s string) string {
	if !on || s == "" {
		return s
	}
	return "\x1b[" + code + "m" + s + "\x1b[0m"
}

// Safe returns s with what a terminal would act on instead of showing
// written as escapes: C0 and C1 control characters (newline and tab
// included, so one value stays on one line), DEL, the Unicode
// bidirectional controls, and invalid UTF-8 bytes. Everything else is
// kept as it is.
func Safe(s string) string { return safe(s, false) }

// SafeLine is Safe for a line of a file shown as it is: tabs are kept, so
// the indentation of the file stays.
func SafeLine(s string) string { return safe(s, true) }

// SafeLines is SafeLine for text whose line breaks are its own: newlines
// are kept too.
func SafeLines(s string) string {
	if !strings.ContainsRune(s, '\n') {
		return SafeLine(s)
	}
	parts := strings.Split(s, "\n")
	for i, p := range parts {
		parts[i] = SafeLine(p)
	}
	return strings.Join(parts, "\n")
}

func safe(s string, tabs bool) string {
	i := 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if unsafeRune(r, size) && !(tabs && r == '\t') {
			break
		}
		i += size
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:i])
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteString(`\x`)
			b.WriteString(hex2(s[i]))
		case unsafeRune(r, size) && !(tabs && r == '\t'):
			b.WriteString(escape(r))
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

func unsafeRune(r rune, size int) bool {
	switch {
	case r == utf8.RuneError && size == 1:
		return true
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
		return true
	case r == 0x2028 || r == 0x2029:
		return true
	}
	return false
}

func escape(r rune) string {
	switch r {
	case '\n':
		return `\n`
	case '\r':
		return `\r`
	case '\t':
		return `\t`
	case 0x1b:
		return `\e`
	}
	s := strconv.FormatInt(int64(r), 16)
	for len(s) < 4 {
		s = "0" + s
	}
	return `\u` + s
}

func hex2(c byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[c>>4], digits[c&15]})
}

// JSON returns encoded JSON with the characters that JSON strings may hold
// raw but that a terminal or an editor acts on — DEL, the C1 controls, the
// Unicode bidirectional controls and the line separators — written as \u
// escapes: the same JSON values, which cannot reorder or recolour the text
// around them. b must be JSON as an encoder writes it, with nothing but
// ASCII outside its strings; when nothing needs escaping it is returned
// as it is.
func JSON(b []byte) []byte {
	return rewrite(b, func(out []byte, r rune) []byte {
		out = append(out, `\u`...)
		return appendHex(out, r, 4)
	})
}

// XML is JSON for encoded XML: the characters are written as character
// references (&#x202E;), the same text once read. b must be XML as an
// encoder writes it, without CDATA sections.
func XML(b []byte) []byte {
	return rewrite(b, func(out []byte, r rune) []byte {
		out = append(out, "&#x"...)
		return append(appendHex(out, r, 2), ';')
	})
}

// rewrite copies b with each unsafe character outside C0 written by esc,
// or returns b when it has none.
func rewrite(b []byte, esc func([]byte, rune) []byte) []byte {
	var out []byte
	start := 0 // what is not copied to out yet
	for i := 0; i < len(b); {
		if b[i] < 0x7f {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if !(r == utf8.RuneError && size == 1) && unsafeRune(r, size) {
			if out == nil {
				out = make([]byte, 0, len(b)+16)
			}
			out = esc(append(out, b[start:i]...), r)
			start = i + size
		}
		i += size
	}
	if out == nil {
		return b
	}
	return append(out, b[start:]...)
}

func appendHex(out []byte, r rune, width int) []byte {
	s := strconv.FormatInt(int64(r), 16)
	for n := len(s); n < width; n++ {
		out = append(out, '0')
	}
	return append(out, s...)
}

// Writer returns a writer that passes encoded JSON on to w rewritten as
// JSON does, holding back a character split between two writes until the
// rest of it comes.
func Writer(w io.Writer) io.Writer { return &jsonWriter{w: w} }

type jsonWriter struct {
	w       io.Writer
	pending []byte // the start of a character the last write ended in
}

func (j *jsonWriter) Write(p []byte) (int, error) {
	data := p
	if len(j.pending) > 0 {
		data = append(j.pending, p...)
		j.pending = nil
	}
	// A multi-byte character cut at the end waits for its other bytes.
	cut := len(data)
	for k := len(data) - 1; k >= 0 && k >= len(data)-utf8.UTFMax; k-- {
		if utf8.RuneStart(data[k]) {
			if !utf8.FullRune(data[k:]) {
				cut = k
			}
			break
		}
	}
	j.pending = append(j.pending, data[cut:]...)
	if _, err := j.w.Write(JSON(data[:cut])); err != nil {
		return 0, err
	}
	return len(p), nil
}
