# A conftest-style policy: deny yields plain strings, no METADATA.
package custom.strings

deny contains msg if {
	some c in input.hostedConnections
	c.connectionState == "down"
	msg := sprintf("%s is down", [c.connectionId])
}
