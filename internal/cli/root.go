package cli

import (
	"github.com/spf13/cobra"

	"github.com/sextant-ai/sextant"
)

func newRootCmd(app *App) *cobra.Command {
	var g globalFlags
	root := &cobra.Command{
		Use:   "sextant",
		Short: "Sextant — an AI investment copilot with verifiable research reports",
		Long: `Sextant answers market questions with research reports in which every number
is computed from stored data and traced to its inputs.

Start with the demo market:   sextant demo
Then see what is stored:      sextant data status`,
		Version:       sextant.Version,
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			return app.load(cmd, &g)
		},
	}
	g.register(root.PersistentFlags())
	root.SetFlagErrorFunc(usageError)
	root.AddCommand(
		newDemoCmd(app),
		newImportCmd(app),
		newDataCmd(app),
		newRotationCmd(app),
		newFlowsCmd(app),
		newSustainCmd(app),
		newReportCmd(app),
		newExplainCmd(app),
		newDocsCmd(app),
		newAskCmd(app),
		newChatCmd(app),
		newSyncCmd(app),
	)
	return root
}
