package config

import (
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// File holds the keys of prisma.config.ts that Caspian reads. Values are
// what the literal says; a key the scanner cannot evaluate (a call, a
// variable) is left empty, and unknown keys are ignored.
type File struct {
	Path string // the file's path ("" when parsed from text)

	Schema         string // schema: file or folder, relative to the root
	MigrationsPath string // migrations.path, relative to the root
	MigrationsSeed string // migrations.seed: Prisma's seed command
	URL            Value  // datasource.url
	ShadowURL      Value  // datasource.shadowDatabaseUrl

	// Caspian's own keys (api-contract.md, "Connection and configuration").
	SeedImport  string // seed.import
	SeedAutoRun *bool  // seed.autoRun
	LogLevel    string // client.logLevel
}

// Value is a config value that is either a literal or read from a variable:
// env("X") (Prisma's helper) or process.env.X / process.env["X"].
type Value struct {
	Literal string
	Env     string // X, when the value is read from a variable
}

// IsSet reports whether the key was given in a form the scanner reads.
func (v Value) IsSet() bool { return v.Literal != "" || v.Env != "" }

// ParseConfig reads prisma.config.ts without Node: it finds the exported
// object (export default {...}, export default defineConfig({...}), export
// default name with const name = {...}, or module.exports = {...}) and
// evaluates the literal forms people write: strings, numbers, booleans,
// nested objects and arrays, env("X"), process.env.X, and path.join /
// path.resolve of strings and __dirname (the root). Everything else
// (imports, functions, satisfies, template strings with ${}) is skipped.
// It never fails: a file it cannot read gives an empty File.
func ParseConfig(src, root string) *File {
	obj, _ := parseExport(tokenize(src), root).(map[string]any)
	f := &File{}
	str := func(v any) string { s, _ := v.(string); return s }
	f.Schema = str(get(obj, "schema"))
	f.MigrationsPath = str(get(obj, "migrations", "path"))
	f.MigrationsSeed = str(get(obj, "migrations", "seed"))
	f.URL = valueOf(get(obj, "datasource", "url"))
	f.ShadowURL = valueOf(get(obj, "datasource", "shadowDatabaseUrl"))
	f.SeedImport = str(get(obj, "seed", "import"))
	if b, ok := get(obj, "seed", "autoRun").(bool); ok {
		f.SeedAutoRun = &b
	}
	f.LogLevel = str(get(obj, "client", "logLevel"))
	return f
}

func get(v any, path ...string) any {
	for _, k := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

func valueOf(v any) Value {
	switch x := v.(type) {
	case string:
		return Value{Literal: x}
	case envRef:
		return Value{Env: string(x)}
	}
	return Value{}
}

// envRef is env("X") or process.env.X.
type envRef string

// skipped is a value the scanner could not evaluate.
type skippedValue struct{}

var skipped = skippedValue{}

type token struct {
	kind byte // 's' string, 'n' number, 'i' identifier, 'p' punctuation, 'o' other
	text string
	line int // 1-based line of the token's start
}

func (t token) is(kind byte, text string) bool { return t.kind == kind && t.text == text }

var tsToken = regexp.MustCompile(`(?s)` +
	`(\s+|//[^\n]*|/\*.*?\*/)` + // 1 space and comments
	`|("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|` + "`(?:[^`\\\\]|\\\\.)*`)" + // 2 strings
	`|(-?(?:0[xX][0-9a-fA-F]+|\d[\d_]*(?:\.\d+)?(?:[eE][+-]?\d+)?))` + // 3 numbers
	`|([A-Za-z_$][A-Za-z0-9_$]*)` + // 4 identifiers
	`|(\.\.\.|=>|[{}\[\]():,;.=<>!?&|+*/%-])` + // 5 punctuation
	`|(.)`) // 6 anything else

func tokenize(src string) []token {
	var out []token
	line, at := 1, 0 // line counts the newlines of src[:at]
	for _, m := range tsToken.FindAllStringSubmatchIndex(src, -1) {
		kinds := []byte{0, 0, 's', 'n', 'i', 'p', 'o'}
		for g := 2; g <= 6; g++ {
			if m[2*g] >= 0 {
				line += strings.Count(src[at:m[2*g]], "\n")
				at = m[2*g]
				out = append(out, token{kind: kinds[g], text: src[m[2*g]:m[2*g+1]], line: line})
				break
			}
		}
	}
	return out
}

func unquote(s string) string {
	body := s[1 : len(s)-1]
	if !strings.Contains(body, `\`) {
		return body
	}
	var b strings.Builder
	for i := 0; i < len(body); i++ {
		if body[i] != '\\' || i+1 == len(body) {
			b.WriteByte(body[i])
			continue
		}
		i++
		switch body[i] {
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		default:
			b.WriteByte(body[i])
		}
	}
	return b.String()
}

// parseExport finds the exported object literal and evaluates it.
func parseExport(toks []token, root string) any {
	start := exportStart(toks)
	if start < 0 {
		return nil
	}
	p := &tsParser{toks: toks, i: start, root: root}
	return p.value()
}

func exportStart(toks []token) int {
	at := func(i int) token {
		if i < len(toks) {
			return toks[i]
		}
		return token{}
	}
	for i := 0; i+1 < len(toks); i++ {
		if toks[i].is('i', "export") && toks[i+1].is('i', "default") {
			t := at(i + 2)
			switch {
			case t.text == "{":
				return i + 2
			case t.kind == 'i' && at(i+3).text == "(":
				if at(i+4).text == "{" {
					return i + 4
				}
				return -1
			case t.kind == 'i':
				return constStart(toks, t.text)
			}
			return -1
		}
	}
	for i := 0; i+3 < len(toks); i++ { // CommonJS
		if toks[i].text == "module" && toks[i+2].text == "exports" && toks[i+3].text == "=" && at(i+4).text == "{" {
			return i + 4
		}
	}
	return -1
}

// constStart is where `const name = {...}` (or defineConfig({...})) starts.
func constStart(toks []token, name string) int {
	for i := 0; i+1 < len(toks); i++ {
		if (toks[i].text == "const" || toks[i].text == "let" || toks[i].text == "var") && toks[i+1].is('i', name) {
			j := i + 2
			for j < len(toks) && toks[j].text != "=" { // a type annotation
				j++
			}
			j++
			switch {
			case j < len(toks) && toks[j].text == "{":
				return j
			case j+2 < len(toks) && toks[j].kind == 'i' && toks[j+1].text == "(" && toks[j+2].text == "{":
				return j + 2
			}
			return -1
		}
	}
	return -1
}

// lineKey prefixes the entries of a parsed object that hold the line of
// each key ("\x00schema": 3), for the warnings of CheckConfig.
const lineKey = "\x00"

type tsParser struct {
	toks []token
	i    int
	root string // what __dirname means
}

func (p *tsParser) peek(k int) token {
	if j := p.i + k; j < len(p.toks) {
		return p.toks[j]
	}
	return token{}
}

// skipBalanced skips the rest of an expression, up to a , ; } ] or ) at
// depth 0.
func (p *tsParser) skipBalanced() {
	depth := 0
	for p.i < len(p.toks) {
		t := p.toks[p.i]
		if t.kind == 'p' {
			switch t.text {
			case "(", "[", "{":
				depth++
			case ")", "]", "}":
				if depth == 0 {
					return
				}
				depth--
			case ",", ";":
				if depth == 0 {
					return
				}
			}
		}
		p.i++
	}
}

func (p *tsParser) value() any {
	t := p.peek(0)
	var result any = skipped
	switch {
	case t.kind == 'p' && t.text == "{":
		result = p.object()
	case t.kind == 'p' && t.text == "[":
		result = p.array()
	case t.kind == 's':
		p.i++
		if !(t.text[0] == '`' && strings.Contains(t.text, "${")) {
			result = unquote(t.text)
		}
	case t.kind == 'n':
		p.i++
		if f, err := strconv.ParseFloat(strings.ReplaceAll(t.text, "_", ""), 64); err == nil {
			result = f
		} else if n, err := strconv.ParseInt(strings.ReplaceAll(t.text, "_", ""), 0, 64); err == nil {
			result = float64(n)
		}
	case t.kind == 'i' && (t.text == "true" || t.text == "false"):
		p.i++
		result = t.text == "true"
	case t.kind == 'i' && (t.text == "null" || t.text == "undefined"):
		p.i++
		result = nil
	case t.kind == 'i' && t.text == "env" && p.peek(1).text == "(" && p.peek(2).kind == 's':
		result = envRef(unquote(p.peek(2).text))
		p.i += 3
		if p.peek(0).text == ")" {
			p.i++
		}
	case t.kind == 'i' && t.text == "process" && p.peek(1).text == "." && p.peek(2).text == "env":
		p.i += 3
		switch {
		case p.peek(0).text == "." && p.peek(1).kind == 'i':
			result = envRef(p.peek(1).text)
			p.i += 2
		case p.peek(0).text == "[" && p.peek(1).kind == 's':
			result = envRef(unquote(p.peek(1).text))
			p.i += 2
			if p.peek(0).text == "]" {
				p.i++
			}
		}
	case t.kind == 'i' && t.text == "path" && p.peek(1).text == "." &&
		(p.peek(2).text == "join" || p.peek(2).text == "resolve") && p.peek(3).text == "(":
		result = p.pathCall()
	case t.kind == 'i' && t.text == "defineConfig" && p.peek(1).text == "(":
		p.i += 2
		result = p.value()
	}
	// Whatever follows (`as const`, `satisfies X`, `?? "x"`, a call) is skipped.
	p.skipBalanced()
	return result
}

// pathCall evaluates path.join(...) / path.resolve(...) of string literals
// and __dirname; anything else makes the whole call unreadable.
func (p *tsParser) pathCall() any {
	p.i += 4
	var parts []string
	ok := true
	for p.i < len(p.toks) && p.peek(0).text != ")" {
		t := p.peek(0)
		switch {
		case t.text == ",":
		case t.kind == 's' && !strings.Contains(t.text, "${"):
			parts = append(parts, unquote(t.text))
		case t.kind == 'i' && t.text == "__dirname" && p.root != "":
			parts = append(parts, p.root)
		default:
			ok = false
		}
		p.i++
	}
	if p.peek(0).text == ")" {
		p.i++
	}
	if !ok || len(parts) == 0 {
		return skipped
	}
	return filepath.Join(parts...)
}

func (p *tsParser) array() []any {
	p.i++ // [
	var out []any
	for p.i < len(p.toks) {
		switch p.peek(0).text {
		case "]":
			p.i++
			return out
		case ",":
			p.i++
			continue
		case "...":
			p.i++
			p.skipBalanced()
			continue
		}
		before := p.i
		if v := p.value(); v != skipped {
			out = append(out, v)
		}
		if p.i == before { // a stray closer: never loop in place
			p.i++
		}
	}
	return out
}

func (p *tsParser) object() map[string]any {
	p.i++ // {
	out := map[string]any{}
	for p.i < len(p.toks) {
		t := p.peek(0)
		switch {
		case t.text == "}":
			p.i++
			return out
		case t.text == "," || t.text == ";":
			p.i++
			continue
		case t.text == "...":
			p.i++
			p.skipBalanced()
			continue
		}
		var key string
		switch {
		case t.kind == 'i' || t.kind == 'n':
			key = t.text
		case t.kind == 's':
			key = unquote(t.text)
		case t.text == "[": // a computed key: skip the property
			p.skipBalanced()
			continue
		default:
			p.i++
			continue
		}
		p.i++
		before := p.i
		switch p.peek(0).text {
		case ":":
			out[lineKey+key] = t.line
			p.i++
			if v := p.value(); v != skipped {
				out[key] = v
			}
		case "(": // a method (`adapter() {...}`)
			out[lineKey+key] = t.line
			p.skipBalanced()
		default: // `async adapter() {...}`, a shorthand `{ schema }`
			p.skipBalanced()
		}
		if p.i == before && p.peek(0).text != "}" && p.peek(0).text != "," && p.peek(0).text != ";" {
			p.i++
		}
	}
	return out
}
