package dxcheck.dx010_test

import data.dxcheck.dx010
import data.dxcheck.fixtures

inv := fixtures.with_lookups({
	"interconnects": [{"interconnectId": "dxcon-1g", "interconnectState": "available", "bandwidthMbps": 1000}],
	"lags": [
		{"lagId": "dxlag-10g", "lagState": "available", "connectionsBandwidthMbps": 10000, "numberOfConnections": 2},
		{"lagId": "dxlag-nospeed", "lagState": "available"},
	],
	"hostedConnections": [
		{"connectionId": "dxcon-ok", "connectionState": "available", "bandwidth": "1Gbps", "bandwidthMbps": 1000, "parentId": "dxcon-1g"},
		{"connectionId": "dxcon-big", "connectionState": "available", "bandwidth": "2Gbps", "bandwidthMbps": 2000, "parentId": "dxcon-1g"},
		{"connectionId": "dxcon-lag", "connectionState": "pending", "bandwidth": "25Gbps", "bandwidthMbps": 25000, "parentId": "dxlag-10g"},
		{"connectionId": "dxcon-gone", "connectionState": "deleted", "bandwidth": "25Gbps", "bandwidthMbps": 25000, "parentId": "dxlag-10g"},
		{"connectionId": "dxcon-rej", "connectionState": "rejected", "bandwidth": "25Gbps", "bandwidthMbps": 25000, "parentId": "dxcon-1g"},
		{"connectionId": "dxcon-future", "connectionState": "someFutureState", "bandwidth": "25Gbps", "bandwidthMbps": 25000, "parentId": "dxcon-1g"},
		{"connectionId": "dxcon-orphan", "connectionState": "available", "bandwidth": "25Gbps", "bandwidthMbps": 25000, "parentId": "dxcon-unknown"},
		{"connectionId": "dxcon-nospeed", "connectionState": "available", "bandwidth": "25Gbps", "bandwidthMbps": 25000, "parentId": "dxlag-nospeed"},
		{"connectionId": "dxcon-nobw", "connectionState": "available", "parentId": "dxcon-1g"},
	],
})

test_faster_than_port_is_denied if {
	findings := dx010.deny with input as inv
	{f.resource | some f in findings} == {"dxcon-big", "dxcon-lag"}
	some f in findings
	f.msg == "dxcon-big has 2Gbps but its parent dxcon-1g has 1000 Mbps ports"
	f.portSpeedMbps == 1000
}
