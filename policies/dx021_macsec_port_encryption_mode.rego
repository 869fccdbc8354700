# METADATA
# title: MACsec-capable port does not require encryption
# description: >-
#   The interconnect or LAG supports MACsec, but its encryptionMode is not must_encrypt, so every
#   hosted connection on it may carry traffic unencrypted whenever the MACsec session is down.
# related_resources:
#   - https://docs.aws.amazon.com/directconnect/latest/UserGuide/MACsec.html
# custom:
#   id: DX021
#   severity: high
#   remediation: >-
#     Associate a MACsec key (CKN/CAK) with the port and set its encryption mode to must_encrypt
#     (aws directconnect update-connection or update-lag --encryption-mode must_encrypt).
#   tags: [encryption, macsec]
#   resource_types: [interconnect, lag]
package dxcheck.dx021

import data.dxcheck.lib

deny contains finding if {
	some id, p in input.lookups.parents
	p.state in lib.active_states
	doc := lib.parent_resource(p)
	doc.macSecCapable == true
	mode := object.get(doc, "encryptionMode", "not set")
	mode != "must_encrypt"
	finding := {
		"msg": sprintf("%s is MACsec-capable but its encryptionMode is %s, not must_encrypt", [id, mode]),
		"resource": id,
	}
}
