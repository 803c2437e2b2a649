package migrate

import (
	"strings"
	"testing"

	"github.com/caspian-prisma/caspian-prisma/schema"
)

// Views are written by the user in SQL; db push creates neither them nor
// foreign keys pointing at them.
func TestViewsAreNotCreated(t *testing.T) {
	src := `generator client {
  provider        = "prisma-client-js"
  previewFeatures = ["views"]
}

datasource db {
  provider = "postgresql"
}

model User {
  id    Int    @id @default(autoincrement())
  email String @unique
}

view UserInfo {
  id    Int    @unique
  email String
}
`
	sch, err := schema.Parse(src, "schema.prisma")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{schema.SQLite, schema.PostgreSQL, schema.MySQL} {
		sch.Datasource.Provider = p
		out, err := Script(sch, Options{Provider: p})
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if strings.Contains(out, "UserInfo") || !strings.Contains(out, "User") {
			t.Errorf("%s: the view leaked into the DDL or the table is missing:\n%s", p, out)
		}
	}
}
