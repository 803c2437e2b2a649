package codegen

import (
	"fmt"
	"strings"

	"github.com/caspian-prisma/caspian-prisma/schema"
)

// clientReserved are Client's public names; a model accessor with one of
// them overrides it (the model wins, as in the schema), so the override is
// declared to the type checker.
var clientReserved = map[string]bool{
	"connect": true, "disconnect": true, "is_connected": true, "tx": true, "transaction": true,
	"batch": true, "query_raw": true, "execute_raw": true, "root": true,
}

type param struct {
	name string
	typ  string
	opt  bool // keyword with default None
}

type method struct {
	name   string
	action string
	ret    string
	doc    string
	params []param
}

func (g *gen) methods(m *schema.Model) []method {
	n := m.Name
	t := func(s string) string { return "types." + n + s }
	M := "models." + n
	opt := func(name, typ string) param { return param{name: name, typ: "Optional[" + typ + "]", opt: true} }
	req := func(name, typ string) param { return param{name: name, typ: typ} }
	sel := []param{opt("select", t("Select")), opt("include", t("Include")), opt("omit", t("Omit"))}
	orderBy := union(t("OrderByInput"), listOf(t("OrderByInput")))
	page := []param{
		opt("cursor", t("WhereUniqueInput")), opt("take", "int"), opt("skip", "int"),
		opt("order_by", orderBy), opt("order", orderBy),
	}
	groupOrder := union(t("OrderByWithAggregationInput"), listOf(t("OrderByWithAggregationInput")))
	distinct := opt("distinct", union(t("ScalarFieldKeys"), listOf(t("ScalarFieldKeys"))))
	find := append(append([]param{opt("where", t("WhereInput"))}, page...), distinct)
	// Prisma takes relationLoadStrategy on the reads and on the
	// single-record writes, which return their record with its relations.
	load := append(append([]param(nil), sel...), opt("relation_load_strategy", "RelationLoadStrategy"))
	find = append(find, load...)
	createData := req("data", union(t("CreateManyInput"), listOf(t("CreateManyInput"))))
	aggs := []param{
		opt("_count", union("bool", t("CountAggregateInput"))), opt("_sum", t("SumAggregateInput")),
		opt("_avg", t("AvgAggregateInput")), opt("_min", t("MinAggregateInput")), opt("_max", t("MaxAggregateInput")),
	}
	cat := func(ps ...[]param) []param {
		var out []param
		for _, p := range ps {
			out = append(out, p...)
		}
		return out
	}
	return []method{
		{"create", "create", M, "Creates a %s and returns it. Nested writes in data run in the same transaction.",
			cat([]param{req("data", t("CreateInput"))}, load)},
		{"create_many", "createMany", "BatchPayload", "Creates many %s records in one statement; returns ``{'count': n}``.",
			[]param{createData, opt("skip_duplicates", "bool")}},
		{"create_many_and_return", "createManyAndReturn", listOf(M), "Creates many %s records and returns them.",
			cat([]param{createData, opt("skip_duplicates", "bool")}, sel)},
		{"find_unique", "findUnique", optional(M, true), "The %s matching a unique where, or None.",
			cat([]param{req("where", t("WhereUniqueInput"))}, load)},
		{"find_unique_or_throw", "findUniqueOrThrow", M, "The %s matching a unique where; raises RecordNotFoundError if none.",
			cat([]param{req("where", t("WhereUniqueInput"))}, load)},
		{"find_first", "findFirst", optional(M, true), "The first %s matching where (in order_by order), or None.", find},
		{"find_first_or_throw", "findFirstOrThrow", M, "The first %s matching where; raises RecordNotFoundError if none.", find},
		{"find_many", "findMany", listOf(M), "The %s records matching where, ordered and paginated.", find},
		{"update", "update", M, "Updates the %s matching a unique where and returns it; raises RecordNotFoundError if none.",
			cat([]param{req("where", t("WhereUniqueInput")), req("data", t("UpdateInput"))}, load)},
		{"update_many", "updateMany", "BatchPayload", "Updates every %s matching where; returns ``{'count': n}``.",
			[]param{req("data", t("UpdateManyMutationInput")), opt("where", t("WhereInput"))}},
		{"update_many_and_return", "updateManyAndReturn", listOf(M), "Updates every %s matching where and returns them.",
			cat([]param{req("data", t("UpdateManyMutationInput")), opt("where", t("WhereInput"))}, sel)},
		{"upsert", "upsert", M, "Updates the %s matching where, or creates it. Give create= and update=, or data={'create': ..., 'update': ...}.",
			cat([]param{req("where", t("WhereUniqueInput")), opt("create", t("CreateInput")), opt("update", t("UpdateInput")), opt("data", t("UpsertInput"))}, load)},
		{"delete", "delete", M, "Deletes the %s matching a unique where and returns it; raises RecordNotFoundError if none.",
			cat([]param{req("where", t("WhereUniqueInput"))}, load)},
		{"delete_many", "deleteMany", "BatchPayload", "Deletes every %s matching where; returns ``{'count': n}``.",
			[]param{opt("where", t("WhereInput"))}},
		{"aggregate", "aggregate", t("AggregateOutput"), "Aggregates over the %s records matching where: ``stats['_sum']['field']``.",
			cat([]param{opt("where", t("WhereInput"))}, page, aggs)},
		{"group_by", "groupBy", "List[Dict[str, Any]]", "Groups %s records by fields, with aggregates per group; returns a list of dicts.",
			cat([]param{req("by", union(t("ScalarFieldKeys"), listOf(t("ScalarFieldKeys")))), opt("where", t("WhereInput")),
				opt("having", t("ScalarWhereWithAggregatesInput")), opt("order_by", groupOrder),
				opt("order", groupOrder), opt("take", "int"), opt("skip", "int")}, aggs)},
	}
}

