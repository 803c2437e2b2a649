package schema

import (
	"strconv"
	"strings"

	"github.com/caspian-prisma/caspian-prisma/schema/ast"
)

// nativeType describes one @db.X type of a provider: the scalar types it
// can store and the integer arguments it takes.
type nativeType struct {
	types []ScalarType
	// args: "" none; "n" one required; "n?" one optional; "p,s?" zero or two.
	args string
	// check validates the argument values; it returns Prisma's message.
	check func(name string, vals []int, f *Field) string
}

func nt(args string, types ...ScalarType) nativeType { return nativeType{types: types, args: args} }

func rangeCheck(provider string, min, max int, text string) func(string, []int, *Field) string {
	return func(name string, vals []int, _ *Field) string {
		if len(vals) > 0 && (vals[0] < min || vals[0] > max) {
			return "Argument M is out of range for native type `" + name + "(" + strconv.Itoa(vals[0]) + ")` of " + provider + ": M can range from " + strconv.Itoa(min) + " to " + text + "."
		}
		return ""
	}
}

var postgresTime = rangeCheck("Postgres", 0, 6, "6")

// mysqlDecimal checks DECIMAL's precision, which MySQL limits to 65.
// https://dev.mysql.com/doc/refman/8.0/en/fixed-point-types.html
func mysqlDecimal(name string, vals []int, _ *Field) string {
	if len(vals) == 0 || (vals[0] >= 1 && vals[0] <= 65) {
		return ""
	}
	strs := make([]string, len(vals))
	for i, v := range vals {
		strs[i] = strconv.Itoa(v)
	}
	return "Argument M is out of range for native type `" + name + "(" + strings.Join(strs, ",") + ")` of MySQL: Precision can range from 1 to 65."
}

var nativeTypes = map[string]map[string]nativeType{
	PostgreSQL: {
		"SmallInt": nt("", Int), "Integer": nt("", Int), "Oid": nt("", Int),
		"BigInt":  nt("", BigInt),
		"Decimal": nt("p,s?", Decimal), "Money": nt("", Decimal),
		"Real": nt("", Float), "DoublePrecision": nt("", Float),
		"Inet": nt("", String), "Citext": nt("", String), "Text": nt("", String), "Uuid": nt("", String), "Xml": nt("", String),
		"VarChar": nt("n?", String), "Char": nt("n?", String), "Bit": nt("n?", String), "VarBit": nt("n?", String),
		"ByteA":       nt("", Bytes),
		"Timestamp":   {types: []ScalarType{DateTime}, args: "n?", check: postgresTime},
		"Timestamptz": {types: []ScalarType{DateTime}, args: "n?", check: postgresTime},
		"Time":        {types: []ScalarType{DateTime}, args: "n?", check: postgresTime},
		"Timetz":      {types: []ScalarType{DateTime}, args: "n?", check: postgresTime},
		"Date":        nt("", DateTime),
		"Boolean":     nt("", Boolean),
		"Json":        nt("", Json), "JsonB": nt("", Json),
	},
	MySQL: {
		"Int": nt("", Int), "UnsignedInt": nt("", Int), "SmallInt": nt("", Int), "UnsignedSmallInt": nt("", Int),
		"TinyInt": nt("", Boolean, Int), "UnsignedTinyInt": nt("", Int), "MediumInt": nt("", Int), "UnsignedMediumInt": nt("", Int),
		"Year":   nt("", Int),
		"BigInt": nt("", BigInt), "UnsignedBigInt": nt("", BigInt),
		"Decimal": {types: []ScalarType{Decimal}, args: "p,s?", check: mysqlDecimal},
		"Float":   nt("", Float), "Double": nt("", Float),
		"Bit": {types: []ScalarType{Boolean, Bytes}, args: "n", check: func(name string, vals []int, f *Field) string {
			if vals[0] < 1 || vals[0] > 64 {
				return "Argument M is out of range for native type `Bit(" + strconv.Itoa(vals[0]) + ")` of MySQL: M can range from 1 to 64."
			}
			if f.Type == Boolean && vals[0] != 1 {
				return "Argument M is out of range for native type `Bit(" + strconv.Itoa(vals[0]) + ")` of MySQL: only Bit(1) can be used as Boolean."
			}
			return ""
		}},
		"Char":     {types: []ScalarType{String}, args: "n", check: rangeCheck("MySQL", 0, 255, "255")},
		"VarChar":  {types: []ScalarType{String}, args: "n", check: rangeCheck("MySQL", 0, 65535, "65,535")},
		"TinyText": nt("", String), "Text": nt("", String), "MediumText": nt("", String), "LongText": nt("", String),
		"Binary": nt("n", Bytes), "VarBinary": nt("n", Bytes),
		"TinyBlob": nt("", Bytes), "Blob": nt("", Bytes), "MediumBlob": nt("", Bytes), "LongBlob": nt("", Bytes),
		"Date": nt("", DateTime), "Time": nt("n?", DateTime), "DateTime": nt("n?", DateTime), "Timestamp": nt("n?", DateTime),
		"Json": nt("", Json),
	},
}

