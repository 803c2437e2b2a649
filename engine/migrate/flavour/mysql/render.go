package mysql

import "github.com/caspian-prisma/caspian-prisma/engine/migrate/sqlschema"

// Render spells the steps as SQL.
func (Flavour) Render(steps []sqlschema.Step, namespace string) []sqlschema.Statement {
	return nil
}
