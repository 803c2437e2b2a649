package query

import (
	"fmt"
	"strings"

	"github.com/caspian-prisma/caspian-prisma/engine/exec"
	"github.com/caspian-prisma/caspian-prisma/engine/request"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
	"github.com/caspian-prisma/caspian-prisma/engine/plan"
	"github.com/caspian-prisma/caspian-prisma/engine/sqltree"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

type row = map[string]any

// Reads are planned whole (plan.Read), then run; with planOnly set the
// plan is the result (Explain prints it).

func (x *planner) findManyAction(m *schema.Model, a args) (any, error) {
	sel, err := request.ParseSelection(m, a["select"], a["include"], a["omit"], "")
	if err != nil {
		return nil, err
	}
	return x.read(m, a, sel, false, false)
}

func (x *planner) findFirst(m *schema.Model, a args, orThrow bool) (any, error) {
	sel, err := request.ParseSelection(m, a["select"], a["include"], a["omit"], "")
	if err != nil {
		return nil, err
	}
	b := args{}
	for k, v := range a {
		b[k] = v
	}
	take := int64(1)
	if t, ok := a["take"]; ok {
		n, err := request.AsInt(m, "take", t)
		if err != nil {
			return nil, err
		}
		if n < 0 {
			take = -1
		}
	}
	b["take"] = take
	return x.read(m, b, sel, true, orThrow)
}

func (x *planner) findUnique(m *schema.Model, a args, orThrow bool) (any, error) {
	sel, err := request.ParseSelection(m, a["select"], a["include"], a["omit"], "")
	if err != nil {
		return nil, err
	}
	if err := checkUniqueWhere(m, a["where"], "where"); err != nil {
		return nil, err
	}
	return x.read(m, uniqueArgs(a["where"]), sel, true, orThrow)
}

// read plans and runs a read action: every row, or the first (nil or
// P2025 when there is none).
func (x *planner) read(m *schema.Model, a args, sel *request.Selection, first, orThrow bool) (any, error) {
	p, err := x.planRead(m, a, sel, "")
	if err != nil || x.planOnly {
		return p, err
	}
	if x.fill != nil {
		x.keepPlan(m, p)
	}
	rows, err := x.run.Read(p)
	if err != nil {
		return nil, err
	}
	return readResult(m, rows, first, orThrow)
}

// readResult is a find's answer: every row, or the first (nil or P2025
// when there is none).
func readResult(m *schema.Model, rows []row, first, orThrow bool) (any, error) {
	if !first {
		return exec.ListOf(rows), nil
	}
	if len(rows) == 0 {
		if orThrow {
			return nil, notFound(m, "No record was found for a query.")
		}
		return nil, nil
	}
	return rows[0], nil
}

// uniqueArgs read the one row a unique where (already checked) names.
func uniqueArgs(where any) args {
	return args{"where": where, "take": int64(1), "_noImplicitOrder": true}
}

func notFound(m *schema.Model, cause string) error {
	return perr.New(perr.RecordNotFound, map[string]any{"modelName": m.Name, "cause": cause},
		"An operation failed because it depends on one or more records that were required but not found. %s (model %s)", cause, m.Name)
}

// checkUniqueWhere requires a where that names the primary key or a unique
// constraint, as findUnique, update, delete and upsert do.
func checkUniqueWhere(m *schema.Model, v any, path string) error {
	mp, err := request.AsMap(m, path, v)
	if err != nil {
		return err
	}
	has := func(names []string) bool {
		for _, n := range names {
			if _, ok := mp[n]; !ok {
				return false
			}
		}
		return true
	}
	if has(m.PrimaryKey.Fields) {
		return nil
	}
	for _, u := range m.Uniques {
		if has(u.Fields) {
			return nil
		}
	}
	for k := range mp {
		if request.CompoundKey(m, k) != nil {
			return nil
		}
	}
	var keys []string
	keys = append(keys, strings.Join(m.PrimaryKey.Fields, "_"))
	for _, u := range m.Uniques {
		keys = append(keys, strings.Join(u.Fields, "_"))
	}
	return perr.Validationf(m.Name, path, "expected a unique filter: at least one of %v", keys)
}

// planRead plans a findMany-shaped read of sel.
func (x *planner) planRead(m *schema.Model, a args, sel *request.Selection, path string) (*plan.Read, error) {
	p, err := x.planWhere(m, a, path)
	if err != nil {
		return nil, err
	}
	p.Fields = fetchFields(sel, p.Distinct...)
	p.Types = columns(p.Select, m.DBName, p.Fields, nil)
	if x.strategy == request.StrategyJoin && (len(sel.Rels) > 0 || len(sel.Counts) > 0) {
		cols, types := p.Select.Columns, p.Types
		switch err := x.planJoin(p, sel); {
		case err == nil:
			return p, nil
		case err != errNoJoin:
			return nil, err
		}
		p.Select.Columns, p.Types = cols, types
	}
	return p, x.planRelations(p, sel)
}

// planWhere plans where, order (with the implicit primary-key tie-breaker),
// cursor, take and skip; the columns are the caller's.
func (x *planner) planWhere(m *schema.Model, a args, path string) (*plan.Read, error) {
	q := m.DBName
	where, err := x.where(m, q, a["where"], request.JoinPath(path, "where"))
	if err != nil {
		return nil, err
	}
	if e, ok := a["_whereExpr"].(sqltree.Expr); ok {
		where = sqltree.Conj(where, e)
	}
	ords, err := request.ParseOrder(m, a["orderBy"], request.JoinPath(path, "orderBy"))
	if err != nil {
		return nil, err
	}
	var take, skip *int64
	if v, ok := a["take"]; ok {
		n, err := request.AsInt(m, request.JoinPath(path, "take"), v)
		if err != nil {
			return nil, err
		}
		take = &n
	}
	if v, ok := a["skip"]; ok {
		n, err := request.AsInt(m, request.JoinPath(path, "skip"), v)
		if err != nil {
			return nil, err
		}
		if n < 0 {
			return nil, perr.Validationf(m.Name, request.JoinPath(path, "skip"), "expected a non-negative integer, got %d", n)
		}
		skip = &n
	}
	_, hasOrder := a["orderBy"]
	_, hasCursor := a["cursor"]
	if _, no := a["_noImplicitOrder"]; !no && (hasOrder || hasCursor || take != nil || skip != nil) {
		ords = request.WithPK(m, ords)
	}
	p := &plan.Read{Model: m}
	if take != nil && *take < 0 {
		n := -*take
		take = &n
		ords = request.Reverse(ords)
		p.Backwards = true
	}
	if err := x.rankable(m, ords, hasCursor, request.JoinPath(path, "cursor")); err != nil {
		return nil, err
	}
	if hasCursor && request.HasRelOrder(ords) {
		return nil, perr.Validationf(m.Name, request.JoinPath(path, "cursor"), "a cursor cannot be combined with ordering by a relation")
	}
	if hasCursor {
		if err := checkUniqueWhere(m, a["cursor"], request.JoinPath(path, "cursor")); err != nil {
			return nil, err
		}
		cw, err := x.where(m, q, a["cursor"], request.JoinPath(path, "cursor"))
		if err != nil {
			return nil, err
		}
		c := &plan.Cursor{}
		for _, o := range ords {
			c.Fields = append(c.Fields, o.Field)
		}
		c.Select, c.Types = rowSelect(m, cw, c.Fields)
		largest := x.d.Supports(sqltree.NullsLargest)
		c.Cond = func(vals []any) sqltree.Expr { return cursorCond(q, ords, vals, largest) }
		p.Cursor = c
	}
	for i, d := range request.AsList(a["distinct"]) {
		name, _ := d.(string)
		f := m.Field(name)
		if f == nil || f.Kind == schema.RelationField {
			return nil, perr.UnknownField(m.Name, fmt.Sprintf("%s[%d]", request.JoinPath(path, "distinct"), i), name, request.ScalarNames(m))
		}
		p.Distinct = append(p.Distinct, f)
	}
	p.Select = &sqltree.Select{From: sqltree.Table{Schema: m.Schema, Name: q}, Where: where, OrderBy: x.orderByX(q, ords)}
	p.Take, p.Skip = take, skip
	if p.Distinct == nil {
		p.Select.Limit, p.Select.Offset = take, skip
	}
	return p, nil
}

// readMany plans a findMany-shaped read and runs it.
func (x *planner) readMany(m *schema.Model, a args, sel *request.Selection, path string) ([]row, error) {
	p, err := x.planRead(m, a, sel, path)
	if err != nil {
		return nil, err
	}
	return x.run.Read(p)
}

// columns sets the columns of s to fields (then extra) and returns their
// driver types; with none it reads the constant 1.
func columns(s *sqltree.Select, q string, fields []*schema.Field, extra []extraCol) []driver.Type {
	var types []driver.Type
	for _, f := range fields {
		s.Columns = append(s.Columns, sqltree.SelCol{X: sqltree.Col{Table: q, Name: f.DBName}})
		types = append(types, plan.DriverType(f))
	}
	for _, e := range extra {
		s.Columns = append(s.Columns, sqltree.SelCol{X: e.x})
		types = append(types, e.typ)
	}
	if len(s.Columns) == 0 {
		s.Columns = []sqltree.SelCol{{X: sqltree.Raw("1")}}
		types = []driver.Type{driver.TypeInt}
	}
	return types
}

// extraCol is a column read besides the model's fields (a join-table key).
type extraCol struct {
	x   sqltree.Expr
	typ driver.Type
}

// keep names the keys a row of sel keeps in the result.
func keepOf(sel *request.Selection) map[string]bool {
	keep := map[string]bool{"_count": len(sel.Counts) > 0}
	for _, f := range sel.Scalars {
		keep[f.Name] = true
	}
	for _, r := range sel.Rels {
		keep[r.Field.Name] = true
	}
	return keep
}
