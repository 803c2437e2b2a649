package postgres

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
)

// readCase is one column: a SQL expression, the type the engine asks for,
// and whether the binary wire format has a fast reader for it.
type readCase struct {
	expr string
	t    driver.Type
	fast bool
}

var (
	tInt, tBig, tFloat, tDec  = driver.TypeInt, driver.TypeBigInt, driver.TypeFloat, driver.TypeDecimal
	tStr, tBool, tTime, tJSON = driver.TypeString, driver.TypeBool, driver.TypeDateTime, driver.TypeJSON
	tBytes                    = driver.TypeBytes
)

var readCases = []readCase{
	{"0::int2", tInt, true}, {"(-32768)::int2", tInt, true}, {"32767::int2", tBig, true},
	{"(-2147483648)::int4", tInt, true}, {"2147483647::int4", tInt, true}, {"255::int4", tInt, true},
	{"256::int4", tInt, true}, {"(-1)::int4", tInt, true}, {"NULL::int4", tInt, true},
	{"(-9223372036854775808)::int8", tBig, true}, {"9223372036854775807::int8", tBig, true},
	{"1.5::float8", tInt, false}, {"12::numeric", tInt, false}, {"'x'::text", tInt, false},

	{"1.5::float8", tFloat, true}, {"(-0.0)::float8", tFloat, true}, {"'NaN'::float8", tFloat, true},
	{"'Infinity'::float8", tFloat, true}, {"'-Infinity'::float8", tFloat, true},
	{"1.7976931348623157e308::float8", tFloat, true}, {"5e-324::float8", tFloat, true},
	{"1.1::float4", tFloat, true}, {"(-3.4e38)::float4", tFloat, true}, {"NULL::float8", tFloat, true},
	{"3::int4", tFloat, false}, {"2.5::numeric", tFloat, false},

	{"true", tBool, true}, {"false", tBool, true}, {"NULL::bool", tBool, true},

	{"'héllo ✓'::text", tStr, true}, {"''::text", tStr, true}, {"'x'::varchar(5)", tStr, true},
	{"'ab'::char(5)", tStr, true}, {"'nm'::name", tStr, true}, {"NULL::text", tStr, true},
	{"'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'::uuid", tStr, true},
	{"'00000000-0000-0000-0000-000000000000'::uuid", tStr, true},
	{"'RED'::\"Color\"", tStr, true}, // an enum, which pgx does not know: text
	{"1::int4", tStr, false}, {"'10.0.0.1/8'::inet", tStr, false}, {"12.50::numeric", tStr, false},

	{"'2024-02-29 13:14:15.678'::timestamp(3)", tTime, true},
	{"'2024-02-29 13:14:15.678901'::timestamp", tTime, true},
	{"'2024-02-29 13:14:15.678+05:30'::timestamptz", tTime, true},
	{"'1969-12-31 23:59:59.999999'::timestamp", tTime, true},
	{"'1999-12-31 23:59:59.5'::timestamp", tTime, true},
	{"'2000-01-01 00:00:00'::timestamptz", tTime, true},
	{"'0001-01-01 00:00:00'::timestamp", tTime, true},
	{"'4713-11-24 00:00:00 BC'::timestamp", tTime, true},
	{"'294276-12-31 23:59:59.999999'::timestamp", tTime, true},
	{"'294276-12-31 23:59:59.999999+00'::timestamptz", tTime, true},
	{"'1850-01-01 00:00:00+00'::timestamptz", tTime, true}, // +05:53:28 in Asia/Kolkata, -03:30:52 in St. John's
	{"'2024-02-29 13:14:15.5-09:30'::timestamptz", tTime, true},
	{"'0999-12-31 23:59:59.000001'::timestamp", tTime, true}, {"'10000-01-01'::timestamp", tTime, true},
	{"'2024-02-29 13:14:15.678'::timestamp(3) AT TIME ZONE 'UTC'", tTime, true},
	{"'infinity'::timestamp", tTime, true}, {"'-infinity'::timestamptz", tTime, true},
	{"NULL::timestamp", tTime, true},
	{"'2024-02-29'::date", tTime, true}, {"'1900-03-01'::date", tTime, true},
	{"'4713-11-24 BC'::date", tTime, true}, {"'5874897-12-31'::date", tTime, true},
	{"'infinity'::date", tTime, true}, {"'0001-01-01'::date", tTime, true},
	{"'10000-01-01'::date", tTime, true}, {"'13:14:15'::time", tTime, false},

	{"0::numeric", tDec, true}, {"0.000::numeric", tDec, true}, {"(-0.0)::numeric", tDec, true},
	{"12.25::numeric", tDec, true}, {"12.250000::numeric", tDec, true}, {"(-12.25)::numeric", tDec, true},
	{"1e30::numeric", tDec, true}, {"1e-30::numeric", tDec, true}, {"(-1e-30)::numeric", tDec, true},
	{"123456789012345678901234567890.123456789012345678901234567890::numeric", tDec, true},
	{"(-98765432109876543210.0000000000000000000001)::numeric", tDec, true},
	{"10000::numeric", tDec, true}, {"100000000::numeric", tDec, true}, {"0.0001::numeric", tDec, true},
	{"0.00010::numeric", tDec, true}, {"(-0.5)::numeric", tDec, true}, {"9999.9999::numeric", tDec, true},
	{"99999999.99999999::numeric", tDec, true}, {"12.25::numeric(65,30)", tDec, true},
	{"(1::numeric / 3)", tDec, true}, {"(10::numeric ^ 300)", tDec, true}, {"(0.1::numeric ^ 300)", tDec, true},
	{"round(2.5, 0)", tDec, true}, {"1234.5678::numeric(8,2)", tDec, true}, {"NULL::numeric", tDec, true},
	{"'NaN'::numeric", tDec, true}, {"'Infinity'::numeric", tDec, true}, {"'-Infinity'::numeric", tDec, true},
	{"1.5::float8", tDec, false}, {"7::int4", tDec, false}, {"(-7)::int8", tDec, false},

	{`'{"a":[1,2]}'::jsonb`, tJSON, true}, {`'{"a": [1, 2]}'::json`, tJSON, true},
	{"'null'::jsonb", tJSON, true}, {"' null '::json", tJSON, true}, {`'"s"'::jsonb`, tJSON, true},
	{"'[]'::json", tJSON, true}, {"'1'::jsonb", tJSON, true}, {"NULL::jsonb", tJSON, true},
	{"'{}'::text", tJSON, false},

	{`'\x0001ff'::bytea`, tBytes, true}, {"''::bytea", tBytes, true}, {"NULL::bytea", tBytes, true},

	{"ARRAY[1,2]::int4[]", tInt | driver.ListOf, false},
	{"ARRAY['a',NULL]::text[]", tStr | driver.ListOf, false},
	{"ARRAY['RED','GREEN']::\"Color\"[]", tStr | driver.ListOf, false},
	{"ARRAY[1.5]::numeric[]", tDec | driver.ListOf, false},
	{"1::int4", driver.TypeUnknown, true}, {"(-5)::int2", driver.TypeUnknown, true},
	{"9007199254740993::int8", driver.TypeUnknown, true}, {"1.1::float4", driver.TypeUnknown, true},
	{"true", driver.TypeUnknown, true}, {"'x'::text", driver.TypeUnknown, true},
	{"'RED'::\"Color\"", driver.TypeUnknown, true}, {"'2024-02-29 13:14:15.678901+05:30'::timestamptz", driver.TypeUnknown, true},
	{"'infinity'::timestamp", driver.TypeUnknown, true}, {"'2024-02-29'::date", driver.TypeUnknown, true},
	{"12.250::numeric", driver.TypeUnknown, true}, {"'NaN'::numeric", driver.TypeUnknown, true},
	{"'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'::uuid", driver.TypeUnknown, true},
	{`'\x00ff'::bytea`, driver.TypeUnknown, true},
	{"'{\"a\":1}'::jsonb", driver.TypeUnknown, false}, {"'[1,\"a\"]'::json", driver.TypeUnknown, false},
	{"'null'::jsonb", driver.TypeUnknown, false}, {"ARRAY[1,NULL]::int8[]", driver.TypeUnknown, false},
	{"'10.0.0.1/8'::inet", driver.TypeUnknown, false}, {"'1 day'::interval", driver.TypeUnknown, false},
}

