package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestInit(t *testing.T) {
	root := t.TempDir()
	env := map[string]string{}
	expect(t, ppy(t, root, env, "init"), 0, "Your Prisma schema was created at prisma/schema.prisma", "Next steps:")
	schemaText := readFile(t, filepath.Join(root, "prisma", "schema.prisma"))
	if !strings.Contains(schemaText, "datasource db {\n  provider = \"sqlite\"\n}") || strings.Contains(schemaText, "url") && !strings.Contains(schemaText, "// The database URL") {
		t.Errorf("schema:\n%s", schemaText)
	}
	if got := readFile(t, filepath.Join(root, ".env")); !strings.Contains(got, `DATABASE_URL="file:./prisma/dev.db"`) {
		t.Errorf(".env:\n%s", got)
	}
	if got := readFile(t, filepath.Join(root, ".gitignore")); got != ".env\nprisma/*.db\nprisma/*.db-journal\n" {
		t.Errorf(".gitignore:\n%q", got)
	}
	// The written config is clean and names the keys.
	r := ppy(t, root, env, "validate")
	expect(t, r, 0, "Loaded Prisma config from prisma.config.ts.", "is valid")
	if strings.Contains(r.errOut, "warn") {
		t.Errorf("warnings for the config init wrote:\n%s", r.errOut)
	}
	// A second init refuses.
	expect(t, ppy(t, root, env, "init"), 1, "File prisma/schema.prisma already exists in your project.")

	// An existing .env keeps its DATABASE_URL; one without gets it appended;
	// .gitignore lines are added once.
	root = t.TempDir()
	write(t, filepath.Join(root, ".env"), "DATABASE_URL=\"postgresql://me@db/keep\"\n")
	write(t, filepath.Join(root, ".gitignore"), "node_modules\n.env")
	expect(t, ppy(t, root, env, "init", "--datasource-provider", "postgresql"), 0, "already exists in .env")
	if got := readFile(t, filepath.Join(root, ".env")); got != "DATABASE_URL=\"postgresql://me@db/keep\"\n" {
		t.Errorf(".env overwritten:\n%s", got)
	}
	if got := readFile(t, filepath.Join(root, ".gitignore")); got != "node_modules\n.env" {
		t.Errorf(".gitignore:\n%q", got)
	}
	if got := readFile(t, filepath.Join(root, "prisma", "schema.prisma")); !strings.Contains(got, `provider = "postgresql"`) {
		t.Errorf("schema:\n%s", got)
	}
	root = t.TempDir()
	write(t, filepath.Join(root, ".env"), "OTHER=1")
	expect(t, ppy(t, root, env, "init", "--url", "mysql://u:secret@h:3306/app"), 0, "mysql://u:****@h:3306/app")
	if got := readFile(t, filepath.Join(root, ".env")); !strings.HasPrefix(got, "OTHER=1\n\n#") || !strings.HasSuffix(got, "DATABASE_URL=\"mysql://u:secret@h:3306/app\"\n") {
		t.Errorf(".env:\n%s", got)
	}
	if got := readFile(t, filepath.Join(root, "prisma", "schema.prisma")); !strings.Contains(got, `provider = "mysql"`) {
		t.Errorf("schema:\n%s", got)
	}
	expect(t, ppy(t, t.TempDir(), env, "init", "--datasource-provider", "sqlite", "--url", "postgresql://h/db"), 1, "does not match")
	expect(t, ppy(t, t.TempDir(), env, "init", "--datasource-provider", "mongodb"), 2, `Provider "mongodb" is invalid`)

	// --output writes a generator block that generate follows.
	root = t.TempDir()
	expect(t, ppy(t, root, env, "init", "--output", "app/db"), 0)
	write(t, filepath.Join(root, "prisma", "schema.prisma"), readFile(t, filepath.Join(root, "prisma", "schema.prisma"))+"\nmodel User {\n  id Int @id\n}\n")
	expect(t, ppy(t, root, env, "generate"), 0, "./app/db", "from app.db.db import prisma")
	if !exists(filepath.Join(root, "app", "db", "db.py")) {
		t.Errorf("no client in app/db")
	}
}

