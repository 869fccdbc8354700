package dxcheck.dx002_test

import data.dxcheck.dx002
import data.dxcheck.fixtures

inv(connections) := fixtures.with_lookups({"collectedAt": "2026-11-29T17:00:00Z", "hostedConnections": connections})

test_ordering_for_too_long_is_reported if {
	findings := dx002.warn with input as inv([{"connectionId": "dxcon-o1", "connectionState": "ordering", "ownerAccount": "111122223333", "stateSince": "2026-11-02T14:30:00Z"}])
	count(findings) == 1
	some f in findings
	f.resource == "dxcon-o1"
	f.days == 27
	f.key == "ordering"
	contains(f.msg, "111122223333")
}

test_pending_for_too_long_is_reported if {
	findings := dx002.warn with input as inv([{"connectionId": "dxcon-p1", "connectionState": "pending", "stateSince": "2026-11-20T16:59:00Z"}])
	some f in findings
	f.days == 9
	contains(f.msg, "(unknown)")
}

test_recent_orders_pass if {
	count(dx002.warn) == 0 with input as inv([
		{"connectionId": "dxcon-o1", "connectionState": "ordering", "stateSince": "2026-11-27T09:00:00Z"},
		# Exactly seven days is not more than seven.
		{"connectionId": "dxcon-o2", "connectionState": "pending", "stateSince": "2026-11-22T17:00:00Z"},
	])
}

test_one_second_past_the_threshold_is_stuck if {
	findings := dx002.warn with input as inv([{"connectionId": "dxcon-o3", "connectionState": "pending", "stateSince": "2026-11-22T16:59:59Z"}])
	some f in findings
	f.resource == "dxcon-o3"
	f.days == 7
}

test_threshold_is_a_parameter if {
	findings := dx002.warn with input as inv([{"connectionId": "dxcon-o1", "connectionState": "ordering", "stateSince": "2026-11-27T09:00:00Z"}])
		with data.dxcheck.params as {"max_pending_days": 1}
	count(findings) == 1
}

test_absent_state_since_is_not_judged if {
	count(dx002.warn) == 0 with input as inv([{"connectionId": "dxcon-o1", "connectionState": "ordering"}])
}

test_absent_collected_at_is_not_judged if {
	count(dx002.warn) == 0 with input as fixtures.with_lookups({"hostedConnections": [{"connectionId": "dxcon-o1", "connectionState": "ordering", "stateSince": "2020-01-01T00:00:00Z"}]})
}

test_other_states_pass if {
	count(dx002.warn) == 0 with input as inv([
		{"connectionId": "dxcon-a", "connectionState": "available", "stateSince": "2020-01-01T00:00:00Z"},
		{"connectionId": "dxcon-b", "connectionState": "deleted", "stateSince": "2020-01-01T00:00:00Z"},
		{"connectionId": "dxcon-c", "connectionState": "rejected", "stateSince": "2020-01-01T00:00:00Z"},
		{"connectionId": "dxcon-d", "connectionState": "someFutureState", "stateSince": "2020-01-01T00:00:00Z"},
		{"connectionId": "dxcon-e", "stateSince": "2020-01-01T00:00:00Z"},
	])
}
