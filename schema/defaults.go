package schema

import (
	"encoding/base64"
	"strconv"
	"strings"

	"github.com/caspian-prisma/caspian-prisma/schema/ast"
)

// parseDefault reads @default(value) for a scalar or enum field and checks
// the value against the field type, with Prisma's wording.
//
// Literal values are stored as: String, DateTime, Json, Bytes (base64) and
// Decimal as string (Decimal keeps its literal text, no float rounding);
// Int and BigInt as int64; Float as float64; Boolean as bool; an enum value
// as its name; list defaults as []any of those.
func (r *resolver) parseDefault(a *ast.Attribute, f *Field) *Default {
	arg := a.Arg("value", 0)
	if arg == nil {
		r.errAt(stAttrs, a.Span, "Argument \"value\" is missing.")
		return nil
	}
	for _, other := range a.Args {
		if other != arg && (other.Name == nil || other.Name.Name != "map") {
			r.errAt(stAttrs, other.Span, "No such argument.")
		}
	}
	if f.Unsupported != "" {
		if call, ok := arg.Value.(*ast.FuncCall); ok && call.Name.Name == "dbgenerated" {
			return r.defaultFunc(call, f)
		}
		r.defaultErr(a.Span, "Only @default(dbgenerated(\"...\")) can be used for Unsupported types.")
		return nil
	}
	if call, ok := arg.Value.(*ast.FuncCall); ok {
		if f.Kind == EnumField && call.Name.Name != "dbgenerated" {
			// Prisma reads an enum default as a value first: only
			// dbgenerated() is a function it knows there.
			r.defaultErr(call.Span, "Expected an enum value, but found `"+exprText(call)+"`.")
			return nil
		}
		return r.defaultFunc(call, f)
	}
	if f.List {
		arr, ok := arg.Value.(*ast.ArrayExpr)
		if !ok {
			r.defaultErr(a.Span, "The default value of a list field must be a list.")
			return nil
		}
		vals := make([]any, 0, len(arr.Elems))
		for _, el := range arr.Elems {
			v, ok := r.literal(a, el, f)
			if !ok {
				return nil
			}
			vals = append(vals, v)
		}
		return &Default{Kind: DefaultLiteral, Value: vals}
	}
	v, ok := r.literal(a, arg.Value, f)
	if !ok {
		return nil
	}
	return &Default{Kind: DefaultLiteral, Value: v}
}

func (r *resolver) defaultErr(sp ast.Span, msg string) {
	r.errAt(stAttrs, sp, "Error parsing attribute \"@default\": "+msg)
}

// defaultParseErr reports a literal of the right kind whose content does not
// parse; Prisma finds these in its validation pass.
func (r *resolver) defaultParseErr(sp ast.Span, msg string) {
	r.verr(rkDefault, r.fieldOff, sp, "Error parsing attribute \"@default\": "+msg)
}

// literal checks one literal default value against the field's type.
func (r *resolver) literal(a *ast.Attribute, e ast.Expr, f *Field) (any, bool) {
	at := a.Span
	mismatch := func(want string) (any, bool) {
		r.defaultErr(at, "Expected "+want+", but found `"+exprText(e)+"`.")
		return nil, false
	}
	if f.Kind == EnumField {
		c, ok := e.(*ast.ConstExpr)
		if !ok {
			return mismatch("an enum value")
		}
		for _, v := range f.Enum.Values {
			if v.Name == c.Name {
				return c.Name, true
			}
		}
		r.defaultErr(at, "The defined default value `"+c.Name+"` is not a valid value of the enum specified for the field.")
		return nil, false
	}
	want := "a " + string(f.Type) + " value"
	if s, ok := e.(*ast.StringLit); ok && s.BadEscape {
		return s.Value, true // already reported
	}
	switch f.Type {
	case String:
		if s, ok := e.(*ast.StringLit); ok {
			return s.Value, true
		}
		return mismatch(want)
	case Int, BigInt:
		n, ok := e.(*ast.NumberLit)
		if !ok {
			return mismatch(want)
		}
		v, err := strconv.ParseInt(n.Text, 10, 64)
		if err != nil {
			r.defaultParseErr(at, "Parse error: \""+n.Text+"\" is not a valid integer. (invalid digit found in string)")
			return nil, false
		}
		return v, true
	case Float:
		n, ok := e.(*ast.NumberLit)
		if !ok {
			return mismatch(want)
		}
		v, err := strconv.ParseFloat(n.Text, 64)
		if err != nil {
			return mismatch(want)
		}
		return v, true
	case Decimal:
		switch v := e.(type) {
		case *ast.NumberLit:
			return v.Text, true
		case *ast.StringLit:
			if !validDecimal(v.Value) {
				r.verr(rkDefault, r.fieldOff, at, "Error parsing attribute \"default\": Parse error: \""+v.Value+"\" is not a valid decimal. (invalid digit found in string)")
				return nil, false
			}
			return v.Value, true
		}
		return mismatch(want)
	case Boolean:
		if c, ok := e.(*ast.ConstExpr); ok {
			if c.Name == "true" || c.Name == "false" {
				return c.Name == "true", true
			}
			r.defaultErr(at, "A boolean literal must be `true` or `false`.")
			return nil, false
		}
		return mismatch(want)
	case DateTime:
		s, ok := e.(*ast.StringLit)
		if !ok {
			return mismatch(want)
		}
		if why := rfc3339Error(s.Value); why != "" {
			r.defaultParseErr(at, "Parse error: \""+s.Value+"\" is not a valid rfc3339 datetime string. ("+why+")")
			return nil, false
		}
		return s.Value, true
	case Json:
		s, ok := e.(*ast.StringLit)
		if !ok {
			return mismatch(want)
		}
		if why := jsonError(s.Value); why != "" {
			r.defaultParseErr(at, "Parse error: \""+s.Value+"\" is not a valid JSON string. ("+why+")")
			return nil, false
		}
		return s.Value, true
	case Bytes:
		s, ok := e.(*ast.StringLit)
		if !ok {
			return mismatch(want)
		}
		if _, err := base64.StdEncoding.DecodeString(s.Value); err != nil {
			r.defaultParseErr(at, "Parse error: \""+s.Value+"\" is not a valid base64 string. (Could not convert from `base64 encoded bytes` to `PrismaValue::Bytes`)")
			return nil, false
		}
		return s.Value, true
	}
	return mismatch(want)
}

