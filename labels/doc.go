// Package labels compares what automations did with what people decided:
// it reads analysts' labels (case id → label), says which labels agree with
// each automation's action, tallies the confusion matrix of each automation
// over a corpus, and draws stratified random samples of cases for review.
// It knows nothing of how automations are evaluated: a caller (a labelled
// backtest) gives it, case by case, the case id, whether the automation
// fired and the case's label.
//
//	lab, err := labels.ReadFile("decisions.csv", labels.Options{})
//	agree, err := labels.ParseAgreement("Auto approve=ACTIVE,APPROVED")
//	labs, err := agree.Resolve([]labels.Automation{{ID: id, Name: "Auto approve", Statuses: []string{"ACTIVE"}}})
//	m := labels.NewMatrix(labs[0], 100)
//	s := labels.NewSampler(20, seed)
//	for each case {
//		label, ok := lab.Get(caseID)
//		s.Add(m.Add(caseID, fired, label, ok), caseID)
//	}
//	fmt.Println(m.Precision(), m.Recall())
//
// # Label files
//
// CSV (RFC 4180: quoted fields, doubled quotes, CRLF or LF line endings,
// fields spanning lines) or NDJSON, chosen by Options.Format or, by default,
// by the file's extension (.csv; .ndjson, .jsonl or .json) and else by its
// first character ('{' is NDJSON).
//
//   - CSV: either a header row naming the columns case_id and label (in any
//     order, in any case; other columns are ignored), or no header and exactly
//     two columns, case id then label. Spaces around a field are trimmed.
//   - NDJSON: one object per line, {"case_id": "…", "label": "…"}; other
//     members are ignored; blank lines are skipped. Both members must be
//     strings and may appear once.
//
// A UTF-8 byte order mark at the start is skipped. A file larger than
// Options.MaxBytes (default 32 MiB), a malformed line, invalid UTF-8, an
// empty case id or label, and a case id labelled twice (even with the same
// label) are errors: an *Error that says file:line and wraps one of the
// Err* values. Labels are compared as written: "active" does not agree with
// "ACTIVE".
//
// # Agreement
//
// Which labels agree with an automation's action. By default, an automation
// whose set_case_status actions set status S agrees with the label S: an
// auto-approve that sets ACTIVE agrees with ACTIVE. A spec, as a command
// line flag takes it, overrides that:
//
//	Auto approve=ACTIVE,APPROVED           the automation whose id or name is "Auto approve"
//	ACTIVE                                 every automation not named otherwise
//	Auto approve=ACTIVE; Auto decline=DECLINED; *=ACTIVE
//
// Entries are separated by ';', labels by ','; spaces around them are
// trimmed; a bare label list or the automation "*" is the default for every
// automation not named. Names that hold '=', ';' or ',' are written in the
// JSON form, an object from automation (or "*") to a label or a list of
// labels:
//
//	{"Auto approve": ["ACTIVE", "APPROVED"], "*": "ACTIVE"}
//
// Resolve matches each entry with an automation by id, then by name; an
// entry that names no automation is an error (a misspelt name would silently
// fall back to the default).
//
// # The confusion matrix
//
// For each automation, each case falls in one of six cells: fired or not,
// times a label that agrees, another label, or no label. Precision is fired
// and agreeing over fired (with a label); recall is fired and agreeing over
// agreeing. Cases without a label count in neither. A ratio whose
// denominator is zero is undefined: Ratio.Value reports false, it prints as
// "undefined" with the reason, and as null in JSON, never NaN. The counts
// are always complete; the case ids of the two off-diagonal cells (fired
// with another label, agreeing but not fired) are listed up to a limit.
//
// # Samples
//
// A Sampler keeps, for each cell, a uniform random sample of up to n case
// ids (reservoir sampling: memory bounded by n per cell, whatever the
// corpus), the same for the same seed and the same cases in the same order.
package labels
