package cli

import (
	"fmt"
	"io"
	"os"

	"github.com/caspian-prisma/caspian-prisma/engine/config"
)

// project is what the commands know about where they run: the resolution
// itself (root, .env, prisma.config.ts, schema and migrations paths, the
// database URL) lives in engine/config, which the running app asks too.
type project struct {
	*config.Project
	cwd    string
	root   string
	config *config.File // prisma.config.ts, nil when absent
	env    map[string]string
	// secrets learns every URL the project resolves, so the run's output
	// is scrubbed of its credentials (see MainWithInput).
	secrets *config.Scrubber
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

func loadProject(cwd string, env map[string]string, secrets *config.Scrubber) (*project, error) {
	p, err := config.Load(config.Options{Cwd: cwd, Env: env})
	if err != nil {
		return nil, err
	}
	// Whatever may become the database URL is known to the scrubber before
	// anything is printed: the .env values and prisma.config.ts's literals.
	for _, v := range p.Dotenv {
		secrets.AddIfURL(v)
	}
	if c := p.Config; c != nil {
		secrets.Add(c.URL.Literal)
		secrets.Add(c.ShadowURL.Literal)
	}
	return &project{Project: p, cwd: p.Cwd, root: p.Root, config: p.Config, env: p.Env, secrets: secrets}, nil
}

// openProject loads the project of the run and prints Prisma's "Loaded
// Prisma config from ..." line to w when a prisma.config.ts was read.
func (r *run) openProject(w io.Writer) (*project, error) {
	proj, err := loadProject(r.cwd, r.env, r.secrets)
	if err == nil && proj.config != nil {
		fmt.Fprintf(w, "Loaded Prisma config from %s.\n\n", proj.rel(proj.config.Path))
	}
	return proj, err
}

// schemaPath picks the schema file (config.Project.SchemaPath).
func (p *project) schemaPath(flag string) (string, error) { return p.SchemaPath(flag) }

// rel shows path relative to cwd, as Prisma prints paths.
func (p *project) rel(path string) string { return p.Rel(path) }

// shadowURL is the configured shadow database for migrate dev, "" for a
// temporary one.
func (p *project) shadowURL() string {
	u := p.ShadowURL()
	p.secrets.Add(u)
	return u
}

// configWarnings prints what prisma.config.ts says that ppy cannot use.
func (r *run) configWarnings(p *project) {
	for _, w := range p.ConfigWarnings {
		fmt.Fprintf(r.err, "warn %s\n", w)
	}
}
