package dxcheck.dx007_test

import data.dxcheck.dx007

conns := [
	{"connectionId": "dxcon-a", "connectionState": "available", "vlan": 110, "parentId": "dxlag-1"},
	{"connectionId": "dxcon-b", "connectionState": "available", "vlan": 110, "parentId": "dxlag-1"},
	{"connectionId": "dxcon-c", "connectionState": "pending", "vlan": 110, "parentId": "dxlag-1"},
	{"connectionId": "dxcon-d", "connectionState": "available", "vlan": 111, "parentId": "dxlag-1"},
	# Same VLAN, other parent: fine.
	{"connectionId": "dxcon-e", "connectionState": "available", "vlan": 111, "parentId": "dxcon-2"},
	{"connectionId": "dxcon-f", "connectionState": "available", "parentId": "dxcon-2"},
	{"connectionId": "dxcon-g", "connectionState": "available", "parentId": "dxcon-2"},
	# Deleted and rejected connections no longer hold their VLAN.
	{"connectionId": "dxcon-h", "connectionState": "deleted", "vlan": 111, "parentId": "dxlag-1"},
	{"connectionId": "dxcon-i", "connectionState": "rejected", "vlan": 111, "parentId": "dxcon-2"},
]

lookups := {"activeConnectionsByParent": {"dxlag-1": [0, 1, 2, 3], "dxcon-2": [4, 5, 6]}}

test_every_clashing_connection_is_denied if {
	findings := dx007.deny with input as {"hostedConnections": conns, "lookups": lookups}
	{f.resource | some f in findings} == {"dxcon-a", "dxcon-b", "dxcon-c"}
	every f in findings {
		f.vlan == 110
		f.parentId == "dxlag-1"
		f.key == "vlan 110 on dxlag-1"
	}
	some f in findings
	f.msg == "dxcon-a uses VLAN 110 on dxlag-1, as does dxcon-b"
}

test_distinct_vlans_pass if {
	count(dx007.deny) == 0 with input as {
		"hostedConnections": [
			{"connectionId": "dxcon-a", "connectionState": "available", "vlan": 1},
			{"connectionId": "dxcon-b", "connectionState": "available", "vlan": 2},
		],
		"lookups": {"activeConnectionsByParent": {"dxlag-1": [0, 1]}},
	}
}

test_no_lookups_no_findings if {
	count(dx007.deny) == 0 with input as {"hostedConnections": conns}
}
