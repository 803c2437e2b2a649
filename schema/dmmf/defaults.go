package dmmf

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/caspian-prisma/caspian-prisma/schema/ast"
)

// defaultValue is the DMMF form of @default(...): a function as
// {"name", "args"}, a literal in the canonical JSON form of the field's type,
// a list default as an array of those.
func (b *builder) defaultValue(a *ast.Attribute, f *ast.Field, kind string) any {
	arg := a.Arg("value", 0)
	if arg == nil {
		return nil
	}
	return literal(arg.Value, f.Type.Name, kind)
}

func literal(e ast.Expr, typ, kind string) any {
	switch e := e.(type) {
	case *ast.FuncCall:
		return function(e)
	case *ast.ArrayExpr:
		out := make([]any, 0, len(e.Elems))
		for _, el := range e.Elems {
			out = append(out, literal(el, typ, kind))
		}
		return out
	case *ast.ConstExpr:
		switch {
		case kind == "enum":
			return e.Name
		case e.Name == "true":
			return true
		case e.Name == "false":
			return false
		}
		return e.Name
	case *ast.NumberLit:
		return number(e.Text, typ)
	case *ast.StringLit:
		switch typ {
		case "DateTime":
			return dateTime(e.Value)
		case "Decimal", "Float":
			if f, ok := decimalFloat(e.Value).(float64); ok {
				return f
			}
		}
		return e.Value
	}
	return nil
}

// number spells a numeric literal for the field type: BigInt as a string
// (JavaScript numbers cannot hold every 64-bit integer), Int as an integer,
// Float and Decimal as a JavaScript number.
func number(text, typ string) any {
	switch typ {
	case "BigInt":
		if i, err := strconv.ParseInt(text, 10, 64); err == nil {
			return strconv.FormatInt(i, 10)
		}
		return text
	case "Int":
		if i, err := strconv.ParseInt(text, 10, 64); err == nil {
			return i
		}
	}
	return decimalFloat(text)
}

// decimalFloat converts a decimal literal to a float the way Prisma does
// (its BigDecimal to f64): the digits as an integer times 10^-scale, which
// is why 99.99 comes out as 99.99000000000001, exactly as in get_dmmf.
func decimalFloat(text string) any {
	sign := 1.0
	t := text
	if strings.HasPrefix(t, "-") {
		sign, t = -1, t[1:]
	}
	whole, frac, _ := strings.Cut(t, ".")
	digits, err := strconv.ParseFloat(whole+frac, 64)
	if err != nil || strings.ContainsAny(t, "eE") {
		if f, err := strconv.ParseFloat(text, 64); err == nil {
			return f
		}
		return text
	}
	return sign * digits * math.Pow10(-len(frac))
}

// function is a default function with its arguments; cuid() and uuid() are
// spelled with their implied version, as Prisma stores them.
func function(c *ast.FuncCall) Object {
	args := []any{}
	for _, a := range c.Args {
		switch v := a.Value.(type) {
		case *ast.NumberLit:
			args = append(args, number(v.Text, "Int"))
		case *ast.StringLit:
			args = append(args, v.Value)
		case *ast.ConstExpr:
			args = append(args, v.Name)
		}
	}
	if len(args) == 0 {
		switch c.Name.Name {
		case "cuid":
			args = append(args, int64(1))
		case "uuid":
			args = append(args, int64(4))
		}
	}
	return obj("name", c.Name.Name, "args", args)
}

// dateTime is an RFC 3339 default in the form Rust's chrono prints it:
// the written offset kept ("Z" becomes "+00:00") and fractional seconds in
// groups of three digits, only when not zero.
func dateTime(s string) string {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return s
	}
	layout := "2006-01-02T15:04:05"
	switch ns := t.Nanosecond(); {
	case ns == 0:
	case ns%1_000_000 == 0:
		layout += ".000"
	case ns%1_000 == 0:
		layout += ".000000"
	default:
		layout += ".000000000"
	}
	return t.Format(layout + "-07:00")
}
