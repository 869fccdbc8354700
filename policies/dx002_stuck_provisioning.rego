# METADATA
# title: Hosted connection stuck in ordering or pending
# description: >-
#   The hosted connection has been in the ordering state (the customer has not accepted it) or
#   the pending state (provisioning has not completed) for more than params.max_pending_days
#   days, counted from stateSince to the inventory's collectedAt. Such connections hold a VLAN and
#   capacity on the parent and usually mean an abandoned order or a stuck provisioning workflow.
#   Without stateSince (no --previous inventory was given to collect) the age is unknown and no
#   finding is raised.
# related_resources:
#   - https://docs.aws.amazon.com/directconnect/latest/UserGuide/accept-hosted-connection.html
# custom:
#   id: DX002
#   severity: medium
#   remediation: >-
#     Ask the customer to accept the connection (confirm-connection), or delete it
#     (delete-connection) if the order was abandoned; open a case with AWS for connections stuck
#     in pending.
#   tags: [lifecycle]
#   params:
#     max_pending_days: 7
#   resource_types: [hostedConnection]
package dxcheck.dx002

import data.dxcheck.lib

max_days := lib.param("max_pending_days", 7)

warn contains finding if {
	some state in ["ordering", "pending"]
	some i in object.get(input.lookups.connectionsByState, state, [])
	c := input.hostedConnections[i]
	# "More than N days" to the second: 7 days and 1 s is stuck, exactly 7 days is not.
	elapsed := lib.now_ns - time.parse_rfc3339_ns(c.stateSince)
	elapsed > max_days * lib.ns_per_day
	days := floor(elapsed / lib.ns_per_day)
	finding := {
		"msg": sprintf("%s has been in %s for %d days (more than %v); customer account %s", [c.connectionId, state, days, max_days, object.get(c, "ownerAccount", "(unknown)")]),
		"resource": c.connectionId,
		# The day count grows every day: the fingerprint must not.
		"key": state,
		"days": days,
	}
}
