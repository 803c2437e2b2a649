package cli

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/caspian-prisma/caspian-prisma/engine/config"
	"github.com/caspian-prisma/caspian-prisma/engine/connector"
	"github.com/caspian-prisma/caspian-prisma/engine/migrate/flavour"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// dbURL is a resolved connection string and where it came from.
type dbURL struct {
	raw      string
	provider string // from the scheme: schema.SQLite, PostgreSQL or MySQL; "" if unknown
	source   string // for messages: "the DATABASE_URL environment variable", "DATABASE_URL in <root>/.env", ...
}

// resolveURL finds the database URL in config's one order (see
// config.Project.URL): prisma.config.ts datasource.url, else the schema's
// datasource url / env("X"), else DATABASE_URL from the environment, else
// from the .env files.
func (p *project) resolveURL(ds *schema.Datasource) (dbURL, error) {
	var cds *config.Datasource
	if ds != nil {
		cds = &config.Datasource{Name: ds.Name, Provider: ds.Provider, URL: ds.URL, URLEnv: ds.URLEnv}
	}
	u, err := p.URL(cds)
	if err != nil {
		return dbURL{}, err
	}
	p.secrets.Add(u.Raw)
	return dbURL{raw: u.Raw, provider: u.Provider, source: u.Source}, nil
}

func newURL(raw, source string) dbURL {
	raw = strings.TrimSpace(raw)
	return dbURL{raw: raw, provider: config.Provider(raw), source: source}
}

func (u dbURL) cfg() config.URL {
	return config.URL{Raw: u.raw, Provider: u.provider, Source: u.source}
}

// masked is the URL with its password replaced, safe to print
// (config.Mask: every message shows a URL through it).
func (u dbURL) masked() string { return config.Mask(u.raw) }

func maskURL(raw string) string { return config.Mask(raw) }

// scrub removes the URL's credentials from text that may quote it (a
// driver message, say), as a second line of defence; the run's output is
// scrubbed once more (MainWithInput).
func (u dbURL) scrub(text string) string { return u.cfg().Scrub(text) }

// sqlitePath is the database file of a file: URL, resolved against the
// project root as the connector (and Prisma 7) resolve it.
func sqlitePath(raw, root string) string {
	cfg, err := connector.SQLiteConfig(raw, root)
	if err != nil {
		return ""
	}
	return cfg.Path
}

// pgSchema is the ?schema= of a PostgreSQL URL, "public" by default.
func pgSchema(raw string) string {
	if parsed, err := config.ParseURL(raw); err == nil {
		if s := parsed.Query().Get("schema"); s != "" {
			return s
		}
	}
	return "public"
}

// flavour is the migration dialect of the URL's database, nil when the
// URL names none ppy knows.
func (u dbURL) flavour() flavour.Flavour {
	f, err := flavour.For(u.provider)
	if err != nil {
		return nil
	}
	return f
}

// displayName is the URL's database for messages ("PostgreSQL").
func (u dbURL) displayName() string {
	if f := u.flavour(); f != nil {
		return f.DisplayName()
	}
	return u.provider
}

// describe is Prisma's datasource line, e.g.
// Datasource "db": SQLite database "dev.db" at "file:./prisma/dev.db"
// Datasource "db": PostgreSQL database "mydb", schema "public" at "localhost:5432"
// It never includes a password.
func describe(dsName string, u dbURL, root string) string {
	f := u.flavour()
	switch {
	case f == nil:
	case f.Caps().EmbeddedFile:
		return fmt.Sprintf("Datasource %q: %s database %q at %q", dsName, f.DisplayName(), filepath.Base(sqlitePath(u.raw, root)), u.raw)
	default:
		db, host := serverDB(u)
		if host == "" {
			break
		}
		if f.Caps().Namespaces {
			return fmt.Sprintf("Datasource %q: %s database %q, schema %q at %q", dsName, f.DisplayName(), db, pgSchema(u.raw), host)
		}
		return fmt.Sprintf("Datasource %q: %s database %q at %q", dsName, f.DisplayName(), db, host)
	}
	return fmt.Sprintf("Datasource %q at %q", dsName, u.masked())
}
