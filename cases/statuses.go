package cases

import "strings"

// Statuses is a vocabulary of case statuses. A status in a definition that
// is not in the vocabulary is an error, which catches typos before an
// automation runs.
type Statuses []string

// QuickrStatuses returns the Quickr case statuses, the default
// vocabulary: the agent-determined status enum of the case API plus
// PROCESSING_DETAILS, which the guide names.
func QuickrStatuses() Statuses {
	return Statuses{"ACTIVE", "ARCHIVED", "DECLINED", "READY_FOR_REVIEW", "REVIEW_IN_PROGRESS",
		"SUSPENDED", "WAITING_FOR_DETAILS", "FORM_NOT_STARTED", "FORM_IN_PROGRESS", "PROCESSING_DETAILS"}
}

// DinteroStatuses returns Dintero's approval case statuses, with the
// TERMINATED of the cdd_case_update webhook.
func DinteroStatuses() Statuses {
	return Statuses{"ACTIVE", "DECLINED", "UNDER_MANUAL_REVIEW", "AUTOMATIC_REVIEW",
		"WAITING_FOR_SIGNATURE", "WAITING_FOR_DECLARATION", "WAITING_FOR_DETAILS", "ERROR", "ARCHIVED", "TERMINATED"}
}

// StatusesByName returns a built-in vocabulary: "quickr" or "dintero".
func StatusesByName(name string) (Statuses, bool) {
	switch strings.ToLower(name) {
	case "quickr":
		return QuickrStatuses(), true
	case "dintero":
		return DinteroStatuses(), true
	}
	return nil, false
}
