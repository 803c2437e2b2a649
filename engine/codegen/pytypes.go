package codegen

import (
	"strings"

	"github.com/caspian-prisma/caspian-prisma/schema"
)

// Python spellings of Prisma's scalar types. Outputs are what the engine
// returns (see the API contract's Types section); inputs are what it accepts.
var (
	outputType = map[schema.ScalarType]string{
		schema.String: "str", schema.Boolean: "bool", schema.Int: "int", schema.BigInt: "int",
		schema.Float: "float", schema.Decimal: "Decimal", schema.DateTime: "datetime",
		schema.Json: "Any", schema.Bytes: "bytes",
	}
	inputType = map[schema.ScalarType]string{
		schema.String: "str", schema.Boolean: "bool", schema.Int: "int", schema.BigInt: "int",
		schema.Float: "float", schema.Decimal: "DecimalInput", schema.DateTime: "DateTimeInput",
		schema.Json: "Json", schema.Bytes: "bytes",
	}
)

// runtimeTypeNames are the shared types caspian_prisma.types defines and the
// generated types.py re-exports (keep in step with its __all__).
var runtimeTypeNames = []string{
	"AnyNull", "BatchPayload", "BigIntFieldUpdateOperationsInput", "BigIntFilter", "BigIntListFilter", "BigIntListUpdateInput",
	"BoolFieldUpdateOperationsInput", "BoolFilter", "BooleanFieldUpdateOperationsInput", "BooleanFilter",
	"BooleanListFilter", "BooleanListUpdateInput", "BytesFieldUpdateOperationsInput", "BytesFilter",
	"BytesListFilter", "BytesListUpdateInput", "DateTimeFieldUpdateOperationsInput", "DateTimeFilter",
	"DateTimeInput", "DateTimeListFilter", "DateTimeListUpdateInput", "DbNull", "DecimalFieldUpdateOperationsInput",
	"DecimalFilter", "DecimalInput", "DecimalListFilter", "DecimalListUpdateInput",
	"FloatFieldUpdateOperationsInput", "FloatFilter", "FloatListFilter", "FloatListUpdateInput",
	"IntFieldUpdateOperationsInput", "IntFilter", "IntListFilter", "IntListUpdateInput", "Json",
	"JsonFieldUpdateOperationsInput", "JsonFilter", "JsonListFilter", "JsonListUpdateInput", "JsonNull", "NullSentinel", "NullsOrder",
	"OrderByRelationAggregateInput", "QueryMode", "RelationLoadStrategy", "SortOrder", "SortOrderInput", "StringFieldUpdateOperationsInput",
	"StringFilter", "StringListFilter", "StringListUpdateInput",
}

func isNumeric(t schema.ScalarType) bool {
	return t == schema.Int || t == schema.BigInt || t == schema.Float || t == schema.Decimal
}

func optional(t string, yes bool) string {
	if yes {
		return "Optional[" + t + "]"
	}
	return t
}

// union writes Union[...] of the non-empty parts, or the single part.
func union(parts ...string) string {
	var ps []string
	for _, p := range parts {
		if p != "" {
			ps = append(ps, p)
		}
	}
	if len(ps) == 1 {
		return ps[0]
	}
	return "Union[" + strings.Join(ps, ", ") + "]"
}

func listOf(t string) string { return "List[" + t + "]" }

func orNone(yes bool) string {
	if yes {
		return "None"
	}
	return ""
}

// fieldOutput is a model attribute's type: Optional for optional fields and
// for relations (absent unless included), List for lists.
func fieldOutput(f *schema.Field) string {
	var t string
	switch f.Kind {
	case schema.RelationField:
		t = f.Relation.Model.Name
		if f.List {
			t = listOf(t)
		}
		return optional(t, true)
	case schema.EnumField:
		t = f.TypeName
	default:
		t = outputType[f.Type]
	}
	if f.List {
		t = listOf(t)
	}
	return optional(t, f.Optional)
}

// scalarInput is the type a scalar or enum field accepts as a value.
func scalarInput(f *schema.Field) string {
	if f.Kind == schema.EnumField {
		return f.TypeName + "Input"
	}
	return inputType[f.Type]
}

// scalarOutput is the type of a scalar or enum field's value in results.
func scalarOutput(f *schema.Field) string {
	if f.Kind == schema.EnumField {
		return f.TypeName
	}
	return outputType[f.Type]
}

func filterName(f *schema.Field) string {
	if f.Kind == schema.EnumField {
		if f.List {
			return "Enum" + f.TypeName + "ListFilter"
		}
		return "Enum" + f.TypeName + "Filter"
	}
	if f.List {
		return string(f.Type) + "ListFilter"
	}
	return string(f.Type) + "Filter"
}

func updateOpsName(f *schema.Field) string {
	if f.Kind == schema.EnumField {
		if f.List {
			return "Enum" + f.TypeName + "ListUpdateInput"
		}
		return "Enum" + f.TypeName + "FieldUpdateOperationsInput"
	}
	if f.List {
		return string(f.Type) + "ListUpdateInput"
	}
	return string(f.Type) + "FieldUpdateOperationsInput"
}

// whereType is a field's type in <Model>WhereInput.
func whereType(f *schema.Field) string {
	switch {
	case f.Kind == schema.RelationField && f.List:
		return f.Relation.Model.Name + "ListRelationFilter"
	case f.Kind == schema.RelationField:
		r := f.Relation.Model.Name
		return union(r+"RelationFilter", r+"WhereInput", orNone(f.Optional))
	case f.List:
		return filterName(f)
	case f.Kind == schema.ScalarField && f.Type == schema.Json:
		return filterName(f)
	}
	return union(scalarInput(f), orNone(f.Optional), filterName(f))
}

// required marks a TypedDict key (of a total=False dict) as one that must
// be given.
func required(t string, yes bool) string {
	if yes {
		return "Required[" + t + "]"
	}
	return t
}

// requiredOnCreate reports whether a create input must give the field: a
// scalar without default that is not a foreign key. A foreign key is left
// optional because a nested write (“author: {'connect': ...}“) or the
// parent of a nested create may set it instead.
func requiredOnCreate(f *schema.Field) bool {
	if !f.Required() {
		return false
	}
	for _, r := range f.Model.Fields {
		if r.Kind != schema.RelationField {
			continue
		}
		for _, fk := range r.Relation.Fields {
			if fk == f.Name {
				return false
			}
		}
	}
	return true
}

// createType is a scalar field's type in <Model>CreateInput.
func createType(f *schema.Field) string {
	if f.List {
		return listOf(scalarInput(f))
	}
	return union(scalarInput(f), orNone(f.Optional))
}

// updateType is a scalar field's type in <Model>UpdateInput.
func updateType(f *schema.Field) string {
	if f.List {
		return union(listOf(scalarInput(f)), updateOpsName(f))
	}
	return union(scalarInput(f), orNone(f.Optional), updateOpsName(f))
}

// minMaxable reports whether _min/_max apply to the field.
func minMaxable(f *schema.Field) bool {
	return !f.List && f.Kind != schema.RelationField && (f.Kind == schema.EnumField || (f.Type != schema.Json && f.Type != schema.Bytes))
}

func summable(f *schema.Field) bool {
	return !f.List && f.Kind == schema.ScalarField && isNumeric(f.Type)
}

// avgOutput: averages are floats, except of Decimal fields.
func avgOutput(f *schema.Field) string {
	if f.Type == schema.Decimal {
		return "Decimal"
	}
	return "float"
}
