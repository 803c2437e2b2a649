package config

import (
	"os"

	"github.com/caspian-prisma/caspian-prisma/schema/ast"
)

// Request is what the config.resolve envelope method asks (api-contract.md,
// "Connection and configuration"): where the caller runs and what it knows.
type Request struct {
	Options
	// Schema is the --schema flag ("" for none), relative to Cwd.
	Schema string
	// SchemaText is the schema whose datasource may name the URL; the
	// running app sends the schema its generated client carries. Empty: the
	// schema at the resolved schema path is read.
	SchemaText string
}

// Resolved is the answer of config.resolve. Empty strings mean "not known".
type Resolved struct {
	Root        string
	ConfigPath  string   // prisma.config.ts, "" when absent
	DotenvFiles []string // the .env files read
	SchemaPath  string   // "" when none was found (only an error when asked for with --schema)
	// MigrationsPath: config migrations.path, else <schema dir>/migrations.
	MigrationsPath string
	URL            URL    // zero when URLError is set
	URLError       string // why there is no URL (never holds a password)
	ShadowURL      string
	ReplicaURLs    []string // DATABASE_REPLICA_URLS (Project.ReplicaURLs)
	MigrationsSeed string   // migrations.seed
	SeedImport     string   // seed.import
	SeedAutoRun    *bool    // seed.autoRun
	LogLevel       string   // client.logLevel
	Warnings       []string // prisma.config.ts keys ppy cannot use (Project.ConfigWarnings)
}

// Resolve answers config.resolve. A missing URL is not an error here (the
// caller may want the root or the seed only): it is reported in URLError.
// Errors are a --schema that does not exist, a schema key of
// prisma.config.ts naming a missing file, and unreadable files.
func Resolve(req Request) (*Resolved, error) {
	p, err := Load(req.Options)
	if err != nil {
		return nil, err
	}
	r := &Resolved{Root: p.Root, DotenvFiles: p.DotenvFiles, ShadowURL: p.ShadowURL(), Warnings: p.ConfigWarnings,
		ReplicaURLs: p.ReplicaURLs()}
	if c := p.Config; c != nil {
		r.ConfigPath = c.Path
		r.MigrationsSeed, r.SeedImport, r.SeedAutoRun, r.LogLevel = c.MigrationsSeed, c.SeedImport, c.SeedAutoRun, c.LogLevel
	}
	explicit := req.Schema != "" || (p.Config != nil && p.Config.Schema != "")
	if path, err := p.SchemaPath(req.Schema); err == nil {
		r.SchemaPath = path
	} else if explicit {
		return nil, err
	}
	r.MigrationsPath = p.MigrationsPath(r.SchemaPath)
	ds := ReadDatasource(req.SchemaText)
	if req.SchemaText == "" && r.SchemaPath != "" {
		if files, err := SchemaFiles(r.SchemaPath); err == nil {
			for _, f := range files {
				if b, err := os.ReadFile(f); err == nil {
					if ds = ReadDatasource(string(b)); ds != nil {
						break
					}
				}
			}
		}
	}
	if u, err := p.URL(ds); err == nil {
		r.URL = u
	} else {
		r.URLError = err.Error()
	}
	return r, nil
}

// ReadDatasource reads the first datasource block of a schema text, leniently
// (syntax errors elsewhere do not matter); nil when there is none.
func ReadDatasource(text string) *Datasource {
	if text == "" {
		return nil
	}
	for _, b := range ast.Parse(text, "schema.prisma").Blocks {
		c, ok := b.(*ast.Config)
		if !ok || c.Keyword != "datasource" {
			continue
		}
		ds := &Datasource{Name: c.Name.Name}
		for _, prop := range c.Properties {
			switch v := prop.Value.(type) {
			case *ast.StringLit:
				switch prop.Key.Name {
				case "provider":
					ds.Provider = v.Value
					if v.Value == "postgres" {
						ds.Provider = PostgreSQL
					}
				case "url":
					ds.URL = v.Value
				}
			case *ast.FuncCall:
				if prop.Key.Name == "url" && v.Name.Name == "env" && len(v.Args) == 1 {
					if s, ok := v.Args[0].Value.(*ast.StringLit); ok {
						ds.URLEnv = s.Value
					}
				}
			}
		}
		return ds
	}
	return nil
}
