# METADATA
# title: Shared helpers of the built-in pack
# description: States, parameters, time and lookups used by the dxcheck rules.
package dxcheck.lib

# Connections and parents in these states exist and carry, or will carry, traffic.
active_states := {"ordering", "pending", "available", "down"}

active(c) if c.connectionState in active_states

# A parameter from dxcheck.toml [params], or the rule's safe default. The default given here must
# equal the one the rule declares under custom.params (a Rust test checks that they agree).
param(name, fallback) := object.get(data.dxcheck.params, name, fallback)

# Whether a parameter was set at all (rules that apply only when configured).
param_set(name) if object.get(data.dxcheck.params, name, null) != null

# Tag keys of a resource, or the empty set when it has none.
tag_keys(r) := {t.key | some t in object.get(r, "tags", [])}

# "Now" is when the inventory was collected, never the wall clock: the same inventory gives the
# same findings whenever it is checked.
now_ns := time.parse_rfc3339_ns(input.collectedAt)

ns_per_day := ((24 * 60) * 60) * 1000000000

# Whole days from an RFC 3339 time to collectedAt.
days_since(ts) := floor((now_ns - time.parse_rfc3339_ns(ts)) / ns_per_day)

# The interconnect or LAG document a lookups.parents entry points to.
parent_resource(p) := input.interconnects[p.index] if p.type == "interconnect"

parent_resource(p) := input.lags[p.index] if p.type == "lag"

# The AWS device a connection terminates on: awsDeviceV2, falling back to awsDevice.
device(c) := c.awsDeviceV2

device(c) := c.awsDevice if not c.awsDeviceV2

# Sorted [key, connectionId] pairs make duplicates adjacent: a linear way to find connections that
# share a key inside one group, where comparing every pair would be quadratic.
# Given pairs sorted by key, the connection next to position j with the same key, if any.
same_key_neighbour(pairs, j) := pairs[j - 1][1] if {
	j > 0
	pairs[j - 1][0] == pairs[j][0]
} else := pairs[j + 1][1] if {
	pairs[j + 1][0] == pairs[j][0]
}
