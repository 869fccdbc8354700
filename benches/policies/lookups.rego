# METADATA
# title: Parent carries too many active hosted connections (lookups form)
# description: >-
#   The same rule over input.lookups.activeConnectionsByParent, which dxcheck computes once in
#   Rust: one pass over the parents, each group already at hand.
# custom:
#   id: BENCH_LOOKUPS
#   severity: low
#   params:
#     max_connections_per_parent: 40
package bench.lookups

import data.dxcheck.lib

max_connections := lib.param("max_connections_per_parent", 40)

deny contains finding if {
	some parent_id, indexes in input.lookups.activeConnectionsByParent
	count(indexes) > max_connections
	finding := {
		"msg": sprintf("%s carries %d active hosted connections (max %d)", [parent_id, count(indexes), max_connections]),
		"resource": parent_id,
	}
}
