package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
)

var _ driver.Describer = (*Pool)(nil)

// Describe prepares sql as the unnamed statement (so nothing outlives the
// call, also behind PgBouncer) and reads its parameter and result OIDs.
// A result column is NOT NULL when it is a NOT NULL table column
// (pg_attribute.attnotnull) and the statement has no outer join.
func (p *Pool) Describe(ctx context.Context, sql string) (driver.Description, error) {
	c, err := p.acquire(ctx)
	if err != nil {
		return driver.Description{}, err
	}
	defer c.Release()
	ctx, stop := driver.WithSocketTimeout(ctx, p.socketTimeout)
	defer stop()
	if p.searchPath == "" {
		return describe(ctx, c.Conn(), p.host, sql)
	}
	// Behind PgBouncer: in a transaction (which keeps the server
	// connection for the several statements of a description) that has
	// the URL's schema as its search_path (searchpath.go) and is rolled back.
	tx, err := c.Begin(ctx)
	if err != nil {
		return driver.Description{}, mapErr(ctx, err, p.host)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if _, err := tx.Exec(ctx, setSearchPath, p.searchPath); err != nil {
		return driver.Description{}, mapErr(ctx, err, p.host)
	}
	return describe(ctx, tx.Conn(), p.host, sql)
}

func describe(ctx context.Context, c *pgx.Conn, host, sql string) (driver.Description, error) {
	sd, err := c.PgConn().Prepare(ctx, "", sql, nil)
	if err != nil {
		return driver.Description{}, mapErr(ctx, err, host)
	}
	var d driver.Description
	oids := map[uint32]bool{}
	for _, oid := range sd.ParamOIDs {
		oids[oid] = true
	}
	for _, f := range sd.Fields {
		oids[f.DataTypeOID] = true
	}
	names, err := typeNames(ctx, c, oids)
	if err != nil {
		return driver.Description{}, mapErr(ctx, err, host)
	}
	for _, oid := range sd.ParamOIDs {
		d.Params = append(d.Params, driver.Param{Type: names[oid].typ, DBType: names[oid].name, Enum: names[oid].enum})
	}
	outer := driver.HasOuterJoin(sql)
	for _, f := range sd.Fields {
		ty := names[f.DataTypeOID]
		col := driver.Column{Name: f.Name, Type: ty.typ, DBType: ty.name, Enum: ty.enum, Nullable: true}
		if f.TableOID != 0 && f.TableAttributeNumber > 0 && !outer {
			var notNull bool
			err := c.QueryRow(ctx, "SELECT attnotnull FROM pg_attribute WHERE attrelid = $1 AND attnum = $2",
				f.TableOID, int16(f.TableAttributeNumber)).Scan(&notNull)
			if err != nil {
				return driver.Description{}, mapErr(ctx, err, host)
			}
			col.Nullable = !notNull
		}
		d.Columns = append(d.Columns, col)
	}
	return d, nil
}

type pgType struct {
	name string
	typ  driver.Type
	enum *driver.Enum
}

// typeNames looks up each OID's name and neutral type: enums read as
// strings (naming their enum type), arrays as lists of their element.
func typeNames(ctx context.Context, c *pgx.Conn, oids map[uint32]bool) (map[uint32]pgType, error) {
	out := map[uint32]pgType{}
	for oid := range oids {
		r, err := lookupType(ctx, c, oid)
		if err != nil {
			return nil, err
		}
		t := typeOfOID(oid)
		var enum *driver.Enum
		if t == driver.TypeUnknown && r.typtype == "e" {
			t, enum = driver.TypeString, r.enum()
		}
		if t == driver.TypeUnknown && r.elem != 0 && len(r.name) > 0 && r.name[0] == '_' {
			if et := typeOfOID(r.elem); et != driver.TypeUnknown {
				t = et | driver.ListOf
			} else if er, err := lookupType(ctx, c, r.elem); err != nil {
				return nil, err
			} else if er.typtype == "e" {
				t, enum = driver.TypeString|driver.ListOf, er.enum()
			}
		}
		out[oid] = pgType{name: r.name, typ: t, enum: enum}
	}
	return out, nil
}

// typeRow is a pg_type row with its schema.
type typeRow struct {
	name, typtype, schema string
	elem                  uint32
	current               bool // schema is current_schema()
}

func (r typeRow) enum() *driver.Enum {
	return &driver.Enum{Schema: r.schema, Name: r.name, Current: r.current}
}

func lookupType(ctx context.Context, c *pgx.Conn, oid uint32) (typeRow, error) {
	var r typeRow
	err := c.QueryRow(ctx, "SELECT t.typname::text, t.typtype::text, t.typelem, n.nspname::text, COALESCE(n.nspname = current_schema(), false) "+
		"FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE t.oid = $1", oid).
		Scan(&r.name, &r.typtype, &r.elem, &r.schema, &r.current)
	return r, err
}

// typeOfOID maps PostgreSQL's built-in types to neutral types.
func typeOfOID(oid uint32) driver.Type {
	switch oid {
	case pgtype.Int2OID, pgtype.Int4OID:
		return driver.TypeInt
	case pgtype.Int8OID:
		return driver.TypeBigInt
	case pgtype.Float4OID, pgtype.Float8OID:
		return driver.TypeFloat
	case pgtype.NumericOID:
		return driver.TypeDecimal
	case pgtype.BoolOID:
		return driver.TypeBool
	case pgtype.TimestampOID, pgtype.TimestamptzOID, pgtype.DateOID:
		return driver.TypeDateTime
	case pgtype.JSONOID, pgtype.JSONBOID:
		return driver.TypeJSON
	case pgtype.ByteaOID:
		return driver.TypeBytes
	case pgtype.TextOID, pgtype.VarcharOID, pgtype.BPCharOID, pgtype.NameOID, pgtype.UUIDOID,
		pgtype.XMLOID, pgtype.TimeOID, pgtype.TimetzOID, pgtype.IntervalOID, pgtype.InetOID, pgtype.CIDROID:
		return driver.TypeString
	}
	return driver.TypeUnknown
}
