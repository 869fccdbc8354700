package dxcheck.dx025_test

import data.dxcheck.dx025
import data.dxcheck.fixtures

inv := fixtures.with_lookups({
	"interconnects": [
		{"interconnectId": "dxcon-plain", "macSecCapable": false},
		{"interconnectId": "dxcon-secure", "macSecCapable": true},
		{"interconnectId": "dxcon-unknown"},
	],
	"hostedConnections": [
		# The connection's own partner-port flag wins over the parent's.
		{"connectionId": "dxcon-1", "ownerAccount": "111", "connectionState": "available", "parentId": "dxcon-secure", "partnerInterconnectMacSecCapable": false},
		{"connectionId": "dxcon-2", "ownerAccount": "111", "connectionState": "available", "parentId": "dxcon-plain", "partnerInterconnectMacSecCapable": true},
		# Then the parent's flag.
		{"connectionId": "dxcon-3", "ownerAccount": "111", "connectionState": "available", "parentId": "dxcon-plain", "macSecCapable": true},
		{"connectionId": "dxcon-4", "ownerAccount": "111", "connectionState": "available", "parentId": "dxcon-secure"},
		# Then the connection's own flag.
		{"connectionId": "dxcon-5", "ownerAccount": "111", "connectionState": "ordering", "parentId": "dxcon-unknown", "macSecCapable": false},
		{"connectionId": "dxcon-6", "ownerAccount": "111", "connectionState": "available", "macSecCapable": false},
		# Nothing known.
		{"connectionId": "dxcon-7", "ownerAccount": "111", "connectionState": "available", "parentId": "dxcon-unknown"},
		{"connectionId": "dxcon-8", "ownerAccount": "111", "connectionState": "deleted", "parentId": "dxcon-plain"},
		{"connectionId": "dxcon-10", "ownerAccount": "111", "connectionState": "rejected", "parentId": "dxcon-plain"},
		{"connectionId": "dxcon-11", "ownerAccount": "111", "connectionState": "someFutureState", "parentId": "dxcon-plain"},
		# Another customer.
		{"connectionId": "dxcon-9", "ownerAccount": "222", "connectionState": "available", "parentId": "dxcon-plain"},
	],
})

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
