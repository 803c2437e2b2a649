package codegen

import (
	"strings"
	"testing"

	"github.com/caspian-prisma/caspian-prisma/schema"
)

// @@ignore'd models and @ignore'd fields stay in the database but not in the
// client, as in Prisma; so does a relation field pointing at an ignored
// model, and a unique criterion over an ignored field.
func TestIgnoredLeftOutOfTheClient(t *testing.T) {
	const src = `datasource db {
  provider = "postgresql"
}

model Account {
  id     Int      @id
  legacy String?  @ignore
  code   String
  audits Audit[]  @ignore

  @@unique([code, legacy])
}

model Audit {
  id        Int     @id
  accountId Int
  account   Account @relation(fields: [accountId], references: [id])

  @@ignore
}

model NoKey {
  data Json

  @@ignore
}
`
	sch, err := schema.Parse(src, "schema.prisma")
	if err != nil {
		t.Fatal(err)
	}
	files, err := Files(sch, src)
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range files {
		if name == "schema.prisma" {
			continue
		}
		text := string(b)
		for _, hidden := range []string{"legacy", "audits", "Audit", "NoKey", "noKey", "code_legacy"} {
			if strings.Contains(text, hidden) {
				t.Errorf("%s mentions %s, which the client leaves out", name, hidden)
			}
		}
	}
	if !strings.Contains(string(files["models.py"]), `__prisma_fields__ = ("id", "code")`) {
		t.Errorf("Account fields:\n%s", files["models.py"])
	}
	if len(sch.Models) != 3 || len(sch.Model("Account").Fields) != 4 {
		t.Errorf("the schema itself was changed")
	}
}

// A view need not have a unique criterion; the client still gets its class
// and read methods.
func TestViewWithoutKey(t *testing.T) {
	const src = `generator client {
  provider        = "caspian-prisma"
  previewFeatures = ["views"]
}

datasource db {
  provider = "postgresql"
}

model User {
  id Int @id
}

view Totals {
  day   DateTime
  count Int
}
`
	sch, err := schema.Parse(src, "schema.prisma")
	if err != nil {
		t.Fatal(err)
	}
	files, err := Files(sch, src)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(files["models.py"]), "class Totals(BaseModel):") {
		t.Errorf("no Totals class:\n%s", files["models.py"])
	}
}
