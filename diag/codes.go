package diag

// Code is the stable, machine-readable kind of a Problem. Programs branch
// on it; the message is for people and may change.
type Code string

// Problems with a document as a whole.
const (
	// JSONSyntax is malformed JSON, or a document beyond the size or
	// nesting limit; the problem has a line and column.
	JSONSyntax Code = "json_syntax"
	// Root is a document of the wrong shape: a definition document that is
	// not an automation, an array of them or an API list response.
	Root Code = "root"
	// Document is a document that cannot be read as what it should be.
	Document Code = "document"
	// TooManyErrors counts the problems a finished List leaves out.
	TooManyErrors Code = "too_many_errors"
)

// Problems a schema finds: the JSON Schema keyword that failed, or the
// x-code its schema gives (the unknown_* codes).
const (
	WrongType       Code = "type"             // a value of the wrong JSON type
	Required        Code = "required"         // a required property is missing (with "did you mean")
	UnknownProperty Code = "unknown_property" // a property the schema does not have (with "did you mean")
	Enum            Code = "enum"             // a value outside an enumeration
	Const           Code = "const"            // a value other than the one allowed
	Empty           Code = "empty"            // an empty array, object or string, or a document without automations
	MinItems        Code = "min_items"        // an array shorter than allowed
	Pattern         Code = "pattern"          // a string that does not match its pattern
	Format          Code = "format"           // a string not in its format (a date, say)
	Range           Code = "range"            // a number out of range
	Schema          Code = "schema"           // another schema keyword, or a schema that cannot be used

	UnknownConditionType Code = "unknown_condition_type" // a condition type neither built in nor registered
	UnknownTriggerType   Code = "unknown_trigger_type"   // a trigger type neither built in nor registered
	UnknownActionType    Code = "unknown_action_type"    // an action type neither built in nor registered
	MissingTriggers      Code = "missing_triggers"       // neither trigger nor triggers
	DuplicateTriggers    Code = "duplicate_triggers"     // both trigger and triggers
	UnknownCaseStatus    Code = "unknown_case_status"    // a case schema: a status outside its enum
)

// Problems in the parts of a definition: its statuses, paths, regular
// expressions, expressions and actions, and the limits on them.
const (
	// UnknownStatus is a case status outside the vocabulary in use.
	UnknownStatus Code = "unknown_status"
	// PathSyntax is a JSONPath outside the grammar.
	PathSyntax Code = "path_syntax"
	// PathUnsupported is JSONPath that jsonpath-plus accepts but verdict
	// refuses because it runs code or has no stable meaning.
	PathUnsupported Code = "path_unsupported"
	// PathAmbiguous is a JSONPath that jsonpath-plus's tokenizer cuts
	// differently from the way it reads.
	PathAmbiguous Code = "path_ambiguous"
	// UnknownContextField is a $.context.<name> or context.<name> that no
	// context field has (with the available ones).
	UnknownContextField Code = "unknown_context_field"
	// Regexp is a regular expression that does not compile.
	Regexp Code = "regexp"
	// Expression is an expression that does not compile, or a condition's
	// that does not give a boolean.
	Expression Code = "expression"
	// ContextField is a problem with the context fields of the options: a
	// cycle between them, say.
	ContextField Code = "context_field"
	// Value is a condition's value that is not JSON.
	Value Code = "value"
	// Action is an action its type refuses to compile.
	Action Code = "action"
	// CustomCondition is a condition its registered type refuses.
	CustomCondition Code = "custom_condition"
	// TooLong is a path, pattern or expression longer than its limit.
	TooLong Code = "too_long"
	// TooDeep is conditions, a filter or an expression nested deeper than
	// its limit.
	TooDeep Code = "too_deep"
	// TooLarge is a regular expression that grows past its limit once its
	// repetitions are written out.
	TooLarge Code = "too_large"
)

// Warnings: what the static checks, an evaluation or a set finds worth a
// look but not wrong.
const (
	UnknownMember     Code = "unknown_member"      // a path reads a member the case schema does not have
	MemberOfArray     Code = "member_of_array"     // a path reads a member of an array
	MemberOfScalar    Code = "member_of_scalar"    // a path reads a member of a string, number or boolean
	LengthOfNonArray  Code = "length_of_non_array" // .length of something that is neither an array nor a string
	NotInEnum         Code = "not_in_enum"         // a filter compares with a value outside the schema's enum
	NotComparable     Code = "not_comparable"      // a comparison of a number with a string that is none
	ValueNotInEnum    Code = "value_not_in_enum"   // a condition compares with a value outside the schema's enum
	EveryTypesDiffer  Code = "every_types_differ"  // every compares values of types that are never equal
	Contradiction     Code = "contradiction"       // an and whose conditions cannot all hold
	UnknownCheckType  Code = "unknown_check_type"  // set_check_status on a check type the schema does not allow
	TooComplex        Code = "too_complex"         // a path the static checks stop following
	TooManyWarnings   Code = "too_many_warnings"   // counts the warnings left out
	DuplicateID       Code = "duplicate_id"        // two automations of a set share an id
	DuplicateReason   Code = "duplicate_reason"    // two conditions of an automation share a reason code
	ContextShadowed   Code = "context_shadowed"    // the case has its own "context" member
	Conflict          Code = "conflict"            // fired automations set one field to different values
	CaseWithoutStatus Code = "case_without_status" // a case without the status member automations read
)

// Problems of a test suite or scenario (package suite).
const (
	File           Code = "file"            // a file a suite names that cannot be read
	Time           Code = "time"            // a time (now) that is not RFC 3339 or a date
	DuplicateName  Code = "duplicate_name"  // two tests of a suite with one name
	CaseProblem    Code = "case"            // a case a test names that cannot be read as one case
	Config         Code = "config"          // a suite's now, statuses or context fields that give no options
	AutomationName Code = "automation_name" // automation_name names no automation, or several
	Automation     Code = "automation"      // a file of several automations and no automation_name
	InvalidEvent   Code = "event"           // a test's event that the automations' check refuses
)

// Problems of an event (package event), each at its member's pointer.
const (
	NotAnObject         Code = "not_an_object"         // the event is not a JSON object
	NoType              Code = "no_type"               // the event has no type
	UnknownEventType    Code = "unknown_event_type"    // a type close to one the triggers know
	NoStatus            Code = "no_status"             // a case status event without a status
	EmptyPreviousStatus Code = "empty_previous_status" // a previous_status given as ""
	MisspeltMember      Code = "misspelt_member"       // a member close to type, status or previous_status
)

// Problems of an evaluation, which Evaluate returns wrapped with the
// automation's name. Their Err is the cause: a context's error, say.
const (
	// TooManyValues is a path that yields more values on a case than its
	// limit.
	TooManyValues Code = "too_many_values"
	// TooManyVisits is a path whose descents and unions visit more nodes
	// of a case than their limit.
	TooManyVisits Code = "too_many_visits"
	// TooManySteps is an evaluation whose paths, comparisons, regular
	// expressions and expressions together need more steps than its limit.
	TooManySteps Code = "too_many_steps"
	// TooManyBytes is a query or a trace whose values together take more
	// bytes than their limit.
	TooManyBytes Code = "too_many_bytes"
	// Failed is an evaluation that could not finish: an expression over
	// its budget, a context field that failed, or the evaluation's
	// context ending.
	Failed Code = "evaluation_failed"
)