// seedProject is a SQLite project whose seed is the shell script seed.sh
// (migrations.seed, no shell in between), which appends its arguments to
// seeded.txt.
func seedProject(t *testing.T, autoRun string) (string, map[string]string) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("shell scripts")
	}
	root := t.TempDir()
	cfg := `export default { migrations: { seed: "sh ./seed.sh from-config" }`
	if autoRun != "" {
		cfg += `, seed: { autoRun: ` + autoRun + ` }`
	}
	write(t, filepath.Join(root, "prisma.config.ts"), cfg+" }\n")
	write(t, filepath.Join(root, "seed.sh"), "echo \"seeding $*\"\necho \"$*\" >> seeded.txt\n[ -z \"$SEED_FAIL\" ] || { echo boom >&2; exit 3; }\n")
	write(t, filepath.Join(root, "prisma", "schema.prisma"), "datasource db {\n  provider = \"sqlite\"\n}\n\nmodel User {\n  id Int @id\n}\n")
	return root, map[string]string{"DATABASE_URL": "file:./prisma/dev.db", "PATH": os.Getenv("PATH")}
}

func seeded(t *testing.T, root string) string {
	b, _ := os.ReadFile(filepath.Join(root, "seeded.txt"))
	return string(b)
}

func TestDBSeedCommand(t *testing.T) {
	root, env := seedProject(t, "")
	expect(t, ppy(t, root, env, "db", "seed", "--", "a", "b"), 0,
		"Running seed command `sh ./seed.sh from-config a b` ...", "seeding from-config a b", "🌱  The seed command has been executed.")
	if got := seeded(t, root); got != "from-config a b\n" {
		t.Errorf("seeded.txt: %q", got)
	}
	env["SEED_FAIL"] = "1"
	r := ppy(t, root, env, "db", "seed")
	expect(t, r, 1, "boom", "An error occurred while running the seed command:\nError: Command failed with exit code 3: sh ./seed.sh from-config")
	if strings.Contains(r.out, "has been executed") {
		t.Errorf("success printed after a failure:\n%s", r.out)
	}
	// Nothing configured: Prisma's message, exit 0.
	empty := t.TempDir()
	expect(t, ppy(t, empty, env, "db", "seed"), 0, "⚠️ No seed command configured", `import: "./prisma/seed.py"`)
	// A program that is not on PATH.
	write(t, filepath.Join(empty, "prisma.config.ts"), `export default { migrations: { seed: "no-such-seeder x" } }`)
	expect(t, ppy(t, empty, env, "db", "seed"), 1, "no-such-seeder is not on PATH")
	// A .ts seed without Node says how to port it.
	write(t, filepath.Join(empty, "prisma.config.ts"), `export default { seed: { import: "./prisma/seed.ts" } }`)
	write(t, filepath.Join(empty, "prisma", "seed.ts"), "console.log(1)\n")
	expect(t, ppy(t, empty, map[string]string{"PATH": t.TempDir()}, "db", "seed"), 1, "needs Node.js (tsx)", "prisma/seed.py", "from src.lib.prisma.db import prisma")
	write(t, filepath.Join(empty, "prisma.config.ts"), `export default { seed: { import: "./prisma/missing.py" } }`)
	expect(t, ppy(t, empty, env, "db", "seed"), 1, "The seed file prisma/missing.py (seed.import in prisma.config.ts) does not exist")
	// Unknown keys are warnings; a malformed config is an error with its line.
	write(t, filepath.Join(empty, "prisma.config.ts"), "export default {\n  sead: {},\n}\n")
	expect(t, ppy(t, empty, env, "db", "seed"), 0, "warn prisma.config.ts:2: unknown key `sead`")
	write(t, filepath.Join(empty, "prisma.config.ts"), "export default {\n  seed: { import: \"./x.py\" ,\n\n")
	expect(t, ppy(t, empty, env, "db", "seed"), 1, "prisma.config.ts:2: the `{` opened on this line is never closed")
}

