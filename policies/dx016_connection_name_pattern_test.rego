package dxcheck.dx016_test

import data.dxcheck.dx016

conns := [
	{"connectionId": "dxcon-good", "connectionState": "available", "connectionName": "acme-prod-iad-1"},
	{"connectionId": "dxcon-bad", "connectionState": "available", "connectionName": "Temp 3"},
	{"connectionId": "dxcon-noname", "connectionState": "available"},
	{"connectionId": "dxcon-gone", "connectionState": "deleted", "connectionName": "Temp 4"},
	{"connectionId": "dxcon-rej", "connectionState": "rejected", "connectionName": "Temp 5"},
	{"connectionId": "dxcon-future", "connectionState": "someFutureState", "connectionName": "Temp 6"},
]

pattern := `^[a-z0-9]+(-[a-z0-9]+){2,}$`

test_names_not_matching_are_reported if {
	findings := dx016.warn with input as {"hostedConnections": conns}
		with data.dxcheck.params as {"name_pattern": pattern}
	{f.resource | some f in findings} == {"dxcon-bad"}
}

test_rule_is_off_until_configured if {
	count(dx016.warn) == 0 with input as {"hostedConnections": conns}
}

test_invalid_pattern_is_reported_once if {
	findings := dx016.warn with input as {"hostedConnections": conns}
		with data.dxcheck.params as {"name_pattern": "(unclosed"}
	count(findings) == 1
	some f in findings
	f.severity == "high"
	contains(f.msg, "not a valid regular expression")
	not f.resource
}
