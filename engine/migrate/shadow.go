package migrate

import (
	"context"
	"crypto/rand"
	"fmt"

	"github.com/caspian-prisma/caspian-prisma/engine/config"
	"github.com/caspian-prisma/caspian-prisma/engine/driver"
	"github.com/caspian-prisma/caspian-prisma/engine/migrate/flavour"
)

// Opener opens a database by URL; the CLI passes engine/connector's Open
// (this package imports no adapter).
type Opener func(ctx context.Context, url string) (driver.Pool, error)

// Shadow is the throwaway database `migrate dev` replays the migration
// history into, to see the schema the history produces: SQLite in memory,
// PostgreSQL and MySQL a database prisma_migrate_shadow_db_<uuid> created
// on the main database's server and dropped by Close, or the configured
// shadowDatabaseUrl, emptied first.
type Shadow struct {
	Pool driver.Pool
	drop func() error
}

// OpenShadow opens a shadow database for the main database at mainURL;
// namespaces are a multi-schema datasource's schemas, which a configured
// shadow database is emptied of too.
func OpenShadow(ctx context.Context, fl flavour.Flavour, open Opener, mainURL, shadowURL, namespace string, namespaces ...string) (*Shadow, error) {
	switch {
	case shadowURL != "":
		if shadowURL == mainURL {
			return nil, fmt.Errorf("the shadow database URL is the same as the main database URL: they must point at different databases, as migrate dev empties the shadow database")
		}
		pool, err := open(ctx, shadowURL)
		if err != nil {
			return nil, fmt.Errorf("cannot open the shadow database: %w", err)
		}
		live, err := Describe(ctx, fl, pool, namespace, namespaces)
		if err == nil && !live.Empty() {
			err = Reset(ctx, pool, fl, namespace, namespaces...)
		}
		if err != nil {
			pool.Close()
			return nil, fmt.Errorf("cannot empty the shadow database: %w", err)
		}
		return &Shadow{Pool: pool}, nil
	case fl.Caps().ShadowInMemory:
		pool, err := open(ctx, "file::memory:")
		if err != nil {
			return nil, fmt.Errorf("cannot open an in-memory shadow database: %w", err)
		}
		return &Shadow{Pool: pool}, nil
	}
	admin, err := open(ctx, mainURL)
	if err != nil {
		return nil, err
	}
	name := "prisma_migrate_shadow_db_" + uuid4()
	if _, err := admin.Exec(ctx, fl.CreateDatabase(name), nil); err != nil {
		admin.Close()
		return nil, fmt.Errorf("P3014: Prisma Migrate could not create the shadow database. Please make sure the database user has permission to create databases. Read more about the shadow database (and workarounds) at https://pris.ly/d/migrate-shadow\n\nOriginal error: %w", err)
	}
	drop := func() error {
		defer admin.Close()
		_, err := admin.Exec(context.WithoutCancel(ctx), fl.DropDatabase(name), nil)
		return err
	}
	u, err := config.ParseURL(mainURL) // its errors never quote the password
	if err != nil {
		drop()
		return nil, fmt.Errorf("the database URL is not valid: %w", err)
	}
	u.Path = "/" + name
	pool, err := open(ctx, u.String())
	if err != nil {
		drop()
		return nil, fmt.Errorf("cannot open the shadow database: %w", err)
	}
	return &Shadow{Pool: pool, drop: drop}, nil
}

// Close closes the shadow database and drops it when it was made for the run.
func (s *Shadow) Close() error {
	err := s.Pool.Close()
	if s.drop != nil {
		if derr := s.drop(); derr != nil && err == nil {
			err = fmt.Errorf("cannot drop the shadow database: %w", derr)
		}
	}
	return err
}

// uuid4 is a random RFC 4122 version 4 UUID.
func uuid4() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}
