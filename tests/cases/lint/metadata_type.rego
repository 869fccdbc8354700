package lintcase.metadata_type

# METADATA
# title: Connection is down
# custom:
#   id: LINT003
#   severity: high
#   tags: 5
deny contains msg if {
	some c in input.hostedConnections
	c.connectionState == "down"
	msg := sprintf("%s is down", [c.connectionId])
}
