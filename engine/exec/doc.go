// Package exec runs plans (engine/plan) through a driver.Querier: it binds
// the values a plan names but does not hold (plan.Ref, read by an earlier
// step; plan.Slot, made as the write runs: the clock, generated ids),
// renders each statement for the dialect, runs it, and builds the reply's
// rows from what the database returns (decoded by the schema's types,
// relations stitched in, kept to the request's shape).
//
// engine/query plans a request and hands the plan to a Runner (Read,
// Write, Aggregate), so every statement of a request is bound, run, and
// has its errors mapped in one place.
//
// This package must not import driver adapters (driver/sqlite,
// driver/postgres, driver/mysql), database/sql or "C".
package exec
