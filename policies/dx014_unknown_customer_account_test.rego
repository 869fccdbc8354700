package dxcheck.dx014_test

import data.dxcheck.dx014
import data.dxcheck.fixtures

conns := [
	{"connectionId": "dxcon-known", "connectionState": "available", "ownerAccount": "111122223333"},
	{"connectionId": "dxcon-stranger", "connectionState": "ordering", "ownerAccount": "999999999999"},
	{"connectionId": "dxcon-noowner", "connectionState": "available"},
	{"connectionId": "dxcon-gone", "connectionState": "deleted", "ownerAccount": "999999999999"},
	{"connectionId": "dxcon-rej", "connectionState": "rejected", "ownerAccount": "999999999999"},
	{"connectionId": "dxcon-future", "connectionState": "someFutureState", "ownerAccount": "999999999999"},
]

test_unknown_accounts_are_denied if {
	findings := dx014.deny with input as fixtures.with_lookups({"hostedConnections": conns})
		with data.dxcheck.params as {"customer_accounts": ["111122223333"]}
	{f.resource | some f in findings} == {"dxcon-stranger"}
}

test_rule_is_off_until_configured if {
	count(dx014.deny) == 0 with input as fixtures.with_lookups({"hostedConnections": conns})
}

test_empty_list_means_no_account_is_known if {
	findings := dx014.deny with input as fixtures.with_lookups({"hostedConnections": conns})
		with data.dxcheck.params as {"customer_accounts": []}
	{f.resource | some f in findings} == {"dxcon-known", "dxcon-stranger"}
}
