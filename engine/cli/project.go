package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// project is what the commands know about where they run.
type project struct {
	cwd    string
	root   string            // nearest folder with prisma.config.ts or prisma/schema.prisma, else cwd
	config *config           // prisma.config.ts, nil when absent
	env    map[string]string // the caller's environment
	dotenv map[string]string // <root>/.env, nil when absent
}

// config holds the prisma.config.ts keys the CLI needs, read without Node.
type config struct {
	path   string
	schema string // schema: as written (relative to the root), "" if absent
	url    string // datasource.url literal, or the value of its env("X")
	urlEnv string // X of datasource.url: env("X") / process.env.X
	// datasource.shadowDatabaseUrl, the same way.
	shadowURL, shadowEnv string
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// findRoot walks up from cwd like the runtime does (api-contract.md,
// "Connection and configuration").
func findRoot(cwd string) string {
	for dir := cwd; ; {
		if exists(filepath.Join(dir, "prisma.config.ts")) || exists(filepath.Join(dir, "prisma", "schema.prisma")) {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return cwd
		}
		dir = parent
	}
}

func loadProject(cwd string, env map[string]string) (*project, error) {
	if cwd == "" {
		var err error
		if cwd, err = os.Getwd(); err != nil {
			return nil, err
		}
	}
	cwd, _ = filepath.Abs(cwd)
	p := &project{cwd: cwd, root: findRoot(cwd), env: env}
	if p.env == nil {
		p.env = map[string]string{}
	}
	cfgPath := filepath.Join(p.root, "prisma.config.ts")
	if src, err := os.ReadFile(cfgPath); err == nil {
		p.config = parseConfig(string(src))
		p.config.path = cfgPath
	}
	envPath := filepath.Join(p.root, ".env")
	if f, err := os.Open(envPath); err == nil {
		defer f.Close()
		if p.dotenv, err = parseDotenv(f); err != nil {
			return nil, fmt.Errorf("cannot read %s: %v", envPath, err)
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("cannot read %s: %v", envPath, err)
	}
	return p, nil
}

// lookup reads a variable from the environment, else from the root's .env.
func (p *project) lookup(name string) (string, bool) {
	if v, ok := p.env[name]; ok && v != "" {
		return v, true
	}
	v, ok := p.dotenv[name]
	return v, ok && v != ""
}

// schemaPath picks the schema file: --schema (relative to cwd), else the
// config's schema key (relative to the root), else <root>/prisma/schema.prisma,
// else ./schema.prisma.
func (p *project) schemaPath(flag string) (string, error) {
	if flag != "" {
		path := flag
		if !filepath.IsAbs(path) {
			path = filepath.Join(p.cwd, path)
		}
		if !exists(path) {
			return "", fmt.Errorf("Could not load `--schema` from provided path `%s`: file or directory not found", flag)
		}
		return path, nil
	}
	if p.config != nil && p.config.schema != "" {
		path := p.config.schema
		if !filepath.IsAbs(path) {
			path = filepath.Join(p.root, path)
		}
		if !exists(path) {
			return "", fmt.Errorf("Could not load the schema `%s` named by %s: file not found", p.config.schema, p.config.path)
		}
		return path, nil
	}
	for _, path := range []string{filepath.Join(p.root, "prisma", "schema.prisma"), filepath.Join(p.cwd, "schema.prisma")} {
		if exists(path) {
			return path, nil
		}
	}
	return "", fmt.Errorf("Could not find a Prisma schema file. Checked: prisma/schema.prisma and schema.prisma under %s, and %s. "+
		"Create prisma/schema.prisma, or pass its path with --schema", p.root, p.cwd)
}

// rel shows path relative to cwd, as Prisma prints paths.
func (p *project) rel(path string) string {
	if r, err := filepath.Rel(p.cwd, path); err == nil {
		return filepath.ToSlash(r)
	}
	return path
}

var (
	lineComment   = regexp.MustCompile(`(?m)^\s*//.*$|\s//[^'"\x60\n]*$`)
	blockComment  = regexp.MustCompile(`(?s)/\*.*?\*/`)
	schemaString  = regexp.MustCompile(`(?:^|[\s,{])schema\s*:\s*(['"\x60])([^'"\x60]*)['"\x60]`)
	schemaJoin    = regexp.MustCompile(`(?:^|[\s,{])schema\s*:\s*path\.(?:join|resolve)\(([^)]*)\)`)
	stringLit     = regexp.MustCompile(`(['"\x60])([^'"\x60]*)['"\x60]`)
	datasourceKV  = regexp.MustCompile(`(?s)datasource\s*:\s*\{(.*?)\}`)
	urlString     = regexp.MustCompile(`url\s*:\s*(['"\x60])([^'"\x60]*)['"\x60]`)
	urlEnvCall    = regexp.MustCompile(`url\s*:\s*env\(\s*['"\x60]([A-Za-z_][A-Za-z0-9_]*)['"\x60]`)
	shadowString  = regexp.MustCompile(`shadowDatabaseUrl\s*:\s*(['"\x60])([^'"\x60]*)['"\x60]`)
	shadowEnvCall = regexp.MustCompile(`shadowDatabaseUrl\s*:\s*env\(\s*['"\x60]([A-Za-z_][A-Za-z0-9_]*)['"\x60]`)
	shadowProcEnv = regexp.MustCompile(`shadowDatabaseUrl\s*:\s*process\.env(?:\.([A-Za-z_][A-Za-z0-9_]*)|\[\s*['"\x60]([A-Za-z_][A-Za-z0-9_]*)['"\x60]\s*\])`)
	urlProcEnv    = regexp.MustCompile(`url\s*:\s*process\.env(?:\.([A-Za-z_][A-Za-z0-9_]*)|\[\s*['"\x60]([A-Za-z_][A-Za-z0-9_]*)['"\x60]\s*\])`)
)

// parseConfig reads the few keys we need from prisma.config.ts. It is a
// scanner for the literal forms people write (strings, path.join of
// strings, env("X"), process.env.X), not a TypeScript evaluator.
func parseConfig(src string) *config {
	src = blockComment.ReplaceAllString(src, "")
	src = lineComment.ReplaceAllString(src, "")
	c := &config{}
	if m := schemaString.FindStringSubmatch(src); m != nil {
		c.schema = m[2]
	} else if m := schemaJoin.FindStringSubmatch(src); m != nil {
		var parts []string
		for _, s := range stringLit.FindAllStringSubmatch(m[1], -1) {
			parts = append(parts, s[2])
		}
		c.schema = filepath.Join(parts...)
	}
	if m := datasourceKV.FindStringSubmatch(src); m != nil {
		body := m[1]
		if u := urlEnvCall.FindStringSubmatch(body); u != nil {
			c.urlEnv = u[1]
		} else if u := urlProcEnv.FindStringSubmatch(body); u != nil {
			c.urlEnv = u[1] + u[2]
		} else if u := urlString.FindStringSubmatch(body); u != nil {
			c.url = u[2]
		}
		if u := shadowEnvCall.FindStringSubmatch(body); u != nil {
			c.shadowEnv = u[1]
		} else if u := shadowProcEnv.FindStringSubmatch(body); u != nil {
			c.shadowEnv = u[1] + u[2]
		} else if u := shadowString.FindStringSubmatch(body); u != nil {
			c.shadowURL = u[2]
		}
	}
	return c
}

// shadowURL is the configured shadow database for migrate dev:
// datasource.shadowDatabaseUrl of prisma.config.ts, else "" (a temporary
// database is made for the run).
func (p *project) shadowURL() string {
	if c := p.config; c != nil {
		if c.shadowEnv != "" {
			v, _ := p.lookup(c.shadowEnv)
			return v
		}
		return c.shadowURL
	}
	return ""
}

// parseDotenv reads KEY=VALUE lines: `export ` prefixes, # comments, single
// or double quotes (double quotes understand \n), inline comments after
// unquoted values.
func parseDotenv(f *os.File) (map[string]string, error) {
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		line = strings.TrimPrefix(line, "export ")
		key, val, ok := strings.Cut(line, "=")
		if !ok {
			continue
		}
		key = strings.TrimSpace(key)
		val = strings.TrimSpace(val)
		switch {
		case len(val) >= 2 && val[0] == '"':
			if end := strings.LastIndexByte(val, '"'); end > 0 {
				val = val[1:end]
			}
			val = strings.NewReplacer(`\n`, "\n", `\"`, `"`, `\\`, `\`).Replace(val)
		case len(val) >= 2 && (val[0] == '\'' || val[0] == '`'):
			if end := strings.LastIndexByte(val, val[0]); end > 0 {
				val = val[1:end]
			}
		default:
			if i := strings.Index(val, " #"); i >= 0 {
				val = strings.TrimSpace(val[:i])
			}
		}
		out[key] = val
	}
	return out, sc.Err()
}
