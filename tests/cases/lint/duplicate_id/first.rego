# METADATA
# title: The first rule
# custom:
#   id: LINT001
#   severity: low
package lintcase.duplicate_first

warn contains msg if {
	some c in input.hostedConnections
	c.vlan == 4094
	msg := sprintf("%s uses VLAN 4094", [c.connectionId])
}
