package lintcase.unknown_severity

# METADATA
# title: Connection is down
# custom:
#   id: LINT002
#   severity: urgent
deny contains msg if {
	some c in input.hostedConnections
	c.connectionState == "down"
	msg := sprintf("%s is down", [c.connectionId])
}
