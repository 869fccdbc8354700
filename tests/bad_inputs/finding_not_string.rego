package bad.number

deny contains n if {
	some n in [1, 2]
}
