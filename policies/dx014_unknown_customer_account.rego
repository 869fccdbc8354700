# METADATA
# title: Owner account is not a known customer
# description: >-
#   The hosted connection belongs to an AWS account that is not in params.customer_accounts (the
#   partner's customer list), so it may have been allocated to the wrong account, or to a
#   customer who has left. Applies only when customer_accounts is set.
# related_resources:
#   - https://docs.aws.amazon.com/directconnect/latest/UserGuide/hosted-connection.html
# custom:
#   id: DX014
#   severity: high
#   remediation: >-
#     Check the order: delete a connection allocated to the wrong account, or add the account to
#     customer_accounts once the customer is onboarded.
#   tags: [governance, customers]
#   params:
#     customer_accounts: null
#   resource_types: [hostedConnection]
package dxcheck.dx014

import data.dxcheck.lib

deny contains finding if {
	lib.param_set("customer_accounts")
	accounts := {a | some a in lib.param("customer_accounts", null)}
	# Each account once, not each connection.
	some owner, idxs in input.lookups.activeConnectionsByOwner
	not owner in accounts
	some i in idxs
	c := input.hostedConnections[i]
	finding := {
		"msg": sprintf("%s belongs to account %s, which is not in params.customer_accounts", [c.connectionId, c.ownerAccount]),
		"resource": c.connectionId,
	}
}
