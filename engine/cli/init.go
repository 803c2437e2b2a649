package cli

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/caspian-prisma/caspian-prisma/engine/config"
)

// GeneratorProvider is the provider of a generator block that ppy generate
// reads the output folder from (ppy init --output writes one).
const GeneratorProvider = "caspian-prisma"

var initURLs = map[string]string{
	config.SQLite:     "file:./prisma/dev.db",
	config.PostgreSQL: "postgresql://johndoe:randompassword@localhost:5432/mydb?schema=public",
	config.MySQL:      "mysql://johndoe:randompassword@localhost:3306/mydb",
}

// initProject is `ppy init`: prisma/schema.prisma, prisma.config.ts, .env
// and .gitignore in the working directory, like prisma init.
func (r *run) initProject(args []string) int {
	fs := flag.NewFlagSet("init", flag.ContinueOnError)
	provider := fs.String("datasource-provider", "", "")
	rawURL := fs.String("url", "", "")
	output := fs.String("output", "", "")
	if done, code := r.parseFlags(fs, initHelp, args); done {
		return code
	}
	*provider = strings.ToLower(*provider)
	if *provider == "postgres" {
		*provider = config.PostgreSQL
	}
	if *rawURL != "" {
		fromURL := config.Provider(*rawURL)
		switch {
		case fromURL == "":
			return r.fail("The URL %s is not one ppy understands: it must start with file: (SQLite), postgresql:// or postgres:// (PostgreSQL) or mysql:// (MySQL)", maskURL(*rawURL))
		case *provider == "":
			*provider = fromURL
		case *provider != fromURL:
			return r.fail("--datasource-provider %s does not match the --url, which is a %s URL", *provider, fromURL)
		}
	}
	if *provider == "" {
		*provider = config.SQLite // the page: "SQLite (Recommended for dev)"
	}
	dbURL, ok := initURLs[*provider]
	if !ok {
		fmt.Fprintf(r.err, "Error: Provider %q is invalid or not supported. Try again with \"sqlite\", \"postgresql\" or \"mysql\".\n", *provider)
		return exitUsage
	}
	if *rawURL != "" {
		dbURL = *rawURL
	}
	root := r.cwd
	for _, existing := range []string{filepath.Join(root, "schema.prisma"), filepath.Join(root, "prisma", "schema.prisma")} {
		if exists(existing) {
			rel, _ := filepath.Rel(root, existing)
			return r.fail("File %s already exists in your project.\n        Please try again in a project that is not yet using Prisma.", filepath.ToSlash(rel))
		}
	}
	var generator string
	if *output != "" {
		out := *output
		if !filepath.IsAbs(out) {
			out = filepath.Join(root, out)
		}
		rel, err := filepath.Rel(filepath.Join(root, "prisma"), out)
		if err != nil {
			rel = out
		}
		generator = fmt.Sprintf("generator client {\n  provider = %q\n  output   = %q\n}\n\n", GeneratorProvider, filepath.ToSlash(rel))
	}
	var warns []string
	write := func(path, text string) error {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		return os.WriteFile(path, []byte(text), 0o644)
	}
	if err := write(filepath.Join(root, "prisma", "schema.prisma"), initSchema(*provider, generator)); err != nil {
		return r.fail("Could not write prisma/schema.prisma: %v", err)
	}
	if cfg := filepath.Join(root, config.ConfigFile); exists(cfg) {
		warns = append(warns, fmt.Sprintf("You already have a %s: add seed and client settings to it yourself (see ppy init --help).", config.ConfigFile))
	} else if err := write(cfg, initConfig); err != nil {
		return r.fail("Could not write %s: %v", config.ConfigFile, err)
	}
	envPath := filepath.Join(root, ".env")
	envLine := fmt.Sprintf("DATABASE_URL=%q\n", dbURL)
	switch src, err := os.ReadFile(envPath); {
	case os.IsNotExist(err):
		if err := write(envPath, initEnvHeader+envLine); err != nil {
			return r.fail("Could not write .env: %v", err)
		}
	case err != nil:
		return r.fail("Could not read .env: %v", err)
	default:
		if _, has := config.ParseDotenv(string(src), nil)["DATABASE_URL"]; has {
			warns = append(warns, "ppy would have added DATABASE_URL but it already exists in .env")
		} else {
			text := string(src)
			if text != "" && !strings.HasSuffix(text, "\n") {
				text += "\n"
			}
			if err := write(envPath, text+"\n"+initEnvHeader+envLine); err != nil {
				return r.fail("Could not write .env: %v", err)
			}
		}
	}
	ignore := []string{".env"}
	if *provider == config.SQLite {
		ignore = append(ignore, "prisma/*.db", "prisma/*.db-journal")
	}
	if err := appendGitignore(filepath.Join(root, ".gitignore"), ignore); err != nil {
		return r.fail("Could not update .gitignore: %v", err)
	}
	fmt.Fprint(r.out, "\n✔ Your Prisma schema was created at prisma/schema.prisma\n  You can now open it in your favorite editor.\n\n")
	for _, w := range warns {
		fmt.Fprintf(r.out, "warn %s\n\n", w)
	}
	fmt.Fprintf(r.out, "Next steps:\n"+
		"1. Set the DATABASE_URL in the .env file to point to your database (now %s).\n"+
		"2. Define models in prisma/schema.prisma (an example is commented out there).\n"+
		"3. Run ppy migrate dev --name init to create the database and its tables\n"+
		"   (or ppy db pull to turn an existing database into models).\n"+
		"4. Run ppy generate, then import the client: from src.lib.prisma.db import prisma\n"+
		"5. Optionally write prisma/seed.py and run ppy db seed (seed.import in %s).\n",
		maskURL(dbURL), config.ConfigFile)
	return exitOK
}

