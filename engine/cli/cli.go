// Package cli is the `ppy` command line: generate, db push, validate and
// version. It runs in-process (the Python entry point calls it through the
// c-shared library), so it takes its arguments, environment, working
// directory and output streams as parameters and never reads os.Args,
// os.Getenv or calls os.Exit.
//
// It glues the schema parser, engine/codegen, engine/connector and
// engine/migrate together; it must not import "C" or a driver adapter
// directly (the connector picks one).
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/caspian-prisma/caspian-prisma/engine/config"
)

// Version is the product version printed by `ppy version` and generate.
var Version = "0.1.0"

// Exit codes.
const (
	exitOK    = 0
	exitError = 1 // the command failed
	exitUsage = 2 // unknown command or flag
)

// Main runs the ppy command line and returns its exit code.
func Main(args []string, env map[string]string, cwd string, stdout, stderr io.Writer) (code int) {
	return MainWithInput(args, env, cwd, os.Stdin, stdout, stderr)
}

// MainWithInput is Main with the standard input that prompts read (the
// confirmation of migrate reset when PPY_INTERACTIVE=1).
//
// Nothing it prints holds a database password: messages show URLs through
// config.Mask, and stdout and stderr pass through a config.Scrubber that
// knows every URL with credentials the run has seen (the environment's *URL*
// variables, the .env files', prisma.config.ts's, the schema's and the
// arguments'), as a last line of defence against a driver or library
// message that quotes one. The scrubber replaces a password wherever it
// occurs: a weak one ("postgres") also disappears from unrelated words.
func MainWithInput(args []string, env map[string]string, cwd string, stdin io.Reader, stdout, stderr io.Writer) (code int) {
	return mainWith(args, env, cwd, stdin, stdout, stderr, true)
}

// mainWith is MainWithInput; scrubOutput false leaves the output unscrubbed,
// so a test can check that the messages themselves hold no password.
func mainWith(args []string, env map[string]string, cwd string, stdin io.Reader, stdout, stderr io.Writer, scrubOutput bool) (code int) {
	secrets := config.NewScrubber()
	for k, v := range env {
		// Only variables that may hold a database URL (DATABASE_URL,
		// SHADOW_DATABASE_URL, DIRECT_URL, ...): a password is replaced
		// wherever it occurs, so an unrelated weak one would mangle output.
		if strings.Contains(strings.ToUpper(k), "URL") {
			secrets.AddIfURL(v)
		}
	}
	for _, a := range args { // --from-url=..., --url ...
		if i := strings.IndexByte(a, '='); i > 0 && strings.HasPrefix(a, "-") {
			a = a[i+1:]
		}
		secrets.AddIfURL(a)
	}
	if scrubOutput {
		stdout, stderr = secrets.Writer(stdout), secrets.Writer(stderr)
	}
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "Error: internal error in ppy: %v\nPlease report this with the command you ran.\n", r)
			code = exitError
		}
	}()
	// Ctrl-C cancels the command's context, so that long work stops and
	// cleans up (the shadow database is dropped, transactions roll back)
	// before ppy exits with 130. NotifyContext's stop gives the signal back
	// to the host (Python) afterwards.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	r := &run{ctx: ctx, env: env, cwd: cwd, in: stdin, out: stdout, err: stderr, secrets: secrets}
	defer func() {
		if ctx.Err() != nil {
			fmt.Fprintln(stderr, "\nInterrupted: ppy stopped and cleaned up.")
			code = exitCancelled
		}
	}()
	if len(args) == 0 {
		fmt.Fprint(stdout, mainHelp)
		return exitOK
	}
	switch cmd, rest := args[0], args[1:]; cmd {
	case "-h", "--help", "help":
		fmt.Fprint(stdout, mainHelp)
		return exitOK
	case "-v", "--version", "version":
		return r.version(rest)
	case "init":
		return r.initProject(rest)
	case "generate":
		return r.generate(rest)
	case "format":
		return r.format(rest)
	case "validate":
		return r.validate(rest)
	case "dmmf":
		return r.dmmf(rest)
	case "migrate":
		return r.migrate(rest)
	case "studio":
		return r.studio(rest)
	case "db":
		if len(rest) == 0 {
			fmt.Fprint(stdout, dbHelp)
			return exitOK
		}
		switch sub := rest[0]; sub {
		case "-h", "--help", "help":
			fmt.Fprint(stdout, dbHelp)
			return exitOK
		case "push":
			return r.dbPush(rest[1:])
		case "pull":
			return r.dbPull(rest[1:])
		case "execute":
			return r.dbExecute(rest[1:])
		case "seed":
			return r.dbSeed(rest[1:])
		default:
			fmt.Fprintf(stderr, "Unknown command: ppy db %s\n\n%s", sub, dbHelp)
			return exitUsage
		}
	default:
		fmt.Fprintf(stderr, "Unknown command: %s\n\n%s", cmd, mainHelp)
		return exitUsage
	}
}

