# Stand-in for the built-in "stuck in ordering/pending" rule while that rule is being written:
# the same inputs (collectedAt as "now", stateSince), so tests/collect_history_dir.rs can be
# pointed at the built-in rule once it exists.

# METADATA
# title: Hosted connection stuck in ordering or pending
# custom:
#   id: HIST001
#   severity: medium
#   params:
#     stuck_days: days a connection may stay in ordering or pending (default 10)
package history.stuck

import rego.v1

default stuck_days := 10

stuck_days := data.dxcheck.params.stuck_days

waiting_states := {"ordering", "pending"}

# "Now" is when the inventory was collected, never the wall clock: the same inventory gives the
# same findings whenever it is checked.
now_ns := time.parse_rfc3339_ns(input.collectedAt)

deny contains finding if {
	some c in input.hostedConnections
	c.connectionState in waiting_states
	waited_ns := now_ns - time.parse_rfc3339_ns(c.stateSince)
	waited_ns > ((stuck_days * 24) * 3600) * 1000000000
	finding := {
		"msg": sprintf("%s has been %s since %s (more than %d days)", [c.connectionId, c.connectionState, c.stateSince, stuck_days]),
		"resource": c.connectionId,
	}
}
