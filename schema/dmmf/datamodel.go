package dmmf

import (
	"fmt"
	"strings"

	"github.com/caspian-prisma/caspian-prisma/schema"
	"github.com/caspian-prisma/caspian-prisma/schema/ast"
)

// Datamodel returns the `datamodel` JSON of Prisma's get_dmmf for a valid
// schema, compact, with JavaScript's number spelling.
func Datamodel(sch *schema.Schema) ([]byte, error) {
	v, err := DatamodelValue(sch)
	if err != nil {
		return nil, err
	}
	return Compact(v), nil
}

// DatamodelValue is Datamodel as an ordered tree, for callers that embed it
// in a larger document.
func DatamodelValue(sch *schema.Schema) (Object, error) {
	if sch == nil {
		return nil, fmt.Errorf("dmmf: no schema")
	}
	src, err := readSource(sch)
	if err != nil {
		return nil, err
	}
	b := &builder{src: src}
	enums := []any{}
	for _, e := range src.enums {
		enums = append(enums, b.enum(e))
	}
	models := []any{}
	indexes := []any{}
	for _, m := range src.models {
		if ignored(m.Attrs) {
			continue
		}
		models = append(models, b.model(m))
		indexes = append(indexes, b.indexes(m)...)
	}
	return obj(
		"enums", enums,
		"models", models,
		"types", []any{}, // composite types exist only on MongoDB
		"indexes", indexes,
	), nil
}

type builder struct {
	src *source
}

func (b *builder) enum(e *ast.Enum) Object {
	values := []any{}
	for _, v := range e.Values {
		if ignored(v.Attrs) {
			continue
		}
		o := obj("name", v.Name.Name, "dbName", mapName(v.Attrs))
		if v.Doc != "" {
			o = append(o, Member{"documentation", doc(v.Doc)})
		}
		values = append(values, o)
	}
	o := obj("name", e.Name.Name, "values", values, "dbName", mapName(e.Attrs))
	if e.Doc != "" {
		o = append(o, Member{"documentation", doc(e.Doc)})
	}
	return o
}

func (b *builder) model(m *ast.Model) Object {
	readOnly := foreignKeys(m)
	uniqueOne := map[string]bool{} // fields made unique by a one-field @@unique
	idOne := ""                    // the field of a one-field @@id
	uniqueFields := []any{}
	uniqueIndexes := []any{}
	var primaryKey any
	for _, a := range m.Attrs {
		if !a.Block {
			continue
		}
		switch a.Name.Name {
		case "unique":
			if a.Arg("where", -1) != nil {
				continue // a partial unique index identifies no record: not a unique criterion
			}
			fields := indexFieldNames(a)
			if len(fields) == 1 {
				uniqueOne[fields[0].(string)] = true
			}
			uniqueFields = append(uniqueFields, fields)
			uniqueIndexes = append(uniqueIndexes, obj("name", optString(a, "name", -1), "fields", fields))
		case "id":
			fields := indexFieldNames(a)
			if len(fields) == 1 {
				idOne = fields[0].(string)
			}
			primaryKey = obj("name", optString(a, "name", -1), "fields", fields)
		}
	}
	fields := []any{}
	for _, f := range m.Fields {
		if skipField(f) {
			continue
		}
		n := f.Name.Name
		fields = append(fields, b.field(m, f, readOnly[n], uniqueOne[n], idOne == n))
	}
	o := obj(
		"name", m.Name.Name,
		"dbName", mapName(m.Attrs),
		"schema", optString(ast.Attr(blockAttrs(m), "schema"), "map", 0),
		"fields", fields,
		"primaryKey", primaryKey,
		"uniqueFields", uniqueFields,
		"uniqueIndexes", uniqueIndexes,
		"isGenerated", false,
	)
	if m.Doc != "" {
		o = append(o, Member{"documentation", doc(m.Doc)})
	}
	return o
}

// field is one field. A field that is the primary key on its own is never
// also reported unique, even when it carries @unique.
func (b *builder) field(m *ast.Model, f *ast.Field, readOnly, uniqueByBlock, idByBlock bool) Object {
	name := f.Name.Name
	typ := f.Type.Name
	kind := "object"
	switch {
	case isScalar(typ):
		kind = "scalar"
	case b.src.enumNames[typ]:
		kind = "enum"
	}
	o := obj("name", name)
	if db := mapName(f.Attrs); db != nil {
		o = append(o, Member{"dbName", db})
	}
	def := ast.Attr(f.Attrs, "default")
	isID := ast.Attr(f.Attrs, "id") != nil || idByBlock
	o = append(o,
		Member{"kind", kind},
		Member{"isList", f.Arity == ast.List},
		Member{"isRequired", f.Arity != ast.Optional},
		Member{"isUnique", !isID && (ast.Attr(f.Attrs, "unique") != nil || uniqueByBlock)},
		Member{"isId", isID},
		Member{"isReadOnly", readOnly},
		Member{"hasDefaultValue", def != nil},
		Member{"type", typ},
		Member{"nativeType", b.nativeType(f)},
	)
	if def != nil {
		o = append(o, Member{"default", b.defaultValue(def, f, kind)})
	}
	if kind == "object" {
		o = append(o, b.relation(m, f)...)
	}
	o = append(o,
		Member{"isGenerated", false},
		Member{"isUpdatedAt", ast.Attr(f.Attrs, "updatedAt") != nil},
	)
	if f.Doc != "" {
		o = append(o, Member{"documentation", doc(f.Doc)})
	}
	return o
}

