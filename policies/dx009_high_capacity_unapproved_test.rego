package dxcheck.dx009_test

import data.dxcheck.dx009
import data.dxcheck.fixtures

conns := [
	{"connectionId": "dxcon-500m", "connectionState": "available", "bandwidth": "500Mbps", "bandwidthMbps": 500},
	{"connectionId": "dxcon-1g", "connectionState": "available", "bandwidth": "1Gbps", "bandwidthMbps": 1000},
	{"connectionId": "dxcon-10g", "connectionState": "ordering", "bandwidth": "10Gbps", "bandwidthMbps": 10000},
	{"connectionId": "dxcon-none", "connectionState": "available"},
	{"connectionId": "dxcon-gone", "connectionState": "rejected", "bandwidth": "10Gbps", "bandwidthMbps": 10000},
	{"connectionId": "dxcon-future", "connectionState": "someFutureState", "bandwidth": "10Gbps", "bandwidthMbps": 10000},
]

inv := fixtures.with_lookups({"hostedConnections": conns})

test_high_capacity_is_reported_by_default if {
	findings := dx009.deny with input as inv
	{f.resource | some f in findings} == {"dxcon-1g", "dxcon-10g"}
}

test_approval_silences_the_rule if {
	count(dx009.deny) == 0 with input as inv
		with data.dxcheck.params as {"high_capacity_approved": true}
}

test_explicit_false_keeps_reporting if {
	count(dx009.deny) == 2 with input as inv
		with data.dxcheck.params as {"high_capacity_approved": false}
}
