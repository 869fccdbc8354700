# METADATA
# title: Hosted connection is down
# description: >-
#   The hosted connection is in the down state: the customer has accepted it and pays for it, but
#   it carries no traffic. Typical causes are a failed cross-connect, the parent port being down,
#   or a VLAN mismatch between partner and customer equipment.
# related_resources:
#   - https://docs.aws.amazon.com/directconnect/latest/UserGuide/troubleshooting.html
# custom:
#   id: DX004
#   severity: high
#   remediation: >-
#     Check the parent interconnect or LAG and the partner-side VLAN and cross-connect
#     configuration; open a case with AWS if the physical layer is up.
#   tags: [availability]
#   resource_types: [hostedConnection]
package dxcheck.dx004

deny contains finding if {
	some i in object.get(input.lookups.connectionsByState, "down", [])
	c := input.hostedConnections[i]
	finding := {
		"msg": sprintf("%s is down%s", [c.connectionId, since(c)]),
		"resource": c.connectionId,
		"key": "down",
	}
}

since(c) := sprintf(" since %s", [c.stateSince])

since(c) := "" if not c.stateSince
