package cli

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
)

// seedPlan is the command that seeds the project's database.
type seedPlan struct {
	argv  []string // the program (resolved on PATH) and its arguments
	shown string   // the command as "Running seed command `...`" prints it
	dir   string   // where it runs: the project root
	env   []string
}

// planSeed finds the seed the configuration names: Caspian's seed.import (a
// .py file runs with the Python that runs ppy; a .ts or .js file through
// tsx or node), else Prisma's migrations.seed command (split on spaces, no
// shell, as Prisma's execa does). It returns nil when neither is set. extra
// are the arguments given after `--`.
func (r *run) planSeed(p *project, extra []string) (*seedPlan, error) {
	c := p.config
	if c == nil || (c.SeedImport == "" && strings.TrimSpace(c.MigrationsSeed) == "") {
		return nil, nil
	}
	plan := &seedPlan{dir: p.root, env: r.seedEnv(p)}
	localBin := filepath.Join(p.root, "node_modules", ".bin")
	if c.SeedImport != "" {
		file := c.SeedImport
		if !filepath.IsAbs(file) {
			file = filepath.Join(p.root, file)
		}
		shownFile := filepath.ToSlash(p.Rel(file))
		if st, err := os.Stat(file); err != nil || st.IsDir() {
			return nil, fmt.Errorf("the seed file %s (seed.import in %s) does not exist", shownFile, p.Rel(c.Path))
		}
		switch ext := strings.ToLower(filepath.Ext(file)); ext {
		case ".py":
			python := r.env["PPY_PYTHON"]
			if python == "" {
				python = lookPath("python3", r.env)
			}
			if python == "" {
				return nil, errors.New("cannot run the Python seed: no Python interpreter is known (run ppy through its console script, or put python3 on PATH)")
			}
			plan.argv = append([]string{python, "-m", "caspian_prisma.seed", file}, extra...)
			plan.shown = strings.Join(append([]string{"python -m caspian_prisma.seed", shownFile}, extra...), " ")
		case ".ts", ".mts", ".cts", ".js", ".mjs", ".cjs":
			runner := []string{"node"}
			if ext != ".js" && ext != ".mjs" && ext != ".cjs" {
				runner = []string{"tsx"}
			}
			prog := lookPath(runner[0], r.env, localBin)
			if prog == "" && runner[0] == "tsx" {
				if npx := lookPath("npx", r.env); npx != "" {
					prog, runner = npx, []string{"npx", "--yes", "tsx"}
				}
			}
			if prog == "" {
				return nil, fmt.Errorf("cannot run the seed %s: it needs Node.js (%s), which is not on PATH.\n\n"+
					"Either install Node.js, or port the seed to Python: write prisma/seed.py with\n\n"+
					"  from src.lib.prisma.db import prisma\n\n  async def main():\n      await prisma.user.create(data={...})\n\n"+
					"and point seed.import at it in %s:\n\n  seed: { import: \"./prisma/seed.py\", autoRun: true }",
					shownFile, strings.Join(runner, " "), p.Rel(c.Path))
			}
			plan.argv = append(append([]string{prog}, runner[1:]...), append([]string{file}, extra...)...)
			plan.shown = strings.Join(append(append(runner, shownFile), extra...), " ")
		default:
			return nil, fmt.Errorf("cannot run the seed %s: seed.import must name a .py, .ts or .js file", shownFile)
		}
		return plan, nil
	}
	words := strings.Fields(c.MigrationsSeed)
	prog := lookPath(words[0], r.env, localBin)
	if strings.ContainsRune(words[0], filepath.Separator) {
		prog = words[0]
		if !filepath.IsAbs(prog) {
			prog = filepath.Join(p.root, prog)
		}
	}
	if prog == "" {
		return nil, fmt.Errorf("cannot run the seed command `%s` (migrations.seed in %s): %s is not on PATH", c.MigrationsSeed, p.Rel(c.Path), words[0])
	}
	plan.argv = append(append([]string{prog}, words[1:]...), extra...)
	plan.shown = strings.Join(append(words, extra...), " ")
	return plan, nil
}

// seedEnv is the seed's environment: ppy's, plus the .env variables it
// does not set, plus the project root first on PYTHONPATH (so a seed does
// `from src.lib.prisma.db import prisma`).
func (r *run) seedEnv(p *project) []string {
	env := map[string]string{}
	for k, v := range p.Dotenv {
		env[k] = v
	}
	for k, v := range r.env {
		env[k] = v
	}
	if old := env["PYTHONPATH"]; old != "" {
		env["PYTHONPATH"] = p.root + string(filepath.ListSeparator) + old
	} else {
		env["PYTHONPATH"] = p.root
	}
	out := make([]string, 0, len(env))
	for k, v := range env {
		out = append(out, k+"="+v)
	}
	sort.Strings(out)
	return out
}