func TestDBSeedPython(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("no python3")
	}
	repoPython, _ := filepath.Abs(filepath.Join("..", "..", "python"))
	root := t.TempDir()
	write(t, filepath.Join(root, "prisma.config.ts"), `export default { seed: { import: "./prisma/seed.py" } }`)
	write(t, filepath.Join(root, "lib", "__init__.py"), "")
	write(t, filepath.Join(root, "lib", "data.py"), "NAMES = ['ada', 'bob']\n")
	// Imports from the root; main() is awaited by the runner, once.
	write(t, filepath.Join(root, "prisma", "seed.py"), `import sys
from lib.data import NAMES

async def main():
    print("main", NAMES, sys.argv[1:], flush=True)
`)
	env := map[string]string{"PPY_PYTHON": python, "PYTHONPATH": repoPython, "PATH": os.Getenv("PATH")}
	r := ppy(t, filepath.Join(root, "prisma"), env, "db", "seed", "--", "x")
	expect(t, r, 0, "main ['ada', 'bob'] ['x']", "The seed command has been executed.")
	if strings.Count(r.out, "main [") != 1 {
		t.Errorf("main ran %d times:\n%s", strings.Count(r.out, "main ["), r.out)
	}
	// A seed that runs itself is not run twice.
	write(t, filepath.Join(root, "prisma", "seed.py"), `import asyncio

async def main():
    print("self-run", flush=True)

if __name__ == "__main__":
    asyncio.run(main())
`)
	r = ppy(t, root, env, "db", "seed")
	expect(t, r, 0, "self-run")
	if strings.Count(r.out, "self-run") != 1 {
		t.Errorf("main ran %d times:\n%s", strings.Count(r.out, "self-run"), r.out)
	}
	write(t, filepath.Join(root, "prisma", "seed.py"), "raise SystemExit('seed broke')\n")
	expect(t, ppy(t, root, env, "db", "seed"), 1, "seed broke", "An error occurred while running the seed command:")
}

func TestAutoRunSeed(t *testing.T) {
	// autoRun true: migrate dev seeds the database it created, not later;
	// reset seeds unless --skip-seed or PRISMA_MIGRATE_SKIP_SEED.
	root, env := seedProject(t, "true")
	expect(t, ppy(t, root, env, "migrate", "dev", "--name", "init"), 0, "SQLite database dev.db created", "Running seed command `sh ./seed.sh from-config` ...", "The seed command has been executed.")
	write(t, filepath.Join(root, "prisma", "schema.prisma"), "datasource db {\n  provider = \"sqlite\"\n}\n\nmodel User {\n  id Int @id\n  name String?\n}\n")
	expect(t, ppy(t, root, env, "migrate", "dev", "--name", "two"), 0)
	if got := seeded(t, root); got != "from-config\n" {
		t.Fatalf("after two migrate dev: %q", got)
	}
	expect(t, ppy(t, root, env, "migrate", "reset", "--force"), 0, "Database reset successful", "The seed command has been executed.")
	expect(t, ppy(t, root, env, "migrate", "reset", "--force", "--skip-seed"), 0)
	env["PRISMA_MIGRATE_SKIP_SEED"] = "1"
	expect(t, ppy(t, root, env, "migrate", "reset", "--force"), 0)
	delete(env, "PRISMA_MIGRATE_SKIP_SEED")
	if got := seeded(t, root); got != "from-config\nfrom-config\n" {
		t.Fatalf("after resets: %q", got)
	}
	// --skip-seed on the migrate dev that creates the database.
	os.Remove(filepath.Join(root, "prisma", "dev.db"))
	expect(t, ppy(t, root, env, "migrate", "dev", "--skip-seed"), 0, "created")
	if got := seeded(t, root); got != "from-config\nfrom-config\n" {
		t.Fatalf("after migrate dev --skip-seed: %q", got)
	}
	// A failing seed fails reset.
	env["SEED_FAIL"] = "1"
	expect(t, ppy(t, root, env, "migrate", "reset", "--force"), 1, "An error occurred while running the seed command:")

	// autoRun false or absent: never by itself.
	for _, auto := range []string{"false", ""} {
		root, env := seedProject(t, auto)
		expect(t, ppy(t, root, env, "migrate", "dev", "--name", "init"), 0, "created")
		expect(t, ppy(t, root, env, "migrate", "reset", "--force"), 0)
		if got := seeded(t, root); got != "" {
			t.Errorf("autoRun %q seeded: %q", auto, got)
		}
	}
}