func (w *pyWriter) signature(name string, params []param, ret string, stub bool) {
	parts := []string{"self"}
	if len(params) > 0 {
		parts = append(parts, "*")
	}
	for _, p := range params {
		if p.opt {
			parts = append(parts, p.name+": "+p.typ+" = None")
		} else {
			parts = append(parts, p.name+": "+p.typ)
		}
	}
	end := fmt.Sprintf(") -> Query[%s]:", ret)
	if stub {
		end += " ..."
	}
	pad := len("    ") * w.indent
	joined := strings.Join(parts, ", ")
	switch {
	case pad+len("def "+name+"(")+len(joined)+len(end) <= maxLine:
		w.raw("def " + name + "(" + joined + end)
	case pad+4+len(joined) <= maxLine:
		w.raw("def " + name + "(")
		w.in()
		w.raw(joined)
		w.out()
		w.raw(end)
	default:
		w.raw("def " + name + "(")
		w.in()
		for _, p := range parts {
			w.line("%s,", p)
		}
		w.out()
		w.raw(end)
	}
}

func (w *pyWriter) queryCall(action string, params []param) {
	args := []string{pyStr(action)}
	for _, p := range params {
		args = append(args, p.name+"="+p.name)
	}
	w.line("return self._query(%s)", strings.Join(args, ", "))
}

func (g *gen) actionsClass(w *pyWriter, m *schema.Model) {
	n := m.Name
	w.line("class %sActions(ModelActions):", n)
	w.in()
	w.docstring(modelDoc(m) + fmt.Sprintf("Queries on %s records (table %s): ``prisma.%s``.\n\nEach method returns an awaitable query: await it, or pass it\nunawaited to ``prisma.batch([...])``.",
		n, pyStr(m.DBName), lowerFirst(n)))
	w.line("")
	w.line("__prisma_model__ = %s", pyStr(n))
	w.line("__prisma_class__ = models.%s", n)
	for _, me := range g.methods(m) {
		w.line("")
		w.signature(me.name, me.params, me.ret, false)
		w.in()
		w.docstring(fmt.Sprintf(me.doc, n) + modelDocTail(m))
		w.queryCall(me.action, me.params)
		w.out()
	}
	g.countMethod(w, m)
	w.line("")
	w.line("find_unique_or_raise = find_unique_or_throw")
	w.line("find_first_or_raise = find_first_or_throw")
	w.out()
}

