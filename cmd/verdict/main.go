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
// failed, 2 usage error, 3 unreadable input; a backtest ended by a signal,
// 128 + its number.
//
// Unless GOGC is set, the heap may grow by 64 MB past what is live before
// the garbage collector runs; NO_COLOR turns colour off.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/verdict-rules/verdict/internal/term"
)

// Exit codes shared by every command.
const (
	exitOK         = 0
	exitFailed     = 1
	exitUsage      = 2
	exitUnreadable = 3
)

// exitCodes is the README's table of exit codes, word for word (a test
// holds them together).
const exitCodes = `Exit status, the same in every command:
  0    success
  1    a check failed: an invalid definition, a case validate --case finds
       invalid (malformed JSON included: checking it is the command's job), a
       failed test or a suite file that cannot be read as one, a warning under
       --strict, --fail-unless, coverage under --coverage-threshold, --run
       matching no test, a JSONPath given to verdict path that does not
       compile
  2    usage: an unknown command or flag, a bad flag value, an invalid event
       (in verdict test, a test's event: the other tests still run), an
       ambiguous --baseline pairing or one that pairs nothing, --out, --records
       or --sample-out naming an input (or each other), --mask without
       --mask-key-file (or a key under 16 bytes, a bad mask path), a file given
       twice to -a or --baseline, a list of several cases given to run,
       standard input (-) named for two inputs (found before either is read),
       a --labels, --case-id or --agree that
       cannot be used (a label file that does not exist, a path that does not
       compile, an agreement naming no automation or a label no case of the
       label file has)
  3    unreadable input: a missing or oversized file, malformed case or event
       JSON, a verdict result given as a case, a case run cannot evaluate,
       cases a backtest skipped without --allow-skipped, a backtest that finds
       no case, a malformed label file
  130  a backtest ended by Ctrl-C (SIGINT); 143 by SIGTERM`

// environment is what the binary reads from its environment.
const environment = `Environment:
  NO_COLOR    when set and not empty, no colour even on a terminal
  GOGC        when unset, the heap may grow by 64 MB past what is live (or by
              as much again as is live, when that is more) before the garbage
              collector runs; GOGC=100 restores Go's default; GOMEMLIMIT works
              as for any Go program`

// cli is one invocation: its standard streams, and which input, if any,
// has read standard input already.
type cli struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	stdinBy        string
}

func main() {
	setHeapFloor()
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
	// Messages carry file names, flags and values from the command line
	// and the system's errors about them: their control characters are
	// escaped here, once for every command, so none reaches the terminal.
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.msg != "" {
			fmt.Fprintf(stderr, "%s: %s\n", name, term.Safe(ee.msg))
		}
		if ee.code == exitUsage {
			fmt.Fprintf(stderr, "Run '%s --help' for usage.\n", name)
		}
		return ee.code
	}
	// Anything else comes from parsing the command line.
	fmt.Fprintf(stderr, "%s: %s\n", name, term.Safe(err.Error()))
	fmt.Fprintf(stderr, "Run '%s --help' for usage.\n", name)
	return exitUsage
}

func (c *cli) root() *cobra.Command {
	root := &cobra.Command{
		Use:   "verdict",
		Short: "Compile automation definitions and run them against case JSON",
		Long: "verdict compiles automation definitions — triggers, conditions over\n" +
			"JSONPath, computed context and actions — and runs them against case JSON:\n" +
			"it dry-runs them, validates them, tests them and backtests them.\n\n" + exitCodes +
			"\n\n" + environment,
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
	root.PersistentPreRunE = func(cmd *cobra.Command, args []string) error { return oneStdin(cmd, args) }
	root.SetIn(c.stdin)
	root.SetOut(c.stdout)
	root.SetErr(c.stderr)
	root.SetVersionTemplate("{{.Version}}\n")
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return &exitError{code: exitUsage, msg: err.Error()}
	})
	root.AddCommand(c.demoCmd(), c.runCmd(), c.pathCmd(), c.validateCmd(), c.testCmd(), c.backtestCmd(), c.versionCmd())
	root.SetHelpCommand(c.helpCmd(root))
	root.InitDefaultCompletionCmd()
	for _, cmd := range root.Commands() {
		cmd.Flags().SortFlags = false
		if cmd.Name() == "completion" {
			strictCompletion(cmd)
		}
	}
	return root
}

