package dxcheck.dx012_test

import data.dxcheck.dx012
import data.dxcheck.fixtures

conn(parent, state) := {"connectionId": concat("-", [parent, state]), "parentId": parent, "connectionState": state}

inv := fixtures.with_lookups({
	"interconnects": [
		{"interconnectId": "dxcon-up", "interconnectState": "available"},
		{"interconnectId": "dxcon-down", "interconnectState": "down"},
		{"interconnectId": "dxcon-future", "interconnectState": "someFutureState"},
	],
	"lags": [
		{"lagId": "dxlag-deleting", "lagState": "deleting"},
		{"lagId": "dxlag-inactive", "lagState": "down"},
		{"lagId": "dxlag-nostate"},
	],
	"hostedConnections": [
		conn("dxcon-up", "available"),
		conn("dxcon-down", "available"),
		conn("dxcon-down", "pending"),
		conn("dxcon-future", "ordering"),
		conn("dxlag-deleting", "down"),
		# Only connections that are gone or in unknown states: nothing at risk.
		conn("dxlag-inactive", "deleted"),
		conn("dxlag-inactive", "rejected"),
		conn("dxlag-inactive", "someFutureState"),
		conn("dxlag-nostate", "available"),
		# A parent that was not collected.
		conn("dxcon-notlisted", "available"),
	],
})

test_unavailable_parents_with_active_connections_are_denied if {
	findings := dx012.deny with input as inv
	{f.resource | some f in findings} == {"dxcon-down", "dxcon-future", "dxlag-deleting"}
	some f in findings
	f.msg == "dxcon-down is down but carries 2 active hosted connection(s)"
}
