package sqlite

import (
	"context"
	"strings"

	sqlite3 "github.com/ncruces/go-sqlite3"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
)

// stmtCacheSize bounds the prepared statements kept per connection: the
// engine renders the same SQL text for the same query shape, so re-preparing
// would dominate small queries.
const stmtCacheSize = 128

// conn is one SQLite connection. It is used by one goroutine at a time (the
// pool hands it out exclusively), so it needs no lock of its own.
type conn struct {
	c     *sqlite3.Conn
	cache map[string]*sqlite3.Stmt
	order []string // cache insertion order, for eviction
}

func newConn(c *sqlite3.Conn) *conn {
	return &conn{c: c, cache: make(map[string]*sqlite3.Stmt)}
}

func (c *conn) close() error {
	for _, s := range c.cache {
		s.Close()
	}
	c.cache = nil
	return c.c.Close()
}

// prepare returns a cached statement for a single-statement sql, or a fresh
// one (cached=false, caller closes it) with the text that follows it.
func (c *conn) prepare(sql string) (s *sqlite3.Stmt, tail string, cached bool, err error) {
	if s, ok := c.cache[sql]; ok {
		return s, "", true, nil
	}
	s, tail, err = c.c.Prepare(sql)
	if err != nil || s == nil {
		return nil, tail, false, err
	}
	if strings.TrimSpace(tail) != "" {
		return s, tail, false, nil
	}
	if len(c.order) >= stmtCacheSize {
		old := c.order[0]
		c.order = c.order[1:]
		c.cache[old].Close()
		delete(c.cache, old)
	}
	c.cache[sql] = s
	c.order = append(c.order, sql)
	return s, "", true, nil
}

// done resets a cached statement (ending its read transaction: a WAL
// snapshot would otherwise stay pinned) or closes a fresh one. A cached
// statement's arguments stay bound unless one was large (held): clearing
// them makes SQLite re-prepare, on its next run, every statement whose plan
// looked at a bound value (an equality on an index's first column with an
// ORDER BY the index serves), which cost a tenth of a 100-row list.
func (c *conn) done(s *sqlite3.Stmt, cached, held bool) {
	if cached {
		s.Reset()
		if held {
			s.ClearBindings()
		}
		return
	}
	s.Close()
}

// readOnly reports whether sql's first statement does not write.
func (c *conn) readOnly(sql string) (bool, error) {
	s, _, cached, err := c.prepare(sql)
	if err != nil || s == nil {
		return false, err
	}
	ro := s.ReadOnly()
	if !cached {
		s.Close()
	}
	return ro, nil
}

// interruptible makes ctx cancel the running statement (SQLite checks it
// in its progress handler) until the returned func is called.
func (c *conn) interruptible(ctx context.Context) func() {
	if ctx.Done() == nil {
		return func() {}
	}
	c.c.SetInterrupt(ctx)
	return func() { c.c.SetInterrupt(context.Background()) }
}

func (c *conn) query(ctx context.Context, sql string, args []any, types []driver.Type) ([][]any, error) {
	defer c.interruptible(ctx)()
	if err := driver.CheckParams(len(args), driver.MaxParamsSQLite); err != nil {
		return nil, err
	}
	s, tail, cached, err := c.prepare(sql)
	if err != nil {
		return nil, mapErr(ctx, err)
	}
	if s == nil {
		return nil, nil
	}
	held := true
	defer func() { c.done(s, cached, held) }()
	if strings.TrimSpace(tail) != "" {
		return nil, &driver.Error{Kind: driver.KindSyntax, Message: "a query must be a single SQL statement"}
	}
	if held, err = bindAll(s, args); err != nil {
		return nil, err
	}
	n := s.ColumnCount()
	if len(types) != n {
		return nil, &driver.Error{Kind: driver.KindOther,
			Message: "sqlite: query returns " + itoa(n) + " columns but " + itoa(len(types)) + " types were given"}
	}
	var rows [][]any
	for s.Step() {
		row := make([]any, n)
		if err := s.Columns(row...); err != nil {
			return nil, mapErr(ctx, err)
		}
		for i, t := range types {
			if row[i], err = decode(row[i], t); err != nil {
				return nil, columnErr(s.ColumnName(i), err)
			}
			if b, ok := row[i].(jsonbBlob); ok {
				if row[i], err = c.jsonText(b); err != nil {
					return nil, columnErr(s.ColumnName(i), err)
				}
			}
		}
		rows = append(rows, row)
	}
	if err := s.Err(); err != nil {
		return nil, mapErr(ctx, err)
	}
	return rows, nil
}

