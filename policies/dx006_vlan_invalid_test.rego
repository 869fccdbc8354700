package dxcheck.dx006_test

import data.dxcheck.dx006
import data.dxcheck.fixtures

conns := [
	{"connectionId": "dxcon-0", "connectionState": "available", "vlan": 0},
	{"connectionId": "dxcon-1", "connectionState": "available", "vlan": 1},
	{"connectionId": "dxcon-100", "connectionState": "pending", "vlan": 100},
	{"connectionId": "dxcon-4094", "connectionState": "ordering", "vlan": 4094},
	{"connectionId": "dxcon-4095", "connectionState": "down", "vlan": 4095},
	{"connectionId": "dxcon-novlan", "connectionState": "available"},
	{"connectionId": "dxcon-deleted", "connectionState": "deleted", "vlan": 9999},
	{"connectionId": "dxcon-rejected", "connectionState": "rejected", "vlan": -1},
	{"connectionId": "dxcon-future", "connectionState": "someFutureState", "vlan": 0},
]

inv := fixtures.with_lookups({"hostedConnections": conns})

test_out_of_range_is_denied if {
	findings := dx006.deny with input as inv
	{f.resource | some f in findings} == {"dxcon-0", "dxcon-4095"}
}

test_reserved_vlans_are_denied if {
	findings := dx006.deny with input as inv
		with data.dxcheck.params as {"reserved_vlans": [1, 100, 9999]}
	{f.resource | some f in findings} == {"dxcon-0", "dxcon-1", "dxcon-100", "dxcon-4095"}
	some f in findings
	f.resource == "dxcon-100"
	contains(f.msg, "reserves")
}
