# METADATA
# title: 1 Gbps or more without high-capacity approval
# description: >-
#   AWS lets only partners that meet specific requirements provision hosted connections of
#   1 Gbps and above. Unless params.high_capacity_approved is true, each active connection of
#   1 Gbps or more is reported so that the partner can confirm it is entitled to sell it.
# related_resources:
#   - https://docs.aws.amazon.com/directconnect/latest/UserGuide/WorkingWithConnections.html
# custom:
#   id: DX009
#   severity: medium
#   remediation: >-
#     Confirm the partner's high-capacity approval with the AWS partner team and set
#     high_capacity_approved = true under [params]; otherwise move the customer to 500 Mbps or
#     less.
#   tags: [bandwidth, compliance]
#   params:
#     high_capacity_approved: false
#   resource_types: [hostedConnection]
package dxcheck.dx009

import data.dxcheck.lib

deny contains finding if {
	lib.param("high_capacity_approved", false) != true
	some idxs in input.lookups.connectionsByBandwidth
	input.hostedConnections[idxs[0]].bandwidthMbps >= 1000
	some i in idxs
	c := input.hostedConnections[i]
	c.connectionState in lib.active_states
	finding := {
		"msg": sprintf("%s has bandwidth %s, but params.high_capacity_approved is not true", [c.connectionId, c.bandwidth]),
		"resource": c.connectionId,
	}
}
