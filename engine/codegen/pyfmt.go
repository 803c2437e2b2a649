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
	text := format
	if len(args) > 0 {
		text = fmt.Sprintf(format, args...)
	}
	for _, l := range wrap(w.indent, text) {
		w.b.WriteString(l)
		w.b.WriteString("\n")
	}
}

// raw writes one line at the current indent, never wrapped (docstrings).
func (w *pyWriter) raw(text string) {
	if text == "" {
		w.b.WriteString("\n")
		return
	}
	w.b.WriteString(strings.Repeat("    ", w.indent) + text + "\n")
}

// maxLine is black's default line length.
const maxLine = 88

// wrap splits a too-long line as black does: at the brackets that close at
// the end of the line (the "right-hand split"), the content on one indented
// line if it fits, else one comma-separated item per line with a trailing comma.
func wrap(indent int, text string) []string {
	pad := strings.Repeat("    ", indent)
	if len(pad)+len(text) <= maxLine || strings.HasPrefix(text, "#") || strings.HasPrefix(text, `"""`) {
		return []string{pad + text}
	}
	open, close := lastBracketPair(text)
	if open < 0 || close-open <= 1 {
		return []string{pad + text}
	}
	head, body, tail := text[:open+1], strings.TrimSpace(text[open+1:close]), text[close:]
	var out []string
	out = append(out, pad+head)
	items := splitTopLevel(body)
	inner := strings.Repeat("    ", indent+1)
	if len(inner)+len(body) <= maxLine && !strings.HasSuffix(body, ",") {
		out = append(out, inner+body)
	} else {
		for _, it := range items {
			out = append(out, wrap(indent+1, it+",")...)
		}
	}
	return append(out, pad+tail)
}

// lastBracketPair finds the bracket pair whose closing bracket is the last
// one on the line, ignoring brackets inside string literals.
func lastBracketPair(s string) (int, int) {
	var stack []int
	lastOpen, lastClose := -1, -1
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == '\\' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '(' || c == '[' || c == '{':
			stack = append(stack, i)
		case c == ')' || c == ']' || c == '}':
			if len(stack) > 0 {
				lastOpen, lastClose = stack[len(stack)-1], i
				stack = stack[:len(stack)-1]
			}
		}
	}
	return lastOpen, lastClose
}

// splitTopLevel splits at commas outside brackets and strings.
func splitTopLevel(s string) []string {
	var out []string
	depth, start := 0, 0
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == '\\' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '(' || c == '[' || c == '{':
			depth++
		case c == ')' || c == ']' || c == '}':
			depth--
		case c == ',' && depth == 0:
			if p := strings.TrimSpace(s[start:i]); p != "" {
				out = append(out, p)
			}
			start = i + 1
		}
	}
	if p := strings.TrimSpace(s[start:]); p != "" {
		out = append(out, p)
	}
	return out
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
		w.raw(`"""` + text + `"""`)
		return
	}
	w.raw(`"""` + lines[0])
	for _, l := range lines[1:] {
		w.raw(strings.TrimRight(l, " \t"))
	}
	w.raw(`"""`)
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
