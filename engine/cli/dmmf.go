package cli

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/caspian-prisma/caspian-prisma/schema"
	"github.com/caspian-prisma/caspian-prisma/schema/dmmf"
)

// dmmf writes Prisma's DMMF datamodel with the datasources and generators
// of get_config: the JSON Caspian keeps in settings/prisma-schema.json.
// The document goes to stdout unless --output names a file, so everything
// else this command says goes to stderr.
func (r *run) dmmf(args []string) int {
	fs := flag.NewFlagSet("dmmf", flag.ContinueOnError)
	schemaFlag := fs.String("schema", "", "")
	outFlag := fs.String("output", "", "")
	if done, code := r.parseFlags(fs, dmmfHelp, args); done {
		return code
	}
	files, label, code, ok := r.dmmfSchema(*schemaFlag)
	if !ok {
		return code
	}
	sch, err := schema.ParseFiles(files)
	if err != nil {
		var diags schema.Diagnostics
		if errors.As(err, &diags) {
			// As Prisma's getDMMF reports a schema it cannot read.
			fmt.Fprintf(r.err, "Error: Prisma schema validation - (get-dmmf wasm)\nError code: P1012\n%s\n[Context: getDmmf]\n",
				r.secrets.Scrub(diags.Prisma(files)))
		} else {
			fmt.Fprintf(r.err, "Error: %v\n", err)
		}
		return exitError
	}
	doc, err := dmmf.Document(sch)
	if err != nil {
		return r.fail("could not build the DMMF of %s: %v", label, err)
	}
	// Prisma 6 reported a literal datasource url as written; ppy shows it
	// masked (config.Mask), password and all credentials replaced.
	doc = []byte(r.secrets.Scrub(string(doc)))
	if *outFlag == "" || *outFlag == "-" {
		if _, err := r.out.Write(doc); err != nil {
			return r.fail("could not write the DMMF: %v", err)
		}
		return exitOK
	}
	path := *outFlag
	if !filepath.IsAbs(path) {
		path = filepath.Join(r.cwd, path)
	}
	if err := writeDocument(path, doc); err != nil {
		return r.fail("could not write the DMMF to %s: %v", *outFlag, err)
	}
	fmt.Fprintf(r.err, "Wrote the DMMF of %s to %s\n", label, *outFlag)
	return exitOK
}

// dmmfSchema reads the schema file or folder (a multi-file schema), naming
// each file relative to the working directory as Prisma's sourceFilePath
// does for the CLI. The "loaded from" lines go to stderr: stdout is the JSON.
func (r *run) dmmfSchema(schemaFlag string) (files []schema.File, label string, code int, ok bool) {
	proj, err := r.openProject(r.err)
	if err != nil {
		return nil, "", r.fail("%v", err), false
	}
	path, err := proj.schemaPath(schemaFlag)
	if err != nil {
		return nil, "", r.fail("%v", err), false
	}
	label = proj.rel(path)
	paths, err := schemaFiles(path)
	if err != nil {
		return nil, "", r.fail("Could not read the schema at %s: %v", label, err), false
	}
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err == nil {
			r.watchSchema(string(src))
		}
		if err != nil {
			return nil, "", r.fail("Could not read the schema at %s: %v", proj.rel(p), err), false
		}
		files = append(files, schema.File{Name: proj.rel(p), Text: string(src)})
	}
	fmt.Fprintf(r.err, "Prisma schema loaded from %s\n", label)
	return files, label, exitOK, true
}

// writeDocument writes through a temporary file in the same directory and
// renames it into place, so a reader never sees half a document.
func writeDocument(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Chmod(tmp.Name(), 0o644)
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), path)
	}
	if werr != nil {
		os.Remove(tmp.Name())
	}
	return werr
}

const dmmfHelp = `Print Prisma's DMMF of your schema as JSON

Writes {"datamodel": ..., "datasources": [...], "generators": [...]}: the
datamodel of Prisma's get_dmmf and the datasources and generators of its
get_config, the shape Caspian's settings/prisma-schema.json holds.

Usage

  $ ppy dmmf [options]

Options

  -h, --help          Show this help
      --schema PATH   The Prisma schema file or folder (default: the schema
                      key of prisma.config.ts, else prisma/schema.prisma under
                      the project root, else ./schema.prisma)
      --output FILE   Write the JSON to FILE instead of stdout

Examples

  $ ppy dmmf > settings/prisma-schema.json
  $ ppy dmmf --schema=./schema.prisma --output=settings/prisma-schema.json
`
