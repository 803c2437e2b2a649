package config

import (
	"path/filepath"
	"strings"
)

// Providers as the schema names them after normalisation (schema.SQLite,
// schema.PostgreSQL, schema.MySQL).
const (
	SQLite     = "sqlite"
	PostgreSQL = "postgresql"
	MySQL      = "mysql"
)

// Provider is the provider a URL's scheme names, "" if none ppy knows.
func Provider(rawURL string) string {
	switch {
	case strings.HasPrefix(rawURL, "file:"):
		return SQLite
	case strings.HasPrefix(rawURL, "postgresql://"), strings.HasPrefix(rawURL, "postgres://"):
		return PostgreSQL
	case strings.HasPrefix(rawURL, "mysql://"):
		return MySQL
	}
	return ""
}

// URL is a resolved connection string and where it came from.
type URL struct {
	Raw      string
	Provider string // from the scheme (see Provider); "" if unknown
	// Source names where the URL came from, for messages, e.g.
	// "the DATABASE_URL environment variable" or
	// "DATABASE_URL in /app/.env". It never holds the URL.
	Source string
}

func newURL(raw, source string) URL {
	raw = strings.TrimSpace(raw)
	return URL{Raw: raw, Provider: Provider(raw), Source: source}
}

// Masked is the URL with its password replaced, safe to print (see Mask).
func (u URL) Masked() string { return Mask(u.Raw) }

// Scrub removes the URL's credentials from text that may quote it (a
// driver message, say), as a second line of defence (see Scrubber).
func (u URL) Scrub(text string) string { return Scrub(text, u.Raw) }

// Datasource is what URL resolution needs of the schema's datasource block
// (schema.Datasource has these fields; ReadDatasource fills one from text).
type Datasource struct {
	Name     string
	Provider string
	URL      string // url = "..." (Prisma ≤6)
	URLEnv   string // url = env("X") (Prisma ≤6)
}

// URL resolves the database URL, in Prisma's order, the first that is set:
//
//  1. datasource.url of prisma.config.ts (Prisma 7): a literal, or the
//     variable its env("X") / process.env.X names — a variable that is set
//     nowhere is an error, as in Prisma 7;
//  2. the schema's datasource url (Prisma ≤6): a literal, or env("X") —
//     likewise an error when X is set nowhere;
//  3. DATABASE_URL (Caspian's documented default, the schema needing no url).
//
// A variable is read from the environment, else from the .env files
// (<root>/.env first, then <root>/prisma/.env). ds may be nil.
func (p *Project) URL(ds *Datasource) (URL, error) {
	if c := p.Config; c != nil && c.URL.IsSet() {
		if c.URL.Env == "" {
			return newURL(c.URL.Literal, "datasource.url in "+ConfigFile), nil
		}
		if v, from, ok := p.lookupSource(c.URL.Env); ok {
			return newURL(v, p.varSource(c.URL.Env, from)+" (datasource.url in "+ConfigFile+")"), nil
		}
		return URL{}, errorf("Environment variable not found: %s. datasource.url in %s reads it; "+
			"set it in the environment or in %s", c.URL.Env, c.Path, filepath.Join(p.Root, ".env"))
	}
	if ds != nil {
		if ds.URLEnv != "" {
			if v, from, ok := p.lookupSource(ds.URLEnv); ok {
				return newURL(v, p.varSource(ds.URLEnv, from)+" (the schema's datasource url)"), nil
			}
			return URL{}, errorf("Environment variable not found: %s. The datasource %q reads its URL from env(%q); "+
				"set it in the environment or in %s", ds.URLEnv, ds.Name, ds.URLEnv, filepath.Join(p.Root, ".env"))
		}
		if ds.URL != "" {
			return newURL(ds.URL, "the schema's datasource url"), nil
		}
	}
	if v, from, ok := p.lookupSource("DATABASE_URL"); ok {
		return newURL(v, p.varSource("DATABASE_URL", from)), nil
	}
	return URL{}, errorf("Environment variable not found: DATABASE_URL. Set DATABASE_URL in the environment or in %s "+
		"(for example DATABASE_URL=\"file:./prisma/dev.db\" for SQLite)", filepath.Join(p.Root, ".env"))
}

// varSource: "the X environment variable" or "X in <file>".
func (p *Project) varSource(name, from string) string {
	if from == "environment" {
		return "the " + name + " environment variable"
	}
	return name + " in " + from
}

// ReplicaURLsVar names the read replicas of the database: their URLs,
// separated by commas or white space, of the primary's provider. The
// running client sends reads there (see engine's replicas.go); ppy never
// reads it (migrations go to the primary).
const ReplicaURLsVar = "DATABASE_REPLICA_URLS"

// ReplicaURLs are the read replicas of DATABASE_REPLICA_URLS, from the
// environment, else the .env files; none when it is unset or empty.
func (p *Project) ReplicaURLs() []string {
	v, _ := p.Lookup(ReplicaURLsVar)
	return strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' || r == '\r' })
}

// ShadowURL is the shadow database for migrate dev: datasource.
// shadowDatabaseUrl of prisma.config.ts (a literal, or its variable from the
// environment or .env), else "" (a temporary database is made for the run).
func (p *Project) ShadowURL() string {
	c := p.Config
	if c == nil {
		return ""
	}
	if c.ShadowURL.Env != "" {
		v, _ := p.Lookup(c.ShadowURL.Env)
		return strings.TrimSpace(v)
	}
	return strings.TrimSpace(c.ShadowURL.Literal)
}
