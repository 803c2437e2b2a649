package schema

import (
	"encoding/base64"
	"encoding/json"
	"strconv"
	"strings"
	"time"

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
		r.errAt(stAttrs, a.Span, "Error parsing attribute \"@default\": The `value` argument is missing.")
		return nil
	}
	for _, other := range a.Args {
		if other != arg && (other.Name == nil || other.Name.Name != "map") {
			r.errAt(stAttrs, other.Span, "Error parsing attribute \"@default\": No such argument.")
		}
	}
	if call, ok := arg.Value.(*ast.FuncCall); ok {
		return r.defaultFunc(call, f)
	}
	if f.List {
		arr, ok := arg.Value.(*ast.ArrayExpr)
		if !ok {
			r.errAt(stAttrs, arg.Span, "Error parsing attribute \"@default\": Expected an array value for the list field `"+f.Name+"`, but received "+exprKind(arg.Value)+".")
			return nil
		}
		vals := make([]any, 0, len(arr.Elems))
		for _, el := range arr.Elems {
			v, ok := r.literal(el, f)
			if !ok {
				return nil
			}
			vals = append(vals, v)
		}
		return &Default{Kind: DefaultLiteral, Value: vals}
	}
	v, ok := r.literal(arg.Value, f)
	if !ok {
		return nil
	}
	return &Default{Kind: DefaultLiteral, Value: v}
}

func (r *resolver) defaultErr(sp ast.Span, msg string) {
	r.errAt(stAttrs, sp, "Error parsing attribute \"@default\": "+msg)
}

// literal checks one literal default value against the field's type.
func (r *resolver) literal(e ast.Expr, f *Field) (any, bool) {
	at := e.ExprSpan()
	mismatch := func(want string) (any, bool) {
		r.defaultErr(at, "Expected "+want+", but received "+exprKind(e)+".")
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
	switch f.Type {
	case String:
		if s, ok := e.(*ast.StringLit); ok {
			return s.Value, true
		}
		return mismatch("a string value")
	case Int, BigInt:
		n, ok := e.(*ast.NumberLit)
		if !ok {
			return mismatch("a numeric value")
		}
		v, err := strconv.ParseInt(n.Text, 10, 64)
		if err != nil {
			r.defaultErr(at, "Expected an integer value, but received numeric value `"+n.Text+"`.")
			return nil, false
		}
		if f.Type == Int && (v > 1<<31-1 || v < -1<<31) {
			r.defaultErr(at, "The value `"+n.Text+"` is out of range for the type Int.")
			return nil, false
		}
		return v, true
	case Float:
		n, ok := e.(*ast.NumberLit)
		if !ok {
			return mismatch("a numeric value")
		}
		v, err := strconv.ParseFloat(n.Text, 64)
		if err != nil {
			return mismatch("a numeric value")
		}
		return v, true
	case Decimal:
		switch v := e.(type) {
		case *ast.NumberLit:
			return v.Text, true
		case *ast.StringLit:
			if _, err := strconv.ParseFloat(v.Value, 64); err == nil {
				return v.Value, true
			}
		}
		return mismatch("a numeric value")
	case Boolean:
		if c, ok := e.(*ast.ConstExpr); ok && (c.Name == "true" || c.Name == "false") {
			return c.Name == "true", true
		}
		return mismatch("a boolean value")
	case DateTime:
		s, ok := e.(*ast.StringLit)
		if !ok {
			return mismatch("a string value")
		}
		if _, err := time.Parse(time.RFC3339Nano, s.Value); err != nil {
			r.defaultErr(at, "Parse error: \""+s.Value+"\" is not a valid rfc3339 datetime string.")
			return nil, false
		}
		return s.Value, true
	case Json:
		s, ok := e.(*ast.StringLit)
		if !ok {
			return mismatch("a string value")
		}
		if !json.Valid([]byte(s.Value)) {
			r.defaultErr(at, "The default value of a Json field must be a valid JSON string.")
			return nil, false
		}
		return s.Value, true
	case Bytes:
		s, ok := e.(*ast.StringLit)
		if !ok {
			return mismatch("a string value")
		}
		if _, err := base64.StdEncoding.DecodeString(s.Value); err != nil {
			r.defaultErr(at, "Parse error: \""+s.Value+"\" is not a valid base64 string.")
			return nil, false
		}
		return s.Value, true
	}
	return mismatch("a value")
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
		if f.List {
			typ += "[]"
		}
		r.defaultErr(at, "The function `"+name+"()` cannot be used on fields of type `"+typ+"`.")
		return nil
	}
	isString := f.Kind == ScalarField && f.Type == String && !f.List
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
			r.defaultErr(call.Args[0].Span, "The argument of `"+name+"()` must be an integer.")
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
		r.defaultErr(call.Args[0].Span, "`"+name+"()` takes either no argument, or a single integer argument which is either "+strings.Join(strs, " or ")+".")
		return 0, false
	}
	noArgs := func() bool {
		if len(call.Args) > 0 {
			r.defaultErr(call.Args[0].Span, "The function `"+name+"()` takes no arguments.")
			return false
		}
		return true
	}
	switch name {
	case "autoincrement":
		if f.Kind != ScalarField || (f.Type != Int && f.Type != BigInt) || f.List {
			return cannot()
		}
		if !noArgs() {
			return nil
		}
		return &Default{Kind: DefaultAutoincrement}
	case "now":
		if f.Kind != ScalarField || f.Type != DateTime || f.List {
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
			r.defaultErr(call.Args[0].Span, "`nanoid()` takes either no argument, or a single integer argument >= 2.")
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
			r.defaultErr(call.Args[0].Span, "`dbgenerated()` takes a single String argument")
			return nil
		}
		if s.Value == "" {
			r.defaultErr(call.Args[0].Span, "dbgenerated() takes either no argument, or a single nonempty string argument.")
			return nil
		}
		d.Value = s.Value
		return d
	case "auto", "sequence":
		r.defaultErr(at, "The function `"+name+"()` is not supported by the "+r.provider+" connector.")
		return nil
	}
	r.defaultErr(at, "Unknown function in @default(): `"+name+"` is not known. You can read about the available functions here: https://pris.ly/d/attribute-functions")
	return nil
}
