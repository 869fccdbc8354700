# METADATA
# title: Hosted connection name does not follow the naming convention
# description: >-
#   Our hosted connections are named <customer>-<purpose>-<site>-<n>, lower case, so that the
#   NOC can tell at a glance whose circuit an alarm is about.
# custom:
#   id: ACME001
#   severity: low
#   remediation: Rename the connection (aws directconnect update-connection --connection-name).
#   tags: [naming]
package acme.naming

import data.dxcheck.lib

convention := `^[a-z0-9]+(-[a-z0-9]+){2,}$`

deny_connection_name contains finding if {
	some c in input.hostedConnections
	lib.active(c)
	name := object.get(c, "connectionName", "")
	not regex.match(convention, name)
	finding := {
		"msg": sprintf("%s is named %q, which does not match %s", [c.connectionId, name, convention]),
		"resource": c.connectionId,
	}
}
