package mysql

import (
	"context"
	"strconv"
	"testing"

	"github.com/caspian-prisma/caspian-prisma/engine/driver/drivertest"
)

// TestKilledConnections: after KILL CONNECTION of the pool's sessions, idle
// or busy, the next queries succeed; a statement killed while it ran is a
// connection error, never KindOther (INTERNAL).
func TestKilledConnections(t *testing.T) {
	p := openFresh(t)
	ctx := context.Background()
	admin, err := Open(ctx, configFromEnv(t))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	_, rows, err := p.QueryRaw(ctx, "SELECT DATABASE()", nil)
	if err != nil {
		t.Fatal(err)
	}
	name := rows[0][0]
	sessions := func(where string) []any {
		_, rows, err := admin.QueryRaw(ctx, "SELECT ID FROM information_schema.PROCESSLIST WHERE DB = ?"+where, []any{name})
		if err != nil {
			t.Fatal(err)
		}
		ids := make([]any, len(rows))
		for i, r := range rows {
			ids[i] = r[0]
		}
		return ids
	}
	drivertest.KilledConnections(t, p, drivertest.Sessions{
		Kill: func() int {
			ids := sessions("")
			for _, id := range ids {
				n, _ := strconv.ParseInt(toString(id), 10, 64)
				admin.Exec(ctx, "KILL CONNECTION "+strconv.FormatInt(n, 10), nil) // it may have ended meanwhile
			}
			return len(ids)
		},
		Count: func(busy bool) int {
			if busy {
				return len(sessions(" AND COMMAND = 'Query'"))
			}
			return len(sessions(""))
		},
		Sleep: func(seconds string) string { return "SELECT SLEEP(" + seconds + ")" },
	})
}

func toString(v any) string {
	switch v := v.(type) {
	case []byte:
		return string(v)
	case string:
		return v
	case int64:
		return strconv.FormatInt(v, 10)
	case uint64:
		return strconv.FormatUint(v, 10)
	}
	return ""
}
