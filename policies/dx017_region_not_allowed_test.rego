package dxcheck.dx017_test

import data.dxcheck.dx017
import data.dxcheck.fixtures

conns := [
	{"connectionId": "dxcon-us", "connectionState": "available", "region": "us-east-1"},
	{"connectionId": "dxcon-ap", "connectionState": "available", "region": "ap-southeast-2"},
	{"connectionId": "dxcon-noregion", "connectionState": "available"},
	{"connectionId": "dxcon-gone", "connectionState": "deleted", "region": "ap-southeast-2"},
	{"connectionId": "dxcon-rej", "connectionState": "rejected", "region": "ap-southeast-2"},
	{"connectionId": "dxcon-future", "connectionState": "someFutureState", "region": "ap-southeast-2"},
]

parents := {
	"dxcon-i1": {"type": "interconnect", "index": 0, "state": "available", "region": "us-east-1"},
	"dxlag-l1": {"type": "lag", "index": 0, "state": "available", "region": "sa-east-1"},
	"dxlag-l2": {"type": "lag", "index": 1, "state": "deleted", "region": "sa-east-1"},
}

# The lookups dxcheck computes for the connections, with hand-made parents.
inv := {
	"hostedConnections": conns,
	"lookups": object.union(fixtures.lookups({"hostedConnections": conns}), {"parents": parents}),
}

test_resources_outside_allowed_regions_are_denied if {
	findings := dx017.deny with input as inv
		with data.dxcheck.params as {"allowed_regions": ["us-east-1", "eu-west-1"]}
	{f.resource | some f in findings} == {"dxcon-ap", "dxlag-l1"}
}

test_rule_is_off_until_configured if {
	count(dx017.deny) == 0 with input as inv
}
