# METADATA
# title: Parent oversubscribed
# description: >-
#   The bandwidth of the active hosted connections on an interconnect or LAG adds up to more than
#   params.max_oversubscription times what the parent can carry (an interconnect's port speed; a
#   LAG's member speed times its available members). Customers will see congestion at peak. The
#   default 1.0 allows no oversubscription.
# related_resources:
#   - https://docs.aws.amazon.com/directconnect/latest/UserGuide/lags.html
# custom:
#   id: DX011
#   severity: medium
#   remediation: >-
#     Add members to the LAG or move connections to another parent; raise
#     max_oversubscription only if the partner's commercial terms allow it.
#   tags: [capacity, bandwidth]
#   params:
#     max_oversubscription: 1.0
#   resource_types: [interconnect, lag]
package dxcheck.dx011

import data.dxcheck.lib

ratio := lib.param("max_oversubscription", 1.0)

deny contains finding if {
	some parent_id, p in input.lookups.parents
	allocated := p.activeBandwidthMbps
	allocated > ratio * p.capacityMbps
	finding := {
		"msg": sprintf("%s carries %v Mbps of active hosted connections on %v Mbps of capacity (max_oversubscription %v)", [parent_id, allocated, p.capacityMbps, ratio]),
		"resource": parent_id,
		# The totals change with every order: keep the fingerprint stable.
		"key": "oversubscribed",
		"allocatedMbps": allocated,
		"capacityMbps": p.capacityMbps,
	}
}
