# METADATA
# title: No logical redundancy for a customer that requires it
# description: >-
#   The hosted connection of an account in params.redundancy_required_accounts reports
#   hasLogicalRedundancy "no": AWS knows of no second connection giving it a redundant path, so
#   the customer's SLA commitment is not met. "unknown" is not reported.
# related_resources:
#   - https://docs.aws.amazon.com/directconnect/latest/UserGuide/resiliency_toolkit.html
# custom:
#   id: DX026
#   severity: medium
#   remediation: >-
#     Provision a second hosted connection for the customer on another device and location, and
#     have the customer configure it as a redundant path.
#   tags: [resilience, customers]
#   params:
#     redundancy_required_accounts: []
#   resource_types: [hostedConnection]
package dxcheck.dx026

import data.dxcheck.lib

deny contains finding if {
	some account in lib.param("redundancy_required_accounts", [])
	some i in object.get(input.lookups.activeConnectionsByOwner, account, [])
	c := input.hostedConnections[i]
	c.hasLogicalRedundancy == "no"
	finding := {
		"msg": sprintf("%s of account %s, which requires redundancy, has no logically redundant connection", [c.connectionId, account]),
		"resource": c.connectionId,
	}
}