// modelDoc is the model's `///` comment as the head of a docstring, or "".
func modelDoc(m *schema.Model) string {
	if d := strings.TrimSpace(m.Doc); d != "" {
		return d + "\n\n"
	}
	return ""
}

// modelDocTail is the model's `///` comment as the end of a method's
// docstring, so an editor's hover on prisma.user.find_many shows what a
// User is.
func modelDocTail(m *schema.Model) string {
	if d := strings.TrimSpace(m.Doc); d != "" {
		return "\n\n" + m.Name + ": " + d
	}
	return ""
}

// countMethod: count() is an int, count(select={...}) a dict of counts.
func (g *gen) countMethod(w *pyWriter, m *schema.Model) {
	t := "types." + m.Name
	orderBy := union(t+"OrderByInput", listOf(t+"OrderByInput"))
	base := []param{
		{"where", "Optional[" + t + "WhereInput]", true},
		{"cursor", "Optional[" + t + "WhereUniqueInput]", true},
		{"take", "Optional[int]", true},
		{"skip", "Optional[int]", true},
		{"order_by", "Optional[" + orderBy + "]", true},
		{"order", "Optional[" + orderBy + "]", true},
	}
	w.line("")
	w.line("@overload")
	w.signature("count", append(append([]param{}, base...), param{"select", "None", true}), "int", true)
	w.line("")
	w.line("@overload")
	w.signature("count", append([]param{{"select", t + "CountAggregateInput", false}}, base...), "Dict[str, int]", true)
	w.line("")
	all := append(append([]param{}, base...), param{"select", "Optional[" + t + "CountAggregateInput]", true})
	w.signature("count", all, "Any", false)
	w.in()
	w.docstring(fmt.Sprintf("Counts the %s records matching where: an int, or with select= a dict of non-null counts per field (and _all).", m.Name) + modelDocTail(m))
	w.queryCall("count", all)
	w.out()
}

// clientPy is client.py: the actions classes and Prisma with its accessors.
func (g *gen) clientPy() string {
	var w pyWriter
	w.b.WriteString(g.header())
	w.docstring("The typed client of this schema: ``Prisma`` with one accessor per model.\n\nBehaviour lives in the caspian_prisma runtime; this module only declares the\ntypes and documents them.")
	w.line("from __future__ import annotations")
	w.line("")
	w.line("import os")
	w.line("from typing import TYPE_CHECKING, Any, Dict, List, Optional, Union, overload")
	w.line("")
	w.line("from caspian_prisma.client import Client, ModelActions, Query")
	w.line("from caspian_prisma.types import BatchPayload, RelationLoadStrategy")
	w.line("")
	w.line("from . import models")
	w.line("")
	// types.py (the input TypedDicts, most of a big client) appears only in
	// annotations, which `from __future__ import annotations` leaves
	// unevaluated: only type checkers read it, so importing the client
	// never executes it.
	w.line("if TYPE_CHECKING:")
	w.in()
	w.line("from . import types")
	w.out()
	w.line("")
	names := []string{"Prisma"}
	for _, m := range g.sch.Models {
		names = append(names, m.Name+"Actions")
	}
	w.allList(names)
	for _, m := range g.sch.Models {
		w.line("")
		w.line("")
		g.actionsClass(&w, m)
	}
	w.line("")
	w.line("")
	g.prismaClass(&w)
	return w.String()
}

