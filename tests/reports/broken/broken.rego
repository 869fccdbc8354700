# METADATA
# title: Broken rule
# description: Yields a finding object without "msg", which fails at evaluation, to test --keep-going reports.
# custom:
#   id: TB01
#   severity: high
#   resource_types: [hostedConnection]
package fixtures.broken

deny contains {"resource": c.connectionId} if {
	some c in input.hostedConnections
}
