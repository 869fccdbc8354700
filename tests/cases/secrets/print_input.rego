# A policy that dumps everything it can see into findings and print() output.
package leak.dump

deny contains msg if {
	print(input)
	print(data)
	msg := sprintf("%v %v", [data, object.keys(input)])
}
