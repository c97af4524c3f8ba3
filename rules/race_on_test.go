//go:build race

package rules_test

// raceEnabled is set when the race detector runs, which allocates in
// places the program does not.
const raceEnabled = true
