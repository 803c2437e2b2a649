package migrate

import (
	"strings"

	"github.com/caspian-prisma/caspian-prisma/engine/migrate/flavour"
	"github.com/caspian-prisma/caspian-prisma/engine/migrate/sqlschema"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// Step is one rendered statement and the label Prisma writes above it in a
// script ("CreateTable", "CreateIndex", "AddForeignKey", ...). SQL has no
// trailing semicolon.
type Step = sqlschema.Statement

// Options choose what the DDL is rendered for.
type Options struct {
	// Provider overrides the schema's datasource provider ("" = the schema's).
	Provider string
	// Schema is the PostgreSQL schema (?schema= in the URL); "" means "public".
	Schema string
}

func (o Options) namespace() string {
	if o.Schema == "" {
		return "public"
	}
	return o.Schema
}

// flavourOf picks the flavour for sch and opts.
func flavourOf(sch *schema.Schema, opts Options) (flavour.Flavour, error) {
	provider := opts.Provider
	if provider == "" && sch.Datasource != nil {
		provider = sch.Datasource.Provider
	}
	return flavour.For(provider)
}

// Steps returns the statements that create everything sch describes, in the
// order Prisma's `migrate diff --from-empty` emits them.
func Steps(sch *schema.Schema, opts Options) ([]Step, error) {
	fl, err := flavourOf(sch, opts)
	if err != nil {
		return nil, err
	}
	to, err := Calculate(sch, fl)
	if err != nil {
		return nil, err
	}
	return fl.Render(Diff(nil, to, fl.Caps()), opts.namespace()), nil
}

// Script renders Steps as `prisma migrate diff --from-empty --script` prints
// them (without the extra newline the CLI appends).
func Script(sch *schema.Schema, opts Options) (string, error) {
	steps, err := Steps(sch, opts)
	if err != nil {
		return "", err
	}
	return FormatScript(steps), nil
}

// FormatScript joins steps as "-- Label\nSQL;\n" blocks separated by a blank
// line; no steps is Prisma's "-- This is an empty migration." (without a
// newline).
func FormatScript(steps []Step) string {
	if len(steps) == 0 {
		return "-- This is an empty migration."
	}
	var b strings.Builder
	for i, s := range steps {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString("-- " + s.Label + "\n" + s.SQL + ";\n")
	}
	return b.String()
}

// referentialAction spells Prisma's action name in SQL.
func referentialAction(a string) string {
	switch a {
	case "Cascade":
		return "CASCADE"
	case "Restrict":
		return "RESTRICT"
	case "NoAction":
		return "NO ACTION"
	case "SetNull":
		return "SET NULL"
	case "SetDefault":
		return "SET DEFAULT"
	}
	return strings.ToUpper(a)
}
