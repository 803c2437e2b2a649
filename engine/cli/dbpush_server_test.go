package cli

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/caspian-prisma/caspian-prisma/engine/connector"
)

// TestDBPushServers runs the page's flow against PostgreSQL and MySQL when
// their test URLs are set, each in a database of its own.
func TestDBPushServers(t *testing.T) {
	for _, c := range []struct{ provider, env, quote string }{
		{"postgresql", "CASPIAN_TEST_POSTGRES_URL", `"`},
		{"mysql", "CASPIAN_TEST_MYSQL_URL", "`"},
	} {
		t.Run(c.provider, func(t *testing.T) {
			base := os.Getenv(c.env)
			if base == "" {
				t.Skipf("%s not set", c.env)
			}
			ctx := context.Background()
			admin, err := connector.Open(ctx, base, t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			defer admin.Close()
			name := fmt.Sprintf("cli_%d", time.Now().UnixNano())
			// ppy creates the missing database, as Prisma's db push does.
			defer admin.Exec(ctx, "DROP DATABASE IF EXISTS "+c.quote+name+c.quote, nil)
			u, _ := url.Parse(base)
			u.Path = "/" + name
			pw, _ := u.User.Password()

			root := t.TempDir()
			write(t, filepath.Join(root, "prisma", "schema.prisma"), strings.Replace(pageSchema, `"sqlite"`, `"`+c.provider+`"`, 1))
			env := map[string]string{"DATABASE_URL": u.String()}
			r := ppy(t, root, env, "db", "push")
			if r.code != 0 || !strings.Contains(r.out, "now in sync") || !strings.Contains(r.out, " database "+name+" created at ") {
				t.Fatalf("db push: %+v", r)
			}
			if strings.Contains(r.out+r.errOut, ":"+pw+"@") { // the password itself may be a common word
				t.Errorf("password printed: %s", r.out)
			}
			if r := ppy(t, root, env, "db", "push"); r.code != 0 || !strings.Contains(r.out, "already in sync") {
				t.Fatalf("second db push: %+v", r)
			}
			write(t, filepath.Join(root, "prisma", "schema.prisma"), strings.Replace(pageSchema, `"sqlite"`, `"`+c.provider+`"`, 1)+
				"\nmodel Log {\n  id Int @id @default(autoincrement())\n}\n")
			if r := ppy(t, root, env, "db", "push"); r.code != 0 || !strings.Contains(r.out, "now in sync") {
				t.Fatalf("db push adding a model: %+v", r)
			}
			// Dropping a column of a table with a row loses data.
			write(t, filepath.Join(root, "prisma", "schema.prisma"), strings.Replace(pageSchema, `"sqlite"`, `"`+c.provider+`"`, 1)+
				"\nmodel Log {\n  id Int @id @default(autoincrement())\n  at Int\n}\n")
			if r := ppy(t, root, env, "db", "push"); r.code != 0 {
				t.Fatalf("db push adding a required column to an empty table: %+v", r)
			}
			db, err := connector.Open(ctx, u.String(), root)
			if err != nil {
				t.Fatal(err)
			}
			_, err = db.Exec(ctx, "INSERT INTO "+c.quote+"Log"+c.quote+" ("+c.quote+"at"+c.quote+") VALUES (7)", nil)
			db.Close()
			if err != nil {
				t.Fatal(err)
			}
			write(t, filepath.Join(root, "prisma", "schema.prisma"), strings.Replace(pageSchema, `"sqlite"`, `"`+c.provider+`"`, 1)+
				"\nmodel Log {\n  id Int @id @default(autoincrement())\n}\n")
			if r := ppy(t, root, env, "db", "push"); r.code != 1 || !strings.Contains(r.out, "You are about to drop the column `at` on the `Log` table, which still contains 1 non-null values.") {
				t.Fatalf("db push dropping a column with data: %+v", r)
			}
			if r := ppy(t, root, env, "db", "push", "--accept-data-loss"); r.code != 0 || !strings.Contains(r.out, "now in sync") {
				t.Fatalf("db push --accept-data-loss: %+v", r)
			}
			if r := ppy(t, root, env, "db", "push", "--force-reset"); r.code != 0 || !strings.Contains(r.out, "successfully reset") {
				t.Fatalf("db push --force-reset: %+v", r)
			}
		})
	}
}
