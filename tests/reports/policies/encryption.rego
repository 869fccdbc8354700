# METADATA
# title: MACsec-capable connection does not require encryption
# description: The connection supports MACsec but its encryptionMode is not must_encrypt.
# related_resources:
#   - https://docs.aws.amazon.com/directconnect/latest/UserGuide/MACsec.html
# custom:
#   id: T002
#   severity: high
#   remediation: Set the encryption mode to must_encrypt.
#   tags: [encryption]
#   resource_types: [hostedConnection]
package fixtures.encryption

deny contains finding if {
	some c in input.hostedConnections
	c.macSecCapable == true
	mode := object.get(c, "encryptionMode", "not set")
	mode != "must_encrypt"
	finding := {
		"msg": sprintf("%s has encryptionMode %s", [c.connectionId, mode]),
		"resource": c.connectionId,
		"mode": mode,
	}
}
