package cli

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/caspian-prisma/caspian-prisma/engine/config"
	"github.com/caspian-prisma/caspian-prisma/schema"
	"github.com/caspian-prisma/caspian-prisma/schema/format"
)

// format is `ppy format`: Prisma's formatter over the schema file or
// folder, then Prisma's validation of the result; files are rewritten only
// when the formatted schema is valid, as the Prisma CLI does.
func (r *run) format(args []string) int {
	start := time.Now()
	fs := flag.NewFlagSet("format", flag.ContinueOnError)
	schemaFlag := fs.String("schema", "", "")
	check := fs.Bool("check", false, "")
	if done, code := r.parseFlags(fs, formatHelp, args); done {
		return code
	}
	proj, err := r.openProject(r.out)
	if err != nil {
		return r.fail("%v", err)
	}
	path, err := proj.schemaPath(*schemaFlag)
	if err != nil {
		return r.fail("%v", err)
	}
	paths, err := schemaFiles(path)
	if err != nil {
		return r.fail("Could not read the schema at %s: %v", proj.rel(path), err)
	}
	files := make([]schema.File, len(paths))
	for i, p := range paths {
		src, err := os.ReadFile(p)
		if err == nil {
			r.watchSchema(string(src))
		}
		if err != nil {
			return r.fail("Could not read the schema at %s: %v", proj.rel(p), err)
		}
		files[i] = schema.File{Name: proj.rel(p), Text: string(src)}
	}
	fmt.Fprintf(r.out, "Prisma schema loaded from %s\n", proj.rel(path))

	formatted, err := format.Format(files)
	if err != nil {
		return r.fail("Could not format the schema at %s: %v", proj.rel(path), err)
	}
	if _, err := schema.ParseFiles(formatted); err != nil {
		var diags schema.Diagnostics
		if errors.As(err, &diags) {
			// Prisma's CLI prints the validation error this way, then
			// "Prisma CLI Version : …", which ppy leaves out.
			fmt.Fprintf(r.err, "Error: Prisma schema validation - (validate wasm)\nError code: P1012\n%s\n[Context: validate]\n",
				r.secrets.Scrub(diags.Prisma(formatted)))
		} else {
			fmt.Fprintf(r.err, "Error: %v\n", err)
		}
		return exitError
	}

	if *check {
		// Prisma's line, then (ppy's addition) the files that would change.
		var changed []string
		for i, f := range formatted {
			if f.Text != files[i].Text {
				changed = append(changed, "  "+proj.rel(paths[i])+"\n")
			}
		}
		if len(changed) > 0 {
			fmt.Fprintf(r.err, "! There are unformatted files. Run prisma format to format them.\n%s", strings.Join(changed, ""))
			return exitError
		}
		fmt.Fprintln(r.out, "All files are formatted correctly!")
		return exitOK
	}
	for i, f := range formatted {
		if f.Text == files[i].Text {
			continue
		}
		if err := writeAtomic(paths[i], []byte(f.Text)); err != nil {
			return r.fail("Could not write %s: %v", proj.rel(paths[i]), err)
		}
	}
	fmt.Fprintf(r.out, "Formatted %s in %s 🚀\n", proj.rel(path), since(start))
	return exitOK
}

// schemaFiles lists the schema's files: the file itself, or every .prisma
// file under a folder (config.SchemaFiles).
func schemaFiles(path string) ([]string, error) { return config.SchemaFiles(path) }

// writeAtomic replaces a file through a temporary file in the same folder,
// keeping the file's permissions, so a crash never leaves half a schema.
func writeAtomic(path string, data []byte) error {
	mode := os.FileMode(0o644)
	if st, err := os.Stat(path); err == nil {
		mode = st.Mode().Perm()
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := bytes.NewReader(data).WriteTo(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(mode); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

const formatHelp = `Format a Prisma schema

Usage

  $ ppy format [options]

Options

  -h, --help          Show this help
      --schema PATH   The Prisma schema file or folder to format (default:
                      the schema key of prisma.config.ts, else
                      prisma/schema.prisma under the project root, else
                      ./schema.prisma)
      --check         Write nothing; exit 1 and list the files that are
                      not formatted

Examples

  $ ppy format
  $ ppy format --schema=./schema.prisma
  $ ppy format --check
`
