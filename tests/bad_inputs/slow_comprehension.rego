package bad.slow

deny contains msg if {
	xs := [i | some i in numbers.range(1, 20000000); i % 7 == 0]
	msg := sprintf("%d", [count(xs)])
}
