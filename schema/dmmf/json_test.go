package dmmf

import (
	"strings"
	"testing"

	"github.com/caspian-prisma/caspian-prisma/schema"
)

// JavaScript's Number#toString, which JSON.stringify uses for numbers.
func TestJSNumber(t *testing.T) {
	for f, want := range map[float64]string{
		0: "0", 2: "2", -3: "-3", 1.5: "1.5", 0.1: "0.1",
		99.99000000000001: "99.99000000000001", 12345678901234567000: "12345678901234567000",
		1e21: "1e+21", 1e25: "1e+25", 1.5e25: "1.5e+25", 0.000001: "0.000001", 1e-7: "1e-7",
		-2.5e-8: "-2.5e-8", 123e18: "123000000000000000000",
	} {
		if got := jsNumber(f); got != want {
			t.Errorf("jsNumber(%v) = %s, want %s", f, got, want)
		}
	}
}

// Strings are escaped as JSON.stringify escapes them: HTML characters and
// non-ASCII text stay as they are.
func TestStringEscapes(t *testing.T) {
	got := string(Compact("é\n\t\x01<>&\"\\\u2028"))
	want := "\"é\\n\\t\\u0001<>&\\\"\\\\\u2028\""
	if got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestIndentRoundTrip(t *testing.T) {
	src := `{"b":[],"a":{},"c":[1,{"x":null,"y":true}],"d":1.5,"e":"s"}`
	v, err := Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if got := string(Compact(v)); got != src {
		t.Errorf("compact round trip: %s", got)
	}
	want := strings.Join([]string{
		`{`, `  "b": [],`, `  "a": {},`, `  "c": [`, `    1,`, `    {`, `      "x": null,`, `      "y": true`,
		`    }`, `  ],`, `  "d": 1.5,`, `  "e": "s"`, `}`, ``}, "\n")
	if got := string(Indent(v)); got != want {
		t.Errorf("indent:\n%s\nwant:\n%s", got, want)
	}
}

func TestDefaultsCanonical(t *testing.T) {
	for _, c := range []struct {
		text, typ string
		want      any
	}{
		{"99.99", "Decimal", 99.99000000000001},
		{"-2.675", "Float", -2.6750000000000003},
		{"10", "BigInt", "10"},
		{"42", "Int", int64(42)},
	} {
		if got := number(c.text, c.typ); got != c.want {
			t.Errorf("number(%s, %s) = %#v, want %#v", c.text, c.typ, got, c.want)
		}
	}
	for in, want := range map[string]string{
		"2020-01-01T00:00:00Z":         "2020-01-01T00:00:00+00:00",
		"2020-01-01T10:00:00.5+02:00":  "2020-01-01T10:00:00.500+02:00",
		"2020-01-01T10:00:00.123456Z":  "2020-01-01T10:00:00.123456+00:00",
		"2020-01-01T10:00:00.1234567Z": "2020-01-01T10:00:00.123456700+00:00",
	} {
		if got := dateTime(in); got != want {
			t.Errorf("dateTime(%s) = %s, want %s", in, got, want)
		}
	}
}

// A Prisma 6 schema keeps its URLs in the datasource block; get_config of
// Prisma 6 reported them as {fromEnvVar, value}.
func TestConfigPrisma6URLs(t *testing.T) {
	sch := &schema.Schema{Files: []schema.File{{Name: "schema.prisma", Text: `datasource db {
  provider  = "postgres"
  url       = env("DATABASE_URL")
  directUrl = "postgresql://localhost/db"
}
`}}}
	ds, gens, err := Config(sch)
	if err != nil {
		t.Fatal(err)
	}
	got := string(Compact([]any{ds, gens}))
	want := `[[{"name":"db","provider":"postgres","activeProvider":"postgresql",` +
		`"url":{"fromEnvVar":"DATABASE_URL","value":null},"directUrl":{"fromEnvVar":null,"value":"postgresql://localhost/db"},` +
		`"schemas":[],"sourceFilePath":"schema.prisma"}],[]]`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
