package dxcheck.dx002_test

import data.dxcheck.dx002

test_ordering_is_reported if {
	findings := dx002.warn with input as {"hostedConnections": [{"connectionId": "dxcon-o1", "connectionState": "ordering", "ownerAccount": "111122223333"}]}
	count(findings) == 1
	some f in findings
	f.resource == "dxcon-o1"
	contains(f.msg, "111122223333")
}

test_owner_absent_is_still_reported if {
	findings := dx002.warn with input as {"hostedConnections": [{"connectionId": "dxcon-o1", "connectionState": "ordering"}]}
	some f in findings
	contains(f.msg, "(unknown)")
}

test_other_states_pass if {
	count(dx002.warn) == 0 with input as {"hostedConnections": [
		{"connectionId": "dxcon-a", "connectionState": "available"},
		{"connectionId": "dxcon-b", "connectionState": "deleted"},
		{"connectionId": "dxcon-c", "connectionState": "rejected"},
		{"connectionId": "dxcon-d", "connectionState": "someFutureState"},
		{"connectionId": "dxcon-e"},
	]}
}
