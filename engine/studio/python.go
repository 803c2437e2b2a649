package studio

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/caspian-prisma/caspian-prisma/schema"
)

// PythonCall is the client call that asks for what args asks, ready to
// paste into a Caspian app: `await prisma.user.find_many(where={...}, ...)`.
// The accessor is the model name with its first letter lowered, as the
// generated client names it; arguments are the client's keyword names, one
// a line.
func PythonCall(m *schema.Model, method string, args map[string]any) string {
	var b strings.Builder
	writeCall(&b, "prisma", m.Name, method, args, "\n    ", ",\n")
	return b.String()
}

// PythonBatch is a batch.execute's ops as client code: one call, or a
// transaction block when there are several (the studio saves them in one).
func PythonBatch(reqs []any) string {
	var b strings.Builder
	recv, indent := "prisma", ""
	if len(reqs) > 1 {
		b.WriteString("async with prisma.tx() as tx:\n")
		recv, indent = "tx", "    "
	}
	for _, r := range reqs {
		req, _ := r.(map[string]any)
		model, _ := req["model"].(string)
		action, _ := req["action"].(string)
		args, _ := req["args"].(map[string]any)
		b.WriteString(indent)
		writeCall(&b, recv, model, action, args, "", "")
		b.WriteString("\n")
	}
	return b.String()
}

// callKeys are the arguments a call shows, in the order Prisma documents them.
var callKeys = []string{"where", "data", "include", "orderBy", "take", "skip"}

// writeCall writes `await recv.model.method(k=v, ...)`, each argument
// after sep and a closing tail when there are arguments.
func writeCall(b *strings.Builder, recv, model, method string, args map[string]any, sep, tail string) {
	fmt.Fprintf(b, "await %s.%s.%s(", recv, lowerFirst(model), pyMethod(method))
	n := 0
	for _, k := range callKeys {
		v, ok := args[k]
		if !ok {
			continue
		}
		if n > 0 {
			b.WriteString(",")
			if sep == "" {
				b.WriteString(" ")
			}
		}
		b.WriteString(sep)
		b.WriteString(pyKwarg(k))
		b.WriteString("=")
		writePy(b, v)
		n++
	}
	if n > 0 {
		b.WriteString(tail)
	}
	b.WriteString(")")
}

// pyMethod is the client's name of a Prisma action: findMany -> find_many.
func pyMethod(action string) string {
	var b strings.Builder
	for _, r := range action {
		if unicode.IsUpper(r) {
			b.WriteByte('_')
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// pyKwarg is the client's keyword for Prisma's argument k.
func pyKwarg(k string) string {
	if k == "orderBy" {
		return "order_by"
	}
	return k
}

// writePy writes v as a Python literal: dict keys sorted, strings quoted.
func writePy(b *strings.Builder, v any) {
	switch t := v.(type) {
	case nil:
		b.WriteString("None")
	case bool:
		if t {
			b.WriteString("True")
		} else {
			b.WriteString("False")
		}
	case int64:
		b.WriteString(strconv.FormatInt(t, 10))
	case int:
		b.WriteString(strconv.Itoa(t))
	case float64:
		switch {
		case math.IsInf(t, 1):
			b.WriteString("float('inf')")
		case math.IsInf(t, -1):
			b.WriteString("float('-inf')")
		case math.IsNaN(t):
			b.WriteString("float('nan')")
		default:
			s := strconv.FormatFloat(t, 'g', -1, 64)
			if !strings.ContainsAny(s, ".eEn") {
				s += ".0"
			}
			b.WriteString(s)
		}
	case string:
		b.WriteString(pyString(t))
	case []any:
		b.WriteString("[")
		for i, x := range t {
			if i > 0 {
				b.WriteString(", ")
			}
			writePy(b, x)
		}
		b.WriteString("]")
	case map[string]any:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		b.WriteString("{")
		for i, k := range keys {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(pyString(k))
			b.WriteString(": ")
			writePy(b, t[k])
		}
		b.WriteString("}")
	default:
		b.WriteString(pyString(fmt.Sprint(t)))
	}
}

// pyString quotes s as Python's repr does for the common case: single
// quotes unless s holds one and no double quote; escapes are the ones
// Python and Go share (\n, \t, \xhh, \uhhhh, \Uhhhhhhhh).
func pyString(s string) string {
	q := byte('\'')
	if strings.ContainsRune(s, '\'') && !strings.ContainsRune(s, '"') {
		q = '"'
	}
	var b strings.Builder
	b.WriteByte(q)
	for _, r := range s {
		switch {
		case r == rune(q) || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == utf8.RuneError || !unicode.IsPrint(r):
			switch {
			case r < 0x100:
				fmt.Fprintf(&b, `\x%02x`, r)
			case r < 0x10000:
				fmt.Fprintf(&b, `\u%04x`, r)
			default:
				fmt.Fprintf(&b, `\U%08x`, r)
			}
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte(q)
	return b.String()
}

func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToLower(r)) + s[n:]
}
