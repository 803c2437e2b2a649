package config

import (
	"regexp"
	"strings"
)

var (
	dotenvLine = regexp.MustCompile(`^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.\-]*)\s*[=:]\s*(.*)$`)
	dotenvRef  = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)`)
	inlineHash = regexp.MustCompile(`\s+#`)
)

// ParseDotenv reads .env text as the dotenv package (which Prisma ≤6 used)
// does: KEY=value, an optional `export `, single, double or backtick quotes
// (double quotes understand \n, \r, \t, \" and \\; a quoted value may span
// lines; the first closing quote ends it), # comments (inside an unquoted
// value only after whitespace). ${VAR} and $VAR are expanded from env, else
// from the keys above, as dotenv-expand does; single-quoted values are not
// expanded. Lines it cannot read are skipped.
func ParseDotenv(text string, env map[string]string) map[string]string {
	out := map[string]string{}
	text = strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
	lines := strings.Split(text, "\n")
	for i := 0; i < len(lines); {
		m := dotenvLine.FindStringSubmatch(lines[i])
		i++
		if m == nil {
			continue
		}
		key, rest := m[1], strings.TrimSpace(m[2])
		var value string
		if rest != "" && strings.ContainsRune("\"'`", rune(rest[0])) {
			q := rest[0]
			body := rest[1:]
			for closingQuote(body, q) < 0 && i < len(lines) {
				body += "\n" + lines[i]
				i++
			}
			value = body
			if end := closingQuote(body, q); end >= 0 {
				value = body[:end]
			}
			if q == '"' {
				value = unescapeDouble(value)
			}
			if q != '\'' {
				value = expand(value, env, out)
			}
		} else {
			value = strings.TrimSpace(inlineHash.Split(rest, 2)[0])
			if strings.HasPrefix(value, "#") {
				value = ""
			}
			value = expand(value, env, out)
		}
		out[key] = value
	}
	return out
}

func closingQuote(body string, q byte) int {
	for i := 0; i < len(body); i++ {
		switch {
		case body[i] == '\\' && q == '"':
			i++
		case body[i] == q:
			return i
		}
	}
	return -1
}

func unescapeDouble(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 == len(s) {
			b.WriteByte(s[i])
			continue
		}
		i++
		switch s[i] {
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case '"', '\\':
			b.WriteByte(s[i])
		default:
			b.WriteByte('\\')
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

func expand(value string, env, known map[string]string) string {
	if !strings.Contains(value, "$") {
		return value
	}
	return dotenvRef.ReplaceAllStringFunc(value, func(ref string) string {
		m := dotenvRef.FindStringSubmatch(ref)
		name := m[1] + m[2]
		if v, ok := env[name]; ok {
			return v
		}
		return known[name]
	})
}
