package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/caspian-prisma/caspian-prisma/engine"
	"github.com/caspian-prisma/caspian-prisma/engine/codegen"
)

// sqlDir is prisma/sql: the sql folder next to the schema file (inside a
// schema folder), as Prisma's TypedSQL looks for it.
func sqlDir(schemaPath string) string {
	base := schemaPath
	if st, err := os.Stat(base); err != nil || !st.IsDir() {
		base = filepath.Dir(base)
	}
	return filepath.Join(base, "sql")
}

// typedQueries reads every .sql file of prisma/sql and has the database
// describe it (query.describe on an engine opened on the datasource), as
// Prisma's generate --sql does: it needs the live database, with the
// migrations applied. ok=false after reporting the failure, naming the file
// and the database's message (never the URL's password).
func (r *run) typedQueries(l *loaded) ([]codegen.SQLQuery, int, bool) {
	dir := sqlDir(l.path)
	entries, err := os.ReadDir(dir)
	if err != nil && !os.IsNotExist(err) {
		return nil, r.fail("Could not read %s: %v", l.proj.rel(dir), err), false
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".sql") {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	queries := []codegen.SQLQuery{}
	if len(names) == 0 {
		fmt.Fprintf(r.out, "No SQL files found in %s: the sql module will be empty.\n", l.proj.rel(dir))
		return queries, 0, true
	}
	if l.sch.Datasource == nil {
		return nil, r.fail("The schema at %s has no datasource block: ppy generate --sql needs a database to describe the queries.", l.proj.rel(l.path)), false
	}
	u, _, code, ok := r.datasource(l)
	if !ok {
		return nil, code, false
	}
	eng, err := engine.Open(engine.Config{Schema: l.text, SchemaFile: l.proj.rel(l.path), URL: u.raw, Root: l.proj.root})
	if err != nil {
		return nil, r.fail("%s", u.scrub(err.Error())), false
	}
	defer eng.Close()
	// Connect first, so an unreachable database is said as such and not
	// as a query it rejected.
	if _, err := eng.Handle(r.ctx, "engine.ping", map[string]any{"connect": true}); err != nil {
		return nil, r.fail("Could not connect to the database to describe the queries of %s (ppy generate --sql needs it): %s", l.proj.rel(dir), u.scrub(err.Error())), false
	}
	for _, name := range names {
		path := filepath.Join(dir, name)
		rel := l.proj.rel(path)
		q, err := describeFile(r, eng, rel, path, strings.TrimSuffix(name, ".sql"))
		if err != nil {
			return nil, r.fail("Could not generate the typed query %s: %s", rel, u.scrub(err.Error())), false
		}
		queries = append(queries, q)
	}
	if err := codegen.CheckSQLEnumNames(queries); err != nil {
		return nil, r.fail("Could not generate the typed queries: %v", err), false
	}
	return queries, 0, true
}

// describeFile turns one .sql file into a typed query: the database's
// description, then the file's @param annotations over it.
func describeFile(r *run, eng *engine.Engine, rel, path, name string) (codegen.SQLQuery, error) {
	if err := codegen.CheckSQLName(name); err != nil {
		return codegen.SQLQuery{}, err
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return codegen.SQLQuery{}, err
	}
	// One statement per file; a trailing ";" is allowed, as in a script.
	text := strings.TrimRight(strings.TrimSpace(string(b)), "; \t\r\n")
	if text == "" {
		return codegen.SQLQuery{}, fmt.Errorf("the file is empty: write one SQL statement in it")
	}
	anns, err := codegen.ParseSQLAnnotations(text)
	if err != nil {
		return codegen.SQLQuery{}, err
	}
	res, err := eng.Handle(r.ctx, "query.describe", map[string]any{"sql": text})
	if err != nil {
		return codegen.SQLQuery{}, fmt.Errorf("the database rejected it: %v", err)
	}
	q := codegen.SQLQuery{Name: name, File: rel, SQL: text}
	m := res.(map[string]any)
	for _, p := range m["params"].([]any) {
		pm := p.(map[string]any)
		dbName, _ := pm["name"].(string)
		typ, _ := pm["type"].(string)
		enum, _ := pm["enum"].(string)
		q.Params = append(q.Params, codegen.SQLParam{Name: codegen.SQLParamName(dbName), Type: typ, Enum: enum})
	}
	for _, c := range m["columns"].([]any) {
		cm := c.(map[string]any)
		name, _ := cm["name"].(string)
		typ, _ := cm["type"].(string)
		nullable, _ := cm["nullable"].(bool)
		enum, _ := cm["enum"].(string)
		q.Columns = append(q.Columns, codegen.SQLColumn{Name: name, Type: typ, Nullable: nullable, Enum: enum})
	}
	if err := codegen.ApplySQLAnnotations(&q, anns); err != nil {
		return codegen.SQLQuery{}, err
	}
	if err := codegen.CheckSQLColumns(&q); err != nil {
		return codegen.SQLQuery{}, err
	}
	return q, nil
}

// snapshotSQL adds the .sql files of prisma/sql to a watch snapshot, so
// that generate --sql --watch regenerates when a query changes.
func snapshotSQL(schemaPath string, snap map[string]string) map[string]string {
	dir := sqlDir(schemaPath)
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".sql") {
			if b, err := os.ReadFile(filepath.Join(dir, e.Name())); err == nil {
				snap[filepath.Join(dir, e.Name())] = string(b)
			}
		}
	}
	return snap
}
