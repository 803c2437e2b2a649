package codegen

import (
	"fmt"

	"github.com/caspian-prisma/caspian-prisma/schema"
)

// writeTypes emits a model's create and update inputs. The inputs of nested
// creates come twice: as the model's own (PostCreateInput, for a top-level
// create), and once per relation field b of the model "without" it
// (PostCreateWithoutAuthorInput, what User.posts' nested create takes): the
// parent supplies b and its foreign keys, so they are left out, as Prisma's
// own client does.
func (g *gen) writeTypes(m *schema.Model, emit emitFn) {
	n := m.Name
	var update, updateMany []tdField
	for _, f := range m.Fields {
		if f.Kind == schema.RelationField {
			r := f.Relation.Model.Name
			if f.List {
				update = append(update, tdField{Key: f.Name, Type: nestedName(r, "UpdateManyNested", f.Relation.Back)})
			} else {
				update = append(update, tdField{Key: f.Name, Type: nestedName(r, "UpdateOneNested", f.Relation.Back)})
			}
			continue
		}
		update = append(update, tdField{Key: f.Name, Type: updateType(f), Doc: f.Doc})
		updateMany = append(updateMany, tdField{Key: f.Name, Type: updateType(f)})
	}
	g.createTypes(m, nil, emit)
	for _, b := range m.Fields {
		if b.Kind == schema.RelationField {
			g.createTypes(m, b, emit)
		}
	}

	emit(n+"UpdateInput", fmt.Sprintf("Changes to a %s: values, atomic number operations and nested writes on relations.", n), update, false)
	emit(n+"UpdateManyMutationInput", fmt.Sprintf("Changes applied by update_many to every matching %s: scalar fields only.", n), updateMany, false)
	emit(n+"UpsertInput", fmt.Sprintf("``upsert(data=...)``: what to create if no %s matches, else what to update.", n), []tdField{
		{Key: "create", Type: n + "CreateInput"},
		{Key: "update", Type: n + "UpdateInput"},
	}, false)
	emit(n+"UpdateWithWhereUniqueInput", fmt.Sprintf("Nested update of one related %s.", n), []tdField{
		{Key: "where", Type: n + "WhereUniqueInput"},
		{Key: "data", Type: n + "UpdateInput"},
	}, false)
	emit(n+"UpdateManyWithWhereInput", fmt.Sprintf("Nested update of the related %s records matching where.", n), []tdField{
		{Key: "where", Type: n + "WhereInput"},
		{Key: "data", Type: n + "UpdateManyMutationInput"},
	}, false)
}

// nestedName is the name of one of model's create-side input types (kind:
// "Create", "CreateNestedMany", ...), without the relation field b when b
// is not nil: PostCreateNestedManyWithoutAuthorInput.
func nestedName(model, kind string, b *schema.Field) string {
	if b == nil {
		return model + kind + "Input"
	}
	return model + kind + "Without" + upperFirst(b.Name) + "Input"
}

