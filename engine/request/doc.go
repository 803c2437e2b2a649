// Package request is the first stage of the query pipeline: a client call
// (model, action, arguments as the envelope carries them) read into a typed
// Call — the model resolved, the action known, the arguments the action
// takes under Prisma's names (snake_case spellings and aliases mapped, an
// unknown one refused naming its path), the relation load strategy, the
// output shape (Selection: scalars, relations with their own arguments,
// counts) and orderings (Order: a field, a to-one relation's field, a
// to-many relation's count, full-text relevance; nulls first/last). Errors
// name the model and the argument path (perr.Validation).
//
// Planning (engine/query, engine/plan) reads a Call; filters and data are
// still read from the arguments there, with the helpers here
// (AsMap, AsInt, JoinPath, ...) so that every message spells paths and kinds
// one way. This package needs the schema only: no dialect, no SQL, no
// driver.
package request
