package migrate

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/caspian-prisma/caspian-prisma/schema"
)

// Step is one DDL statement and the label Prisma writes above it in a script
// ("CreateTable", "CreateIndex", "AddForeignKey", ...). SQL has no trailing
// semicolon.
type Step struct {
	Label string
	SQL   string
}

// Options choose what the DDL is rendered for.
type Options struct {
	// Provider overrides the schema's datasource provider ("" = the schema's).
	Provider string
	// Schema is the PostgreSQL schema (?schema= in the URL); "" means "public".
	Schema string
}

// Steps returns the statements that create everything sch describes, in the
// order Prisma's `migrate diff --from-empty` emits them.
func Steps(sch *schema.Schema, opts Options) ([]Step, error) {
	provider := opts.Provider
	if provider == "" && sch.Datasource != nil {
		provider = sch.Datasource.Provider
	}
	db, err := calculate(sch, identLimit(provider))
	if err != nil {
		return nil, err
	}
	switch provider {
	case schema.SQLite:
		return sqliteSteps(db), nil
	case schema.PostgreSQL:
		name := opts.Schema
		if name == "" {
			name = "public"
		}
		return postgresSteps(db, name), nil
	case schema.MySQL:
		return mysqlSteps(db), nil
	}
	return nil, fmt.Errorf("cannot render DDL for provider %q: expected sqlite, postgresql or mysql", provider)
}

// identLimit is the provider's identifier length limit.
func identLimit(provider string) int {
	switch provider {
	case schema.PostgreSQL:
		return MaxIdentPostgres
	case schema.MySQL:
		return MaxIdentMySQL
	}
	return MaxIdentSQLite
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

// FormatScript joins steps as "-- Label\nSQL;\n" blocks separated by a blank line.
func FormatScript(steps []Step) string {
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

// defaultLiteral renders a literal default value the way all three dialects
// share: strings quoted, numbers and booleans bare, enum values by their
// database name.
func defaultLiteral(c *column, v any) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case bool:
		return strconv.FormatBool(x)
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case uint64:
		return strconv.FormatUint(x, 10)
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1e15 {
			return strconv.FormatFloat(x, 'f', -1, 64)
		}
		return strconv.FormatFloat(x, 'g', -1, 64)
	case string:
		if c.enum != nil {
			for _, ev := range c.enum.Values {
				if ev.Name == x && ev.DBName != "" {
					return sqlString(ev.DBName)
				}
			}
		}
		switch c.typ {
		case schema.Int, schema.BigInt, schema.Float, schema.Decimal:
			if _, err := strconv.ParseFloat(x, 64); err == nil {
				return x // a number the schema kept as text (Decimal)
			}
		}
		return sqlString(x)
	}
	return sqlString(fmt.Sprint(v))
}

// storedDefault returns c's default when the database holds it: literals,
// now() and dbgenerated("expr"). cuid(), uuid(), nanoid(), ulid() are filled
// in by the client and autoincrement() is part of the column type.
func storedDefault(c *column) (*schema.Default, bool) {
	d := c.dflt
	if d == nil {
		return nil, false
	}
	switch d.Kind {
	case schema.DefaultLiteral, schema.DefaultNow:
		return d, true
	case schema.DefaultDbGenerated:
		s, _ := d.Value.(string)
		return d, s != ""
	}
	return nil, false
}

func quoteList(cols []string, quote func(string) string, sep string) string {
	q := make([]string, len(cols))
	for i, c := range cols {
		q[i] = quote(c)
	}
	return strings.Join(q, sep)
}

// nativeParts splits "VarChar(255)" into "VarChar" and ["255"].
func nativeParts(native string) (string, []string) {
	name, rest, ok := strings.Cut(native, "(")
	if !ok {
		return strings.TrimSpace(native), nil
	}
	rest = strings.TrimSuffix(strings.TrimSpace(rest), ")")
	var args []string
	for _, a := range strings.Split(rest, ",") {
		if a = strings.TrimSpace(a); a != "" {
			args = append(args, a)
		}
	}
	return strings.TrimSpace(name), args
}
