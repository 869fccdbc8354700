# METADATA
# title: Two connections of one customer on the same parent
# description: >-
#   Two or more active hosted connections of one customer account ride on the same interconnect
#   or LAG. Customers usually order a second connection for redundancy, which one parent cannot
#   give: its failure takes both down. Each such connection is reported with one of the others.
# related_resources:
#   - https://docs.aws.amazon.com/directconnect/latest/UserGuide/resiliency_toolkit.html
# custom:
#   id: DX020
#   severity: medium
#   remediation: >-
#     Move one of the connections to another interconnect or LAG, on another AWS device.
#   tags: [resilience, customers]
#   resource_types: [hostedConnection]
package dxcheck.dx020

import data.dxcheck.lib

conns := input.hostedConnections

# Per customer, [parentId, connectionId] pairs sorted so that connections sharing a parent are
# adjacent: linear, where comparing every pair of a large customer's connections would not be.
deny contains finding if {
	some owner, idxs in input.lookups.connectionsByOwner
	count(idxs) > 1
	pairs := sort([[c.parentId, c.connectionId] | some i in idxs; c := conns[i]; lib.active(c); c.parentId])
	some j, pair in pairs
	other := lib.same_key_neighbour(pairs, j)
	finding := {
		"msg": sprintf("%s and %s of account %s are both on %s: one parent failure takes down both", [pair[1], other, owner, pair[0]]),
		"resource": pair[1],
		"key": sprintf("%s on %s", [owner, pair[0]]),
		"ownerAccount": owner,
		"parentId": pair[0],
	}
}
