# METADATA
# title: Hosted connection awaits customer acceptance
# description: >-
#   The hosted connection is in the ordering state: the partner created it, but the customer
#   account has not accepted it yet, so it carries no traffic. Long-lived ordering connections
#   hold VLANs and capacity on the parent.
# related_resources:
#   - https://docs.aws.amazon.com/directconnect/latest/UserGuide/accept-hosted-connection.html
# custom:
#   id: DX002
#   severity: low
#   remediation: >-
#     Ask the customer to accept the connection (confirm-connection), or delete it if the order
#     was abandoned.
#   tags: [lifecycle]
#   resource_types: [hostedConnection]
package dxcheck.dx002

warn contains finding if {
	some c in input.hostedConnections
	c.connectionState == "ordering"
	finding := {
		"msg": sprintf("%s is in ordering: the customer account %s has not accepted it", [c.connectionId, object.get(c, "ownerAccount", "(unknown)")]),
		"resource": c.connectionId,
	}
}
