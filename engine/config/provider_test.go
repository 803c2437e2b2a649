package config_test

import (
	"testing"

	"github.com/caspian-prisma/caspian-prisma/engine/config"
	"github.com/caspian-prisma/caspian-prisma/engine/connector"
)

// config cannot import connector (it would pull in the drivers), so the
// scheme table exists twice; this keeps the two in step.
func TestProviderMatchesConnector(t *testing.T) {
	for _, u := range []string{"file:./dev.db", "file::memory:", "postgresql://h/db", "postgres://h/db", "mysql://h/db", "sqlserver://h", "", "FILE:x"} {
		if got, want := config.Provider(u), connector.Provider(u); got != want {
			t.Errorf("Provider(%q) = %q, connector says %q", u, got, want)
		}
	}
}
