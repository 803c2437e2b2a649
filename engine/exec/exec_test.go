package exec

import (
	"context"
	"strings"
	"testing"

	"github.com/caspian-prisma/caspian-prisma/engine/dialect"
	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/plan"
	"github.com/caspian-prisma/caspian-prisma/engine/sqltree"
	"github.com/caspian-prisma/caspian-prisma/internal/testdb"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

// runner opens a SQLite database with table Item (id TEXT key, n INTEGER).
func runner(t *testing.T) (*Runner, *schema.Model) {
	t.Helper()
	sch, err := schema.Parse(`datasource db {
  provider = "sqlite"
}

model Item {
  id String @id @default(uuid())
  n  Int
}
`, "schema.prisma")
	if err != nil {
		t.Fatal(err)
	}
	pool := testdb.Open(t, "sqlite", "exec")
	if _, err := pool.Exec(context.Background(), `CREATE TABLE "Item" ("id" TEXT PRIMARY KEY, "n" INTEGER NOT NULL)`, nil); err != nil {
		t.Fatal(err)
	}
	d, _ := dialect.For("sqlite")
	return &Runner{Ctx: context.Background(), Sch: sch, D: d, DB: testdb.Atomic{Pool: pool}, Q: pool}, sch.Model("Item")
}

func insertItem(m *schema.Model, id any, n int64) *sqltree.Insert {
	return &sqltree.Insert{Table: m.DBName, Columns: []string{"id", "n"}, Rows: [][]sqltree.Expr{{sqltree.Param{V: id}, sqltree.Param{V: n}}}}
}

func byID(m *schema.Model, id any) sqltree.Expr {
	return sqltree.Eq(sqltree.Col{Table: m.DBName, Name: "id"}, sqltree.Param{V: id})
}

// TestWriteBindsSlotsAndRefs runs a hand-made plan: a Slot is one value
// wherever it appears in one run and a new one in the next; Slots that
// differ only in N are different values; a Ref is the value an earlier
// step read; the plan's statements are never changed by a run.
func TestWriteBindsSlotsAndRefs(t *testing.T) {
	x, m := runner(t)
	f := m.Field("id")
	a := plan.Slot{Model: "Item", Field: "id", Gen: "uuid()", N: 1}
	b := plan.Slot{Model: "Item", Field: "id", Gen: "uuid()", N: 2}
	ref := plan.Ref{Model: "Item", Field: "id"}
	sel := &sqltree.Select{Columns: []sqltree.SelCol{{X: sqltree.Col{Table: "Item", Name: "id"}}}, From: sqltree.Table{Name: "Item"}, Where: byID(m, a)}
	w := &plan.Write{Model: m, Atomic: true, Steps: []plan.Step{
		{Stmt: insertItem(m, a, 1)},
		{Stmt: insertItem(m, b, 2)},
		{Stmt: sel, Fields: []*schema.Field{f}, Types: []driver.Type{driver.TypeString}, Missing: func() error { return errMissing }},
		{Stmt: &sqltree.Update{Table: "Item", Set: []sqltree.Assign{{Col: "n", Value: sqltree.Param{V: int64(10)}}}, Where: byID(m, ref)}},
		{Read: readOf(m, byID(m, ref)), Reply: true},
	}}
	d := x.D
	before := w.String(d)
	if !strings.Contains(before, "$uuid()[Item.id]") || !strings.Contains(before, "$ref(Item.id)") {
		t.Fatalf("plan prints no slots or refs:\n%s", before)
	}
	var ids []any
	for range 2 {
		res, err := x.Write(w)
		if err != nil {
			t.Fatal(err)
		}
		r := res.(Row)
		if r["n"] != int64(10) {
			t.Fatalf("the row read back by the Ref was not the updated one: %v", r)
		}
		ids = append(ids, r["id"])
	}
	if ids[0] == ids[1] {
		t.Fatalf("two runs made one id: %v", ids)
	}
	rows, err := x.Query(m, &sqltree.Select{Columns: []sqltree.SelCol{{X: sqltree.Func{Name: "COUNT", Star: true}}}, From: sqltree.Table{Name: "Item"}}, []driver.Type{driver.TypeInt})
	if err != nil || ToInt64(rows[0][0]) != 4 {
		t.Fatalf("rows: %v %v", rows, err)
	}
	if after := w.String(d); after != before {
		t.Fatalf("a run changed the plan:\n%s\n%s", before, after)
	}
}

var errMissing = &missingErr{}

type missingErr struct{}

func (*missingErr) Error() string { return "missing" }

func readOf(m *schema.Model, where sqltree.Expr) *plan.Read {
	s := &sqltree.Select{From: sqltree.Table{Name: m.DBName}, Where: where}
	fields := m.ScalarFields()
	var types []driver.Type
	for _, f := range fields {
		s.Columns = append(s.Columns, sqltree.SelCol{X: sqltree.Col{Table: m.DBName, Name: f.DBName}})
		types = append(types, plan.DriverType(f))
	}
	keep := map[string]bool{}
	for _, f := range fields {
		keep[f.Name] = true
	}
	return &plan.Read{Model: m, Select: s, Fields: fields, Types: types, Keep: keep}
}

// TestWriteFailsWhole: a step reading no row fails the write with its
// Missing error and, in an atomic plan, nothing of it stays; a Ref bound
// before any step read it is an internal error, not a NULL.
func TestWriteFailsWhole(t *testing.T) {
	x, m := runner(t)
	f := m.Field("id")
	w := &plan.Write{Model: m, Atomic: true, Steps: []plan.Step{
		{Stmt: insertItem(m, "k1", 1)},
		{Stmt: &sqltree.Select{Columns: []sqltree.SelCol{{X: sqltree.Col{Table: "Item", Name: "id"}}}, From: sqltree.Table{Name: "Item"}, Where: byID(m, "nope")},
			Fields: []*schema.Field{f}, Types: []driver.Type{driver.TypeString}, Missing: func() error { return errMissing }},
	}}
	if _, err := x.Write(w); err != errMissing {
		t.Fatalf("err = %v, want the step's Missing error", err)
	}
	rows, _ := x.Query(m, readOf(m, nil).Select, readOf(m, nil).Types)
	if len(rows) != 0 {
		t.Fatalf("the failed write left rows: %v", rows)
	}
	early := &plan.Write{Model: m, Steps: []plan.Step{{Stmt: insertItem(m, plan.Ref{Model: "Item", Field: "id"}, 1)}}}
	if _, err := x.Write(early); err == nil || !strings.Contains(err.Error(), "before a step read it") {
		t.Fatalf("unbound Ref: %v", err)
	}
}
