package postgres

import (
	"strings"
)

// Behind PgBouncer in transaction mode the URL's schema cannot be the
// connection's search_path: PgBouncer refuses it as a startup parameter,
// and a session SET would stay on a server connection that other clients
// get next. The engine's own SQL names the schema on every table instead;
// user SQL (query_raw, execute_raw, typed SQL), which names tables as
// written, gets the search_path for itself only: set_config(..., true)
// lasts until the end of the transaction it runs in, and is sent in the
// same round trip as the statement (a pipeline with one Sync, so one
// implicit transaction that PgBouncer keeps on one server connection; or
// the first statement of a simple-protocol script).

// setSearchPath selects the schema for the rest of the transaction (the
// value is bound: describe runs it on its own).
const setSearchPath = "SELECT set_config('search_path', $1, true)"

// withSearchPath is c with the search_path set ahead of each statement;
// searchPath "" leaves c alone.
func withSearchPath(c queryer, searchPath string) queryer {
	if searchPath == "" {
		return c
	}
	return ahead(c, "SELECT set_config('search_path', "+quoteLiteral(searchPath)+", true)")
}

// quoteLiteral is s as an escape string constant, read the same whatever
// standard_conforming_strings says.
func quoteLiteral(s string) string {
	return "E'" + strings.NewReplacer(`\`, `\\`, `'`, `''`).Replace(s) + "'"
}
