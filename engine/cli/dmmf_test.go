package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDMMFToStdout(t *testing.T) {
	root := newProject(t, pageSchema)
	res := ppy(t, root, nil, "dmmf")
	if res.code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", res.code, res.out, res.errOut)
	}
	if !strings.HasPrefix(res.out, "{\n  \"datamodel\": {\n    \"enums\": [],\n    \"models\": [\n") {
		t.Fatalf("stdout does not start with the datamodel:\n%.300s", res.out)
	}
	var doc struct {
		Datamodel struct {
			Models []struct {
				Name   string
				Fields []struct {
					Name         string
					Kind         string
					IsReadOnly   bool
					RelationName string
					Default      any
				}
			}
		}
		Datasources []map[string]any
		Generators  []map[string]any
	}
	if err := json.Unmarshal([]byte(res.out), &doc); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, res.out)
	}
	if len(doc.Datamodel.Models) != 2 || doc.Datamodel.Models[1].Name != "Post" {
		t.Fatalf("models: %+v", doc.Datamodel.Models)
	}
	post := doc.Datamodel.Models[1].Fields
	if post[3].Name != "authorId" || !post[3].IsReadOnly || post[4].RelationName != "PostToUser" {
		t.Errorf("Post fields: %+v", post)
	}
	if len(doc.Datasources) != 1 || doc.Datasources[0]["activeProvider"] != "sqlite" ||
		doc.Datasources[0]["sourceFilePath"] != "prisma/schema.prisma" {
		t.Errorf("datasources: %v", doc.Datasources)
	}
	if len(doc.Generators) != 0 {
		t.Errorf("generators: %v", doc.Generators)
	}
	if !strings.Contains(res.errOut, "Prisma schema loaded from prisma/schema.prisma") {
		t.Errorf("stderr: %s", res.errOut)
	}
}

func TestDMMFToFile(t *testing.T) {
	root := newProject(t, pageSchema)
	want := ppy(t, root, nil, "dmmf").out
	res := ppy(t, root, nil, "dmmf", "--schema", "prisma/schema.prisma", "--output", "settings/prisma-schema.json")
	if res.code != 0 || res.out != "" {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", res.code, res.out, res.errOut)
	}
	got, err := os.ReadFile(filepath.Join(root, "settings", "prisma-schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("file differs from stdout output")
	}
	if !strings.Contains(res.errOut, "settings/prisma-schema.json") {
		t.Errorf("stderr: %s", res.errOut)
	}
}

func TestDMMFRefusesInvalidSchema(t *testing.T) {
	root := newProject(t, strings.Replace(pageSchema, "String   @unique", "Strin   @unique", 1))
	res := ppy(t, root, nil, "dmmf")
	if res.code != 1 || res.out != "" {
		t.Fatalf("exit %d, stdout %q", res.code, res.out)
	}
	if !strings.Contains(res.errOut, "Strin") || !strings.Contains(res.errOut, "Validation Error Count: 1") ||
		!strings.Contains(res.errOut, "-->  prisma/schema.prisma:") || !strings.Contains(res.errOut, "Error code: P1012") {
		t.Errorf("stderr:\n%s", res.errOut)
	}
}

func TestDMMFHelp(t *testing.T) {
	res := ppy(t, t.TempDir(), nil, "dmmf", "--help")
	if res.code != 0 || !strings.Contains(res.out, "--output FILE") {
		t.Errorf("exit %d\n%s", res.code, res.out)
	}
	if res := ppy(t, t.TempDir(), nil, "--help"); !strings.Contains(res.out, "dmmf") {
		t.Errorf("main help does not list dmmf:\n%s", res.out)
	}
}

// A folder schema: every .prisma file in it, each named in sourceFilePath.
func TestDMMFFolderSchema(t *testing.T) {
	root := t.TempDir()
	head, models, _ := strings.Cut(pageSchema, "model User")
	write(t, filepath.Join(root, "prisma", "schema", "main.prisma"), head+"generator client {\n  provider = \"caspian-prisma\"\n}\n")
	write(t, filepath.Join(root, "prisma", "schema", "models", "user.prisma"), "model User"+models)
	res := ppy(t, root, nil, "dmmf", "--schema", "prisma/schema")
	if res.code != 0 {
		t.Fatalf("exit %d\nstderr:\n%s", res.code, res.errOut)
	}
	var doc struct {
		Datamodel               struct{ Models []struct{ Name string } }
		Datasources, Generators []struct{ SourceFilePath string }
	}
	if err := json.Unmarshal([]byte(res.out), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Datamodel.Models) != 2 || doc.Datasources[0].SourceFilePath != "prisma/schema/main.prisma" ||
		doc.Generators[0].SourceFilePath != "prisma/schema/main.prisma" {
		t.Errorf("got %+v\n%s", doc, res.out)
	}
}
