package sqlite_test

import (
	"context"
	"testing"

	"github.com/caspian-prisma/caspian-prisma/engine/migrate/flavour/flavourtest"
	"github.com/caspian-prisma/caspian-prisma/engine/migrate/flavour/sqlite"
)

// extra is DDL beyond Prisma's oracle: things Describe must leave out (a
// view, the migration table) and spellings Prisma's files do not show.
const extra = `
CREATE VIEW "AccountEmails" AS SELECT "id", "email" FROM "Account";
CREATE TABLE "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp
);
CREATE TABLE "Odd" (
    "id" BIGINT NOT NULL,
    "neg" INTEGER NOT NULL DEFAULT -1,
    "quoted" TEXT NOT NULL DEFAULT 'it''s',
    "now" DATETIME DEFAULT current_timestamp,
    "expr" TEXT DEFAULT (lower('X')),
    "bare" INT,
    CONSTRAINT "Odd_pkey" PRIMARY KEY ("id"),
    FOREIGN KEY ("bare") REFERENCES "Account" ON DELETE SET DEFAULT,
    UNIQUE ("quoted", "neg")
);
`

func TestDescribe(t *testing.T) {
	cases := []struct {
		name   string
		files  []string
		script string
	}{
		{name: "basic", files: []string{"basic.from-empty.sqlite.sql"}},
		{name: "types", files: []string{"types.from-empty.sqlite.sql"}},
		{name: "relations", files: []string{"relations.from-empty.sqlite.sql"}, script: extra},
		{name: "features", files: []string{"features.from-empty.sqlite.sql"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			pool := flavourtest.Fresh(t, "sqlite")
			for _, f := range c.files {
				flavourtest.ExecFile(t, pool, flavourtest.OracleSQL(f))
			}
			flavourtest.Exec(t, pool, c.script)
			s, err := sqlite.Flavour{}.Describe(context.Background(), pool, "")
			if err != nil {
				t.Fatal(err)
			}
			flavourtest.Golden(t, c.name, s)
		})
	}
}

func TestDescribeEmpty(t *testing.T) {
	pool := flavourtest.Fresh(t, "sqlite")
	s, err := sqlite.Flavour{}.Describe(context.Background(), pool, "")
	if err != nil {
		t.Fatal(err)
	}
	if !s.Empty() {
		t.Fatalf("empty database described as %+v", s)
	}
}
