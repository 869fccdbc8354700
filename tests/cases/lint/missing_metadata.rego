# METADATA
# title: Connections must have a name
package lintcase.missing_metadata

deny contains msg if {
	some c in input.hostedConnections
	not c.connectionName
	msg := sprintf("%s has no name", [c.connectionId])
}
