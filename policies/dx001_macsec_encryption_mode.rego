# METADATA
# title: MACsec-capable connection or port does not require encryption
# description: >-
#   The interconnect, LAG or hosted connection supports MACsec, but its encryptionMode is not
#   must_encrypt, so traffic may cross the cross-connect unencrypted whenever the MACsec session
#   is down. Hosted connections report the mode of the port they ride on; each is listed so that
#   every affected customer circuit is visible.
# related_resources:
#   - https://docs.aws.amazon.com/directconnect/latest/UserGuide/MACsec.html
# custom:
#   id: DX001
#   severity: high
#   remediation: >-
#     Associate a MACsec key (CKN/CAK) with the interconnect or LAG and set its encryption mode to
#     must_encrypt (aws directconnect update-connection / update-lag --encryption-mode
#     must_encrypt).
#   tags: [encryption, macsec]
#   resource_types: [hostedConnection, interconnect, lag]
package dxcheck.dx001

import data.dxcheck.lib

deny contains finding if {
	some c in input.hostedConnections
	c.macSecCapable == true
	mode := object.get(c, "encryptionMode", "not set")
	mode != "must_encrypt"
	c.connectionState in lib.active_states
	finding := mode_finding(c.connectionId, mode)
}

deny contains finding if {
	some id, p in input.lookups.parents
	p.state in lib.active_states
	doc := lib.parent_resource(p)
	doc.macSecCapable == true
	mode := object.get(doc, "encryptionMode", "not set")
	mode != "must_encrypt"
	finding := mode_finding(id, mode)
}

mode_finding(id, mode) := {
	"msg": sprintf("%s is MACsec-capable but its encryptionMode is %s, not must_encrypt", [id, mode]),
	"resource": id,
}
