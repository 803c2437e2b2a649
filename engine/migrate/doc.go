// Package migrate is the schema engine: it evolves a database from one
// schema to the next the way Prisma's schema engine does, with the same SQL,
// the same migration folders and the same _prisma_migrations rows.
//
// The pipeline is visible in the files:
//
//	calc.go, defaults.go  Prisma schema ─▶ sqlschema.Schema (what the schema asks for)
//	flavour/*/describe.go live database ─▶ sqlschema.Schema (what the database holds)
//	diff.go               two sqlschema.Schemas ─▶ sorted sqlschema.Steps
//	flavour/*/render.go   steps ─▶ SQL, per dialect
//	checks.go             steps ─▶ data loss warnings and unexecutable steps
//	apply.go              SQL ─▶ the database, in one transaction where DDL allows
//	push.go               db push
//
// Everything a dialect decides lives behind a flavour.Flavour value; this
// package asks it and never compares provider names. Calculating, diffing
// and rendering need no connection. This package must not import a driver
// adapter, the query layer or codegen.
package migrate
