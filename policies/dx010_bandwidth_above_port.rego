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


# Only connections faster than the slowest port can be faster than their own: each bandwidth is
# compared once with that, and only the connections of faster bandwidths are looked at.
slowest_port := min([p.portSpeedMbps | some p in input.lookups.parents])

deny contains finding if {
	some idxs in input.lookups.connectionsByBandwidth
	input.hostedConnections[idxs[0]].bandwidthMbps > slowest_port
	some i in idxs
	c := input.hostedConnections[i]
	c.connectionState in lib.active_states
	port := input.lookups.parents[c.parentId].portSpeedMbps
	c.bandwidthMbps > port
	finding := {
		"msg": sprintf("%s has %s but its parent %s has %v Mbps ports", [c.connectionId, c.bandwidth, c.parentId, port]),
		"resource": c.connectionId,
		"parentId": c.parentId,
		"portSpeedMbps": port,
	}
}