// TestReadMatchesValues reads every case through query and through
// pgx's Values with decode (what query did before it read raw bytes),
// and through queryRaw and Values with infer (likewise),
// with the binary formats pgx asks for and with the text ones it gets
// without prepared statements, and wants the same values and errors.
func TestReadMatchesValues(t *testing.T) {
	url := freshDB(t)
	ctx := context.Background()
	// Zones other than UTC, east and west, so that timestamptz read as
	// text shows whether its offset is honoured.
	for _, run := range []struct {
		mode pgx.QueryExecMode
		zone string
	}{
		{pgx.QueryExecModeCacheStatement, "Asia/Kolkata"},
		{pgx.QueryExecModeExec, "Asia/Kolkata"},
		{pgx.QueryExecModeExec, "America/St_Johns"},
	} {
		mode := run.mode
		t.Run(mode.String()+"/"+run.zone, func(t *testing.T) {
			cfg, err := pgx.ParseConfig(url)
			if err != nil {
				t.Fatal(err)
			}
			cfg.DefaultQueryExecMode = mode
			c, err := pgx.ConnectConfig(ctx, cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close(ctx)
			for _, s := range []string{`SET TimeZone = '` + run.zone + `'`,
				`DO $$ BEGIN CREATE TYPE "Color" AS ENUM ('RED', 'GREEN'); EXCEPTION WHEN duplicate_object THEN END $$`} {
				if _, err := c.Exec(ctx, s); err != nil {
					t.Fatal(err)
				}
			}
			fast, textFast := 0, 0
			for _, rc := range readCases {
				sql := "SELECT " + rc.expr
				types := []driver.Type{rc.t}
				want, fields, wantErr := queryValues(ctx, c, sql, types)
				got, gotErr := query(ctx, c, "", sql, nil, types)
				if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
					t.Errorf("%s as %d: error %v, want %v", rc.expr, rc.t, gotErr, wantErr)
					continue
				}
				if wantErr == nil && !sameValue(got[0][0], want[0][0]) {
					t.Errorf("%s as %d: got %#v (%T), want %#v (%T)", rc.expr, rc.t, got[0][0], got[0][0], want[0][0], want[0][0])
				}
				// A raw query infers every column (and, for the reference,
				// each case's type does not matter).
				_, gotRaw, gotErr := queryRaw(ctx, c, "", "", sql, nil)
				wantRaw, wantErr := queryInfer(ctx, c, sql)
				if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
					t.Errorf("%s raw: error %v, want %v", rc.expr, gotErr, wantErr)
				} else if wantErr == nil && !sameValue(gotRaw[0][0], wantRaw[0][0]) {
					t.Errorf("%s raw: got %#v (%T), want %#v (%T)", rc.expr, gotRaw[0][0], gotRaw[0][0], wantRaw[0][0], wantRaw[0][0])
				}
				if fields != nil && mode == pgx.QueryExecModeExec && pick(c.TypeMap(), fields[0], rc.t) != readGeneric {
					textFast++
				}
				if fields == nil || mode != pgx.QueryExecModeCacheStatement {
					continue
				}
				if r := pick(c.TypeMap(), fields[0], rc.t); (r != readGeneric) != rc.fast {
					t.Errorf("%s as %d: reader %d, want a fast one: %v", rc.expr, rc.t, r, rc.fast)
				} else if rc.fast {
					fast++
				}
			}
			if mode == pgx.QueryExecModeCacheStatement && fast < len(readCases)/2 {
				t.Errorf("only %d of %d cases read fast", fast, len(readCases))
			}
			if mode == pgx.QueryExecModeExec && textFast < 40 {
				t.Errorf("only %d cases read fast as text, want 40 or more", textFast)
			}
		})
	}
}

