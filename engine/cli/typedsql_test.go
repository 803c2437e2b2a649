package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/caspian-prisma/caspian-prisma/engine/driver"
)

func TestGenerateSQLite(t *testing.T) {
	runTypedSQLScenario(t, "sqlite", `"`, map[string]string{"DATABASE_URL": "file:./prisma/dev.db"})
}

func TestGenerateSQLServers(t *testing.T) {
	forEachServer(t, "tsql", func(t *testing.T, provider, quote string, _ driver.Pool, newDB func(*testing.T) map[string]string) {
		runTypedSQLScenario(t, provider, quote, newDB(t))
	})
}

// runTypedSQLScenario: generate --sql writes sql.py from prisma/sql typed by
// the database; a file the database rejects stops it, naming the file and
// the database's message and never the URL's password.
func runTypedSQLScenario(t *testing.T, provider, q string, env map[string]string) {
	root := newProject(t, strings.Replace(pageSchema, `"sqlite"`, `"`+provider+`"`, 1))
	expect(t, ppy(t, root, env, "db", "push"), 0)
	ph := "?"
	if provider == "postgresql" {
		ph = "$1"
	}
	// No prisma/sql yet: an empty module, and a note.
	expect(t, ppy(t, root, env, "generate", "--sql"), 0, "No SQL files found in prisma/sql: the sql module will be empty.")
	if !exists(filepath.Join(root, "src", "lib", "prisma", "sql.py")) {
		t.Error("generate --sql without prisma/sql wrote no sql.py")
	}
	sqlDir := filepath.Join(root, "prisma", "sql")
	write(t, filepath.Join(sqlDir, "postsByTitle.sql"), "-- @param {String} $1:title The title to match\n"+
		"SELECT p."+q+"id"+q+", p."+q+"published"+q+", u."+q+"name"+q+" FROM "+q+"Post"+q+" p JOIN "+q+"User"+q+
		" u ON u."+q+"id"+q+" = p."+q+"authorId"+q+" WHERE p."+q+"title"+q+" = "+ph+";\n")
	r := ppy(t, root, env, "generate", "--sql")
	expect(t, r, 0, "from src.lib.prisma.sql import postsByTitle")
	b, err := os.ReadFile(filepath.Join(root, "src", "lib", "prisma", "sql.py"))
	if err != nil {
		t.Fatal(err)
	}
	py := string(b)
	for _, want := range []string{
		"def postsByTitle(title: str) -> TypedSql[PostsByTitleResult]:",
		"    id: str\n", "    name: Optional[str]\n",
		"        title: The title to match (String)",
	} {
		if !strings.Contains(py, want) {
			t.Errorf("sql.py lacks %q:\n%s", want, py)
		}
	}
	// Booleans: PostgreSQL and SQLite declare them; MySQL's BOOLEAN is a TINYINT.
	if provider != "mysql" && !strings.Contains(py, "    published: bool\n") {
		t.Errorf("published is not a bool:\n%s", py)
	}

	write(t, filepath.Join(sqlDir, "broken.sql"), "SELECT "+q+"nope"+q+" FROM "+q+"Missing"+q)
	r = ppy(t, root, env, "generate", "--sql")
	expect(t, r, 1, "Could not generate the typed query prisma/sql/broken.sql: the database rejected it: ", "Missing")
	for _, secret := range []string{":caspian@", "secret"} {
		if strings.Contains(r.out+r.errOut, secret) {
			t.Errorf("the error shows the password:\n%s", r.errOut)
		}
	}
	// Nothing was replaced: the previous sql.py stays.
	if b2, _ := os.ReadFile(filepath.Join(root, "src", "lib", "prisma", "sql.py")); string(b2) != py {
		t.Error("a failed generate --sql changed sql.py")
	}
	os.Remove(filepath.Join(sqlDir, "broken.sql"))

	if provider == "postgresql" {
		// An unreachable server is said as such, without the password.
		down := map[string]string{"DATABASE_URL": "postgresql://caspian:secret@127.0.0.1:1/db?connect_timeout=2"}
		r = ppy(t, root, down, "generate", "--sql")
		expect(t, r, 1, "Could not connect to the database to describe the queries of prisma/sql (ppy generate --sql needs it): ", "127.0.0.1:1")
		if strings.Contains(r.errOut, "secret") {
			t.Errorf("the error shows the password:\n%s", r.errOut)
		}
	}

	write(t, filepath.Join(sqlDir, "get-posts.sql"), "SELECT 1")
	expect(t, ppy(t, root, env, "generate", "--sql"), 1, "Could not generate the typed query prisma/sql/get-posts.sql: the file name must be a Python name")
}

// TestGenerateSQLWatch: generate --sql --watch regenerates when a .sql file
// changes, not only the schema.
func TestGenerateSQLWatch(t *testing.T) {
	root := newProject(t, pageSchema)
	env := map[string]string{"DATABASE_URL": "file:./prisma/dev.db"}
	expect(t, ppy(t, root, env, "db", "push"), 0)
	query := filepath.Join(root, "prisma", "sql", "titles.sql")
	write(t, query, `SELECT "title" FROM "Post"`)
	watchPoll = 20 * time.Millisecond
	watchStop = make(chan struct{})
	defer func() { watchStop = nil }()
	var out, errOut syncBuf
	done := make(chan int)
	go func() { done <- Main([]string{"generate", "--sql", "--watch"}, env, root, &out, &errOut) }()
	waitFor := func(s string, n int) {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
			if strings.Count(out.String(), s) >= n {
				return
			}
		}
		t.Fatalf("no %q (x%d) in:\n%s\n%s", s, n, out.String(), errOut.String())
	}
	waitFor("Watching prisma/schema.prisma for changes", 1)
	write(t, query, `SELECT "title", "published" FROM "Post"`)
	waitFor("Change detected: prisma/sql/titles.sql", 1)
	waitFor("Generated Prisma Client for Python", 2)
	close(watchStop)
	if code := <-done; code != 0 {
		t.Fatalf("exit %d", code)
	}
	if py := readFile(t, filepath.Join(root, "src", "lib", "prisma", "sql.py")); !strings.Contains(py, "    published: bool\n") {
		t.Errorf("the changed query was not regenerated:\n%s", py)
	}
}
