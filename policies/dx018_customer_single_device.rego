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

conns := input.hostedConnections

deny contains finding if {
	some owner, idxs in input.lookups.connectionsByOwner
	count(idxs) > 1
	active := [c | some i in idxs; c := conns[i]; lib.active(c)]
	count(active) > 1
	devices := [d | some c in active; d := lib.device(c)]
	count(devices) == count(active)
	distinct := {d | some d in devices}
	count(distinct) == 1
	some device in distinct
	ids := sort([c.connectionId | some c in active])
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