type run struct {
	ctx      context.Context // cancelled by Ctrl-C
	env      map[string]string
	cwd      string
	in       io.Reader // answers to prompts
	out, err io.Writer // scrubbed by secrets
	secrets  *config.Scrubber
}

// parseFlags parses a subcommand's flags. done is true when the command must
// stop with code (help shown, or a usage error).
func (r *run) parseFlags(fs *flag.FlagSet, help string, args []string) (done bool, code int) {
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(r.out, help)
			return true, exitOK
		}
		fmt.Fprintf(r.err, "%s\n\n%s", flagError(err), help)
		return true, exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(r.err, "Unexpected argument: %s\n\n%s", fs.Arg(0), help)
		return true, exitUsage
	}
	return false, exitOK
}

// flagError rewrites the flag package's messages in the --long spelling
// that the help texts use.
func flagError(err error) string {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
		return "Unknown flag: --" + strings.TrimPrefix(name, "-")
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: -"); ok {
		return "Missing value for flag --" + strings.TrimPrefix(name, "-")
	}
	return msg
}

// fail prints a one-paragraph error and returns the error exit code. The
// message is scrubbed of every credential the run knows (it may wrap a
// driver's or a library's error).
func (r *run) fail(format string, args ...any) int {
	msg := strings.TrimSpace(r.secrets.Scrub(fmt.Sprintf(format, args...)))
	if msg != "" && msg[0] >= 'a' && msg[0] <= 'z' {
		msg = strings.ToUpper(msg[:1]) + msg[1:] // library errors start lower-case; a sentence does not
	}
	fmt.Fprintf(r.err, "Error: %s\n", msg)
	return exitError
}

func (r *run) version(args []string) int {
	fs := flag.NewFlagSet("version", flag.ContinueOnError)
	if done, code := r.parseFlags(fs, versionHelp, args); done {
		return code
	}
	fmt.Fprintf(r.out, "caspian-prisma %s\n", Version)
	fmt.Fprintf(r.out, "%-18s: %s\n", "ppy", Version)
	fmt.Fprintf(r.out, "%-18s: %s\n", "Schema engine", "caspian-prisma "+Version+" (Go)")
	fmt.Fprintf(r.out, "%-18s: %s\n", "Providers", "sqlite, postgresql, mysql")
	return exitOK
}

const mainHelp = `ppy: Caspian's Prisma command line for the Python client

Usage

  $ ppy [command]

Commands

      init   Set up a new project: schema, prisma.config.ts, .env
  generate   Generate the Python client from your Prisma schema
   db push   Push the state of your Prisma schema to the database
   db pull   Turn the database's tables into models (introspection)
db execute   Run a SQL script on the database
   db seed   Seed the database (seed.import of prisma.config.ts)
   migrate   Create, apply and inspect migrations (dev, deploy,
             status, resolve, reset, diff)
    format   Format your Prisma schema like prisma format
  validate   Check that your Prisma schema is valid
      dmmf   Print Prisma's DMMF of your schema as JSON
    studio   Browse and edit your database in the browser
   version   Show version information

Flags

  -h, --help   Show help for ppy or for a command (ppy db push --help)

Examples

  Set up a project on SQLite
  $ ppy init

  Generate the client into src/lib/prisma
  $ ppy generate

  Create the tables of prisma/schema.prisma in the database of DATABASE_URL
  $ ppy db push
`

const dbHelp = `Manage your database schema during development

Usage

  $ ppy db [command] [options]

Commands

     push   Push the state of your Prisma schema to the database
     pull   Pull the state from the database to the Prisma schema using introspection
  execute   Execute native commands (a SQL script) on your database
     seed   Seed your database (seed.import or migrations.seed of
            prisma.config.ts)

Flags

  -h, --help   Show this help

Examples

  $ ppy db push
  $ ppy db push --force-reset
  $ ppy db pull
  $ ppy db execute --file ./script.sql
  $ ppy db seed
`

const versionHelp = `Show version information

Usage

  $ ppy version

Flags

  -h, --help   Show this help
`
