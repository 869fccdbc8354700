package dxcheck.dx026_test

import data.dxcheck.dx026
import data.dxcheck.fixtures

conn(id, state, owner, redundancy) := {"connectionId": id, "connectionState": state, "ownerAccount": owner, "hasLogicalRedundancy": redundancy}

inv := fixtures.with_lookups({"hostedConnections": [
	conn("dxcon-no", "available", "111", "no"),
	conn("dxcon-yes", "available", "111", "yes"),
	conn("dxcon-unknown", "available", "111", "unknown"),
	{"connectionId": "dxcon-absent", "connectionState": "available", "ownerAccount": "111"},
	conn("dxcon-gone", "deleted", "111", "no"),
	conn("dxcon-rej", "rejected", "111", "no"),
	conn("dxcon-future", "someFutureState", "111", "no"),
	conn("dxcon-other", "available", "222", "no"),
	{"connectionId": "dxcon-noowner", "connectionState": "available", "hasLogicalRedundancy": "no"},
]})

test_required_accounts_without_redundancy_are_denied if {
	findings := dx026.deny with input as inv
		with data.dxcheck.params as {"redundancy_required_accounts": ["111", "333"]}
	{f.resource | some f in findings} == {"dxcon-no"}
}

test_no_accounts_no_findings if {
	count(dx026.deny) == 0 with input as inv
}
