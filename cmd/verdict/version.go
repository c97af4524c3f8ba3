package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
)

func (c *cli) versionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "print the version of verdict, the commit it was built from and the Go version",
		Long: "Prints the module version of verdict (a tagged version when installed with\n" +
			"go install ...@version, else \"(devel)\"), the commit and its time when the\n" +
			"build recorded them (go build in a git checkout does; go run and\n" +
			"-buildvcs=false do not), and the Go version it was built with.",
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, args []string) error {
			fmt.Fprintln(c.stdout, versionText())
			return nil
		},
	}
}

// versionLine is the first line of versionText, for --version.
func versionLine() string {
	line, _, _ := strings.Cut(versionText(), "\n")
	return line
}

// versionText describes the build from the information Go records in the
// binary.
func versionText() string {
	version, revision, when, modified := "(devel)", "", "", false
	if bi, ok := debug.ReadBuildInfo(); ok {
		if v := bi.Main.Version; v != "" {
			version = v
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				revision = s.Value
			case "vcs.time":
				when = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "verdict %s", version)
	if revision != "" {
		short := revision
		if len(short) > 12 {
			short = short[:12]
		}
		fmt.Fprintf(&b, " (commit %s", short)
		if modified {
			b.WriteString(", modified")
		}
		if when != "" {
			fmt.Fprintf(&b, ", %s", when)
		}
		b.WriteString(")")
	}
	fmt.Fprintf(&b, "\n%s %s/%s", runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return b.String()
}
