// Command verdict validates, runs and tests verdict automations offline.
//
// Usage:
//
//	verdict <command> [flags] [arguments]
//
// The commands are:
//
//	demo        run the docs' "Auto approve" automation on the docs' test companies
//	run         dry-run automations against one case
//	validate    check automation definitions (and cases) for errors
//	path        print the values a JSONPath yields on a case
//	test        run automation test suites
//	backtest    run automations over many cases and summarise
//	version     print the version of verdict
//	completion  write a shell completion script
//	help        print the help of a command
//
// Flags may come anywhere on the line. Exit codes: 0 success, 1 a check
// failed, 2 usage error, 3 unreadable input.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"
)

// Exit codes shared by every command.
const (
	exitOK         = 0
	exitFailed     = 1
	exitUsage      = 2
	exitUnreadable = 3
)

const exitCodes = `Exit status:
  0  success
  1  a check failed: an invalid definition, a failed test, a warning under
     --strict, --fail-unless, coverage under --coverage-threshold
  2  usage: an unknown flag or command, an invalid event, an ambiguous
     baseline pairing, --out naming an input
  3  unreadable input: a missing or oversized file, a malformed case,
     skipped cases without --allow-skipped`

// cli is one invocation: its standard streams, and which input, if any,
// has read standard input already.
type cli struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	stdinBy        string
}

func main() {
	os.Exit(realMain(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// realMain runs one command line and returns its exit code.
func realMain(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	c := &cli{stdin: stdin, stdout: stdout, stderr: stderr}
	root := c.root()
	root.SetArgs(args)
	cmd, err := root.ExecuteC()
	if err == nil {
		return exitOK
	}
	name := "verdict"
	if cmd != nil && cmd != root {
		name = "verdict " + cmd.Name()
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.msg != "" {
			fmt.Fprintf(stderr, "%s: %s\n", name, ee.msg)
		}
		if ee.code == exitUsage {
			fmt.Fprintf(stderr, "Run '%s --help' for usage.\n", name)
		}
		return ee.code
	}
	// Anything else comes from parsing the command line.
	fmt.Fprintf(stderr, "%s: %v\n", name, err)
	fmt.Fprintf(stderr, "Run '%s --help' for usage.\n", name)
	return exitUsage
}

func (c *cli) root() *cobra.Command {
	root := &cobra.Command{
		Use:   "verdict",
		Short: "Compile automation definitions and run them against case JSON",
		Long: "verdict compiles automation definitions — triggers, conditions over\n" +
			"JSONPath, computed context and actions — and runs them against case JSON:\n" +
			"it dry-runs them, validates them, tests them and backtests them.\n\n" + exitCodes,
		SilenceErrors:     true,
		SilenceUsage:      true,
		Version:           versionLine(),
		CompletionOptions: cobra.CompletionOptions{HiddenDefaultCmd: false},
		Args:              cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			cmd.SetOut(c.stderr)
			_ = cmd.Usage()
			return &exitError{code: exitUsage, msg: "no command given"}
		},
	}
	root.SetIn(c.stdin)
	root.SetOut(c.stdout)
	root.SetErr(c.stderr)
	root.SetVersionTemplate("{{.Version}}\n")
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return &exitError{code: exitUsage, msg: err.Error()}
	})
	root.AddCommand(c.demoCmd(), c.runCmd(), c.pathCmd(), c.validateCmd(), c.testCmd(), c.backtestCmd(), c.versionCmd())
	for _, cmd := range root.Commands() {
		cmd.Flags().SortFlags = false
	}
	return root
}

// exitError carries the exit code a failure ends with, and what to print
// (nothing when the command printed its own report).
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

func fail(code int, format string, args ...any) error {
	return &exitError{code: code, msg: fmt.Sprintf(format, args...)}
}

// usageArgs checks the positional arguments with check and makes its
// error a usage error.
func usageArgs(check cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := check(cmd, args); err != nil {
			return &exitError{code: exitUsage, msg: err.Error()}
		}
		return nil
	}
}

// exactArgs is cobra.ExactArgs with the message the command gives.
func exactArgs(n int, msg string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return &exitError{code: exitUsage, msg: msg}
		}
		return nil
	}
}

// minArgs is cobra.MinimumNArgs with the message the command gives.
func minArgs(n int, msg string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) < n {
			return &exitError{code: exitUsage, msg: msg}
		}
		return nil
	}
}

// plural writes "1 automation", "2 automations".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
