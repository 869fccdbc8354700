# METADATA
# title: Resource in a region that is not allowed
# description: >-
#   The hosted connection, interconnect or LAG is in an AWS region missing from
#   params.allowed_regions (for example a data-residency commitment to customers). Applies only
#   when allowed_regions is set.
# custom:
#   id: DX017
#   severity: medium
#   remediation: >-
#     Migrate the customer to a parent in an allowed region, or add the region to
#     allowed_regions if the commitment allows it.
#   tags: [governance, residency]
#   params:
#     allowed_regions: null
#   resource_types: [hostedConnection, interconnect, lag]
package dxcheck.dx017

import data.dxcheck.lib

# Undefined until the parameter is set, so the rules below do nothing until then.
allowed := {r | some r in lib.param("allowed_regions", null)} if lib.param_set("allowed_regions")

deny contains finding if {
	lib.param_set("allowed_regions")
	# Each region once, not each connection.
	some region, idxs in input.lookups.connectionsByRegion
	not region in allowed
	some i in idxs
	c := input.hostedConnections[i]
	c.connectionState in lib.active_states
	finding := region_finding(c.connectionId, region)
}

deny contains finding if {
	lib.param_set("allowed_regions")
	some id, p in input.lookups.parents
	not p.region in allowed
	p.state in lib.active_states
	finding := region_finding(id, p.region)
}

region_finding(id, region) := {
	"msg": sprintf("%s is in %s, which is not in params.allowed_regions", [id, region]),
	"resource": id,
}
