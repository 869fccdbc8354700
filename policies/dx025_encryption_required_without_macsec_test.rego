package dxcheck.dx025_test

import data.dxcheck.dx025

inv := {
	"interconnects": [
		{"interconnectId": "dxcon-plain", "macSecCapable": false},
		{"interconnectId": "dxcon-secure", "macSecCapable": true},
		{"interconnectId": "dxcon-unknown"},
	],
	"hostedConnections": [
		# The connection's own partner-port flag wins over the parent's.
		{"connectionId": "dxcon-1", "connectionState": "available", "parentId": "dxcon-secure", "partnerInterconnectMacSecCapable": false},
		{"connectionId": "dxcon-2", "connectionState": "available", "parentId": "dxcon-plain", "partnerInterconnectMacSecCapable": true},
		# Then the parent's flag.
		{"connectionId": "dxcon-3", "connectionState": "available", "parentId": "dxcon-plain", "macSecCapable": true},
		{"connectionId": "dxcon-4", "connectionState": "available", "parentId": "dxcon-secure"},
		# Then the connection's own flag.
		{"connectionId": "dxcon-5", "connectionState": "ordering", "parentId": "dxcon-unknown", "macSecCapable": false},
		{"connectionId": "dxcon-6", "connectionState": "available", "macSecCapable": false},
		# Nothing known.
		{"connectionId": "dxcon-7", "connectionState": "available", "parentId": "dxcon-unknown"},
		{"connectionId": "dxcon-8", "connectionState": "deleted", "parentId": "dxcon-plain"},
		# Another customer.
		{"connectionId": "dxcon-9", "connectionState": "available", "parentId": "dxcon-plain"},
	],
	"lookups": {
		"parents": {
			"dxcon-plain": {"type": "interconnect", "index": 0},
			"dxcon-secure": {"type": "interconnect", "index": 1},
			"dxcon-unknown": {"type": "interconnect", "index": 2},
		},
		"connectionsByOwner": {"111": [0, 1, 2, 3, 4, 5, 6, 7], "222": [8]},
	},
}

test_customers_requiring_encryption_on_plain_ports_are_denied if {
	findings := dx025.deny with input as inv
		with data.dxcheck.params as {"encryption_required_accounts": ["111", "333"]}
	{f.resource | some f in findings} == {"dxcon-1", "dxcon-3", "dxcon-5", "dxcon-6"}
	some f in findings
	f.msg == "dxcon-6 of account 111, which requires encryption, is on a parent, which cannot do MACsec"
}

test_no_accounts_no_findings if {
	count(dx025.deny) == 0 with input as inv
}
