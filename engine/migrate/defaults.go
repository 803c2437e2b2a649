package migrate

import (
	"fmt"
	"math"
	"strconv"

	"github.com/caspian-prisma/caspian-prisma/engine/migrate/sqlschema"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// columnDefault is the default the database stores for f: literals, now()
// and dbgenerated("expr"). cuid(), uuid(), nanoid(), ulid() and @updatedAt
// are filled in by the client and autoincrement() is part of the column.
func (c calc) columnDefault(col *sqlschema.Column, f *schema.Field) *sqlschema.Default {
	d := f.Default
	if d == nil {
		return nil
	}
	switch d.Kind {
	case schema.DefaultNow:
		return &sqlschema.Default{Kind: sqlschema.DefaultNow, SQL: c.fl.NowDefault(col.Type)}
	case schema.DefaultDbGenerated:
		if s, _ := d.Value.(string); s != "" {
			return &sqlschema.Default{Kind: sqlschema.DefaultExpr, SQL: s}
		}
		return nil
	case schema.DefaultLiteral:
		var lits []string
		if list, ok := d.Value.([]any); ok {
			for _, v := range list {
				lits = append(lits, literal(f, v))
			}
		} else {
			lits = []string{literal(f, d.Value)}
		}
		if s, ok := c.fl.LiteralDefault(col, lits); ok {
			return &sqlschema.Default{Kind: sqlschema.DefaultValue, SQL: s}
		}
	}
	return nil
}

// literal renders a default value the way all three dialects share: strings
// quoted, numbers and booleans bare, enum values by their database name.
func literal(f *schema.Field, v any) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case bool:
		return strconv.FormatBool(x)
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case uint64:
		return strconv.FormatUint(x, 10)
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1e15 {
			return strconv.FormatFloat(x, 'f', -1, 64)
		}
		return strconv.FormatFloat(x, 'g', -1, 64)
	case string:
		if f.Enum != nil {
			for _, ev := range f.Enum.Values {
				if ev.Name == x && ev.DBName != "" {
					return sqlschema.StringLiteral(ev.DBName)
				}
			}
		}
		switch f.Type {
		case schema.Int, schema.BigInt, schema.Float, schema.Decimal:
			if _, err := strconv.ParseFloat(x, 64); err == nil {
				return x // a number the schema kept as text (Decimal)
			}
		}
		return sqlschema.StringLiteral(x)
	}
	return sqlschema.StringLiteral(fmt.Sprint(v))
}
