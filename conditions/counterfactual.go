package conditions

import "encoding/json"

// Counterfactual says what change would make a condition come out the
// other way, where that condition keeps an automation from firing, and
// whether that change alone would make it fire. It is computed only where
// verdict can compute it: Kind "unknown" says where it cannot
// (expressions, registered condition types), and then no change is given.
type Counterfactual struct {
	// Kind is what the condition needs, for programs to read:
	//
	//	at_least, more_than, at_most, less_than, equal, not_equal,
	//	one_of, none_of, contains, not_contains, matches, not_matches
	//	            the values (Targets) need that relation with Value
	//	absent      the values (Targets) must be null, or the field
	//	            yield nothing
	//	present     the field must yield values, and the values
	//	            (Targets) must not be null
	//	allowed     each value must equal one of Value (what the
	//	            condition's path yields)
	//	not_allowed one value must equal none of Value
	//	any_of      one of the group's conditions (each with its own
	//	            counterfactual) must come out the other way
	//	not         the inner condition must come out the other way
	//	unknown     verdict cannot compute the change
	Kind string `json:"kind"`
	// Value is the bound or value compared with (a number as the
	// definition writes it, exactly), the list of values, or the pattern.
	Value json.RawMessage `json:"value,omitempty"`
	// Missing is set when the field yields nothing: it must exist, and its
	// values meet Kind.
	Missing bool `json:"missing,omitempty"`
	// Targets are the values that must change; Need says whether "each"
	// of them must, or "any" one is enough.
	Targets []Target `json:"targets,omitempty"`
	Need    string   `json:"need,omitempty"`
	// Date is, for a context field counted from a date of the case
	// (company_age, case_age_days), the first date (YYYY-MM-DD) on which
	// the condition holds without any change to the case; Targets then
	// holds the date the field counts from.
	Date string `json:"date,omitempty"`
	// Sentence says the same for people.
	Sentence string `json:"sentence"`
	// Sufficient reports whether this change alone, everything else in
	// the case and event as it is, would make the automation fire. It is
	// true only when that is certain: the outcomes of the other
	// conditions let the change through, and the change alters none of
	// those that count.
	Sufficient bool `json:"sufficient"`
	// Unsure is set when whether the change alone is enough is not
	// known: another condition reads the values it changes (or may read
	// anything: an expression, a registered type, a context field), and
	// may come out differently. Sufficient is then false.
	Unsure bool `json:"unsure,omitempty"`
}

// Target is a value a counterfactual asks to change.
type Target struct {
	// Pointer is where the value is in the case; empty for a value that
	// is not in it (a .length, a computed context field).
	Pointer string          `json:"pointer,omitempty"`
	Value   json.RawMessage `json:"value"`
}
