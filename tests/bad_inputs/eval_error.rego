package bad.eval

deny contains msg if {
	some c in input.hostedConnections
	msg := sprintf("%s", [no_such_function(c)])
}
