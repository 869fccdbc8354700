package dxcheck.dx011_test

import data.dxcheck.dx011
import data.dxcheck.fixtures

conn(parent, mbps) := {"connectionState": "available", "parentId": parent, "bandwidthMbps": mbps}

inv := fixtures.with_lookups({
	"interconnects": [{"interconnectId": "dxcon-10g", "interconnectState": "available", "bandwidthMbps": 10000}],
	"lags": [
		# Two 1G members, both available.
		{"lagId": "dxlag-2x1g", "lagState": "available", "connectionsBandwidthMbps": 1000, "connections": [
			{"connectionId": "m1", "connectionState": "available"},
			{"connectionId": "m2", "connectionState": "available"},
		]},
		# Its only member is down: no capacity at all.
		{"lagId": "dxlag-dead", "lagState": "available", "connectionsBandwidthMbps": 1000, "connections": [{"connectionId": "m3", "connectionState": "down"}]},
		{"lagId": "dxlag-nocap", "lagState": "available"},
	],
	"hostedConnections": [
		conn("dxcon-10g", 5000), conn("dxcon-10g", 5000),
		conn("dxlag-2x1g", 1000), conn("dxlag-2x1g", 500), {"connectionState": "available", "parentId": "dxlag-2x1g"},
		object.union(conn("dxlag-2x1g", 10000), {"connectionState": "deleted"}),
		object.union(conn("dxcon-10g", 5000), {"connectionState": "rejected"}),
		object.union(conn("dxcon-10g", 5000), {"connectionState": "someFutureState"}),
		conn("dxlag-dead", 2000),
		conn("dxlag-nocap", 2000),
		conn("dxcon-unknown", 2000),
	],
})

test_only_parents_over_capacity_are_denied if {
	findings := dx011.deny with input as inv
	{f.resource | some f in findings} == {"dxlag-dead"}
	some f in findings
	f.allocatedMbps == 2000
	f.capacityMbps == 0
	f.key == "oversubscribed"
}

test_ratio_is_a_parameter if {
	findings := dx011.deny with input as inv
		with data.dxcheck.params as {"max_oversubscription": 0.5}
	{f.resource | some f in findings} == {"dxcon-10g", "dxlag-2x1g", "dxlag-dead"}
}
