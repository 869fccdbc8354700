package dxcheck.dx015_test

import data.dxcheck.dx015
import data.dxcheck.fixtures

conns := [
	{"connectionId": "dxcon-ok", "connectionState": "available", "partnerName": "Acme Networks", "providerName": "Equinix"},
	{"connectionId": "dxcon-other", "connectionState": "available", "partnerName": "Other Partner Ltd", "providerName": "Equinix"},
	{"connectionId": "dxcon-colo", "connectionState": "pending", "partnerName": "Acme Networks", "providerName": "Telehouse"},
	{"connectionId": "dxcon-nonames", "connectionState": "available"},
	{"connectionId": "dxcon-gone", "connectionState": "rejected", "partnerName": "Other Partner Ltd"},
	{"connectionId": "dxcon-future", "connectionState": "someFutureState", "partnerName": "Other Partner Ltd"},
]

params := {"allowed_partner_names": ["Acme Networks", "Equinix"]}

test_unknown_names_are_denied if {
	findings := dx015.deny with input as fixtures.with_lookups({"hostedConnections": conns})
		with data.dxcheck.params as params
	{f.msg | some f in findings} == {
		`dxcon-other has partnerName "Other Partner Ltd", which is not in params.allowed_partner_names`,
		`dxcon-colo has providerName "Telehouse", which is not in params.allowed_partner_names`,
	}
}

test_rule_is_off_until_configured if {
	count(dx015.deny) == 0 with input as fixtures.with_lookups({"hostedConnections": conns})
}
