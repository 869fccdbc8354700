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


deny contains finding if {
	some parent_id, by_vlan in input.lookups.activeConnectionsByParentAndVlan
	some vlan, idxs in by_vlan
	count(idxs) > 1
	ids := sort([input.hostedConnections[i].connectionId | some i in idxs])
	some j, id in ids
	# Name one other connection: its neighbour in sorted order (listing all of them would make
	# the output quadratic in the size of the clash).
	others := [ids[k] | some k in [j - 1, j + 1]]
	finding := {
		"msg": sprintf("%s uses VLAN %s on %s, as does %s", [id, vlan, parent_id, others[0]]),
		"resource": id,
		# Which other connection is named depends on ids that come and go.
		"key": sprintf("vlan %s on %s", [vlan, parent_id]),
		"vlan": to_number(vlan),
		"parentId": parent_id,
		"connections": ids,
	}
}