func (c *conn) queryRaw(ctx context.Context, sql string, args []any) ([]string, [][]any, error) {
	defer c.interruptible(ctx)()
	if err := driver.CheckParams(len(args), driver.MaxParamsSQLite); err != nil {
		return nil, nil, err
	}
	s, tail, cached, err := c.prepare(sql)
	if err != nil {
		return nil, nil, mapErr(ctx, err)
	}
	if s == nil {
		return []string{}, nil, nil
	}
	held := true
	defer func() { c.done(s, cached, held) }()
	if strings.TrimSpace(tail) != "" {
		return nil, nil, &driver.Error{Kind: driver.KindSyntax, Code: "1",
			Message: "a raw query must be a single SQL statement"}
	}
	if held, err = bindAll(s, args); err != nil {
		return nil, nil, err
	}
	n := s.ColumnCount()
	cols := make([]string, n)
	decl := make([]driver.Type, n)
	for i := range cols {
		cols[i] = s.ColumnName(i)
		decl[i] = typeOfDecl(s.ColumnDeclType(i))
	}
	rows := [][]any{}
	for s.Step() {
		row := make([]any, n)
		if err := s.Columns(row...); err != nil {
			return nil, nil, mapErr(ctx, err)
		}
		for i, t := range decl {
			row[i] = decodeLoose(row[i], t)
			if b, ok := row[i].(jsonbBlob); ok {
				if j, err := c.jsonText(b); err == nil {
					row[i] = j
				} else {
					row[i] = []byte(b)
				}
			}
		}
		rows = append(rows, row)
	}
	if err := s.Err(); err != nil {
		return nil, nil, mapErr(ctx, err)
	}
	return cols, rows, nil
}

// exec runs every statement in sql (DDL scripts come as one string); args
// bind to the first statement that has parameters.
func (c *conn) exec(ctx context.Context, sql string, args []any) (driver.Result, error) {
	defer c.interruptible(ctx)()
	if err := driver.CheckParams(len(args), driver.MaxParamsSQLite); err != nil {
		return driver.Result{}, err
	}
	var res driver.Result
	for {
		s, tail, cached, err := c.prepare(sql)
		if err != nil {
			return res, mapErr(ctx, err)
		}
		if s == nil {
			break
		}
		held := false
		if s.BindCount() > 0 {
			if len(args) > 0 {
				held, err = bindAll(s, args)
				args = nil
			} else {
				s.ClearBindings() // NULLs, not a previous run's values
			}
		}
		if err == nil {
			err = s.Exec()
		}
		c.done(s, cached, held)
		if err != nil {
			return res, mapErr(ctx, err)
		}
		res.RowsAffected = c.c.Changes()
		res.LastInsertID = c.c.LastInsertRowID()
		if strings.TrimSpace(tail) == "" {
			break
		}
		sql = tail
	}
	return res, nil
}

// execSimple runs a statement without arguments (BEGIN, COMMIT, ROLLBACK).
func (c *conn) execSimple(ctx context.Context, sql string) error {
	defer c.interruptible(ctx)()
	if err := c.c.Exec(sql); err != nil {
		return mapErr(ctx, err)
	}
	return nil
}

// heldBytes is the size of a text or blob argument past which a cached
// statement's bindings are cleared after its run rather than kept until the
// next (SQLite copies the argument into the statement).
const heldBytes = 4 << 10

// bindAll binds args to s's parameters; held reports an argument of at
// least heldBytes.
func bindAll(s *sqlite3.Stmt, args []any) (held bool, err error) {
	if n := s.BindCount(); n != len(args) {
		return false, &driver.Error{Kind: driver.KindSyntax, Code: "25",
			Message: "the statement has " + itoa(n) + " parameters but " + itoa(len(args)) + " arguments were given"}
	}
	for i, a := range args {
		switch v := a.(type) {
		case string:
			held = held || len(v) >= heldBytes
		case []byte:
			held = held || len(v) >= heldBytes
		case driver.JSON:
			held = held || len(v) >= heldBytes
		case driver.List:
			held = true // its JSON text may be of any size
		}
		if err := bind(s, i+1, a); err != nil {
			return true, err
		}
	}
	return held, nil
}

// jsonText converts a JSONB blob to JSON text with SQLite's json(); another
// statement may run on the connection while the outer one is stepping.
func (c *conn) jsonText(b jsonbBlob) (driver.JSON, error) {
	s, _, _, err := c.prepare("SELECT json(?)")
	if err != nil {
		return "", err
	}
	defer c.done(s, true, true)
	if err := s.BindBlob(1, b); err != nil {
		return "", err
	}
	if !s.Step() {
		if err := s.Err(); err != nil {
			return "", err
		}
		return "", nil
	}
	return driver.JSON(s.ColumnText(0)), nil
}
