package dxcheck.dx019_test

import data.dxcheck.dx019
import data.dxcheck.fixtures

conns := [
	{"connectionId": "dxcon-b", "connectionState": "available", "ownerAccount": "111", "location": "EqDC2"},
	{"connectionId": "dxcon-a", "connectionState": "down", "ownerAccount": "111", "location": "EqDC2"},
	{"connectionId": "dxcon-c", "connectionState": "rejected", "ownerAccount": "111", "location": "TCSH"},
	{"connectionId": "dxcon-i", "connectionState": "deleted", "ownerAccount": "111", "location": "TCSH"},
	{"connectionId": "dxcon-j", "connectionState": "someFutureState", "ownerAccount": "111", "location": "EIRCM"},
	{"connectionId": "dxcon-d", "connectionState": "available", "ownerAccount": "222", "location": "EqDC2"},
	{"connectionId": "dxcon-e", "connectionState": "available", "ownerAccount": "222", "location": "TCSH"},
	{"connectionId": "dxcon-f", "connectionState": "available", "ownerAccount": "333", "location": "EqDC2"},
	{"connectionId": "dxcon-g", "connectionState": "available", "ownerAccount": "444", "location": "EqDC2"},
	{"connectionId": "dxcon-h", "connectionState": "available", "ownerAccount": "444"},
]

inv := fixtures.with_lookups({"hostedConnections": conns})

test_customers_in_one_location_are_reported if {
	findings := dx019.warn with input as inv
	count(findings) == 1
	some f in findings
	f.ownerAccount == "111"
	f.resource == "dxcon-a"
	f.location == "EqDC2"
	f.msg == "all 2 active connections of account 111 are in location EqDC2: dxcon-a, dxcon-b"
}
