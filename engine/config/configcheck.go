package config

import (
	"fmt"
	"sort"
	"strings"
)

// knownKeys are the keys of prisma.config.ts that Prisma (6 and 7) or
// Caspian define; a nil entry takes any nested key.
var knownKeys = map[string]map[string]bool{
	"schema":       {},
	"datasource":   {"url": true, "shadowDatabaseUrl": true, "directUrl": true},
	"migrations":   {"path": true, "seed": true, "initShadowDb": true},
	"seed":         {"import": true, "autoRun": true}, // Caspian
	"client":       {"logLevel": true},                // Caspian
	"tables":       nil,
	"enums":        nil,
	"views":        nil,
	"typedSql":     nil,
	"experimental": nil,
	"adapter":      nil,
	"engine":       nil,
	"studio":       nil,
	"earlyAccess":  nil,
	"extensions":   nil,
}

// LogLevels are the values of client.logLevel, most verbose first.
var LogLevels = []string{"query", "info", "warn", "error"}

// CheckConfig reads prisma.config.ts as ParseConfig does and says what it
// could not use. A file that is not well-formed (an unterminated string or
// comment, a bracket that is never closed or closes the wrong one) is an
// error naming its line; keys that neither Prisma nor Caspian define, known
// keys with a value of the wrong kind and an export ppy cannot read are
// warnings, each starting with "<name>:<line>: ".
func CheckConfig(src, root, name string) (*File, []string, error) {
	toks := tokenize(src)
	if err := checkSyntax(toks, name); err != nil {
		return nil, nil, err
	}
	f := ParseConfig(src, root)
	var warns []string
	warn := func(line int, format string, args ...any) {
		at := name
		if line > 0 {
			at = fmt.Sprintf("%s:%d", name, line)
		}
		warns = append(warns, at+": "+fmt.Sprintf(format, args...))
	}
	obj, ok := parseExport(toks, root).(map[string]any)
	if !ok {
		if strings.TrimSpace(src) != "" {
			warn(0, "ppy found no `export default { ... }` object it can read (a literal, defineConfig({ ... }) or a const holding one); its settings are ignored")
		}
		return f, warns, nil
	}
	line := func(m map[string]any, k string) int { n, _ := m[lineKey+k].(int); return n }
	for _, k := range keysOf(obj) {
		sub, known := knownKeys[k]
		if !known {
			warn(line(obj, k), "unknown key `%s` (ppy ignores it)", k)
			continue
		}
		inner, isObj := obj[k].(map[string]any)
		if sub == nil || len(sub) == 0 {
			continue
		}
		if !isObj {
			if _, present := obj[k]; present {
				warn(line(obj, k), "`%s` must be an object", k)
			}
			continue
		}
		for _, ik := range keysOf(inner) {
			if !sub[ik] {
				warn(line(inner, ik), "unknown key `%s.%s` (ppy ignores it)", k, ik)
			}
		}
	}
	typed := func(path []string, want string, ok func(any) bool) {
		parent, _ := get(obj, path[:len(path)-1]...).(map[string]any)
		if parent == nil {
			return
		}
		last := path[len(path)-1]
		v, present := parent[last]
		if present && v != nil && !ok(v) {
			warn(line(parent, last), "`%s` must be %s; ppy ignores this value", strings.Join(path, "."), want)
		}
	}
	isString := func(v any) bool { _, ok := v.(string); return ok }
	isURL := func(v any) bool { _, s := v.(string); _, e := v.(envRef); return s || e }
	typed([]string{"schema"}, "a path string", isString)
	typed([]string{"migrations", "path"}, "a path string", isString)
	typed([]string{"migrations", "seed"}, "a command string", isString)
	typed([]string{"seed", "import"}, "a path string", isString)
	typed([]string{"seed", "autoRun"}, "true or false", func(v any) bool { _, ok := v.(bool); return ok })
	typed([]string{"datasource", "url"}, `a string or env("NAME")`, isURL)
	typed([]string{"datasource", "shadowDatabaseUrl"}, `a string or env("NAME")`, isURL)
	validLevel := func(v any) bool {
		s, _ := v.(string)
		for _, l := range LogLevels {
			if strings.EqualFold(s, l) {
				return true
			}
		}
		return false
	}
	typed([]string{"client", "logLevel"}, `one of "query", "info", "warn", "error"`, validLevel)
	if validLevel(f.LogLevel) {
		f.LogLevel = strings.ToLower(f.LogLevel)
	} else {
		f.LogLevel = ""
	}
	return f, warns, nil
}

func keysOf(m map[string]any) []string {
	var out []string
	for k := range m {
		if !strings.HasPrefix(k, lineKey) {
			out = append(out, k)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		li, _ := m[lineKey+out[i]].(int)
		lj, _ := m[lineKey+out[j]].(int)
		if li != lj {
			return li < lj
		}
		return out[i] < out[j]
	})
	return out
}

// checkSyntax finds what makes a file unreadable: unterminated strings and
// block comments, and brackets that do not pair up.
func checkSyntax(toks []token, name string) error {
	type open struct {
		text string
		line int
	}
	var stack []open
	pairs := map[string]string{")": "(", "]": "[", "}": "{"}
	for i, t := range toks {
		switch {
		case t.kind == 'o' && (t.text == `"` || t.text == "'" || t.text == "`"):
			return errorf("%s:%d: unterminated string (the %s opened on this line is never closed)", name, t.line, t.text)
		case t.is('p', "/") && i+1 < len(toks) && toks[i+1].is('p', "*"):
			return errorf("%s:%d: unterminated comment (/* without */)", name, t.line)
		case t.kind == 'p' && (t.text == "(" || t.text == "[" || t.text == "{"):
			stack = append(stack, open{t.text, t.line})
		case t.kind == 'p' && pairs[t.text] != "":
			if len(stack) == 0 {
				return errorf("%s:%d: unexpected `%s` (nothing is open here)", name, t.line, t.text)
			}
			top := stack[len(stack)-1]
			if top.text != pairs[t.text] {
				return errorf("%s:%d: unexpected `%s`: the `%s` opened on line %d is not closed", name, t.line, t.text, top.text, top.line)
			}
			stack = stack[:len(stack)-1]
		}
	}
	if len(stack) > 0 {
		top := stack[len(stack)-1]
		return errorf("%s:%d: the `%s` opened on this line is never closed", name, top.line, top.text)
	}
	return nil
}
