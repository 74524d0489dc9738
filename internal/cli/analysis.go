package cli

import (
	"context"
	"io"
	"strings"

	"github.com/sextant-ai/sextant"
	"github.com/sextant-ai/sextant/internal/market"
)

// renderers maps each --format an analysis command accepts to the function
// that renders its result.
type renderers[T any] map[string]func(io.Writer, T) error

// formatList lists the formats in the order given, for error messages.
func formatList(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// runAnalysis is the shape every analysis command shares: check --format
// before any work, open the store read-only, compute, and write the chosen
// rendering to --out or standard output. order lists the formats for the
// error message.
func runAnalysis[T any](ctx context.Context, app *App, format, out string, order []string, rs renderers[T],
	compute func(context.Context, market.Store) (T, error)) error {
	render, ok := rs[format]
	if !ok {
		return sextant.Errorf(sextant.EINVALID, "--format %q: want %s", format, formatList(order))
	}
	st, err := app.OpenStore(ctx, true)
	if err != nil {
		return err
	}
	defer st.Close()
	res, err := compute(ctx, st)
	if err != nil {
		return err
	}
	return writeOutput(app, out, format, func(w io.Writer) error { return render(w, res) })
}
