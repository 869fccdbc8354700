package dxcheck.dx008_test

import data.dxcheck.dx008
import data.dxcheck.fixtures

conns := [
	{"connectionId": "dxcon-50m", "connectionState": "available", "bandwidth": "50Mbps", "bandwidthMbps": 50},
	{"connectionId": "dxcon-1g", "connectionState": "available", "bandwidth": "1Gbps", "bandwidthMbps": 1000},
	{"connectionId": "dxcon-25g", "connectionState": "pending", "bandwidth": "25Gbps", "bandwidthMbps": 25000},
	{"connectionId": "dxcon-750m", "connectionState": "available", "bandwidth": "750Mbps", "bandwidthMbps": 750},
	# The collector could not derive bandwidthMbps from this.
	{"connectionId": "dxcon-odd", "connectionState": "down", "bandwidth": "fast"},
	{"connectionId": "dxcon-none", "connectionState": "available"},
	{"connectionId": "dxcon-old", "connectionState": "deleted", "bandwidth": "750Mbps", "bandwidthMbps": 750},
	{"connectionId": "dxcon-rej", "connectionState": "rejected", "bandwidth": "750Mbps", "bandwidthMbps": 750},
	{"connectionId": "dxcon-future", "connectionState": "someFutureState", "bandwidth": "750Mbps", "bandwidthMbps": 750},
]

inv := fixtures.with_lookups({"hostedConnections": conns})

test_bandwidths_aws_does_not_offer_are_denied if {
	findings := dx008.deny with input as inv
	{f.resource | some f in findings} == {"dxcon-750m", "dxcon-odd"}
	some f in findings
	f.msg == "dxcon-odd has bandwidth fast, which AWS does not offer for hosted connections"
}

test_allowed_bandwidths_narrow_the_set if {
	findings := dx008.deny with input as inv
		with data.dxcheck.params as {"allowed_bandwidths": ["50Mbps", 1000, "bogus"]}
	{f.resource | some f in findings} == {"dxcon-25g", "dxcon-750m", "dxcon-odd"}
	some f in findings
	f.resource == "dxcon-25g"
	contains(f.msg, "params.allowed_bandwidths")
}
