package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/verdict-rules/verdict/internal/term"
	"github.com/verdict-rules/verdict/rules"
)

func (c *cli) pathCmd() *cobra.Command {
	var (
		caseFile string
		sh       shared
	)
	cmd := &cobra.Command{
		Use:   "path -c CASE [flags] 'JSONPATH'",
		Short: "print the values a JSONPath yields on a case",
		Long: "Prints the values a JSONPath yields on a case, as a JSON array ([] when\n" +
			"none), in the order verdict and jsonpath-plus yield them.\n" +
			"$.context.<name> reads a computed context field, such as\n" +
			"$.context.company_age; an unknown name lists the available ones.",
		Args: exactArgs(1, "give -c CASE and one JSONPath"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if caseFile == "" {
				return fail(exitUsage, "give -c CASE and one JSONPath")
			}
			opts, err := sh.options(c)
			if err != nil {
				return err
			}
			cs, err := c.loadDocument(caseFile, "-c")
			if err != nil {
				return err
			}
			values, err := rules.Query(cs, args[0], opts...)
			if err != nil {
				var pe *rules.Error
				if errors.As(err, &pe) && pe.Offset >= 0 {
					fmt.Fprintf(c.stderr, "verdict path: %s (byte %d)\n%s", term.Safe(pe.Msg), pe.Offset, pe.Excerpt(nil))
					return fail(exitFailed, "")
				}
				return fail(exitFailed, "%s", term.Safe(err.Error()))
			}
			out := []byte("[")
			for i, v := range values {
				if i > 0 {
					out = append(out, ',')
				}
				out = v.AppendJSON(out)
			}
			out = append(out, "]\n"...)
			if _, err := c.stdout.Write(term.JSON(out)); err != nil {
				return fail(exitFailed, "%v", err)
			}
			return nil
		},
	}
	fs := cmd.Flags()
	fs.StringVarP(&caseFile, "case", "c", "", "case JSON `file` (required; - for standard input)")
	sh.addNow(fs)
	sh.addContextFields(fs)
	return cmd
}
