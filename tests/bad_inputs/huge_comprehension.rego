package bad.huge

deny contains msg if {
	xs := [i | some i in numbers.range(1, 1000000000)]
	msg := sprintf("%d", [count(xs)])
}
