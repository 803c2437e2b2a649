package schema

import "testing"

// Qualify fills in the schema of everything written without @@schema,
// join tables included, and leaves an explicit @@schema alone.
func TestQualify(t *testing.T) {
	s, err := Parse(`datasource db {
  provider = "postgresql"
}

model User {
  id   Int    @id
  tags Tag[]
  role Role
}

model Tag {
  id    Int    @id
  users User[]
}

enum Role {
  A
}
`, "schema.prisma")
	if err != nil {
		t.Fatal(err)
	}
	s.Qualify("shop")
	if got := s.Model("User").Schema + " " + s.Model("Tag").Schema + " " + s.Enum("Role").Schema; got != "shop shop shop" {
		t.Errorf("schemas = %q", got)
	}
	for _, m := range s.Models {
		for _, f := range m.Fields {
			if r := f.Relation; r != nil && r.JoinTable != "" && r.JoinSchema != "shop" {
				t.Errorf("%s.%s: join table schema %q", m.Name, f.Name, r.JoinSchema)
			}
		}
	}

	m, err := Parse(`datasource db {
  provider = "postgresql"
  schemas  = ["auth", "public"]
}

model User {
  id Int @id

  @@schema("auth")
}
`, "schema.prisma")
	if err != nil {
		t.Fatal(err)
	}
	m.Qualify("shop")
	if got := m.Model("User").Schema; got != "auth" {
		t.Errorf("an explicit @@schema became %q", got)
	}
}
