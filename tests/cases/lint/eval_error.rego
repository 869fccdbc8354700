# METADATA
# title: Every connection has one parent
# custom:
#   id: LINT005
#   severity: low
package lintcase.eval_error

# Two connections on different parents give this complete rule two values: a conflict that only
# shows when it is evaluated on an inventory with connections.
parent := c.parentId if {
	some c in input.hostedConnections
}

deny contains msg if {
	parent == "dxcon-none"
	msg := "impossible"
}
