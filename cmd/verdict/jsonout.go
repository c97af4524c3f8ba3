package main

import (
	"bytes"
	"encoding/json"
	"io"

	"github.com/verdict-rules/verdict/internal/term"
)

// writeJSON writes v as indented JSON, with the characters a terminal or
// an editor would act on (the C1 and bidirectional controls, which JSON
// strings may hold raw) escaped as \u sequences: the same values, which a
// name or a case value cannot use to reorder what is printed around it.
func writeJSON(w io.Writer, v any) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(term.JSON(b.Bytes()))
	return err
}
