# METADATA
# title: MACsec-capable hosted connection does not require encryption
# description: >-
#   The hosted connection supports MACsec, but its encryptionMode is not must_encrypt, so
#   traffic may cross the cross-connect unencrypted when the MACsec session is down.
# related_resources:
#   - https://docs.aws.amazon.com/directconnect/latest/UserGuide/MACsec.html
# custom:
#   id: DX001
#   severity: high
#   remediation: >-
#     Associate a MACsec key (CKN/CAK) with the connection and set its encryption mode to
#     must_encrypt (aws directconnect update-connection --encryption-mode must_encrypt).
#   tags: [encryption, macsec]
#   resource_types: [hostedConnection]
package dxcheck.dx001

import data.dxcheck.lib

deny contains finding if {
	some c in input.hostedConnections
	lib.active(c)
	c.macSecCapable == true
	mode := object.get(c, "encryptionMode", "not set")
	mode != "must_encrypt"
	finding := {
		"msg": sprintf("%s is MACsec-capable but its encryptionMode is %s, not must_encrypt", [c.connectionId, mode]),
		"resource": c.connectionId,
	}
}
