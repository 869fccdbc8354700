package bad.rules

a contains x if {
	some x in b
}

b contains x if {
	some x in a
}

deny contains x if {
	some x in a
}
