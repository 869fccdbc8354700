# METADATA
# title: The second rule
# custom:
#   id: LINT001
#   severity: low
package lintcase.duplicate_second

warn contains msg if {
	some c in input.hostedConnections
	c.vlan == 4094
	msg := sprintf("%s uses VLAN 4094", [c.connectionId])
}
