# METADATA
# title: MACsec encryption down on an available port
# description: >-
#   An available MACsec-capable interconnect or LAG reports portEncryptionStatus "Encryption
#   Down". Under must_encrypt the port drops all traffic, so every hosted connection on it is
#   out of service (critical); under other modes traffic flows unencrypted (high).
# related_resources:
#   - https://docs.aws.amazon.com/directconnect/latest/UserGuide/MACsec.html
# custom:
#   id: DX022
#   severity: high
#   remediation: >-
#     Check that the CKN/CAK on the partner router match the key associated with the port, and
#     the MACsec configuration of both ends; see the MACsec troubleshooting guide.
#   tags: [encryption, macsec, availability]
#   resource_types: [interconnect, lag]
package dxcheck.dx022

import data.dxcheck.lib

deny contains finding if {
	some id, p in input.lookups.parents
	p.state == "available"
	doc := lib.parent_resource(p)
	doc.macSecCapable == true
	doc.portEncryptionStatus == "Encryption Down"
	mode := object.get(doc, "encryptionMode", "not set")
	finding := {
		"msg": sprintf("%s reports Encryption Down (encryptionMode %s)%s", [id, mode, impact(mode)]),
		"resource": id,
		"severity": severity(mode),
	}
}

impact("must_encrypt") := ": the port drops all traffic"

impact(mode) := ": traffic flows unencrypted" if mode != "must_encrypt"

severity("must_encrypt") := "critical"

severity(mode) := "high" if mode != "must_encrypt"
