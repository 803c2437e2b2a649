// Package codegen writes the typed Python client for a schema: one package
// with the model classes, enums, input TypedDicts, the per-model action
// classes and the global `prisma` object; with `ppy generate --sql`, also
// sql.py, a typed function per .sql file of prisma/sql (SQLQuery: the CLI
// has the database describe each statement, this package only writes the
// Python). The generated code is thin (types, signatures and docstrings);
// behaviour lives in the runtime library `caspian_prisma`
// (python/caspian_prisma), which the generated code imports.
//
// Output is deterministic and already formatted, so it is checked in as
// goldens (testdata/golden) and diffed in CI.
//
// It reads only the resolved schema model; it must not import drivers, the
// query engine or "C".
package codegen

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"

	"github.com/caspian-prisma/caspian-prisma/schema"
)

// Version is the generator version written into every file header.
const Version = "0.1.0"

// Generate writes the Python client package for sch into outDir, atomically:
// the files are written to a temporary folder next to outDir, which then
// replaces outDir. On failure nothing is left behind and outDir is unchanged.
// schemaText is embedded (schema.prisma) so the app needs no schema at run time.
func Generate(sch *schema.Schema, schemaText, outDir string) error {
	return GenerateWithSQL(sch, schemaText, outDir, nil)
}

// GenerateWithSQL is Generate plus sql.py, the typed functions of
// prisma/sql (ppy generate --sql), when queries is not nil.
func GenerateWithSQL(sch *schema.Schema, schemaText, outDir string, queries []SQLQuery) error {
	files, err := Files(sch, schemaText)
	if err != nil {
		return err
	}
	if queries != nil {
		files["sql.py"] = []byte(SQLFile(sch, schemaText, queries))
	}
	return writeDir(outDir, files)
}

// SQLFile is the sql.py of queries for the client of sch.
func SQLFile(sch *schema.Schema, schemaText string, queries []SQLQuery) string {
	return newGen(clientView(sch), schemaText).sqlPy(queries)
}

// Files returns the generated package as file name -> content, without
// touching the disk.
func Files(sch *schema.Schema, schemaText string) (map[string][]byte, error) {
	if sch == nil {
		return nil, fmt.Errorf("codegen: no schema")
	}
	sch = clientView(sch)
	if len(sch.Models) == 0 {
		return nil, fmt.Errorf("codegen: the schema has no models: add a model block before generating the client")
	}
	if err := checkNames(sch); err != nil {
		return nil, err
	}
	g := newGen(sch, schemaText)
	files := map[string][]byte{
		"__init__.py":   []byte(g.initPy()),
		"db.py":         []byte(g.dbPy()),
		"client.py":     []byte(g.clientPy()),
		"models.py":     []byte(g.modelsPy()),
		"enums.py":      []byte(g.enumsPy()),
		"types.py":      []byte(g.typesPy()),
		"schema.prisma": []byte(g.schemaFile()),
		"py.typed":      nil, // PEP 561 marker: the package ships its types
	}
	return files, nil
}

// pythonNames are the names the generated modules import or define besides
// the models and enums; a model or enum named like one would shadow it.
var pythonNames = []string{
	"Any", "BaseModel", "BatchPayload", "Client", "Decimal", "Dict", "List", "Literal", "ModelActions",
	"Optional", "Prisma", "PrismaEnum", "Query", "TypedDict", "Union", "datetime", "enums", "models",
	"os", "overload", "prisma", "types",
}

// modelMethods are BaseModel's public methods; a field named like one would
// hide it on every record.
var modelMethods = map[string]bool{"to_dict": true, "model_dump": true}

// checkNames rejects schemas whose names would make the generated Python
// wrong, saying what to rename (@map/@@map keep the database names).
func checkNames(sch *schema.Schema) error {
	reserved := map[string]bool{}
	for _, n := range append(append([]string{}, pythonNames...), runtimeTypeNames...) {
		reserved[n] = true
	}
	for _, e := range sch.Enums {
		if reserved[e.Name] {
			return fmt.Errorf("codegen: enum %s clashes with a name the generated Python client uses; rename it (@@map keeps the database name)", e.Name)
		}
	}
	for _, m := range sch.Models {
		if reserved[m.Name] {
			return fmt.Errorf("codegen: model %s clashes with a name the generated Python client uses; rename it (@@map keeps the table name)", m.Name)
		}
		for _, f := range m.Fields {
			if modelMethods[f.Name] {
				return fmt.Errorf("codegen: field %s.%s would hide the records' %s() method; rename it (@map keeps the column name)", m.Name, f.Name, f.Name)
			}
		}
	}
	return nil
}

// FileNames lists what Files and GenerateWithSQL write, sorted.
func FileNames() []string {
	names := []string{"__init__.py", "db.py", "client.py", "models.py", "enums.py", "types.py", "schema.prisma", "py.typed", "sql.py"}
	sort.Strings(names)
	return names
}

type gen struct {
	sch  *schema.Schema
	text string
	hash string
	// accessors maps each model to its accessor names on Prisma: the
	// first-letter-lowered name and, when different and free, the all-lowercase alias.
	accessors map[*schema.Model][]string
}

func newGen(sch *schema.Schema, text string) *gen {
	sum := sha256.Sum256([]byte(text))
	g := &gen{sch: sch, text: text, hash: hex.EncodeToString(sum[:]), accessors: map[*schema.Model][]string{}}
	taken := map[string]bool{}
	for _, m := range sch.Models {
		taken[lowerFirst(m.Name)] = true
	}
	for _, m := range sch.Models {
		names := []string{lowerFirst(m.Name)}
		if alias := toLower(m.Name); !taken[alias] {
			taken[alias] = true
			names = append(names, alias)
		}
		g.accessors[m] = names
	}
	return g
}

// header is the first lines of every generated Python file.
func (g *gen) header() string {
	return fmt.Sprintf("# Code generated by caspian-prisma codegen %s. DO NOT EDIT.\n# schema sha256: %s\n", Version, g.hash)
}

// schemaFile is the embedded schema: a `//` header (which the runtime strips
// so diagnostics keep the user's line numbers) and the text as given.
func (g *gen) schemaFile() string {
	return fmt.Sprintf("// Code generated by caspian-prisma codegen %s. DO NOT EDIT.\n// schema sha256: %s\n", Version, g.hash) + g.text
}
