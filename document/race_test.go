//go:build race

package document_test

// raceEnabled: the race detector multiplies time and memory and changes
// what allocates, so bounds on them are not checked.
const raceEnabled = true
