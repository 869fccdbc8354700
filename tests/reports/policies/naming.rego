# METADATA
# title: Connection name breaks the <customer>-<purpose>-<site>-<n> convention
# description: Names carry the customer, so the NOC can tell whose circuit an alarm is about.
# custom:
#   id: T001
#   severity: medium
#   remediation: Rename the connection (update-connection --connection-name).
#   tags: [naming]
#   resource_types: [hostedConnection]
package fixtures.naming

deny contains finding if {
	some c in input.hostedConnections
	name := object.get(c, "connectionName", "")
	not regex.match(`^[a-z0-9]+(-[a-z0-9]+){3}$`, name)
	finding := {
		"msg": sprintf("%s is named %s", [c.connectionId, name]),
		"resource": c.connectionId,
	}
}