// inputFlags are the flags that name a file to read, which may be - for
// standard input; validate, test and backtest also read their arguments.
var (
	inputFlags = []string{"automation", "baseline", "case", "event", "context-fields", "case-schema", "mask-key-file", "labels"}
	inputArgs  = map[string]bool{"validate": true, "test": true, "backtest": true}
)

// oneStdin refuses a command line that names standard input (-) for more
// than one input before any is read: reading the first would leave the
// second nothing, or take one file for the other (a case read as
// automations gave a page of definition errors, exit 1).
func oneStdin(cmd *cobra.Command, args []string) error {
	var by []string
	for _, name := range inputFlags {
		f := cmd.Flags().Lookup(name)
		if f == nil || !f.Changed {
			continue
		}
		shown := "--" + name
		if f.Shorthand != "" {
			shown = "-" + f.Shorthand
		}
		values := []string{f.Value.String()}
		if sv, ok := f.Value.(pflag.SliceValue); ok {
			values = sv.GetSlice()
		}
		for _, v := range values {
			if v == "-" {
				by = append(by, shown)
			}
		}
	}
	if inputArgs[cmd.Name()] {
		for _, a := range args {
			if a == "-" {
				by = append(by, "an argument")
			}
		}
	}
	if len(by) > 1 {
		return fail(exitUsage, "standard input (-) is named %d times (%s): only one input can be -", len(by), strings.Join(by, ", "))
	}
	return nil
}

// helpCmd is "verdict help [command]": the help of a command, and a usage
// error for a topic that is no command (cobra's own prints the general
// help and succeeds).
func (c *cli) helpCmd(root *cobra.Command) *cobra.Command {
	return &cobra.Command{
		Use:   "help [command]",
		Short: "print the help of a command",
		ValidArgsFunction: func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
			var out []cobra.Completion
			if len(args) == 0 {
				for _, sub := range root.Commands() {
					if sub.IsAvailableCommand() && strings.HasPrefix(sub.Name(), toComplete) {
						out = append(out, cobra.CompletionWithDesc(sub.Name(), sub.Short))
					}
				}
			}
			return out, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			target, rest, err := root.Find(args)
			if err != nil || target == nil || len(rest) > 0 {
				return fail(exitUsage, "no help topic %q: the commands are %s", strings.Join(args, " "), commandNames(root))
			}
			target.InitDefaultHelpFlag()
			target.InitDefaultVersionFlag()
			return target.Help()
		},
	}
}

// commandNames lists the commands a user can run.
func commandNames(root *cobra.Command) string {
	var names []string
	for _, sub := range root.Commands() {
		if sub.IsAvailableCommand() {
			names = append(names, sub.Name())
		}
	}
	return strings.Join(names, ", ")
}

// strictCompletion makes "verdict completion SHELL" refuse a shell it has
// no script for, listing those it has, instead of printing its help and
// succeeding.
func strictCompletion(cmd *cobra.Command) {
	var shells []string
	for _, sub := range cmd.Commands() {
		shells = append(shells, sub.Name())
	}
	list := strings.Join(shells, ", ")
	cmd.Args = func(_ *cobra.Command, args []string) error {
		if len(args) > 0 {
			return fail(exitUsage, "no completion script for the shell %q: the shells are %s", args[0], list)
		}
		return nil
	}
	cmd.RunE = func(*cobra.Command, []string) error {
		return fail(exitUsage, "name a shell: %s", list)
	}
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
