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
// argument path, values coerced to their field's type by Coerce). Errors
// name the model and the argument path (perr.Validation).
//
// Planning (engine/query, engine/plan) reads a Call and renders filters
// from the tree; data is still read from the arguments there, with the
// helpers here (AsMap, AsInt, JoinPath, Coerce, ...) so that every message
// spells paths and kinds one way. This package needs the schema only: no
// dialect, no SQL, no driver. What a filter needs to know of the database
// and the schema cannot say (the form of a Json path) is given as data
// (Target).
package request
