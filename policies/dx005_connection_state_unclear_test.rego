package dxcheck.dx005_test

import data.dxcheck.dx005
import data.dxcheck.fixtures

test_unknown_and_requested_are_denied if {
	findings := dx005.deny with input as fixtures.with_lookups({"hostedConnections": [
		{"connectionId": "dxcon-u1", "connectionState": "unknown"},
		{"connectionId": "dxcon-r1", "connectionState": "requested"},
	]})
	{f.resource | some f in findings} == {"dxcon-u1", "dxcon-r1"}
}

test_known_and_unrecognised_states_pass if {
	count(dx005.deny) == 0 with input as fixtures.with_lookups({"hostedConnections": [
		{"connectionId": "dxcon-a", "connectionState": "available"},
		{"connectionId": "dxcon-b", "connectionState": "deleted"},
		{"connectionId": "dxcon-c", "connectionState": "rejected"},
		{"connectionId": "dxcon-d", "connectionState": "someFutureState"},
		{"connectionId": "dxcon-e"},
	]})
}
