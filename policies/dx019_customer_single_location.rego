# METADATA
# title: All of a customer's active connections in one location
# description: >-
#   Every active hosted connection of one customer account (two or more) is in the same Direct
#   Connect location, so a site outage takes the customer offline. AWS's high-resiliency model
#   needs connections in at least two locations. Connections whose location is unknown make the
#   customer's spread unknown, so no finding is raised for that customer.
# related_resources:
#   - https://docs.aws.amazon.com/directconnect/latest/UserGuide/resiliency_toolkit.html
# custom:
#   id: DX019
#   severity: low
#   remediation: >-
#     Offer the customer a connection in a second Direct Connect location.
#   tags: [resilience, customers]
#   resource_types: [hostedConnection]
package dxcheck.dx019

import data.dxcheck.lib

conns := input.hostedConnections

warn contains finding if {
	some owner, idxs in input.lookups.connectionsByOwner
	count(idxs) > 1
	active := [c | some i in idxs; c := conns[i]; lib.active(c)]
	count(active) > 1
	locations := [c.location | some c in active]
	count(locations) == count(active)
	distinct := {l | some l in locations}
	count(distinct) == 1
	some location in distinct
	ids := sort([c.connectionId | some c in active])
	finding := {
		"msg": sprintf("all %d active connections of account %s are in location %s: %s", [count(ids), owner, location, concat(", ", ids)]),
		# A customer is not a resource: the finding is filed under its first connection.
		"resource": ids[0],
		"key": sprintf("%s in %s", [owner, location]),
		"ownerAccount": owner,
		"location": location,
		"connections": ids,
	}
}
