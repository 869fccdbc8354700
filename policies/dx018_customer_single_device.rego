# METADATA
# title: All of a customer's active connections on one AWS device
# description: >-
#   Every active hosted connection of one customer account (two or more) terminates on the same
#   AWS device (awsDeviceV2, or awsDevice where that is absent), so one device failure or
#   maintenance takes the customer offline. AWS recommends connections on separate devices for
#   resilience. Connections whose device is unknown make the customer's spread unknown, so no
#   finding is raised for that customer.
# related_resources:
#   - https://docs.aws.amazon.com/directconnect/latest/UserGuide/resiliency_toolkit.html
# custom:
#   id: DX018
#   severity: medium
#   remediation: >-
#     Offer the customer a connection on a parent that terminates on another AWS device (a
#     different interconnect or LAG, preferably in a second location).
#   tags: [resilience, customers]
#   resource_types: [hostedConnection]
package dxcheck.dx018

import data.dxcheck.lib

deny contains finding if {
	some owner, by_device in input.lookups.activeConnectionsByOwnerAndDevice
	count(by_device) == 1
	some device, idxs in by_device
	count(idxs) > 1
	# Connections whose device is unknown are not grouped: then the spread is unknown.
	count(idxs) == count(input.lookups.activeConnectionsByOwner[owner])
	ids := sort([input.hostedConnections[i].connectionId | some i in idxs])
	finding := {
		"msg": sprintf("all %d active connections of account %s are on AWS device %s: %s", [count(ids), owner, device, concat(", ", ids)]),
		# A customer is not a resource: the finding is filed under its first connection.
		"resource": ids[0],
		"key": sprintf("%s on %s", [owner, device]),
		"ownerAccount": owner,
		"device": device,
		"connections": ids,
	}
}
