package dxcheck.dx007_test

import data.dxcheck.dx007
import data.dxcheck.fixtures

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
	{"connectionId": "dxcon-j", "connectionState": "someFutureState", "vlan": 111, "parentId": "dxcon-2"},
]

inv := fixtures.with_lookups({"hostedConnections": conns})

test_every_clashing_connection_is_denied if {
	findings := dx007.deny with input as inv
	{f.msg | some f in findings} == {
		"dxcon-a uses VLAN 110 on dxlag-1, as does dxcon-b",
		"dxcon-b uses VLAN 110 on dxlag-1, as does dxcon-a",
		"dxcon-c uses VLAN 110 on dxlag-1, as does dxcon-b",
	}
	every f in findings {
		f.vlan == 110
		f.parentId == "dxlag-1"
		f.key == "vlan 110 on dxlag-1"
		f.connections == ["dxcon-a", "dxcon-b", "dxcon-c"]
	}
}

test_distinct_vlans_pass if {
	count(dx007.deny) == 0 with input as fixtures.with_lookups({"hostedConnections": [
		{"connectionId": "dxcon-a", "connectionState": "available", "vlan": 1, "parentId": "dxlag-1"},
		{"connectionId": "dxcon-b", "connectionState": "available", "vlan": 2, "parentId": "dxlag-1"},
	]})
}

test_no_lookups_no_findings if {
	count(dx007.deny) == 0 with input as {"hostedConnections": conns}
}
