package dxcheck.dx012_test

import data.dxcheck.dx012

inv := {"lookups": {
	"parents": {
		"dxcon-up": {"type": "interconnect", "index": 0, "state": "available"},
		"dxcon-down": {"type": "interconnect", "index": 1, "state": "down"},
		"dxlag-deleting": {"type": "lag", "index": 0, "state": "deleting"},
		"dxlag-empty": {"type": "lag", "index": 1, "state": "down"},
		"dxlag-nostate": {"type": "lag", "index": 2},
	},
	"activeConnectionsByParent": {
		"dxcon-up": [0],
		"dxcon-down": [1, 2],
		"dxlag-deleting": [3],
		"dxlag-nostate": [4],
		"dxcon-notlisted": [5],
	},
}}

test_unavailable_parents_with_connections_are_denied if {
	findings := dx012.deny with input as inv
	{f.resource | some f in findings} == {"dxcon-down", "dxlag-deleting"}
	some f in findings
	f.msg == "dxcon-down is down but carries 2 active hosted connection(s)"
}
