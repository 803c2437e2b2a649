"""The peers our client is measured against, one module each.

Every peer exposes the same async methods as bench.ours.Ours (point, list,
nested, create, update, count, tx, close) over the same tables, and a `name`
and `kind` ("raw" or "orm"). Raw drivers hand back tuples/Records; ORMs their
model objects, as their users would use them.
"""
