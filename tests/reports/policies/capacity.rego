# METADATA
# title: Hosted connection faster than 10 Gbps
# description: No hosted connection may exceed 10 Gbps; this rule finds nothing in the fixture, and the reports must still show what it checked.
# custom:
#   id: T005
#   severity: critical
#   tags: [capacity]
#   resource_types: [hostedConnection]
package fixtures.capacity

deny contains finding if {
	some c in input.hostedConnections
	c.bandwidthMbps > 10000
	finding := {"msg": sprintf("%s is %d Mbps", [c.connectionId, c.bandwidthMbps]), "resource": c.connectionId}
}
