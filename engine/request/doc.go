// Package request is the first stage of the query pipeline: a client call
// (model, action, arguments as the envelope carries them) read into a typed
// Call — the model resolved, the action known, the arguments the action
// takes under Prisma's names (snake_case spellings and aliases mapped, an
// unknown one refused naming its path), the relation load strategy, the
// output shape (Selection: scalars, relations with their own arguments,
// counts), orderings (Order: a field, a to-one relation's field, a
// to-many relation's count, full-text relevance; nulls first/last) and
// filters (ParseWhere: a tree of AND/OR/NOT, compound keys, scalar,
// relation, Json, scalar-list and search conditions, each with its
// argument path, values coerced to their field's type by Coerce; and
// groupBy's ParseHaving, the same filters on grouped fields and on
// aggregates of fields) and write
// data (ParseCreate, ParseUpdate, ParseRow: per scalar field an assignment
// (set, an atomic number operation, a scalar-list push) of a coerced value,
// relation fields kept as given for the nested writes). Errors name the
// model and the argument path (perr.Validation; P2012 for a required field
// given null).
//
// Planning (engine/query, engine/plan) reads a Call, renders filters from
// the tree and assignments into SQL, and fills defaults (the clock and
// generated ids are the planner's); nested writes' operations are still
// read from their arguments there, with the helpers here (AsMap, AsInt,
// JoinPath, Coerce, ...) so that every message spells paths and kinds one
// way. This package needs the schema only: no
// dialect, no SQL, no driver. What a filter needs to know of the database
// and the schema cannot say (the form of a Json path) is given as data
// (Target).
package request
