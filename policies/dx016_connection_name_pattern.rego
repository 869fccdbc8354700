# METADATA
# title: Connection name does not follow the naming convention
# description: >-
#   The hosted connection's name does not match params.name_pattern (a regular expression, RE2
#   syntax), so operators cannot tell whose circuit an alarm is about. Applies only when
#   name_pattern is set; a connection without a name is not judged. An invalid pattern is itself
#   reported, since it would otherwise silently check nothing.
# custom:
#   id: DX016
#   severity: low
#   remediation: >-
#     Rename the connection (aws directconnect update-connection --connection-name).
#   tags: [naming, governance]
#   params:
#     name_pattern: null
#   resource_types: [hostedConnection]
package dxcheck.dx016

import data.dxcheck.lib

pattern := lib.param("name_pattern", null)

warn contains finding if {
	lib.param_set("name_pattern")
	regex.is_valid(pattern)
	some c in input.hostedConnections
	not regex.match(pattern, c.connectionName)
	c.connectionState in lib.active_states
	finding := {
		"msg": sprintf("%s is named %q, which does not match params.name_pattern %q", [c.connectionId, c.connectionName, pattern]),
		"resource": c.connectionId,
		"key": c.connectionName,
	}
}

warn contains finding if {
	lib.param_set("name_pattern")
	not regex.is_valid(pattern)
	finding := {
		"msg": sprintf("params.name_pattern %v is not a valid regular expression: no connection name was checked", [pattern]),
		"severity": "high",
	}
}
