# METADATA
# title: Hosted connection faster than its parent's port
# description: >-
#   The connection's bandwidth is above the port speed of the interconnect (or of one LAG member)
#   it rides on, so it can never get the capacity the customer pays for.
# related_resources:
#   - https://docs.aws.amazon.com/directconnect/latest/UserGuide/WorkingWithConnections.html
# custom:
#   id: DX010
#   severity: high
#   remediation: >-
#     Move the customer to a parent with a faster port, or lower the connection's bandwidth.
#   tags: [bandwidth, capacity]
#   resource_types: [hostedConnection]
package dxcheck.dx010

import data.dxcheck.lib

deny contains finding if {
	some c in input.hostedConnections
	p := input.lookups.parents[c.parentId]
	c.bandwidthMbps > p.portSpeedMbps
	lib.active(c)
	finding := {
		"msg": sprintf("%s has %s but its parent %s has %v Mbps ports", [c.connectionId, c.bandwidth, c.parentId, p.portSpeedMbps]),
		"resource": c.connectionId,
		"parentId": c.parentId,
		"portSpeedMbps": p.portSpeedMbps,
	}
}