func (g *gen) prismaClass(w *pyWriter) {
	ds := g.sch.Datasource
	w.line("class Prisma(Client):")
	w.in()
	w.docstring("The database client of this schema.\n\n" +
		"Use the global one: ``from src.lib.prisma.db import prisma``. The first query\n" +
		"connects to the database ``ppy`` uses (DATABASE_URL from the environment or the\n" +
		"project's .env, unless prisma.config.ts names another).\n" +
		"``async with prisma.tx() as tx:`` runs a transaction, ``await prisma.batch([...])``\n" +
		"a batch.")
	w.line("")
	w.line("__prisma_schema_file__ = os.path.join(os.path.dirname(os.path.abspath(__file__)), \"schema.prisma\")")
	// The URL is not generated: the runtime asks the engine's config.resolve,
	// which reads this schema's datasource, prisma.config.ts and .env as
	// ppy does.
	provider := ""
	if ds != nil {
		provider = ds.Provider
	}
	w.line("__prisma_provider__ = %s", pyStr(provider))
	for _, m := range g.sch.Models {
		for i, acc := range g.accessors[m] {
			w.line("")
			w.line("@property")
			ignore := ""
			if clientReserved[acc] {
				ignore = "  # type: ignore[override]"
			}
			w.line("def %s(self) -> %sActions:%s", acc, m.Name, ignore)
			w.in()
			if i == 0 {
				doc := fmt.Sprintf("%s records: ``await prisma.%s.find_many()``.", m.Name, acc)
				if m.Doc != "" {
					doc = strings.TrimSpace(m.Doc) + "\n\n" + doc
				}
				w.docstring(doc)
			} else {
				w.docstring(fmt.Sprintf("Alias of :attr:`%s`.", g.accessors[m][0]))
			}
			w.line("return self._actions(%sActions)", m.Name)
			w.out()
		}
	}
	w.out()
}

// dbPy is db.py: the app's global client.
func (g *gen) dbPy() string {
	var w pyWriter
	w.b.WriteString(g.header())
	w.docstring("The app's global client: ``from src.lib.prisma.db import prisma``. No connect\ncall is needed: the first query connects.")
	w.line("from __future__ import annotations")
	w.line("")
	w.line("from .client import Prisma")
	w.line("")
	w.allList([]string{"Prisma", "prisma"})
	w.line("")
	w.line("prisma = Prisma()")
	w.docstring("The global client, ready to use: ``await prisma.user.find_many()``.")
	return w.String()
}

// initPy is __init__.py: the package's public names.
func (g *gen) initPy() string {
	var w pyWriter
	w.b.WriteString(g.header())
	w.docstring("The generated Prisma client of this project. Import the ready client with\n``from src.lib.prisma.db import prisma``; the model classes, enums and input types\nare here for annotations.")
	w.line("from __future__ import annotations")
	w.line("")
	w.line("from typing import TYPE_CHECKING, Any")
	w.line("")
	// The Json null sentinels, as Prisma's client carries Prisma.DbNull...:
	// from the runtime, cheap to import (types.py is not).
	w.line("from caspian_prisma.types import AnyNull, DbNull, JsonNull")
	w.line("")
	w.line("from . import enums, models")
	w.line("from .client import Prisma")
	if len(g.sch.Enums) > 0 {
		w.b.WriteString(importLine(".enums", g.enumNames()))
	}
	var models []string
	for _, m := range g.sch.Models {
		models = append(models, m.Name)
	}
	w.b.WriteString(importLine(".models", models))
	w.line("")
	all := append([]string{"Prisma", "enums", "models", "types", "DbNull", "JsonNull", "AnyNull"}, g.enumNames()...)
	w.allList(append(all, models...))
	// types is imported when first asked for (PEP 562), not with the
	// package: executing it is most of a big client's import time, and only
	// type checkers need it (see clientPy).
	w.line("")
	w.line("if TYPE_CHECKING:")
	w.in()
	w.line("from . import types")
	w.out()
	w.line("")
	w.line("")
	w.line("def __getattr__(name: str) -> Any:")
	w.in()
	w.docstring("``package.types``, imported on first use.")
	w.line("if name == \"types\":")
	w.in()
	// Not `from . import types`: its fromlist handling asks this very
	// __getattr__ for "types" again.
	w.line("import importlib")
	w.line("")
	w.line("return importlib.import_module(__name__ + \".types\")")
	w.out()
	w.line("raise AttributeError(f\"module {__name__!r} has no attribute {name!r}\")")
	w.out()
	return w.String()
}