// createTypes emits the create inputs of m and the nested writes that carry
// them, leaving out the relation field without (and its foreign keys) when
// it is not nil.
func (g *gen) createTypes(m *schema.Model, without *schema.Field, emit emitFn) {
	n := m.Name
	name := func(kind string) string { return nestedName(n, kind, without) }
	skip := map[string]bool{}
	whose, what := "", "scalar fields (foreign keys included) and nested writes on relations"
	if without != nil {
		skip[without.Name] = true
		for _, fk := range without.Relation.Fields {
			skip[fk] = true
		}
		whose = fmt.Sprintf(" created through its %s relation", without.Name)
		what = fmt.Sprintf("%s and its foreign keys are set by the parent, the rest as in %sCreateInput", without.Name, n)
	}
	var create, createMany []tdField
	for _, f := range m.Fields {
		if skip[f.Name] {
			continue
		}
		if f.Kind == schema.RelationField {
			r := f.Relation.Model.Name
			if f.List {
				create = append(create, tdField{Key: f.Name, Type: nestedName(r, "CreateNestedMany", f.Relation.Back)})
			} else {
				create = append(create, tdField{Key: f.Name, Type: nestedName(r, "CreateNestedOne", f.Relation.Back)})
			}
			continue
		}
		create = append(create, tdField{Key: f.Name, Type: required(createType(f), requiredOnCreate(f)), Doc: f.Doc})
		createMany = append(createMany, tdField{Key: f.Name, Type: required(createType(f), requiredOnCreate(f))})
	}
	emit(name("Create"), fmt.Sprintf("The data of a new %s%s: %s.", n, whose, what), create, false)
	emit(name("CreateMany"), fmt.Sprintf("One %s of create_many%s: scalar fields only.", n, whose), createMany, false)
	emit(name("CreateOrConnect"), fmt.Sprintf("Connect the %s found by where, or create it.", n), []tdField{
		{Key: "where", Type: n + "WhereUniqueInput"},
		{Key: "create", Type: name("Create")},
	}, false)
	emit(name("CreateManyNested"), fmt.Sprintf("Nested createMany of %s records.", n), withAliases([]tdField{
		{Key: "data", Type: union(name("CreateMany"), listOf(name("CreateMany")))},
		{Key: "skipDuplicates", Type: "bool"},
	}), false)
	emit(name("CreateNestedOne"), fmt.Sprintf("Nested write on a to-one %s relation when creating.", n), withAliases([]tdField{
		{Key: "create", Type: name("Create")},
		{Key: "connectOrCreate", Type: name("CreateOrConnect")},
		{Key: "connect", Type: n + "WhereUniqueInput"},
	}), false)
	emit(name("CreateNestedMany"), fmt.Sprintf("Nested write on a to-many %s relation when creating.", n), withAliases([]tdField{
		{Key: "create", Type: union(name("Create"), listOf(name("Create")))},
		{Key: "connectOrCreate", Type: union(name("CreateOrConnect"), listOf(name("CreateOrConnect")))},
		{Key: "createMany", Type: name("CreateManyNested")},
		{Key: "connect", Type: union(n+"WhereUniqueInput", listOf(n+"WhereUniqueInput"))},
	}), false)
	emit(name("UpsertWithWhereUnique"), fmt.Sprintf("Nested upsert of one related %s.", n), []tdField{
		{Key: "where", Type: n + "WhereUniqueInput"},
		{Key: "create", Type: name("Create")},
		{Key: "update", Type: n + "UpdateInput"},
	}, false)
	emit(name("UpsertNestedOne"), fmt.Sprintf("Nested upsert on a to-one %s relation.", n), []tdField{
		{Key: "where", Type: n + "WhereInput"},
		{Key: "create", Type: name("Create")},
		{Key: "update", Type: n + "UpdateInput"},
	}, false)
	emit(name("UpdateOneNested"), fmt.Sprintf("Nested write on a to-one %s relation when updating.", n), withAliases([]tdField{
		{Key: "create", Type: name("Create")},
		{Key: "connectOrCreate", Type: name("CreateOrConnect")},
		{Key: "connect", Type: n + "WhereUniqueInput"},
		{Key: "disconnect", Type: union("bool", n+"WhereInput")},
		{Key: "delete", Type: union("bool", n+"WhereInput")},
		{Key: "update", Type: union(n+"UpdateInput", n+"UpdateWithWhereUniqueInput")},
		{Key: "upsert", Type: name("UpsertNestedOne")},
	}), false)
	many := func(t string) string { return union(t, listOf(t)) }
	emit(name("UpdateManyNested"), fmt.Sprintf("Nested write on a to-many %s relation when updating.", n), withAliases([]tdField{
		{Key: "create", Type: many(name("Create"))},
		{Key: "connectOrCreate", Type: many(name("CreateOrConnect"))},
		{Key: "createMany", Type: name("CreateManyNested")},
		{Key: "connect", Type: many(n + "WhereUniqueInput")},
		{Key: "set", Type: many(n + "WhereUniqueInput")},
		{Key: "disconnect", Type: many(n + "WhereUniqueInput")},
		{Key: "delete", Type: many(n + "WhereUniqueInput")},
		{Key: "update", Type: many(n + "UpdateWithWhereUniqueInput")},
		{Key: "updateMany", Type: many(n + "UpdateManyWithWhereInput")},
		{Key: "deleteMany", Type: many(n + "WhereInput")},
		{Key: "upsert", Type: many(name("UpsertWithWhereUnique"))},
	}), false)
}
