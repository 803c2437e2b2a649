package ast

import (
	"reflect"
	"testing"
)

func TestLexerPositionsAndEscapes(t *testing.T) {
	var errs []string
	l := newLexer("model Ünï {\n  s String @default(\"a\\\"b\\u00e9\\n\") // c\n}", 0, func(p Pos, m string) { errs = append(errs, m) })
	var got []Token
	for {
		tk := l.next()
		got = append(got, tk)
		if tk.Kind == TokEOF {
			break
		}
	}
	// Names may hold any Unicode letter, as in Prisma; columns count
	// runes, so the `{` after "Ünï" is at column 11.
	if len(errs) != 0 || got[1].Kind != TokIdent || got[1].Text != "Ünï" {
		t.Errorf("non-ASCII identifier: %v %+v", errs, got[1])
	}
	var brace, str *Token
	for i := range got {
		switch got[i].Kind {
		case TokLBrace:
			brace = &got[i]
		case TokString:
			str = &got[i]
		}
	}
	if brace == nil || brace.Start.Line != 1 || brace.Start.Col != 11 {
		t.Errorf("brace at %+v", brace)
	}
	if str == nil || str.Text != "a\"bé\n" || str.Start != (Pos{Offset: 34, Line: 2, Col: 21}) {
		t.Errorf("string %+v", str)
	}
	if last := got[len(got)-2]; last.Kind != TokRBrace || !last.NL || last.Start.Line != 3 {
		t.Errorf("closing brace %+v", last)
	}
}

func TestParseModelShapes(t *testing.T) {
	f := Parse(`/// The user.
model User {
  /// The id.
  id    Int     @id @default(autoincrement()) /// trailing
  tags  String[]
  bio   String? @db.VarChar(255)
  posts Post[]  @relation("UserPosts")

  @@index([bio(sort: Desc), id], type: BTree)
}
`, "s.prisma")
	if len(f.Errors) != 0 {
		t.Fatalf("errors: %+v", f.Errors)
	}
	m := f.Blocks[0].(*Model)
	if m.Name.Name != "User" || m.Doc != "The user." || len(m.Fields) != 4 || len(m.Attrs) != 1 {
		t.Fatalf("model %+v", m)
	}
	id := m.Fields[0]
	if id.Doc != "The id.\ntrailing" || len(id.Attrs) != 2 || id.Name.Span.Start != (Pos{Offset: 43, Line: 4, Col: 3}) {
		t.Errorf("id %+v", id)
	}
	if def := id.Attrs[1].Args[0].Value.(*FuncCall); def.Name.Name != "autoincrement" {
		t.Errorf("default %+v", def)
	}
	if m.Fields[1].Arity != List || m.Fields[2].Arity != Optional || m.Fields[2].Attrs[0].Name.Name != "db.VarChar" {
		t.Errorf("arity/native: %+v %+v", m.Fields[1], m.Fields[2])
	}
	rel := m.Fields[3].Attrs[0]
	if rel.Name.Name != "relation" || rel.Arg("name", 0).Value.(*StringLit).Value != "UserPosts" {
		t.Errorf("multi-line relation %+v", rel)
	}
	idx := m.Attrs[0]
	arr := idx.Arg("fields", 0).Value.(*ArrayExpr)
	if fc := arr.Elems[0].(*FuncCall); fc.Name.Name != "bio" || FindArg(fc.Args, "sort", -1).Value.(*ConstExpr).Name != "Desc" {
		t.Errorf("index field %+v", arr.Elems[0])
	}
	if idx.Arg("type", -1).Value.(*ConstExpr).Name != "BTree" {
		t.Errorf("index type")
	}
}

func TestParseRecovers(t *testing.T) {
	f := Parse(`model A {
  id Int @id
  broken
  ok String
  @@@x
}
garbage here
enum E {
  X
  Y @map("y")
}
model B {
  id Int @id
`, "s.prisma")
	var names []string
	for _, b := range f.Blocks {
		switch b := b.(type) {
		case *Model:
			names = append(names, b.Name.Name)
		case *Enum:
			names = append(names, b.Name.Name)
		}
	}
	// B is never closed, so it is no block: each of its lines is reported.
	if !reflect.DeepEqual(names, []string{"A", "E"}) {
		t.Errorf("blocks %v", names)
	}
	if a := f.Blocks[0].(*Model); len(a.Fields) != 2 {
		t.Errorf("A fields %d", len(a.Fields))
	}
	var lines []int
	for _, e := range f.Errors {
		lines = append(lines, e.Pos.Line)
	}
	if !reflect.DeepEqual(lines, []int{3, 5, 7, 12, 13}) {
		t.Errorf("error lines %v: %+v", lines, f.Errors)
	}
}

func TestParseBOMAndCRLF(t *testing.T) {
	f := Parse("\uFEFFmodel A {\r\n  /// doc\r\n  id Int @id\r\n}\r\n", "s.prisma")
	if len(f.Errors) != 0 {
		t.Fatalf("errors: %+v", f.Errors)
	}
	if fl := f.Blocks[0].(*Model).Fields[0]; fl.Doc != "doc" || fl.Name.Span.Start.Line != 3 || fl.Name.Span.Start.Col != 3 {
		t.Errorf("field %+v", fl)
	}
}

// A blank line cuts `///` lines off a top-level block, as in Prisma; inside
// a block they still document the next field, across blank lines and `//`
// comments.
func TestDocCutByBlankLineAtTopLevel(t *testing.T) {
	src := "/// detached\n\nmodel A {\n  /// kept\n\n  // note\n  a Int\n}\n\n/// dropped\n\n/// doc\n// comment\nmodel B {\n  b Int\n}\n"
	f := Parse(src, "s.prisma")
	if len(f.Errors) > 0 {
		t.Fatal(f.Errors)
	}
	a, b := f.Blocks[0].(*Model), f.Blocks[1].(*Model)
	if a.Doc != "" || a.Fields[0].Doc != "kept" || b.Doc != "doc" {
		t.Errorf("A %q, A.a %q, B %q", a.Doc, a.Fields[0].Doc, b.Doc)
	}
}

// \uXXXX escapes of a surrogate pair make one character, as JSON's do.
func TestSurrogatePairEscape(t *testing.T) {
	f := Parse("model A {\n  a String @default(\"\\uD83D\\uDE80 \\u00e9\")\n}\n", "s.prisma")
	if len(f.Errors) > 0 {
		t.Fatal(f.Errors)
	}
	got := f.Blocks[0].(*Model).Fields[0].Attrs[0].Args[0].Value.(*StringLit).Value
	if got != "🚀 é" {
		t.Errorf("got %q", got)
	}
}
