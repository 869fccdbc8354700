# METADATA
# title: Count of down connections
# custom:
#   id: LINT006
#   severity: low
package lintcase.bad_finding

deny contains count(down) if {
	down := [c | some c in input.hostedConnections; c.connectionState == "down"]
}

# METADATA
# title: Down connections, with the message under the wrong key
# custom:
#   id: LINT007
#   severity: low
warn contains {"message": sprintf("%s is down", [c.connectionId])} if {
	some c in input.hostedConnections
	c.connectionState == "down"
}
