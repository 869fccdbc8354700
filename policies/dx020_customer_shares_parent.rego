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

deny contains finding if {
	some owner, by_parent in input.lookups.activeConnectionsByOwnerAndParent
	some parent_id, idxs in by_parent
	count(idxs) > 1
	ids := sort([input.hostedConnections[i].connectionId | some i in idxs])
	some j, id in ids
	# Name one other connection: its neighbour in sorted order.
	others := [ids[k] | some k in [j - 1, j + 1]]
	finding := {
		"msg": sprintf("%s and %s of account %s are both on %s: one parent failure takes down both", [id, others[0], owner, parent_id]),
		"resource": id,
		"key": sprintf("%s on %s", [owner, parent_id]),
		"ownerAccount": owner,
		"parentId": parent_id,
		"connections": ids,
	}
}
