package dxcheck.dx020_test

import data.dxcheck.dx020
import data.dxcheck.fixtures

conns := [
	{"connectionId": "dxcon-a", "connectionState": "available", "ownerAccount": "111", "parentId": "dxlag-1"},
	{"connectionId": "dxcon-b", "connectionState": "pending", "ownerAccount": "111", "parentId": "dxlag-1"},
	{"connectionId": "dxcon-c", "connectionState": "available", "ownerAccount": "111", "parentId": "dxcon-2"},
	{"connectionId": "dxcon-d", "connectionState": "deleted", "ownerAccount": "111", "parentId": "dxcon-2"},
	{"connectionId": "dxcon-h", "connectionState": "rejected", "ownerAccount": "111", "parentId": "dxcon-2"},
	{"connectionId": "dxcon-i", "connectionState": "someFutureState", "ownerAccount": "111", "parentId": "dxcon-2"},
	{"connectionId": "dxcon-e", "connectionState": "available", "ownerAccount": "222", "parentId": "dxlag-1"},
	{"connectionId": "dxcon-f", "connectionState": "available", "ownerAccount": "222"},
	{"connectionId": "dxcon-g", "connectionState": "available", "ownerAccount": "222"},
]

inv := fixtures.with_lookups({"hostedConnections": conns})

test_connections_sharing_a_parent_are_denied if {
	findings := dx020.deny with input as inv
	{f.resource | some f in findings} == {"dxcon-a", "dxcon-b"}
	some f in findings
	f.msg == "dxcon-a and dxcon-b of account 111 are both on dxlag-1: one parent failure takes down both"
	f.key == "111 on dxlag-1"
}