// nativeTypeAttr finds the native type attribute of a field: `@<ds>.Type`
// where <ds> is the datasource's name.
func (r *resolver) nativeTypeAttr(fn *ast.Field) *ast.Attribute {
	for _, a := range fn.Attrs {
		if strings.Contains(a.Name.Name, ".") {
			return a
		}
	}
	return nil
}

// checkNativeType validates a field's @db.X attribute against the provider.
func (r *resolver) checkNativeType(f *Field, a *ast.Attribute) {
	prefix, name, _ := strings.Cut(a.Name.Name, ".")
	ds := "db"
	if r.s.Datasource != nil {
		ds = r.s.Datasource.Name
	}
	if prefix != ds {
		r.verr(rkNative, r.fieldOff, a.Span, "The prefix "+prefix+" is invalid. It must be equal to the name of an existing datasource e.g. "+ds+". Did you mean to use "+ds+"."+name+"?")
		return
	}
	if f.Unsupported != "" {
		// Prisma has no native types for them: the attribute is unknown.
		r.unknownFieldAttr(a)
		return
	}
	if f.Kind == RelationField {
		return
	}
	types := nativeTypes[r.provider]
	t, ok := types[name]
	if !ok {
		prov := r.provider
		if prov == "" {
			return
		}
		r.verr(rkNative, r.fieldOff, a.Span, "Native type "+name+" is not supported for "+prov+" connector.")
		return
	}
	if f.Kind == EnumField || !hasType(t.types, f.Type) {
		declared := string(f.Type)
		if f.Kind == EnumField {
			declared = f.TypeName
		}
		want := make([]string, len(t.types))
		for i, st := range t.types {
			want[i] = string(st)
		}
		r.verr(rkNative, r.fieldOff, a.Span, "Native type "+name+" is not compatible with declared field type "+declared+", expected field type "+strings.Join(want, " or ")+".")
		return
	}
	var raw []string
	for _, arg := range a.Args {
		raw = append(raw, exprText(arg.Value))
	}
	rawText := "(" + strings.Join(raw, ", ") + ")"
	ints := func() ([]int, bool) {
		var out []int
		for _, arg := range a.Args {
			n, ok := arg.Value.(*ast.NumberLit)
			if !ok || arg.Name != nil {
				return nil, false
			}
			v, err := strconv.Atoi(n.Text)
			if err != nil || v < 0 {
				return nil, false
			}
			out = append(out, v)
		}
		return out, true
	}
	var vals []int
	switch t.args {
	case "":
		if len(a.Args) != 0 {
			r.verr(rkNative, r.fieldOff, a.Span, "Function \""+name+"\" takes 0 arguments, but received "+strconv.Itoa(len(a.Args))+".")
			return
		}
	case "n":
		if len(a.Args) != 1 {
			r.verr(rkNative, r.fieldOff, a.Span, "Function \""+name+"\" takes 1 arguments, but received "+strconv.Itoa(len(a.Args))+".")
			return
		}
		v, ok := ints()
		if !ok {
			r.verr(rkNative, r.fieldOff, a.Span, "Expected a nonnegative integer, but found "+rawText+".")
			return
		}
		vals = v
	case "n?":
		if len(a.Args) > 1 {
			r.verr(rkNative, r.fieldOff, a.Span, "Native type "+name+" takes 1 optional arguments, but received "+strconv.Itoa(len(a.Args))+".")
			return
		}
		v, ok := ints()
		if !ok {
			r.verr(rkNative, r.fieldOff, a.Span, "Expected a nonnegative integer, but found "+rawText+".")
			return
		}
		vals = v
	case "p,s?":
		if len(a.Args) > 2 {
			r.verr(rkNative, r.fieldOff, a.Span, "Native type "+name+" takes 2 optional arguments, but received "+strconv.Itoa(len(a.Args))+".")
			return
		}
		v, ok := ints()
		if !ok || len(v) == 1 {
			r.verr(rkNative, r.fieldOff, a.Span, "Expected two nonnegative integers, but found "+rawText+".")
			return
		}
		vals = v
	}
	if t.check != nil && len(vals) > 0 {
		if msg := t.check(name, vals, f); msg != "" {
			r.verr(rkNative, r.fieldOff, a.Span, msg)
		}
	}
}

func hasType(ts []ScalarType, t ScalarType) bool {
	for _, x := range ts {
		if x == t {
			return true
		}
	}
	return false
}
