package request

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/caspian-prisma/caspian-prisma/abi"
	"github.com/caspian-prisma/caspian-prisma/schema"
)

const filterSchema = `
datasource db {
  provider = "postgresql"
}

enum Role {
  USER
  ADMIN @map("admin")
}

model User {
  id        Int      @id @default(autoincrement())
  email     String   @unique
  name      String?
  role      Role     @default(USER)
  born      DateTime?
  tags      String[]
  data      Json?
  firstName String
  lastName  String
  posts     Post[]
  profile   Profile?

  @@unique([firstName, lastName])
}

model Profile {
  id     Int    @id @default(autoincrement())
  bio    String
  userId Int    @unique
  user   User   @relation(fields: [userId], references: [id])
}

model Post {
  id       Int    @id @default(autoincrement())
  title    String
  views    Int    @default(0)
  authorId Int
  author   User   @relation(fields: [authorId], references: [id])
}
`

type M = map[string]any
type L = []any

var pg = Target{Provider: "postgresql", JSONPathKeys: true}
var lite = Target{Provider: "sqlite"}

func loadFilters(t *testing.T) *schema.Schema {
	t.Helper()
	sch, err := schema.Parse(filterSchema, "schema.prisma")
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

// dump spells a filter tree on one line: each node with its argument
// path, values as coerced (%T for the ones whose type is the point).
func dump(w *Where) string {
	var b strings.Builder
	var where func(w *Where)
	var cond func(c Cond)
	where = func(w *Where) {
		fmt.Fprintf(&b, "%s@%s{", w.Model.Name, w.Path)
		for i, c := range w.Conds {
			if i > 0 {
				b.WriteString(" ")
			}
			cond(c)
		}
		b.WriteString("}")
	}
	cond = func(c Cond) {
		switch c := c.(type) {
		case *Logic:
			fmt.Fprintf(&b, "%s@%s[", [...]string{"AND", "OR", "NOT"}[c.Op], c.Path)
			for i, it := range c.Items {
				if i > 0 {
					b.WriteString(" ")
				}
				where(it)
			}
			b.WriteString("]")
		case *Compound:
			fmt.Fprintf(&b, "key %s@%s(", c.Key, c.Path)
			for i, s := range c.Fields {
				if i > 0 {
					b.WriteString(" ")
				}
				cond(s)
			}
			b.WriteString(")")
		case *Relation:
			fmt.Fprintf(&b, "rel %s@%s(", c.Field.Name, c.Path)
			for i, t := range c.Ops {
				if i > 0 {
					b.WriteString(" ")
				}
				fmt.Fprintf(&b, "%s@%s:", [...]string{"some", "every", "none", "is", "isNot"}[t.Op], t.Path)
				if t.Where == nil {
					b.WriteString("null")
				} else {
					where(t.Where)
				}
			}
			b.WriteString(")")
		case *Scalar:
			fmt.Fprintf(&b, "%s@%s", c.Field.Name, c.Path)
			if c.Insensitive {
				b.WriteString("/i")
			}
			b.WriteString("(")
			for i, o := range c.Ops {
				if i > 0 {
					b.WriteString(" ")
				}
				fmt.Fprintf(&b, "%s@%s=", o.Op, o.Path)
				switch {
				case o.Not != nil:
					cond(o.Not)
				case o.Values != nil:
					fmt.Fprintf(&b, "%v", o.Values)
				default:
					fmt.Fprintf(&b, "%#v", o.Value)
				}
			}
			b.WriteString(")")
		case *JSONFilter:
			fmt.Fprintf(&b, "json %s@%s", c.Field.Name, c.Path)
			if c.At != nil {
				fmt.Fprintf(&b, " at %q%q", c.At.Keys, c.At.Path)
			}
			b.WriteString("(")
			for i, o := range c.Ops {
				if i > 0 {
					b.WriteString(" ")
				}
				fmt.Fprintf(&b, "%s@%s=", o.Op, o.Path)
				if o.Not != nil {
					cond(o.Not)
				} else {
					fmt.Fprintf(&b, "%#v", o.Value)
				}
			}
			b.WriteString(")")
		case *ListFilter:
			fmt.Fprintf(&b, "list %s@%s(", c.Field.Name, c.Path)
			for i, o := range c.Ops {
				if i > 0 {
					b.WriteString(" ")
				}
				fmt.Fprintf(&b, "%s@%s=%#v", o.Op, o.Path, o.Value)
			}
			b.WriteString(")")
		}
	}
	where(w)
	return b.String()
}

// TestParseWhereShape: the tree of representative filters, keys in
// order, each node with its argument path and its values coerced.
func TestParseWhereShape(t *testing.T) {
	sch := loadFilters(t)
	user, post := sch.Model("User"), sch.Model("Post")
	for _, tc := range []struct {
		m    *schema.Model
		v    any
		t    Target
		want string
	}{
		{user, nil, pg, "User@where{}"},
		{user, M{"email": "a@x", "role": "ADMIN"}, pg,
			`User@where{email@where.email(equals@where.email="a@x") role@where.role(equals@where.role="admin")}`},
		{user, M{"name": M{"contains": "al", "mode": "insensitive", "not": M{"startsWith": "x"}}}, pg,
			`User@where{name@where.name/i(contains@where.name.contains="al" not@where.name.not=name@where.name.not/i(startsWith@where.name.not.startsWith="x"))}`},
		{user, M{"id": M{"in_": L{int64(1), 2.0}, "not": nil}, "born": M{"gte": "2024-01-02"}}, pg,
			`User@where{born@where.born(gte@where.born.gte=time.Date(2024, time.January, 2, 0, 0, 0, 0, time.UTC)) id@where.id(in@where.id.in=[1 2] not@where.id.not=<nil>)}`},
		{user, M{"OR": L{M{"email": "a@x"}, nil}, "NOT": M{"id": int64(3)}, "AND": L{}}, pg,
			`User@where{AND@where.AND[] NOT@where.NOT[User@where.NOT[0]{id@where.NOT[0].id(equals@where.NOT[0].id=3)}] OR@where.OR[User@where.OR[0]{email@where.OR[0].email(equals@where.OR[0].email="a@x")} User@where.OR[1]{}]}`},
		{user, M{"firstName_lastName": M{"lastName": "L", "firstName": "F"}}, pg,
			`User@where{key firstName_lastName@where.firstName_lastName(firstName@where.firstName_lastName.firstName(equals@where.firstName_lastName.firstName="F") lastName@where.firstName_lastName.lastName(equals@where.firstName_lastName.lastName="L"))}`},
		{user, M{"posts": M{"every": M{"views": M{"gt": int64(1)}}, "none": M{}}}, pg,
			`User@where{rel posts@where.posts(every@where.posts.every:Post@where.posts.every{views@where.posts.every.views(gt@where.posts.every.views.gt=1)} none@where.posts.none:Post@where.posts.none{})}`},
		{user, M{"profile": nil}, pg, `User@where{rel profile@where.profile(is@where.profile:null)}`},
		{user, M{"profile": M{"is_not": nil, "is": M{"bio": "b"}}}, pg,
			`User@where{rel profile@where.profile(is@where.profile.is:Profile@where.profile.is{bio@where.profile.is.bio(equals@where.profile.is.bio="b")} isNot@where.profile.is_not:null)}`},
		{post, M{"author": M{"email": "a@x"}}, pg,
			`Post@where{rel author@where.author(is@where.author:User@where.author{email@where.author.email(equals@where.author.email="a@x")})}`},
		{user, M{"data": M{"path": L{"a", int64(0)}, "string_contains": "x", "not": M{"array_contains": L{int64(1)}}}}, pg,
			`User@where{json data@where.data at ["a" "0"]""(not@where.data.not=json data@where.data.not(array_contains@where.data.not.array_contains="[1]") string_contains@where.data.string_contains="x")}`},
		{user, M{"data": M{"path": "$.a", "gt": abi.Decimal("1.5"), "equals": abi.JsonNull}}, lite,
			`User@where{json data@where.data at []"$.a"(equals@where.data.equals="JsonNull" gt@where.data.gt=1.5)}`},
		{user, M{"data": M{"a": nil}}, pg, `User@where{json data@where.data(equals@where.data="{\"a\":null}")}`},
		{user, M{"tags": L{"a"}, "email": M{"search": "cat & dog"}}, pg,
			`User@where{email@where.email(search@where.email.search="cat & dog") list tags@where.tags(equals@where.tags.equals=request.List{"a"})}`},
		{user, M{"tags": M{"has": "a", "is_empty": false}}, pg,
			`User@where{list tags@where.tags(has@where.tags.has=request.List{"a"} isEmpty@where.tags.isEmpty=false)}`},
	} {
		w, err := ParseWhere(tc.m, tc.v, "where", tc.t)
		if err != nil {
			t.Errorf("%v: %v", tc.v, err)
			continue
		}
		if got := dump(w); got != tc.want {
			t.Errorf("%v:\n got %s\nwant %s", tc.v, got, tc.want)
		}
	}
}

// TestParseWhereErrors: what a filter gets wrong is refused naming the
// argument path, in the order of the filter's keys.
func TestParseWhereErrors(t *testing.T) {
	sch := loadFilters(t)
	user, post := sch.Model("User"), sch.Model("Post")
	deep := M{"id": int64(1)}
	for i := 0; i < MaxFilterDepth; i++ {
		deep = M{"posts": M{"some": M{"author": deep}}}
	}
	for _, tc := range []struct {
		m         *schema.Model
		v         any
		t         Target
		path, msg string
	}{
		{user, "a@x", pg, "where", "expected an object (dict), got a string"},
		{user, M{"nope": int64(1)}, pg, "where.nope", "unknown field `nope` on model User"},
		{user, M{"AND": L{M{"posts": M{"some": M{"nope": 1}}}}}, pg, "where.AND[0].posts.some.nope", "unknown field `nope` on model Post"},
		{user, M{"email": M{"gt": int64(1)}}, pg, "where.email.gt", "expected a string for field `email`, got an integer"},
		{user, M{"id": M{"contains": "1"}}, pg, "where.id.contains", "`contains` needs a string field and a string value"},
		{user, M{"id": M{"like": int64(1)}}, pg, "where.id.like", "unknown filter operator `like`"},
		{user, M{"id": M{"in": L{int64(1), nil}}}, pg, "where.id.in[1]", "null is not allowed in `in`"},
		{user, M{"id": M{"in": int64(1)}}, pg, "where.id.in", "expected a list, got an integer"},
		{user, M{"id": M{"lt": nil}}, pg, "where.id.lt", "expected an integer (Int), got null"},
		{user, M{"id": int64(1) << 40}, pg, "where.id", "does not fit in 32 bits"},
		{user, M{"role": "OWNER"}, pg, "where.role", "`OWNER` is not a value of enum Role"},
		{user, M{"born": "yesterday"}, pg, "where.born", "is not an ISO-8601 datetime"},
		{user, M{"name": M{"mode": "loud"}}, pg, "where.name.mode", "expected 'default' or 'insensitive'"},
		{user, M{"role": M{"search": "x"}}, pg, "where.role.search", "`search` needs a String field; `role` is of type Role"},
		{user, M{"posts": M{"any": M{}}}, pg, "where.posts.any", "unknown to-many relation filter `any`"},
		{user, M{"posts": nil}, pg, "where.posts", "expected an object (dict), got null"},
		{user, M{"profile": M{"is": "x"}}, pg, "where.profile.is", "expected an object (dict), got a string"},
		{post, M{"author": M{"is": M{"posts": M{"some": M{"views": "many"}}}}}, pg, "where.author.is.posts.some.views", "expected an integer (Int)"},
		{user, M{"firstName_lastName": M{"firstName": "F"}}, pg, "where.firstName_lastName.lastName", "missing field `lastName` of compound key firstName_lastName"},
		{user, M{"firstName_lastName": M{"firstName": "F", "lastName": "L", "x": 1}}, pg, "where.firstName_lastName.x", "unknown field `x`"},
		{user, M{"tags": M{"has": nil}}, pg, "where.tags.has", "expected a string, got null"},
		{user, M{"tags": L{"a", int64(1)}}, pg, "where.tags.equals[1]", "expected a string for field `tags`"},
		{user, M{"tags": M{"hasAll": L{}}}, pg, "where.tags.hasAll", "unknown filter operator `hasAll` for scalar list `tags`"},
		{user, M{"data": M{"string_contains": int64(1)}}, pg, "where.data.string_contains", "`string_contains` takes a string"},
		{user, M{"data": M{"path": L{"a"}, "gt": true}}, pg, "where.data.gt", "a Json `gt` compares with a number or a string"},
		{user, M{"data": M{"array_contains": abi.DbNull}}, pg, "where.data.array_contains", "DbNull is not a JSON value"},
		{user, M{"data": M{"equals": L{abi.AnyNull}}}, pg, "where.data.equals[0]", "AnyNull cannot stand inside a Json value"},
		// The path's form is the database's, and it comes before the operators.
		{user, M{"data": M{"path": "$.a", "string_contain": "x"}}, pg, "where.data.path", "on postgresql a Json `path` is a list of keys"},
		{user, M{"data": M{"path": "$.a", "string_contain": "x"}}, lite, "where.data.string_contain", "`string_contain` is not a Json filter"},
		{user, M{"data": M{"path": L{"a"}}}, lite, "where.data.path", "on sqlite a Json `path` is a JSON path string"},
		{user, M{"data": M{"path": "a.b"}}, lite, "where.data.path", "a JSON path starts with `$`"},
		{user, M{"data": M{"path": L{"a", true}}}, pg, "where.data.path[1]", "a Json path key is a string, got a boolean"},
		// The depth limit: passed where the 101st where begins (a relation
		// filter is a level, and so is its related record's where).
		{user, deep, pg, "where" + strings.Repeat(".posts.some.author", MaxFilterDepth/2), "nested more than 100 levels deep"},
	} {
		_, err := ParseWhere(tc.m, tc.v, "where", tc.t)
		if err == nil {
			t.Errorf("%v: accepted", tc.v)
			continue
		}
		if p := pathOf(t, err); p != tc.path || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%v:\n got path %q, %v\nwant path %q, %q", tc.v, p, err, tc.path, tc.msg)
		}
	}
}

// TestCoerce: values are converted to what is bound for their field.
func TestCoerce(t *testing.T) {
	sch := loadFilters(t)
	user := sch.Model("User")
	tm := time.Date(2024, 5, 6, 7, 8, 9, 123456789, time.FixedZone("x", 3600))
	for _, tc := range []struct {
		field string
		in    any
		want  any
	}{
		{"id", 3.0, int64(3)},
		{"role", "ADMIN", "admin"},
		{"born", tm, time.Date(2024, 5, 6, 6, 8, 9, 123000000, time.UTC)},
		{"data", M{"a": L{int64(1), abi.Decimal("2.50")}}, JSON(`{"a":[1,2.50]}`)},
	} {
		got, err := Coerce(user, user.Field(tc.field), "x", tc.in)
		if err != nil || fmt.Sprintf("%#v", got) != fmt.Sprintf("%#v", tc.want) {
			t.Errorf("%s %#v: got %#v %v, want %#v", tc.field, tc.in, got, err, tc.want)
		}
	}
	if l, err := Coerce(user, user.Field("tags"), "x", L{"a", "b"}); err != nil || fmt.Sprint(l) != "[a b]" {
		t.Errorf("tags: %#v %v", l, err)
	}
}
