package dxcheck.dx024_test

import data.dxcheck.dx024

inv := {
	"interconnects": [
		{"interconnectId": "dxcon-rotating", "macSecKeys": [
			{"secretARN": "arn:aws:secretsmanager:us-east-1:1:secret:old", "state": "disassociating"},
			{"ckn": "abcd", "state": "associating"},
			{"state": "associating"},
			{"secretARN": "arn:aws:secretsmanager:us-east-1:1:secret:ok", "state": "associated"},
		]},
		{"interconnectId": "dxcon-gone", "macSecKeys": [{"ckn": "ef01", "state": "associating"}]},
	],
	"lags": [{"lagId": "dxlag-nokeys"}, {"lagId": "dxlag-future", "macSecKeys": [{"ckn": "aa", "state": "associating"}]}],
	"lookups": {"parents": {
		"dxcon-rotating": {"type": "interconnect", "index": 0, "state": "available"},
		"dxcon-gone": {"type": "interconnect", "index": 1, "state": "deleted"},
		"dxlag-nokeys": {"type": "lag", "index": 0, "state": "available"},
		"dxlag-future": {"type": "lag", "index": 1, "state": "someFutureState"},
	}},
}

test_keys_in_transition_are_reported if {
	findings := dx024.warn with input as inv
	{f.msg | some f in findings} == {
		"dxcon-rotating has MACsec key arn:aws:secretsmanager:us-east-1:1:secret:old in state disassociating",
		"dxcon-rotating has MACsec key CKN abcd in state associating",
		"dxcon-rotating has MACsec key (unnamed) in state associating",
	}
}
