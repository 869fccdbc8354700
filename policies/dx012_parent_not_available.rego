# METADATA
# title: Parent not available while it carries active connections
# description: >-
#   An interconnect or LAG that is down, pending, requested, deleting or in any state other than
#   available still carries active hosted connections: their customers have no service, or will
#   lose it (a parent being deleted takes its connections with it).
# related_resources:
#   - https://docs.aws.amazon.com/directconnect/latest/UserGuide/troubleshooting.html
# custom:
#   id: DX012
#   severity: high
#   remediation: >-
#     Restore the parent (check the cross-connect and the partner router) or migrate its hosted
#     connections to an available parent before it is deleted.
#   tags: [availability, capacity]
#   resource_types: [interconnect, lag]
package dxcheck.dx012

deny contains finding if {
	some parent_id, idxs in input.lookups.activeConnectionsByParent
	state := input.lookups.parents[parent_id].state
	state != "available"
	finding := {
		"msg": sprintf("%s is %s but carries %d active hosted connection(s)", [parent_id, state, count(idxs)]),
		"resource": parent_id,
		"key": state,
		"activeConnections": count(idxs),
	}
}
