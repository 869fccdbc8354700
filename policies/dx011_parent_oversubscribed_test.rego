package dxcheck.dx011_test

import data.dxcheck.dx011

conn(mbps) := {"connectionState": "available", "bandwidthMbps": mbps}

inv := {
	"hostedConnections": [conn(5000), conn(5000), conn(1000), conn(500), {"connectionState": "available"}, conn(2000)],
	"lookups": {
		"parents": {
			"dxcon-10g": {"type": "interconnect", "index": 0, "capacityMbps": 10000},
			"dxlag-2x1g": {"type": "lag", "index": 0, "capacityMbps": 2000},
			"dxlag-dead": {"type": "lag", "index": 1, "capacityMbps": 0},
			"dxlag-nocap": {"type": "lag", "index": 2},
		},
		"activeConnectionsByParent": {
			"dxcon-10g": [0, 1],
			"dxlag-2x1g": [2, 3, 4],
			"dxlag-dead": [5],
			"dxlag-nocap": [5],
			"dxcon-unknown": [5],
		},
	},
}

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
