# METADATA
# title: Connection name is too long
# custom:
#   id: LINT004
#   severity: low
package lintcase.unknown_function

deny contains msg if {
	some c in input.hostedConnections
	strings.length(c.connectionName) > 60
	msg := sprintf("%s has a long name", [c.connectionId])
}
