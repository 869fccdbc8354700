# METADATA
# title: VLAN outside 1-4094 or reserved
# description: >-
#   802.1Q VLAN ids run from 1 to 4094; a hosted connection with any other VLAN cannot carry
#   traffic. VLANs listed in params.reserved_vlans are kept for the partner's own use (management,
#   transit) and must not be given to customers.
# related_resources:
#   - https://docs.aws.amazon.com/directconnect/latest/UserGuide/create-hosted-connection.html
# custom:
#   id: DX006
#   severity: high
#   remediation: >-
#     Delete the hosted connection and recreate it with a valid, unreserved VLAN
#     (allocate-hosted-connection --vlan); the VLAN of an existing connection cannot be changed.
#   tags: [vlan, provisioning]
#   params:
#     reserved_vlans: []
#   resource_types: [hostedConnection]
package dxcheck.dx006

import data.dxcheck.lib

reserved := {v | some v in lib.param("reserved_vlans", [])}

by_vlan := input.lookups.connectionsByVlan

# Each distinct VLAN is looked at once; only the connections of a bad one are visited.
deny contains finding if {
	some key, idxs in by_vlan
	not valid(to_number(key))
	some i in idxs
	c := input.hostedConnections[i]
	c.connectionState in lib.active_states
	finding := {
		"msg": sprintf("%s uses VLAN %v, outside 1-4094", [c.connectionId, c.vlan]),
		"resource": c.connectionId,
		"vlan": c.vlan,
	}
}

deny contains finding if {
	some v in reserved
	is_number(v)
	some i in object.get(by_vlan, format_int(v, 10), [])
	c := input.hostedConnections[i]
	c.connectionState in lib.active_states
	finding := {
		"msg": sprintf("%s uses VLAN %v, which params.reserved_vlans reserves", [c.connectionId, c.vlan]),
		"resource": c.connectionId,
		"vlan": c.vlan,
	}
}

valid(v) if {
	v >= 1
	v <= 4094
}
