# METADATA
# title: Connections await acceptance
# description: Counts the connections still in the ordering state; a finding about the estate, not one resource.
# custom:
#   id: T004
#   severity: info
package fixtures.ordering

warn contains msg if {
	n := count([c | some c in input.hostedConnections; c.connectionState == "ordering"])
	n > 0
	msg := sprintf("%d hosted connection(s) await customer acceptance", [n])
}
