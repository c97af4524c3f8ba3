// Command verdict validates, runs and tests verdict automations offline.
//
// Usage:
//
//	verdict <command> [flags] [arguments]
//
// The commands are:
//
//	demo       run the docs' "Auto approve" automation on the docs' test companies
//	run        dry-run automations against one case
//	validate   check automation definitions (and cases) for errors
//	path       print the values a JSONPath yields on a case
//	test       run automation test suites
//	backtest   run an automation over many cases and summarise
//
// Exit codes: 0 success, 1 a check failed, 2 usage error, 3 unreadable input.
package main

import (
	"fmt"
	"io"
	"os"
)

// Exit codes shared by every command.
const (
	exitOK         = 0
	exitFailed     = 1
	exitUsage      = 2
	exitUnreadable = 3
)

type command struct {
	name    string
	summary string
	run     func(args []string, stdout, stderr io.Writer) int
}

func commands() []command {
	return []command{
		{"demo", "run the docs' \"Auto approve\" automation on the docs' test companies", runDemo},
		{"run", "dry-run automations against one case", runRun},
		{"path", "print the values a JSONPath yields on a case", runPath},
		{"validate", "check automation definitions (and cases) for errors", runValidate},
		{"test", "run automation test suites", runTest},
		{"backtest", "run automations over many cases and summarise", runBacktest},
	}
}

func main() {
	os.Exit(realMain(os.Args[1:], os.Stdout, os.Stderr))
}

func realMain(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		usage(stdout)
		return exitOK
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(args[1:], stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "verdict: unknown command %q\n\n", args[0])
	usage(stderr)
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "verdict compiles automation definitions and runs them against case JSON.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Usage: verdict <command> [flags] [arguments]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Commands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s  %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run 'verdict <command> --help' for a command's flags.")
	fmt.Fprintln(w, "Exit codes: 0 success, 1 a check failed, 2 usage error, 3 unreadable input.")
}