// queryValues is the reference: pgx's generic Values, then decode.
func queryValues(ctx context.Context, c *pgx.Conn, sql string, types []driver.Type) ([][]any, []pgconn.FieldDescription, error) {
	rows, err := c.Query(ctx, sql)
	if err != nil {
		return nil, nil, mapErr(ctx, err, "")
	}
	defer rows.Close()
	fields := rows.FieldDescriptions()
	var out [][]any
	for rows.Next() {
		vals, err := rows.Values()
		if err != nil {
			return nil, fields, mapErr(ctx, err, "")
		}
		raw := rows.RawValues()
		for i, t := range types {
			if vals[i], err = decode(vals[i], raw[i], fields[i].DataTypeOID, t); err != nil {
				return nil, fields, &driver.Error{Kind: driver.KindValueOutOfRange, Columns: []string{fields[i].Name},
					Message: "column " + fields[i].Name + ": " + err.Error()}
			}
		}
		out = append(out, vals)
	}
	return out, fields, mapErr(ctx, rows.Err(), "")
}

// queryInfer is the raw queries' reference: pgx's Values, then infer.
func queryInfer(ctx context.Context, c *pgx.Conn, sql string) ([][]any, error) {
	rows, err := c.Query(ctx, sql)
	if err != nil {
		return nil, mapErr(ctx, err, "")
	}
	defer rows.Close()
	fields := rows.FieldDescriptions()
	out := [][]any{}
	for rows.Next() {
		vals, err := rows.Values()
		if err != nil {
			return nil, mapErr(ctx, err, "")
		}
		raw := rows.RawValues()
		for i := range vals {
			vals[i] = infer(vals[i], raw[i], fields[i].DataTypeOID)
		}
		out = append(out, vals)
	}
	return out, mapErr(ctx, rows.Err(), "")
}

// sameValue is identity for the engine's values: the same dynamic type,
// floats bit for bit (NaN, -0), times with the same location, nil and
// empty byte slices apart.
func sameValue(a, b any) bool {
	if fmt.Sprintf("%T", a) != fmt.Sprintf("%T", b) {
		return false
	}
	switch a := a.(type) {
	case float64:
		return math.Float64bits(a) == math.Float64bits(b.(float64))
	case time.Time:
		return a == b.(time.Time)
	case []byte:
		b := b.([]byte)
		return (a == nil) == (b == nil) && bytes.Equal(a, b)
	case []any:
		b := b.([]any)
		if len(a) != len(b) {
			return false
		}
		for i := range a {
			if !sameValue(a[i], b[i]) {
				return false
			}
		}
		return true
	}
	return a == b
}
