package dxcheck.dx004_test

import data.dxcheck.dx004
import data.dxcheck.fixtures

test_down_is_denied if {
	findings := dx004.deny with input as fixtures.with_lookups({"hostedConnections": [
		{"connectionId": "dxcon-d1", "connectionState": "down", "stateSince": "2026-11-28T22:15:00Z"},
		{"connectionId": "dxcon-d2", "connectionState": "down"},
	]})
	{f.msg | some f in findings} == {"dxcon-d1 is down since 2026-11-28T22:15:00Z", "dxcon-d2 is down"}
}

test_other_states_pass if {
	count(dx004.deny) == 0 with input as fixtures.with_lookups({"hostedConnections": [
		{"connectionId": "dxcon-a", "connectionState": "available"},
		{"connectionId": "dxcon-b", "connectionState": "deleted"},
		{"connectionId": "dxcon-c", "connectionState": "rejected"},
		{"connectionId": "dxcon-d", "connectionState": "Down"},
		{"connectionId": "dxcon-e"},
		{"connectionId": "dxcon-f", "connectionState": "someFutureState"},
	]})
}
