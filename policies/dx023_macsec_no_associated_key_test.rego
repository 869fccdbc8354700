package dxcheck.dx023_test

import data.dxcheck.dx023

inv := {
	"interconnects": [
		{"interconnectId": "dxcon-ok", "macSecCapable": true, "macSecKeys": [{"state": "disassociated"}, {"state": "associated"}]},
		{"interconnectId": "dxcon-nokeys", "macSecCapable": true},
		{"interconnectId": "dxcon-moving", "macSecCapable": true, "macSecKeys": [{"state": "disassociating"}, {"state": "associating"}]},
		{"interconnectId": "dxcon-plain", "macSecCapable": false},
	],
	"lags": [{"lagId": "dxlag-gone", "macSecCapable": true}, {"lagId": "dxlag-future", "macSecCapable": true}],
	"lookups": {"parents": {
		"dxcon-ok": {"type": "interconnect", "index": 0, "state": "available"},
		"dxcon-nokeys": {"type": "interconnect", "index": 1, "state": "pending"},
		"dxcon-moving": {"type": "interconnect", "index": 2, "state": "available"},
		"dxcon-plain": {"type": "interconnect", "index": 3, "state": "available"},
		"dxlag-gone": {"type": "lag", "index": 0, "state": "deleted"},
		"dxlag-future": {"type": "lag", "index": 1, "state": "someFutureState"},
	}},
}

test_ports_without_associated_key_are_denied if {
	findings := dx023.deny with input as inv
	{f.msg | some f in findings} == {
		"dxcon-nokeys is MACsec-capable but has no associated MACsec key",
		"dxcon-moving is MACsec-capable but has no associated MACsec key (keys: associating, disassociating)",
	}
}
