package connector

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/perr"
)

// Params are Prisma's own parameters of a PostgreSQL or MySQL URL, read and
// checked in one place (readParams) for both adapters, as documented in
// docs/connection-url.md and
// https://www.prisma.io/docs/orm/overview/databases/postgresql#arguments.
// Every parameter not listed in paramNames goes to the driver (PostgreSQL)
// or is ignored (MySQL), as Prisma ignores parameters it does not know.
type Params struct {
	ConnectionLimit int           // 0: the adapter's default
	PoolTimeout     time.Duration // 0: the default (10 s); driver.NoTimeout: wait as long as the request may
	ConnectTimeout  time.Duration // 0: the default (5 s); driver.NoTimeout: no limit
	SocketTimeout   time.Duration // 0: no limit
	Schema          string        // PostgreSQL search_path; "" means public
	SSLMode         string        // PostgreSQL: libpq's sslmode, "" means prefer; MySQL: `disable` or `require`, the rest ignored
	SSLCert         string        // the server's (CA) certificate, PEM: trusted with sslaccept=strict
	SSLIdentity     string        // the client's certificate and key, PKCS #12
	SSLPassword     string        // the password of SSLIdentity
	SSLAccept       string        // "strict" or "accept_invalid_certs"; "" means the provider's default
	// StatementCacheSize is how many prepared statements a PostgreSQL
	// connection keeps (Prisma's default 100); 0 prepares none.
	StatementCacheSize int
	PgBouncer          bool   // PostgreSQL behind PgBouncer in transaction mode: no named prepared statements
	Socket             string // MySQL: a unix socket path instead of host:port
}

// paramNames are the parameters Params holds, taken out of the URL before
// the rest goes to a driver.
var paramNames = []string{"schema", "connection_limit", "pool_timeout", "connect_timeout", "socket_timeout",
	"pgbouncer", "statement_cache_size", "sslcert", "sslidentity", "sslpassword", "sslaccept", "socket",
	"single_use_connections"}

// checkSSLMode refuses a PostgreSQL sslmode that libpq does not know.
func checkSSLMode(mode string) error {
	if mode != "" && !oneOf(mode, sslModes) {
		return invalidParam("sslmode", mode, "one of `"+strings.Join(sslModes, "`, `")+"`")
	}
	return nil
}

// sslModes are libpq's sslmode values, which pgx reads too. Prisma
// documents disable, prefer and require; verify-ca and verify-full mean
// require with sslaccept=strict (verify-ca without the host name check).
var sslModes = []string{"disable", "allow", "prefer", "require", "verify-ca", "verify-full"}

// defaultStatementCache is Prisma's statement_cache_size default.
const defaultStatementCache = 100

// readParams reads Prisma's parameters from q. A malformed value is P1013
// naming the parameter and the value (a parameter value is never a
// password, except sslpassword, which is never quoted).
func readParams(q url.Values) (Params, error) {
	p := Params{StatementCacheSize: defaultStatementCache, Schema: q.Get("schema"), Socket: q.Get("socket"),
		SSLCert: q.Get("sslcert"), SSLIdentity: q.Get("sslidentity"), SSLPassword: q.Get("sslpassword")}
	var err error
	if p.ConnectionLimit, err = wholeParam(q, "connection_limit", 1); err != nil {
		return p, err
	}
	if p.PoolTimeout, err = secondsParam(q, "pool_timeout"); err != nil {
		return p, err
	}
	if p.ConnectTimeout, err = secondsParam(q, "connect_timeout"); err != nil {
		return p, err
	}
	if p.SocketTimeout, err = secondsParam(q, "socket_timeout"); err != nil {
		return p, err
	}
	if p.SocketTimeout == driver.NoTimeout {
		p.SocketTimeout = 0 // socket_timeout=0: no limit, as when absent
	}
	if q.Has("statement_cache_size") {
		if p.StatementCacheSize, err = wholeParam(q, "statement_cache_size", 0); err != nil {
			return p, err
		}
	}
	if p.PgBouncer, err = boolParam(q, "pgbouncer"); err != nil {
		return p, err
	}
	if p.PgBouncer {
		// A statement prepared on one server connection is gone (or
		// clashes) on the next one PgBouncer lends: prepare none.
		p.StatementCacheSize = 0
	}
	if p.SSLAccept = q.Get("sslaccept"); p.SSLAccept != "" && p.SSLAccept != "strict" && p.SSLAccept != "accept_invalid_certs" {
		return p, invalidParam("sslaccept", p.SSLAccept, "`strict` or `accept_invalid_certs`")
	}
	p.SSLMode = q.Get("sslmode") // checked by PostgresConfig: MySQL reads `disable` and `require` only
	if p.SSLPassword != "" && p.SSLIdentity == "" {
		return p, perr.New(perr.InvalidURL, map[string]any{"parameter": "sslpassword"},
			"The provided database string is invalid. The database URL parameter `sslpassword` is the password of "+
				"`sslidentity`, which is not set")
	}
	return p, nil
}

func invalidParam(name, value, want string) *perr.Error {
	return perr.New(perr.InvalidURL, map[string]any{"parameter": name, "value": value},
		"The provided database string is invalid. The database URL parameter `%s` must be %s, got %q", name, want, value)
}

// wholeParam reads a whole number of at least min; absent is 0.
func wholeParam(q url.Values, name string, min int) (int, error) {
	s := q.Get(name)
	if !q.Has(name) {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < min || n > 1<<30 {
		want := "a whole number"
		if min > 0 {
			want += " of at least " + strconv.Itoa(min)
		} else {
			want += " (0 or more)"
		}
		return 0, invalidParam(name, s, want)
	}
	return n, nil
}

// secondsParam reads a number of seconds (0 or more); absent is 0 (the
// adapter's default) and 0 is driver.NoTimeout, as in Prisma, where 0
// turns a timeout off.
func secondsParam(q url.Values, name string) (time.Duration, error) {
	if !q.Has(name) {
		return 0, nil
	}
	n, err := wholeParam(q, name, 0)
	if err != nil {
		return 0, invalidParam(name, q.Get(name), "a whole number of seconds (0 for no limit)")
	}
	if n == 0 {
		return driver.NoTimeout, nil
	}
	return time.Duration(n) * time.Second, nil
}

func boolParam(q url.Values, name string) (bool, error) {
	if !q.Has(name) {
		return false, nil
	}
	switch s := q.Get(name); s {
	case "true", "1":
		return true, nil
	case "false", "0", "":
		return false, nil
	default:
		return false, invalidParam(name, s, "`true` or `false`")
	}
}

func oneOf(s string, l []string) bool {
	for _, v := range l {
		if s == v {
			return true
		}
	}
	return false
}