// relation is the relation part of an object field: its name (given, or
// Prisma's default from the two model names in sorted order), the foreign
// key fields as written (empty on the side without them), and the
// referential actions only when written.
func (b *builder) relation(m *ast.Model, f *ast.Field) Object {
	a := ast.Attr(f.Attrs, "relation")
	var name any
	from, to := []any{}, []any{}
	var onDelete, onUpdate any
	if a != nil {
		name = optString(a, "name", 0)
		from = nameList(a.Arg("fields", -1))
		to = nameList(a.Arg("references", -1))
		onDelete = constArg(a, "onDelete")
		onUpdate = constArg(a, "onUpdate")
	}
	if name == nil {
		x, y := m.Name.Name, f.Type.Name
		if y < x {
			x, y = y, x
		}
		name = x + "To" + y
	}
	o := obj("relationName", name, "relationFromFields", from, "relationToFields", to)
	if onDelete != nil {
		o = append(o, Member{"relationOnDelete", onDelete})
	}
	if onUpdate != nil {
		o = append(o, Member{"relationOnUpdate", onUpdate})
	}
	return o
}

// nativeType is ["VarChar", ["255"]] for @db.VarChar(255): the arguments as
// strings, as Prisma keeps them.
func (b *builder) nativeType(f *ast.Field) any {
	prefix := b.src.datasource + "."
	for _, a := range f.Attrs {
		if a.Block || len(a.Name.Name) <= len(prefix) || a.Name.Name[:len(prefix)] != prefix {
			continue
		}
		args := []any{}
		for _, arg := range a.Args {
			switch v := arg.Value.(type) {
			case *ast.NumberLit:
				args = append(args, v.Text)
			case *ast.StringLit:
				args = append(args, v.Value)
			case *ast.ConstExpr:
				args = append(args, v.Name)
			}
		}
		return []any{a.Name.Name[len(prefix):], args}
	}
	return nil
}

// doc is a `///` comment as Prisma reports it: each line without its
// leading blanks (the syntax tree keeps them for the formatter).
func doc(text string) string {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimLeft(l, " \t")
	}
	return strings.Join(lines, "\n")
}

// foreignKeys names the fields of m listed in a @relation(fields: [...]):
// Prisma marks them read-only because the relation writes them, even when
// the relation field itself is @ignore'd.
func foreignKeys(m *ast.Model) map[string]bool {
	out := map[string]bool{}
	for _, f := range m.Fields {
		a := ast.Attr(f.Attrs, "relation")
		if a == nil {
			continue
		}
		for _, n := range nameList(a.Arg("fields", -1)) {
			out[n.(string)] = true
		}
	}
	return out
}

// skipField reports fields Prisma leaves out of the DMMF: @ignore'd ones and
// Unsupported("...") ones, which no client can read or write.
func skipField(f *ast.Field) bool {
	return f.Type.Name == "Unsupported" || ignored(f.Attrs)
}

func ignored(attrs []*ast.Attribute) bool {
	return ast.Attr(attrs, "ignore") != nil
}

// blockAttrs are the model's @@ attributes.
func blockAttrs(m *ast.Model) []*ast.Attribute {
	out := make([]*ast.Attribute, 0, len(m.Attrs))
	for _, a := range m.Attrs {
		if a.Block {
			out = append(out, a)
		}
	}
	return out
}

// mapName is the @map / @@map name, or nil.
func mapName(attrs []*ast.Attribute) any {
	return optString(ast.Attr(attrs, "map"), "name", 0)
}

// optString is a string argument (named, or at position pos when pos >= 0)
// of a, or nil when a or the argument is absent.
func optString(a *ast.Attribute, name string, pos int) any {
	if a == nil {
		return nil
	}
	arg := a.Arg(name, pos)
	if arg == nil {
		return nil
	}
	if s, ok := arg.Value.(*ast.StringLit); ok {
		return s.Value
	}
	return nil
}

// constArg is a bare-word argument such as onDelete: Cascade, or nil.
func constArg(a *ast.Attribute, name string) any {
	arg := a.Arg(name, -1)
	if arg == nil {
		return nil
	}
	if c, ok := arg.Value.(*ast.ConstExpr); ok {
		return c.Name
	}
	return nil
}

// nameList reads [a, b] (or a single bare name) as field names.
func nameList(arg *ast.Arg) []any {
	out := []any{}
	if arg == nil {
		return out
	}
	elems := []ast.Expr{arg.Value}
	if arr, ok := arg.Value.(*ast.ArrayExpr); ok {
		elems = arr.Elems
	}
	for _, e := range elems {
		switch e := e.(type) {
		case *ast.ConstExpr:
			out = append(out, e.Name)
		case *ast.FuncCall:
			out = append(out, e.Name.Name)
		}
	}
	return out
}

func isScalar(typ string) bool {
	switch schema.ScalarType(typ) {
	case schema.String, schema.Boolean, schema.Int, schema.BigInt, schema.Float,
		schema.Decimal, schema.DateTime, schema.Json, schema.Bytes:
		return true
	}
	return false
}
