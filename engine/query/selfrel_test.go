package query

import "testing"

// TestSelfRelations uses the oracle's relations schema: a self 1-n
// ("Mgmt"), a self m-n ("Follows", join table _Follows), a compound primary
// key (Membership) and a required 1-1 (Profile).
func TestSelfRelations(t *testing.T) {
	for _, p := range providers {
		t.Run(p, func(t *testing.T) {
			sch, db := freshDBFor(t, p, loadSchemaFile(t, "testdata/relations.prisma", p))
			c := &client{t: t, sch: sch, db: db}
			boss := c.row("Account", "create", M{"data": M{"email": "boss@x.io", "profile": M{"create": M{"bio": "b"}}}})
			w1 := c.row("Account", "create", M{"data": M{"email": "w1@x.io", "manager": M{"connect": M{"id": boss["id"]}},
				"follows": M{"connect": L{M{"id": boss["id"]}}}}})
			c.row("Account", "create", M{"data": M{"email": "w2@x.io", "manager": M{"connect": M{"email": "boss@x.io"}},
				"followedBy": M{"connect": L{M{"id": w1["id"]}}}}})
			got := c.row("Account", "findUnique", M{"where": M{"email": "boss@x.io"}, "include": M{
				"reports": M{"select": M{"email": true}}, "followedBy": M{"select": M{"email": true}}, "follows": true,
				"profile": M{"select": M{"bio": true}}, "_count": M{"select": M{"reports": true, "followedBy": true}}}})
			eq(t, "reports", got["reports"], L{M{"email": "w1@x.io"}, M{"email": "w2@x.io"}})
			eq(t, "followedBy", got["followedBy"], L{M{"email": "w1@x.io"}})
			eq(t, "follows", got["follows"], L{})
			eq(t, "profile", got["profile"], M{"bio": "b"})
			eq(t, "_count", got["_count"], M{"reports": int64(2), "followedBy": int64(1)})
			w1r := c.row("Account", "findUnique", M{"where": M{"email": "w1@x.io"}, "include": M{"follows": M{"select": M{"email": true}}, "manager": M{"select": M{"email": true}}}})
			eq(t, "w1 follows", w1r["follows"], L{M{"email": "boss@x.io"}, M{"email": "w2@x.io"}})
			eq(t, "w1 manager", w1r["manager"], M{"email": "boss@x.io"})
			eq(t, "self filter", emails(c.rows("Account", "findMany", M{"where": M{"manager": M{"is": M{"email": "boss@x.io"}}}, "orderBy": M{"id": "asc"}})), L{"w1@x.io", "w2@x.io"})
			eq(t, "m-n every", emails(c.rows("Account", "findMany", M{"where": M{"follows": M{"every": M{"email": M{"startsWith": "w"}}}}, "orderBy": M{"id": "asc"}})), L{"boss@x.io", "w2@x.io"})

			team := c.row("Team", "create", M{"data": M{"name": "T", "members": M{"create": L{M{"account": M{"connect": M{"id": boss["id"]}}, "role": "lead"}}}}, "include": M{"members": true}})
			eq(t, "compound pk member", len(team["members"].([]any)), 1)
			m := c.row("Membership", "findUnique", M{"where": M{"accountId_teamId": M{"accountId": boss["id"], "teamId": team["id"]}}, "include": M{"team": M{"select": M{"name": true}}}})
			eq(t, "membership", L{m["role"], m["team"]}, L{"lead", M{"name": "T"}})
			c.do("Account", "update", M{"where": M{"id": w1["id"]}, "data": M{"follows": M{"disconnect": L{M{"id": boss["id"]}}}, "manager": M{"disconnect": true}}})
			w1r = c.row("Account", "findUnique", M{"where": M{"id": w1["id"]}, "include": M{"follows": true}})
			eq(t, "after disconnect", L{len(w1r["follows"].([]any)), w1r["managerId"]}, L{1, nil})

			// Nested creates of the model itself, both ways: each row's key
			// is its own step's value, never the other row's.
			lead := c.row("Account", "create", M{"data": M{"email": "lead@x.io",
				"manager": M{"create": M{"email": "top@x.io"}}, "reports": M{"create": L{M{"email": "r1@x.io"}, M{"email": "r2@x.io"}}}},
				"include": M{"manager": M{"select": M{"email": true}}, "reports": M{"select": M{"email": true}}}})
			eq(t, "self nested create answers the outer row", lead["email"], "lead@x.io")
			eq(t, "its manager", lead["manager"], M{"email": "top@x.io"})
			eq(t, "its reports", lead["reports"], L{M{"email": "r1@x.io"}, M{"email": "r2@x.io"}})
		})
	}
}
