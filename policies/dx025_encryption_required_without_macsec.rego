# METADATA
# title: Customer requiring encryption on a port without MACsec
# description: >-
#   The hosted connection belongs to an account in params.encryption_required_accounts, but the
#   port it rides on cannot do MACsec, so the customer's traffic crosses the cross-connect in
#   clear text. The connection's partnerInterconnectMacSecCapable is used where present, else
#   the parent's macSecCapable, else the connection's own macSecCapable; when none is known, no
#   finding is raised.
# related_resources:
#   - https://docs.aws.amazon.com/directconnect/latest/UserGuide/MACsec.html
# custom:
#   id: DX025
#   severity: high
#   remediation: >-
#     Move the customer to a MACsec-capable interconnect or LAG (10 or 100 Gbps ports at
#     supported locations) with encryptionMode must_encrypt.
#   tags: [encryption, macsec, customers]
#   params:
#     encryption_required_accounts: []
#   resource_types: [hostedConnection]
package dxcheck.dx025

import data.dxcheck.lib

deny contains finding if {
	some account in lib.param("encryption_required_accounts", [])
	some i in object.get(input.lookups.activeConnectionsByOwner, account, [])
	c := input.hostedConnections[i]
	macsec_capable(c) == false
	finding := {
		"msg": sprintf("%s of account %s, which requires encryption, is on %s, which cannot do MACsec", [c.connectionId, account, object.get(c, "parentId", "a parent")]),
		"resource": c.connectionId,
	}
}

macsec_capable(c) := c.partnerInterconnectMacSecCapable

macsec_capable(c) := parent_capable(c) if not has_field(c, "partnerInterconnectMacSecCapable")

macsec_capable(c) := c.macSecCapable if {
	not has_field(c, "partnerInterconnectMacSecCapable")
	not parent_capable(c) in {true, false}
}

parent_capable(c) := lib.parent_resource(input.lookups.parents[c.parentId]).macSecCapable

has_field(obj, name) if object.get(obj, name, null) != null
