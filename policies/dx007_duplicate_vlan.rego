# METADATA
# title: Duplicate VLAN among active connections on one parent
# description: >-
#   Two active hosted connections on the same interconnect or LAG use the same VLAN. Traffic of
#   one customer can reach the other's virtual interfaces, or neither works: a security and an
#   availability problem. Each connection of a clashing pair is reported with one of the others.
# related_resources:
#   - https://docs.aws.amazon.com/directconnect/latest/UserGuide/create-hosted-connection.html
# custom:
#   id: DX007
#   severity: critical
#   remediation: >-
#     Delete the connection that was provisioned by mistake and recreate it with a free VLAN; use
#     the partner's VLAN allocation system as the single source of truth.
#   tags: [vlan, provisioning, security]
#   resource_types: [hostedConnection]
package dxcheck.dx007

import data.dxcheck.lib

conns := input.hostedConnections

# Per parent, the [vlan, connectionId] pairs sorted so that equal VLANs are adjacent: linear in
# the number of connections, where comparing every pair would be quadratic.
deny contains finding if {
	some parent_id, idxs in input.lookups.activeConnectionsByParent
	count(idxs) > 1
	pairs := sort([[c.vlan, c.connectionId] | some i in idxs; c := conns[i]; is_number(c.vlan)])
	some j, pair in pairs
	other := lib.same_key_neighbour(pairs, j)
	finding := {
		"msg": sprintf("%s uses VLAN %v on %s, as does %s", [pair[1], pair[0], parent_id, other]),
		"resource": pair[1],
		# Which other connection is named depends on ids that come and go.
		"key": sprintf("vlan %v on %s", [pair[0], parent_id]),
		"vlan": pair[0],
		"parentId": parent_id,
	}
}
