# METADATA
# title: Partner or provider name not allowed
# description: >-
#   The hosted connection's partnerName or providerName is not in params.allowed_partner_names:
#   the connection was provisioned under another partner's name, or the inventory mixes
#   partners. Each field is checked when present. Applies only when allowed_partner_names is
#   set.
# related_resources:
#   - https://docs.aws.amazon.com/directconnect/latest/APIReference/API_Connection.html
# custom:
#   id: DX015
#   severity: medium
#   remediation: >-
#     Find out who provisioned the connection; add legitimate names (for example a colocation
#     provider) to allowed_partner_names.
#   tags: [governance]
#   params:
#     allowed_partner_names: null
#   resource_types: [hostedConnection]
package dxcheck.dx015

import data.dxcheck.lib

deny contains finding if {
	lib.param_set("allowed_partner_names")
	allowed := {n | some n in lib.param("allowed_partner_names", null)}
	# Each name once, not each connection.
	some field, lookup in {"partnerName": "connectionsByPartnerName", "providerName": "connectionsByProviderName"}
	some name, idxs in input.lookups[lookup]
	not name in allowed
	some i in idxs
	c := input.hostedConnections[i]
	c.connectionState in lib.active_states
	finding := {
		"msg": sprintf("%s has %s %q, which is not in params.allowed_partner_names", [c.connectionId, field, name]),
		"resource": c.connectionId,
	}
}
