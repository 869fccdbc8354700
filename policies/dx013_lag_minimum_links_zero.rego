# METADATA
# title: LAG with minimumLinks 0
# description: >-
#   A LAG whose minimumLinks is 0 stays up with no working member, so BGP on its hosted
#   connections' virtual interfaces does not fail over to a redundant path: traffic is
#   black-holed instead.
# related_resources:
#   - https://docs.aws.amazon.com/directconnect/latest/UserGuide/update-lag.html
# custom:
#   id: DX013
#   severity: medium
#   remediation: Set minimumLinks to at least 1 (aws directconnect update-lag --minimum-links 1).
#   tags: [availability, lag]
#   resource_types: [lag]
package dxcheck.dx013

import data.dxcheck.lib

deny contains finding if {
	some l in input.lags
	l.minimumLinks == 0
	l.lagState in lib.active_states
	finding := {
		"msg": sprintf("%s has minimumLinks 0: it stays up with no working member", [l.lagId]),
		"resource": l.lagId,
	}
}
