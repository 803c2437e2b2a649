package migrate

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/caspian-prisma/caspian-prisma/engine/migrate/flavour"
	"github.com/caspian-prisma/caspian-prisma/engine/migrate/flavour/flavourtest"
	"github.com/caspian-prisma/caspian-prisma/engine/migrate/sqlschema"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// TestCalculateMatchesDescribe applies the DDL Prisma writes for a schema
// (the oracle's from-empty scripts, ours for MySQL) to a fresh database,
// describes it, and compares the result with Calculate of the same
// schema, field by field: the two must agree for db push and migrate dev
// to find nothing to do on a database they just migrated.
func TestCalculateMatchesDescribe(t *testing.T) {
	cases := map[string][]string{
		schema.SQLite:     {"basic", "types", "relations", "features", "alter_v1"},
		schema.PostgreSQL: {"basic", "types", "relations", "features", "alter_v1", "native", "longnames"},
		schema.MySQL:      {"basic", "types", "relations", "features", "alter_v1"},
	}
	for _, provider := range []string{schema.SQLite, schema.PostgreSQL, schema.MySQL} {
		for _, name := range cases[provider] {
			t.Run(provider+"/"+name, func(t *testing.T) {
				fl, err := flavour.For(provider)
				if err != nil {
					t.Fatal(err)
				}
				prisma := filepath.Join(oracleDir, "schemas", name+".prisma")
				switch name {
				case "features":
					prisma = filepath.Join("testdata", "ours", name+".prisma")
				case "native", "longnames":
					prisma = filepath.Join(oracleDir, "schemas", name+".postgresql.prisma")
				}
				sch := parseFile(t, prisma, provider)
				want, err := Calculate(sch, fl)
				if err != nil {
					t.Fatal(err)
				}
				pool := freshPool(t, provider)
				flavourtest.ExecFile(t, pool, flavourtest.OracleSQL(name+".from-empty."+provider+".sql"))
				got, err := fl.Describe(context.Background(), pool, "public")
				if err != nil {
					t.Fatal(err)
				}
				for _, d := range schemaDiffs(want, got, fl.Caps().EnumTypes) {
					t.Error(d)
				}
			})
		}
	}
}

// schemaDiffs lists, field by field, where a described schema differs
// from a calculated one. Tables and enums are matched by name (a
// calculated schema keeps creation order, a described one name order);
// indexes and foreign keys too. Column.Enum is compared only where enums
// are types of their own (MySQL's catalogue does not know Prisma's enum
// name).
func schemaDiffs(calc, desc *sqlschema.Schema, enumTypes bool) []string {
	var out []string
	add := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }

	enums := map[string]*sqlschema.Enum{}
	for _, e := range desc.Enums {
		enums[e.Name] = e
	}
	for _, e := range calc.Enums {
		d := enums[e.Name]
		if d == nil {
			add("enum %s: calculated, not described", e.Name)
			continue
		}
		delete(enums, e.Name)
		if !reflect.DeepEqual(e.Values, d.Values) {
			add("enum %s: values calculated %q, described %q", e.Name, e.Values, d.Values)
		}
	}
	for _, n := range sortedKeys(enums) {
		add("enum %s: described, not calculated", n)
	}

	tables := map[string]*sqlschema.Table{}
	for _, t := range desc.Tables {
		tables[t.Name] = t
	}
	for _, ct := range calc.Tables {
		dt := tables[ct.Name]
		if dt == nil {
			add("table %s: calculated, not described", ct.Name)
			continue
		}
		delete(tables, ct.Name)
		out = append(out, tableDiffs(ct, dt, enumTypes)...)
	}
	for _, n := range sortedKeys(tables) {
		add("table %s: described, not calculated", n)
	}
	return out
}

func tableDiffs(ct, dt *sqlschema.Table, enumTypes bool) []string {
	var out []string
	add := func(format string, args ...any) { out = append(out, ct.Name+": "+fmt.Sprintf(format, args...)) }

	if names(ct.Columns) != names(dt.Columns) {
		add("columns calculated [%s], described [%s]", names(ct.Columns), names(dt.Columns))
	}
	for _, cc := range ct.Columns {
		dc := dt.Column(cc.Name)
		if dc == nil {
			continue
		}
		field := func(what string, c, d any) {
			if !reflect.DeepEqual(c, d) {
				add("column %s: %s calculated %v, described %v", cc.Name, what, c, d)
			}
		}
		field("Type", cc.Type, dc.Type)
		field("Family", flavourtest.FamilyName(cc.Family), flavourtest.FamilyName(dc.Family))
		if enumTypes {
			field("Enum", cc.Enum, dc.Enum)
		}
		field("List", cc.List, dc.List)
		field("Nullable", cc.Nullable, dc.Nullable)
		field("AutoIncrement", cc.AutoIncrement, dc.AutoIncrement)
		field("Default", describedDefaultText(cc.Default), describedDefaultText(dc.Default))
	}

	if !reflect.DeepEqual(ct.PK, dt.PK) {
		add("primary key calculated %s, described %s", pkText(ct.PK), pkText(dt.PK))
	}

	cx := map[string]*sqlschema.Index{}
	for _, x := range ct.Indexes {
		cx[x.Name] = x
	}
	for _, x := range dt.Indexes {
		if x.ForForeignKey {
			continue // InnoDB's own index for a foreign key: no schema declares it
		}
		c := cx[x.Name]
		if c == nil {
			add("index %s: described, not calculated", x.Name)
			continue
		}
		delete(cx, x.Name)
		// Operator classes and methods compare as the differ compares them
		// (sameShape): Prisma's spelling (JsonbPathOps, Gin) against
		// PostgreSQL's (jsonb_path_ops, gin).
		if !sameShape(c, x) {
			add("index %s: calculated %+v, described %+v", x.Name, *c, *x)
		}
	}
	for _, n := range sortedKeys(cx) {
		add("index %s: calculated, not described", n)
	}

	cf := map[string]*sqlschema.ForeignKey{}
	for _, fk := range ct.FKs {
		cf[fk.Name] = fk
	}
	for _, fk := range dt.FKs {
		c := cf[fk.Name]
		if c == nil {
			add("foreign key %s: described, not calculated", fk.Name)
			continue
		}
		delete(cf, fk.Name)
		if !reflect.DeepEqual(c, fk) {
			add("foreign key %s: calculated %+v, described %+v", fk.Name, *c, *fk)
		}
	}
	for _, n := range sortedKeys(cf) {
		add("foreign key %s: calculated, not described", n)
	}
	return out
}

func names(cols []*sqlschema.Column) string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.Name
	}
	return strings.Join(out, ", ")
}

func describedDefaultText(d *sqlschema.Default) string {
	if d == nil {
		return "none"
	}
	return flavourtest.KindName(d.Kind) + " " + d.SQL
}

func pkText(pk *sqlschema.PrimaryKey) string {
	if pk == nil {
		return "none"
	}
	return fmt.Sprintf("%q (%s)", pk.Name, strings.Join(pk.Columns, ", "))
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
