package driver

import "context"

type userSQLKey struct{}

// WithUserSQL marks the statements run with the returned context as the
// user's own SQL (execute_raw), which names tables as the user wrote
// them. An adapter that selects the URL's schema per statement
// (PostgreSQL behind PgBouncer, where it cannot be the connection's
// search_path) does so for these only: the engine's own statements name
// the schema on every table. QueryRaw and Describe always run user SQL and
// need no mark.
func WithUserSQL(ctx context.Context) context.Context {
	return context.WithValue(ctx, userSQLKey{}, true)
}

// IsUserSQL tells whether ctx was marked by WithUserSQL.
func IsUserSQL(ctx context.Context) bool {
	v, _ := ctx.Value(userSQLKey{}).(bool)
	return v
}
