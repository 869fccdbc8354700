package acme.naming_test

import data.acme.naming

test_conforming_name_passes if {
	count(naming.deny_connection_name) == 0 with input as {"hostedConnections": [{"connectionId": "dxcon-1", "connectionState": "available", "connectionName": "acme-prod-iad-1"}]}
}

test_other_names_are_reported if {
	findings := naming.deny_connection_name with input as {"hostedConnections": [
		{"connectionId": "dxcon-1", "connectionState": "available", "connectionName": "Acme Prod"},
		{"connectionId": "dxcon-2", "connectionState": "ordering"},
	]}
	count(findings) == 2
}