// appendGitignore adds the lines .gitignore lacks.
func appendGitignore(path string, lines []string) error {
	src, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	have := map[string]bool{}
	for _, l := range strings.Split(string(src), "\n") {
		have[strings.TrimSpace(l)] = true
	}
	text := string(src)
	added := false
	for _, l := range lines {
		if have[l] || have["/"+l] {
			continue
		}
		if !added && text != "" {
			if !strings.HasSuffix(text, "\n") {
				text += "\n"
			}
			text += "\n"
		}
		text += l + "\n"
		added = true
	}
	if !added {
		return nil
	}
	return os.WriteFile(path, []byte(text), 0o644)
}

func initSchema(provider, generator string) string {
	return `// This is your Prisma schema file,
// learn more about it in the docs: https://pris.ly/d/prisma-schema

` + generator + `// The database URL is not written here (Prisma 7 style): ppy and the client
// read DATABASE_URL from the environment or .env, or datasource.url of
// prisma.config.ts.
datasource db {
  provider = "` + provider + `"
}

// An example model: uncomment it (or write your own), then run
//   ppy migrate dev --name init
//   ppy generate
//
// model User {
//   id        String   @id @default(cuid())
//   email     String   @unique
//   name      String?
//   createdAt DateTime @default(now())
// }
`
}

const initConfig = `// Caspian's Prisma configuration: read by ppy and by the Python client.
// https://www.prisma.io/docs/orm/reference/prisma-config-reference
export default {
  schema: "prisma/schema.prisma",
  migrations: {
    path: "prisma/migrations",
  },
  seed: {
    // ppy db seed runs it (a .py file with the Python that runs ppy; a .ts or
    // .js file with tsx / node); with autoRun also after ppy migrate reset
    // and after ppy migrate dev created the database.
    import: "./prisma/seed.py",
    autoRun: false,
  },
  client: {
    // "query" logs every SQL statement with its duration, "info" connection
    // events, "warn" and "error" only those (Python logging, caspian_prisma.*).
    logLevel: "warn",
  },
}
`

const initEnvHeader = `# Environment variables declared in this file are read by ppy and by the
# Python client (the process environment wins).
# SQLite: file:./prisma/dev.db   PostgreSQL: postgresql://user:password@localhost:5432/mydb
# MySQL: mysql://user:password@localhost:3306/mydb
`

const initHelp = `Set up a new Prisma project for the Python client

Writes prisma/schema.prisma (a datasource without url and an example model
in comments), prisma.config.ts (Caspian's keys: schema, migrations.path,
seed.import, seed.autoRun, client.logLevel), .env with DATABASE_URL (an
existing .env keeps its DATABASE_URL; one without it gets the line
appended) and .gitignore lines for .env and the SQLite database. Refuses to
run where a schema already exists.

Usage

  $ ppy init [options]

Options

  -h, --help                          Show this help
      --datasource-provider PROVIDER  sqlite (default), postgresql or mysql
      --url URL                       The DATABASE_URL to write to .env (its
                                      scheme picks the provider)
      --output DIR                    Where ppy generate writes the client
                                      (a generator block; default
                                      src/lib/prisma)

Examples

  $ ppy init
  $ ppy init --datasource-provider postgresql
  $ ppy init --url mysql://user:password@localhost:3306/mydb
`
