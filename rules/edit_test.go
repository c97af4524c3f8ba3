package rules_test

import (
	"bytes"
	"encoding/json"
	"testing"
)

// decodeJSON decodes a test document, failing the test on error.
func decodeJSON(t *testing.T, data []byte) any {
	t.Helper()
	var v any
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	if err := d.Decode(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

// edit decodes an automation, lets f change it and encodes it.
func edit(t *testing.T, base []byte, f func(a map[string]any)) []byte {
	t.Helper()
	v := decodeJSON(t, base).(map[string]any)
	f(v)
	out, err := json.MarshalIndent(v, "", "   ")
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// cond returns the condition at the indexes given, level by level.
func cond(a map[string]any, path ...int) map[string]any {
	cs := a["conditions"].([]any)
	var c map[string]any
	for _, i := range path {
		c = cs[i].(map[string]any)
		cs, _ = c["conditions"].([]any)
	}
	return c
}
