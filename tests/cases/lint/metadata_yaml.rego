package lintcase.metadata_yaml

# METADATA
# title: Connection is down
# custom: [unclosed
deny contains msg if {
	some c in input.hostedConnections
	c.connectionState == "down"
	msg := sprintf("%s is down", [c.connectionId])
}
