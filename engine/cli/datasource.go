package cli

import (
	"fmt"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/caspian-prisma/caspian-prisma/engine/connector"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// dbURL is a resolved connection string and where it came from.
type dbURL struct {
	raw      string
	provider string // from the scheme: schema.SQLite, PostgreSQL or MySQL; "" if unknown
	source   string // for messages: "DATABASE_URL", ".env", "prisma.config.ts", "the schema"
}

// resolveURL finds the database URL: DATABASE_URL from the environment, else
// from the root's .env, else prisma.config.ts datasource.url, else the
// schema's datasource url / env("X").
func (p *project) resolveURL(ds *schema.Datasource) (dbURL, error) {
	if v, ok := p.env["DATABASE_URL"]; ok && v != "" {
		return newURL(v, "the DATABASE_URL environment variable"), nil
	}
	if v, ok := p.dotenv["DATABASE_URL"]; ok && v != "" {
		return newURL(v, "DATABASE_URL in "+filepath.Join(p.root, ".env")), nil
	}
	if c := p.config; c != nil {
		if c.urlEnv != "" {
			if v, ok := p.lookup(c.urlEnv); ok {
				return newURL(v, c.urlEnv+" (datasource.url in prisma.config.ts)"), nil
			}
		} else if c.url != "" {
			return newURL(c.url, "datasource.url in prisma.config.ts"), nil
		}
	}
	if ds != nil {
		if ds.URLEnv != "" {
			if v, ok := p.lookup(ds.URLEnv); ok {
				return newURL(v, ds.URLEnv+" (the schema's datasource url)"), nil
			}
			return dbURL{}, fmt.Errorf("Environment variable not found: %s. The datasource %q reads its URL from env(%q); "+
				"set it in the environment or in %s", ds.URLEnv, ds.Name, ds.URLEnv, filepath.Join(p.root, ".env"))
		}
		if ds.URL != "" {
			return newURL(ds.URL, "the schema's datasource url"), nil
		}
	}
	return dbURL{}, fmt.Errorf("Environment variable not found: DATABASE_URL. Set DATABASE_URL in the environment or in %s "+
		"(for example DATABASE_URL=\"file:./prisma/dev.db\" for SQLite)", filepath.Join(p.root, ".env"))
}

func newURL(raw, source string) dbURL {
	u := dbURL{raw: strings.TrimSpace(raw), source: source}
	u.provider = connector.Provider(u.raw)
	return u
}

// masked is the URL with its password replaced, safe to print.
func (u dbURL) masked() string { return maskURL(u.raw) }

func maskURL(raw string) string {
	parsed, err := url.Parse(raw)
	if err != nil || parsed.User == nil {
		return raw
	}
	if _, has := parsed.User.Password(); has {
		parsed.User = url.UserPassword(parsed.User.Username(), "****")
		return strings.Replace(parsed.String(), "%2A%2A%2A%2A", "****", 1)
	}
	return raw
}

// scrub removes the URL's password from text that may quote it (a driver
// message, say), as a second line of defence.
func (u dbURL) scrub(text string) string {
	parsed, err := url.Parse(u.raw)
	if err != nil || parsed.User == nil {
		return text
	}
	if pw, has := parsed.User.Password(); has && len(pw) >= 3 {
		text = strings.ReplaceAll(text, u.raw, u.masked())
		text = strings.ReplaceAll(text, pw, "****")
	}
	return text
}

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
	if parsed, err := url.Parse(raw); err == nil {
		if s := parsed.Query().Get("schema"); s != "" {
			return s
		}
	}
	return "public"
}

// describe is Prisma's datasource line, e.g.
// Datasource "db": SQLite database "dev.db" at "file:./prisma/dev.db"
// Datasource "db": PostgreSQL database "mydb", schema "public" at "localhost:5432"
// It never includes a password.
func describe(dsName string, u dbURL, root string) string {
	switch u.provider {
	case schema.SQLite:
		return fmt.Sprintf("Datasource %q: SQLite database %q at %q", dsName, filepath.Base(sqlitePath(u.raw, root)), u.raw)
	case schema.PostgreSQL, schema.MySQL:
		parsed, err := url.Parse(u.raw)
		if err != nil {
			break
		}
		db := strings.TrimPrefix(parsed.Path, "/")
		host := parsed.Host
		if parsed.Port() == "" {
			if u.provider == schema.PostgreSQL {
				host += ":5432"
			} else {
				host += ":3306"
			}
		}
		if u.provider == schema.PostgreSQL {
			return fmt.Sprintf("Datasource %q: PostgreSQL database %q, schema %q at %q", dsName, db, pgSchema(u.raw), host)
		}
		return fmt.Sprintf("Datasource %q: MySQL database %q at %q", dsName, db, host)
	}
	return fmt.Sprintf("Datasource %q at %q", dsName, u.masked())
}

func providerTitle(p string) string {
	switch p {
	case schema.SQLite:
		return "SQLite"
	case schema.PostgreSQL:
		return "PostgreSQL"
	case schema.MySQL:
		return "MySQL"
	}
	return p
}
