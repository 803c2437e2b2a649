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
	return describe(ctx, c.Conn(), p.host, sql)
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
		d.Params = append(d.Params, driver.Param{Type: names[oid].typ, DBType: names[oid].name})
	}
	outer := driver.HasOuterJoin(sql)
	for _, f := range sd.Fields {
		col := driver.Column{Name: f.Name, Type: names[f.DataTypeOID].typ, DBType: names[f.DataTypeOID].name, Nullable: true}
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
}

// typeNames looks up each OID's name and neutral type: enums read as
// strings, arrays as lists of their element.
func typeNames(ctx context.Context, c *pgx.Conn, oids map[uint32]bool) (map[uint32]pgType, error) {
	out := map[uint32]pgType{}
	for oid := range oids {
		var name, typtype string
		var elem uint32
		err := c.QueryRow(ctx, "SELECT typname::text, typtype::text, typelem FROM pg_type WHERE oid = $1", oid).Scan(&name, &typtype, &elem)
		if err != nil {
			return nil, err
		}
		t := typeOfOID(oid)
		if t == driver.TypeUnknown && typtype == "e" {
			t = driver.TypeString
		}
		if t == driver.TypeUnknown && elem != 0 && len(name) > 0 && name[0] == '_' {
			if et := typeOfOID(elem); et != driver.TypeUnknown {
				t = et | driver.ListOf
			}
		}
		out[oid] = pgType{name: name, typ: t}
	}
	return out, nil
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
