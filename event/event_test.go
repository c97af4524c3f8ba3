package event_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/verdict-rules/verdict/document"
	"github.com/verdict-rules/verdict/event"
)

func TestParseEvent(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string // the error, or the event as JSON
	}{
		{`{"type": "case_status_updated", "status": "ACTIVE", "x": [1, 2]}`, `{"type":"case_status_updated","status":"ACTIVE","x":[1,2]}`},
		// An empty previous_status is kept, so CheckEvent can report it.
		{`{"type": "case_status_updated", "status": "ACTIVE", "previous_status": ""}`, `{"type":"case_status_updated","status":"ACTIVE","previous_status":""}`},
		{`{"type": 1, "status": null, "previous_status": true}`,
			`invalid event: type: expected a string, found number 1; status: expected a string, found null; previous_status: expected a string, found boolean true`},
		{`["case_status_updated"]`, `invalid event: expected an object {"type", "status", "previous_status"}, found an array`},
		{`{"type": "case_status_updated", "type": "x"}`, `event: 1:33: duplicate member name "type"`},
		{`{"type": "case_status_updated",}`, `event: 1:`},
	} {
		ev, err := event.Parse([]byte(tc.in))
		var got string
		if err != nil {
			got = err.Error()
		} else {
			b, _ := json.Marshal(ev)
			got = string(b)
		}
		if !strings.HasPrefix(got, tc.want) {
			t.Errorf("ParseEvent(%s):\n got %s\nwant %s", tc.in, got, tc.want)
		}
		var se *document.SyntaxError
		if strings.HasPrefix(tc.want, "event: 1:") && !errors.As(err, &se) {
			t.Errorf("ParseEvent(%s): %T, want a *document.SyntaxError", tc.in, err)
		}
		// encoding/json reaches the same reader.
		var viaJSON event.Event
		jerr := json.Unmarshal([]byte(tc.in), &viaJSON)
		if (jerr == nil) != (err == nil) {
			t.Errorf("json.Unmarshal(%s) = %v, ParseEvent %v", tc.in, jerr, err)
		}
		if err == nil {
			if diff := cmp.Diff(*ev, viaJSON); diff != "" {
				t.Errorf("json.Unmarshal differs (-ParseEvent +Unmarshal):\n%s", diff)
			}
		}
	}
}
