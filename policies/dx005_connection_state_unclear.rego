# METADATA
# title: Hosted connection in state unknown or requested
# description: >-
#   The API reports the hosted connection as unknown (AWS cannot determine its state) or
#   requested (waiting for the LOA-CFA and cross-connect, which partners provisioning hosted
#   connections should never see for long). Either needs a person to look at it.
# related_resources:
#   - https://docs.aws.amazon.com/directconnect/latest/APIReference/API_Connection.html
# custom:
#   id: DX005
#   severity: medium
#   remediation: >-
#     Describe the connection again; if the state persists, check the parent port and open a case
#     with AWS support.
#   tags: [lifecycle, availability]
#   resource_types: [hostedConnection]
package dxcheck.dx005

deny contains finding if {
	some state in ["unknown", "requested"]
	some i in object.get(input.lookups.connectionsByState, state, [])
	c := input.hostedConnections[i]
	finding := {
		"msg": sprintf("%s is in state %s", [c.connectionId, state]),
		"resource": c.connectionId,
	}
}
