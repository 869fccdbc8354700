package custom.objects

# METADATA
# title: VLAN 4095 is reserved
# description: VLAN 4095 cannot carry traffic.
# custom:
#   id: CUSTOM100
#   severity: critical
#   remediation: Re-provision the connection on a VLAN between 1 and 4094.
#   tags: [vlan]
deny_vlan contains finding if {
	some c in input.hostedConnections
	c.vlan == 4095
	finding := {"msg": sprintf("%s uses VLAN 4095", [c.connectionId]), "resource": c.connectionId, "vlan": c.vlan}
}

# METADATA
# title: Connection without a name
# custom:
#   id: CUSTOM101
warn_unnamed contains finding if {
	some c in input.hostedConnections
	c.connectionId == "dxcon-fgh5c6d8"
	finding := {"msg": "downgraded by the policy itself", "resource": c.connectionId, "severity": "info"}
}
