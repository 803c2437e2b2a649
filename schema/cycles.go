package schema

import "strings"

// When Prisma emulates referential actions (relationMode = "prisma"), an
// update or delete that cascades must not come back to the table it
// started from: a self-relation, or a cycle through several models, needs
// NoAction (or Restrict) on one of its relations.
// https://pris.ly/d/cyclic-referential-actions

// fkEdge is one relation seen from the field holding its foreign key.
type fkEdge struct {
	from, to *modelInfo
	fi       *fieldInfo
	pos      int // relationPos of the relation, which orders the findings
}

// actions are the relation's onDelete and onUpdate, the implicit defaults
// filled in (onDelete follows the relation field's arity), and whether
// each was written.
func (e fkEdge) actions() (onDelete, onUpdate string, explicitDelete, explicitUpdate bool) {
	ra := e.fi.rel
	onDelete, onUpdate = ra.onDelete, ra.onUpdate
	explicitDelete, explicitUpdate = onDelete != "", onUpdate != ""
	if !explicitDelete {
		onDelete = "Restrict"
		if e.fi.f.Optional {
			onDelete = "SetNull"
		}
	}
	if !explicitUpdate {
		onUpdate = "Cascade"
	}
	return
}

// changesChildren reports whether an action modifies the rows that point
// at the changed one.
func changesChildren(act string) bool {
	return act == "Cascade" || act == "SetNull" || act == "SetDefault"
}

func (e fkEdge) triggers() bool {
	d, u, _, _ := e.actions()
	return changesChildren(d) || changesChildren(u)
}

// referenceCycles walks, from every relation with both fields and a
// foreign key, the relations its actions cascade through; it reports the
// first self-relation or return to the starting model it meets.
func (r *resolver) referenceCycles() {
	if r.relationMode() != "prisma" {
		return
	}
	var edges []fkEdge
	for _, mi := range r.modelSeq {
		for _, fi := range mi.seq {
			rel := fi.f.Relation
			if fi.f.Kind != RelationField || rel == nil || rel.Back == nil || rel.Kind == ManyToMany || len(rel.Fields) == 0 || fi.rel == nil {
				continue
			}
			to := r.models[fi.f.TypeName]
			if to == nil {
				continue
			}
			bfi := to.fields[rel.Back.Name]
			if bfi == nil {
				continue
			}
			edges = append(edges, fkEdge{from: mi, to: to, fi: fi, pos: relationPos([]relEnd{{mi: mi, fi: fi}, {mi: to, fi: bfi}})})
		}
	}
	from := map[*modelInfo][]fkEdge{}
	for _, e := range edges {
		from[e.from] = append(from[e.from], e)
	}
	type step struct {
		edge fkEdge
		path []fkEdge
	}
	for _, start := range edges {
		visited := map[*fieldInfo]bool{}
		stack := []step{{start, []fkEdge{start}}}
		for len(stack) > 0 {
			st := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			visited[st.edge.fi] = true
			if !st.edge.triggers() {
				continue
			}
			var msg string
			switch {
			case st.edge.from == st.edge.to:
				msg = "A self-relation must have `onDelete` and `onUpdate` referential actions set to `NoAction` in one of the @relation attributes."
			case st.edge.to == start.from:
				hops := make([]string, len(st.path))
				for i, e := range st.path {
					hops[i] = e.from.m.Name + "." + e.fi.f.Name
				}
				msg = "Reference causes a cycle. One of the @relation attributes in this cycle must have `onDelete` and `onUpdate` referential actions set to `NoAction`. Cycle path: " + strings.Join(hops, " → ") + "."
			}
			if msg != "" {
				r.relPos = start.pos
				r.verr(rkRelCycle, 0, r.lineSpan(start.fi.node.Span), "Error validating: "+msg+implicitActions(start)+" Read more at https://pris.ly/d/cyclic-referential-actions")
				break
			}
			for _, next := range from[st.edge.to] {
				if !visited[next.fi] {
					path := append(append([]fkEdge{}, st.path...), next)
					stack = append(stack, step{next, path})
				}
			}
		}
	}
}

// implicitActions names the defaults of the starting relation that
// cascade, as Prisma's message does.
func implicitActions(e fkEdge) string {
	d, u, explicitD, explicitU := e.actions()
	var parts []string
	if !explicitD && changesChildren(d) {
		parts = append(parts, "`onDelete`: `"+d+"`")
	}
	if !explicitU && changesChildren(u) {
		parts = append(parts, "`onUpdate`: `"+u+"`")
	}
	if len(parts) == 0 {
		return ""
	}
	return " (Implicit default " + strings.Join(parts, ", and ") + ")"
}
