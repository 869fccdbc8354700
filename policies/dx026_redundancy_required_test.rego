package dxcheck.dx026_test

import data.dxcheck.dx026

inv := {
	"hostedConnections": [
		{"connectionId": "dxcon-no", "connectionState": "available", "hasLogicalRedundancy": "no"},
		{"connectionId": "dxcon-yes", "connectionState": "available", "hasLogicalRedundancy": "yes"},
		{"connectionId": "dxcon-unknown", "connectionState": "available", "hasLogicalRedundancy": "unknown"},
		{"connectionId": "dxcon-absent", "connectionState": "available"},
		{"connectionId": "dxcon-gone", "connectionState": "deleted", "hasLogicalRedundancy": "no"},
		{"connectionId": "dxcon-other", "connectionState": "available", "hasLogicalRedundancy": "no"},
	],
	"lookups": {"connectionsByOwner": {"111": [0, 1, 2, 3, 4], "222": [5]}},
}

test_required_accounts_without_redundancy_are_denied if {
	findings := dx026.deny with input as inv
		with data.dxcheck.params as {"redundancy_required_accounts": ["111"]}
	{f.resource | some f in findings} == {"dxcon-no"}
}

test_no_accounts_no_findings if {
	count(dx026.deny) == 0 with input as inv
}
