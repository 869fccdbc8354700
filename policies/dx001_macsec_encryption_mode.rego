# METADATA
# title: MACsec-capable hosted connection does not require encryption
# description: >-
#   The hosted connection supports MACsec, but its encryptionMode is not must_encrypt, so
#   traffic may cross the cross-connect unencrypted whenever the MACsec session is down. A hosted
#   connection reports the mode of the port it rides on (see DX021 for the port itself); each is
#   listed so that every affected customer circuit is visible.
# related_resources:
#   - https://docs.aws.amazon.com/directconnect/latest/UserGuide/MACsec.html
# custom:
#   id: DX001
#   severity: high
#   remediation: >-
#     Associate a MACsec key (CKN/CAK) with the connection's interconnect or LAG and set its
#     encryption mode to must_encrypt (aws directconnect update-connection / update-lag
#     --encryption-mode must_encrypt).
#   tags: [encryption, macsec]
#   resource_types: [hostedConnection]
package dxcheck.dx001

import data.dxcheck.lib

deny contains finding if {
	some c in input.hostedConnections
	c.macSecCapable == true
	mode := object.get(c, "encryptionMode", "not set")
	mode != "must_encrypt"
	c.connectionState in lib.active_states
	finding := {
		"msg": sprintf("%s is MACsec-capable but its encryptionMode is %s, not must_encrypt", [c.connectionId, mode]),
		"resource": c.connectionId,
	}
}