func validDecimal(s string) bool {
	_, err := strconv.ParseFloat(s, 64)
	return err == nil && !strings.ContainsAny(s, "eEinfINFxX")
}

// defaultFunc handles the generator functions of @default.
func (r *resolver) defaultFunc(call *ast.FuncCall, f *Field) *Default {
	at := call.Span
	name := call.Name.Name
	cannot := func() *Default {
		typ := string(f.Type)
		if f.Kind == EnumField {
			typ = f.Enum.Name
		}
		r.defaultErr(at, "The function `"+name+"()` cannot be used on fields of type `"+typ+"`.")
		return nil
	}
	// Prisma checks the base type only: a list of the right type passes.
	isString := f.Kind == ScalarField && f.Type == String
	intArg := func(allowed ...int) (int, bool) {
		if len(call.Args) == 0 {
			return 0, true
		}
		if len(call.Args) > 1 {
			r.defaultErr(at, "The function `"+name+"()` takes at most one argument.")
			return 0, false
		}
		n, ok := call.Args[0].Value.(*ast.NumberLit)
		v, err := 0, error(nil)
		if ok {
			v, err = strconv.Atoi(n.Text)
		}
		if !ok || err != nil {
			r.defaultErr(at, "`"+name+"()` takes a single Int argument.")
			return 0, false
		}
		if len(allowed) == 0 {
			return v, true
		}
		for _, a := range allowed {
			if v == a {
				return v, true
			}
		}
		strs := make([]string, len(allowed))
		for i, a := range allowed {
			strs[i] = strconv.Itoa(a)
		}
		r.defaultErr(at, "`"+name+"()` takes either no argument, or a single integer argument which is either "+strings.Join(strs, " or ")+".")
		return 0, false
	}
	noArgs := func() bool {
		if len(call.Args) > 0 {
			r.defaultErr(at, "The `"+name+"` function does not take any argument. Consider changing this default to `"+name+"()`.")
			return false
		}
		return true
	}
	switch name {
	case "autoincrement":
		if f.Kind != ScalarField || (f.Type != Int && f.Type != BigInt) {
			return cannot()
		}
		if !noArgs() {
			return nil
		}
		return &Default{Kind: DefaultAutoincrement}
	case "now":
		if f.Kind != ScalarField || f.Type != DateTime {
			return cannot()
		}
		if !noArgs() {
			return nil
		}
		return &Default{Kind: DefaultNow}
	case "cuid":
		if !isString {
			return cannot()
		}
		v, ok := intArg(1, 2)
		if !ok {
			return nil
		}
		if v == 0 {
			v = 1
		}
		return &Default{Kind: DefaultCuid, Arg: v}
	case "uuid":
		if !isString {
			return cannot()
		}
		v, ok := intArg(4, 7)
		if !ok {
			return nil
		}
		if v == 0 {
			v = 4
		}
		return &Default{Kind: DefaultUUID, Arg: v}
	case "nanoid":
		if !isString {
			return cannot()
		}
		v, ok := intArg()
		if !ok {
			return nil
		}
		if len(call.Args) > 0 && (v < 2 || v > 255) {
			r.defaultErr(at, "`nanoid()` takes either no argument, or a single integer argument between 2 and 255.")
			return nil
		}
		return &Default{Kind: DefaultNanoid, Arg: v}
	case "ulid":
		if !isString {
			return cannot()
		}
		if !noArgs() {
			return nil
		}
		return &Default{Kind: DefaultUlid}
	case "dbgenerated":
		d := &Default{Kind: DefaultDbGenerated, Value: ""}
		if len(call.Args) == 0 {
			return d
		}
		s, ok := call.Args[0].Value.(*ast.StringLit)
		if !ok || len(call.Args) > 1 {
			r.defaultErr(at, "`dbgenerated()` takes a single String argument")
			return nil
		}
		if s.Value == "" {
			r.defaultErr(at, "dbgenerated() takes either no argument, or a single nonempty string argument.")
			return nil
		}
		d.Value = s.Value
		return d
	case "auto":
		// MongoDB's; Prisma knows the function and refuses it later.
		r.verr(rkDefault, r.fieldOff, at, "Error parsing attribute \"@default\": The current connector does not support the `auto()` function.")
		return nil
	}
	// sequence() is CockroachDB's: for the others it is unknown.
	r.verr(rkUnknownFunc, 0, at, "Unknown function in @default(): `"+name+"` is not known. You can read about the available functions here: https://pris.ly/d/attribute-functions")
	return nil
}
