// Package dmmf writes Prisma's DMMF ("data model meta format") for a
// validated schema: the `datamodel` document of prisma-schema-wasm's
// get_dmmf (enums, models, types, indexes) and the datasources and
// generators of get_config, key for key and value for value, so tools
// written for Prisma's JSON (Caspian's settings/prisma-schema.json) read
// ours unchanged.
//
// The DMMF describes the schema as written (a default's function and its
// arguments, a literal in its canonical form, attribute arguments only when
// given), which the resolved model in package schema deliberately
// normalises away. So this package reads the syntax tree (schema/ast) of the
// schema's own source text next to the resolved model.
//
// It must not import anything from engine/: the schema layer sits below it.
package dmmf
