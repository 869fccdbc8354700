# METADATA
# title: MACsec-capable port without an associated key
# description: >-
#   An active MACsec-capable interconnect or LAG has no MACsec key in state associated, so no
#   MACsec session can come up and the port cannot encrypt.
# related_resources:
#   - https://docs.aws.amazon.com/directconnect/latest/UserGuide/associate-key-connection.html
# custom:
#   id: DX023
#   severity: high
#   remediation: >-
#     Associate a CKN/CAK pair or a Secrets Manager secret with the port
#     (aws directconnect associate-mac-sec-key).
#   tags: [encryption, macsec]
#   resource_types: [interconnect, lag]
package dxcheck.dx023

import data.dxcheck.lib

deny contains finding if {
	some id, p in input.lookups.parents
	p.state in lib.active_states
	doc := lib.parent_resource(p)
	doc.macSecCapable == true
	not has_associated_key(doc)
	states := sort({k.state | some k in object.get(doc, "macSecKeys", [])})
	finding := {
		"msg": sprintf("%s is MACsec-capable but has no associated MACsec key%s", [id, key_states(states)]),
		"resource": id,
	}
}

has_associated_key(doc) if {
	some k in doc.macSecKeys
	k.state == "associated"
}

key_states(states) := "" if count(states) == 0

key_states(states) := sprintf(" (keys: %s)", [concat(", ", states)]) if count(states) > 0
