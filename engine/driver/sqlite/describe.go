package sqlite

import (
	"context"
	"strings"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
)

var _ driver.Describer = (*Pool)(nil)

// Describe prepares sql on the writer connection (which every pool has) and
// reads its bind parameters (untyped in SQLite) and its columns' declared
// types. A column is NOT NULL when it reads a NOT NULL table column and the
// statement has no outer join; an expression has no declared type.
func (p *Pool) Describe(ctx context.Context, sql string) (driver.Description, error) {
	c, err := p.acquireWriter(ctx)
	if err != nil {
		return driver.Description{}, err
	}
	defer p.releaseWriter()
	defer c.interruptible(ctx)()
	s, tail, err := c.c.Prepare(sql)
	if err != nil {
		return driver.Description{}, mapErr(ctx, err)
	}
	if s == nil {
		return driver.Description{}, &driver.Error{Kind: driver.KindSyntax, Code: "1", Message: "the file holds no SQL statement"}
	}
	defer s.Close()
	if strings.TrimSpace(tail) != "" {
		return driver.Description{}, &driver.Error{Kind: driver.KindSyntax, Code: "1",
			Message: "a typed query must be a single SQL statement"}
	}
	var d driver.Description
	for i := 1; i <= s.BindCount(); i++ {
		d.Params = append(d.Params, driver.Param{Name: s.BindName(i), Type: driver.TypeUnknown})
	}
	outer := driver.HasOuterJoin(sql)
	for i := 0; i < s.ColumnCount(); i++ {
		decl := s.ColumnDeclType(i)
		col := driver.Column{Name: s.ColumnName(i), Type: typeOfDecl(decl), DBType: decl, Nullable: true}
		if table, origin := s.ColumnTableName(i), s.ColumnOriginName(i); table != "" && origin != "" && !outer {
			_, _, notNull, _, _, err := c.c.TableColumnMetadata(s.ColumnDatabaseName(i), table, origin)
			if err == nil {
				col.Nullable = !notNull
			}
		}
		d.Columns = append(d.Columns, col)
	}
	return d, nil
}
