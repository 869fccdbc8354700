package dxcheck.dx018_test

import data.dxcheck.dx018
import data.dxcheck.fixtures

conns := [
	# 111: two connections on one device (V2 wins over the legacy name).
	{"connectionId": "dxcon-b", "connectionState": "available", "ownerAccount": "111", "awsDeviceV2": "EqDC2-x", "awsDevice": "EqDC2-old1"},
	{"connectionId": "dxcon-a", "connectionState": "pending", "ownerAccount": "111", "awsDeviceV2": "EqDC2-x", "awsDevice": "EqDC2-old2"},
	{"connectionId": "dxcon-c", "connectionState": "deleted", "ownerAccount": "111", "awsDeviceV2": "EqDC2-y"},
	{"connectionId": "dxcon-k", "connectionState": "rejected", "ownerAccount": "111", "awsDeviceV2": "EqDC2-y"},
	{"connectionId": "dxcon-l", "connectionState": "someFutureState", "ownerAccount": "111", "awsDeviceV2": "EqDC2-z"},
	# 222: spread over two devices (one known by its legacy name only).
	{"connectionId": "dxcon-d", "connectionState": "available", "ownerAccount": "222", "awsDeviceV2": "EqDC2-x"},
	{"connectionId": "dxcon-e", "connectionState": "available", "ownerAccount": "222", "awsDevice": "EqDC2-z"},
	# 333: a single connection is a different problem.
	{"connectionId": "dxcon-f", "connectionState": "available", "ownerAccount": "333", "awsDeviceV2": "EqDC2-x"},
	# 444: one device unknown.
	{"connectionId": "dxcon-g", "connectionState": "available", "ownerAccount": "444", "awsDeviceV2": "EqDC2-x"},
	{"connectionId": "dxcon-h", "connectionState": "available", "ownerAccount": "444"},
	# 555: legacy names only, the same.
	{"connectionId": "dxcon-i", "connectionState": "down", "ownerAccount": "555", "awsDevice": "TCSH-1"},
	{"connectionId": "dxcon-j", "connectionState": "ordering", "ownerAccount": "555", "awsDevice": "TCSH-1"},
]

inv := fixtures.with_lookups({"hostedConnections": conns})

test_customers_on_one_device_are_denied if {
	findings := dx018.deny with input as inv
	{f.ownerAccount | some f in findings} == {"111", "555"}
	some f in findings
	f.ownerAccount == "111"
	f.resource == "dxcon-a"
	f.connections == ["dxcon-a", "dxcon-b"]
	f.msg == "all 2 active connections of account 111 are on AWS device EqDC2-x: dxcon-a, dxcon-b"
	f.key == "111 on EqDC2-x"
}
