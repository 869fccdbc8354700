# METADATA
# title: MACsec key still associating or disassociating
# description: >-
#   A MACsec key of an interconnect or LAG is in state associating or disassociating. These
#   states should last minutes; a key that stays in them at collection time usually means a
#   failed key rotation, and the port may lose its MACsec session when the old key goes.
# related_resources:
#   - https://docs.aws.amazon.com/directconnect/latest/UserGuide/MACsec.html
# custom:
#   id: DX024
#   severity: low
#   remediation: >-
#     Describe the port again; if the key is still in transition, check the Secrets Manager secret
#     and re-run associate-mac-sec-key or disassociate-mac-sec-key.
#   tags: [encryption, macsec]
#   resource_types: [interconnect, lag]
package dxcheck.dx024

import data.dxcheck.lib

warn contains finding if {
	some id, p in input.lookups.parents
	p.state in lib.active_states
	doc := lib.parent_resource(p)
	some k in doc.macSecKeys
	k.state in {"associating", "disassociating"}
	name := key_name(k)
	finding := {
		"msg": sprintf("%s has MACsec key %s in state %s", [id, name, k.state]),
		"resource": id,
		"key": name,
	}
}

key_name(k) := k.secretARN

key_name(k) := sprintf("CKN %s", [k.ckn]) if not k.secretARN

key_name(k) := "(unnamed)" if {
	not k.secretARN
	not k.ckn
}
