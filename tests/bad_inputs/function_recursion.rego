package bad.recursion

depth(n) := d if {
	d := depth(n + 1)
}

deny contains msg if {
	some c in input.hostedConnections
	msg := sprintf("%d", [depth(1)])
}
