# METADATA
# title: Parent carries too many active hosted connections (naive form)
# description: >-
#   One comprehension over every hosted connection per parent: P parents x N connections, which
#   grows with the square of the estate (parents grow with it).
# custom:
#   id: BENCH_NAIVE
#   severity: low
#   params:
#     max_connections_per_parent: 40
package bench.naive

import data.dxcheck.lib

max_connections := lib.param("max_connections_per_parent", 40)

deny contains finding if {
	some p in input.interconnects
	active := [c |
		some c in input.hostedConnections
		c.parentId == p.interconnectId
		c.connectionState in lib.active_states
	]
	count(active) > max_connections
	finding := {
		"msg": sprintf("%s carries %d active hosted connections (max %d)", [p.interconnectId, count(active), max_connections]),
		"resource": p.interconnectId,
	}
}
