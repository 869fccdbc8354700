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

warn contains finding if {
	some owner, by_location in input.lookups.activeConnectionsByOwnerAndLocation
	count(by_location) == 1
	some location, idxs in by_location
	count(idxs) > 1
	# Connections whose location is unknown are not grouped: then the spread is unknown.
	count(idxs) == count(input.lookups.activeConnectionsByOwner[owner])
	ids := sort([input.hostedConnections[i].connectionId | some i in idxs])
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
