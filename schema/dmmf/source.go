package dmmf

import (
	"fmt"

	"github.com/caspian-prisma/caspian-prisma/schema"
	"github.com/caspian-prisma/caspian-prisma/schema/ast"
)

// source is the syntax tree of a schema's files, gathered in file order.
type source struct {
	files      []*ast.File
	models     []*ast.Model // models, then views, each in declaration order (Prisma's order)
	enums      []*ast.Enum
	configs    []*ast.Config
	configFile map[*ast.Config]string
	enumNames  map[string]bool
	datasource string // the datasource block's name: the prefix of @db.X attributes
}

// readSource parses the schema's files again. The schema was validated when
// it was built, so a syntax error here means the text and the model disagree.
func readSource(sch *schema.Schema) (*source, error) {
	files := sch.Files
	if len(files) == 0 {
		name := "schema.prisma"
		if sch.Datasource != nil && sch.Datasource.Pos.File != "" {
			name = sch.Datasource.Pos.File
		}
		files = []schema.File{{Name: name, Text: sch.Source}}
	}
	s := &source{configFile: map[*ast.Config]string{}, enumNames: map[string]bool{}, datasource: "db"}
	var views []*ast.Model
	for i, file := range files {
		f := ast.ParseIndexed(file.Text, file.Name, i)
		if len(f.Errors) > 0 {
			e := f.Errors[0]
			return nil, fmt.Errorf("dmmf: %s:%d:%d: %s", file.Name, e.Pos.Line, e.Pos.Col, e.Message)
		}
		views = append(views, s.add(f)...)
	}
	s.models = append(s.models, views...)
	return s, nil
}

// add gathers the blocks of f and returns its views, which go after every model.
func (s *source) add(f *ast.File) (views []*ast.Model) {
	s.files = append(s.files, f)
	for _, b := range f.Blocks {
		switch b := b.(type) {
		case *ast.Model:
			switch b.Keyword {
			case "model":
				s.models = append(s.models, b)
			case "view":
				views = append(views, b)
			}
		case *ast.Enum:
			s.enums = append(s.enums, b)
			s.enumNames[b.Name.Name] = true
		case *ast.Config:
			s.configs = append(s.configs, b)
			s.configFile[b] = f.Name
			if b.Keyword == "datasource" {
				s.datasource = b.Name.Name
			}
		}
	}
	return views
}
