package bad.some_inputs

# Fine for most connections, fails on the one whose name is not a number.
deny contains msg if {
	some c in input.hostedConnections
	n := to_number(c.connectionName)
	n > 5
	msg := sprintf("%s", [c.connectionId])
}
