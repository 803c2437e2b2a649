package codegen

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// pyWriter builds one Python file, formatted as black would (4-space
// indents, double quotes, two blank lines between top-level definitions).
type pyWriter struct {
	b      strings.Builder
	indent int
}

func (w *pyWriter) line(format string, args ...any) {
	if format == "" {
		w.b.WriteString("\n")
		return
	}
	w.b.WriteString(strings.Repeat("    ", w.indent))
	if len(args) == 0 {
		w.b.WriteString(format)
	} else {
		fmt.Fprintf(&w.b, format, args...)
	}
	w.b.WriteString("\n")
}

func (w *pyWriter) in()  { w.indent++ }
func (w *pyWriter) out() { w.indent-- }

// docstring writes a """docstring""" at the current indent.
func (w *pyWriter) docstring(text string) {
	text = strings.TrimSpace(text)
	if text == "" {
		return
	}
	text = strings.ReplaceAll(text, `\`, `\\`)
	text = strings.ReplaceAll(text, `"""`, `\"\"\"`)
	if strings.HasSuffix(text, `"`) {
		text += " "
	}
	lines := strings.Split(text, "\n")
	if len(lines) == 1 {
		w.line(`"""%s"""`, text)
		return
	}
	w.line(`"""%s`, lines[0])
	for _, l := range lines[1:] {
		if strings.TrimSpace(l) == "" {
			w.line("")
		} else {
			w.line("%s", strings.TrimRight(l, " \t"))
		}
	}
	w.line(`"""`)
}

func (w *pyWriter) String() string { return w.b.String() }

// pyStr is a Python string literal (double-quoted; Go's escapes are valid Python).
func pyStr(s string) string { return strconv.Quote(s) }

// pyKeywords are the names Python's grammar reserves; a schema field named
// like one cannot be a class attribute or a class-syntax TypedDict key.
var pyKeywords = map[string]bool{
	"False": true, "None": true, "True": true, "and": true, "as": true, "assert": true, "async": true,
	"await": true, "break": true, "class": true, "continue": true, "def": true, "del": true, "elif": true,
	"else": true, "except": true, "finally": true, "for": true, "from": true, "global": true, "if": true,
	"import": true, "in": true, "is": true, "lambda": true, "nonlocal": true, "not": true, "or": true,
	"pass": true, "raise": true, "return": true, "try": true, "while": true, "with": true, "yield": true,
}

var identRe = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// isPyName reports whether s can be written as a Python attribute name.
func isPyName(s string) bool { return identRe.MatchString(s) && !pyKeywords[s] }

func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToLower(r)) + s[n:]
}

func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

func toLower(s string) string { return strings.ToLower(s) }

// pascal joins the parts of a compound key name: "label_a" -> "LabelA".
func pascal(s string) string {
	var b strings.Builder
	for _, p := range strings.Split(s, "_") {
		b.WriteString(upperFirst(p))
	}
	return b.String()
}

// tdField is one key of a TypedDict.
type tdField struct {
	Key  string
	Type string
	Doc  string
}

// typedDict writes a TypedDict: class syntax (with a docstring) when every key
// is a Python name, else the functional syntax, whose types are quoted because
// they are evaluated at import time and may refer to later definitions.
func (w *pyWriter) typedDict(name, doc string, fields []tdField, total bool) {
	classForm := true
	for _, f := range fields {
		if !isPyName(f.Key) {
			classForm = false
		}
	}
	totalArg := ""
	if !total {
		totalArg = ", total=False"
	}
	if classForm {
		w.line("class %s(TypedDict%s):", name, totalArg)
		w.in()
		w.docstring(doc)
		if len(fields) > 0 {
			w.line("")
		}
		for _, f := range fields {
			w.line("%s: %s", f.Key, f.Type)
			if f.Doc != "" {
				w.docstring(f.Doc)
			}
		}
		w.out()
		return
	}
	w.line("%s = TypedDict(", name)
	w.in()
	w.line("%s,", pyStr(name))
	w.line("{")
	w.in()
	for _, f := range fields {
		w.line("%s: %s,", pyStr(f.Key), pyStr(f.Type))
	}
	w.out()
	w.line("},")
	if !total {
		w.line("total=False,")
	}
	w.out()
	w.line(")")
	// Sphinx reads a string right after an assignment as its docstring.
	w.docstring(doc)
}

// usedNames returns which of names occur as whole words in body, sorted.
func usedNames(body string, names ...string) []string {
	var out []string
	for _, n := range names {
		if regexp.MustCompile(`\b` + regexp.QuoteMeta(n) + `\b`).MatchString(body) {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

// importLine is `from mod import a, b` or "" when names is empty.
func importLine(mod string, names []string) string {
	if len(names) == 0 {
		return ""
	}
	one := fmt.Sprintf("from %s import %s\n", mod, strings.Join(names, ", "))
	if len(one) <= 89 {
		return one
	}
	return fmt.Sprintf("from %s import (\n    %s,\n)\n", mod, strings.Join(names, ",\n    "))
}

// allList writes __all__ = [...] one name per line.
func (w *pyWriter) allList(names []string) {
	w.line("__all__ = [")
	w.in()
	for _, n := range names {
		w.line("%s,", pyStr(n))
	}
	w.out()
	w.line("]")
}