// lookPath finds an executable in dirs, then on the PATH of env (not the
// process's: the library's view of it is stale); "" when there is none.
func lookPath(name string, env map[string]string, dirs ...string) string {
	for _, dir := range append(dirs, filepath.SplitList(env["PATH"])...) {
		if dir == "" {
			continue
		}
		path := filepath.Join(dir, name)
		if st, err := os.Stat(path); err == nil && !st.IsDir() && st.Mode()&0o111 != 0 {
			return path
		}
	}
	return ""
}

// runSeed runs the plan with ppy's standard streams (the terminal's, when
// ppy runs in one) and prints Prisma's messages around it.
func (r *run) runSeed(plan *seedPlan) int {
	fmt.Fprintf(r.out, "Running seed command `%s` ...\n", plan.shown)
	cmd := exec.Command(plan.argv[0], plan.argv[1:]...)
	cmd.Dir, cmd.Env = plan.dir, plan.env
	cmd.Stdin, cmd.Stdout, cmd.Stderr = r.in, r.out, r.err
	var err error
	if runtime.GOOS == "wasip1" {
		// The WebAssembly engine (wasmbridge): WASI preview 1 has no processes.
		err = fmt.Errorf("the WebAssembly engine cannot start commands (WASI has no processes); run `%s` yourself "+
			"from the project root, or install the native wheel", plan.shown)
	} else {
		err = cmd.Run()
	}
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			if ee.ExitCode() >= 0 {
				err = fmt.Errorf("Command failed with exit code %d: %s", ee.ExitCode(), plan.shown)
			} else {
				err = fmt.Errorf("Command was killed (%v): %s", ee.ProcessState, plan.shown)
			}
		}
		fmt.Fprintf(r.err, "\nAn error occurred while running the seed command:\nError: %v\n", err)
		return exitError
	}
	fmt.Fprint(r.out, "\n🌱  The seed command has been executed.\n")
	return exitOK
}

// dbSeed is `ppy db seed [-- ARGS...]`.
func (r *run) dbSeed(args []string) int {
	var extra []string
	for i, a := range args {
		if a == "--" {
			args, extra = args[:i], args[i+1:]
			break
		}
	}
	fs := flag.NewFlagSet("db seed", flag.ContinueOnError)
	if done, code := r.parseFlags(fs, dbSeedHelp, args); done {
		return code
	}
	proj, err := r.openProject(r.out)
	if err != nil {
		return r.fail("%v", err)
	}
	r.configWarnings(proj)
	plan, err := r.planSeed(proj, extra)
	if err != nil {
		return r.fail("%v", err)
	}
	if plan == nil {
		fmt.Fprint(r.out, noSeedHelp)
		return exitOK
	}
	return r.runSeed(plan)
}

// autoSeed runs the seed after migrate dev created the database and after
// migrate reset, when seed.autoRun is true (Caspian's key; Prisma 6 did it
// always, Prisma 7 never does), unless skipped by --skip-seed or
// PRISMA_MIGRATE_SKIP_SEED.
func (r *run) autoSeed(p *project, skip bool) int {
	if skip || r.env["PRISMA_MIGRATE_SKIP_SEED"] != "" || p.config == nil || p.config.SeedAutoRun == nil || !*p.config.SeedAutoRun {
		return exitOK
	}
	plan, err := r.planSeed(p, nil)
	if err != nil {
		return r.fail("%v", err)
	}
	if plan == nil {
		fmt.Fprintf(r.err, "warn seed.autoRun is true in %s, but no seed is configured (seed.import or migrations.seed)\n", p.Rel(p.config.Path))
		return exitOK
	}
	fmt.Fprintln(r.out)
	return r.runSeed(plan)
}

const noSeedHelp = `⚠️ No seed command configured

To seed your database, name your seed script in prisma.config.ts:

  // prisma.config.ts
  export default {
    seed: {
      import: "./prisma/seed.py",  // or a .ts/.js seed, run with tsx/node
      autoRun: true,               // also seed after migrate reset and after
    },                             // migrate dev created the database
  }

or give Prisma's seed command:

  export default defineConfig({
    migrations: {
      seed: "python prisma/seed.py",
    },
  })
`

const dbSeedHelp = `Seed your database

Runs the seed named in prisma.config.ts: seed.import (a .py file runs with
the Python that runs ppy, from the project root with the root importable,
so it can do "from src.lib.prisma.db import prisma"; an async def main()
is awaited when the file does not run it itself; .ts and .js files run
with tsx / node), else migrations.seed (Prisma's command string, split on
spaces, no shell). Arguments after -- are passed to the seed.

Usage

  $ ppy db seed [options] [-- ARGS...]

Options

  -h, --help   Show this help

Examples

  $ ppy db seed
  $ ppy db seed -- --environment development
`
