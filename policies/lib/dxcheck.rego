# METADATA
# title: Shared helpers of the built-in pack
# description: States, parameters, time and lookups used by the dxcheck rules.
package dxcheck.lib

# Connections and parents in these states exist and carry, or will carry, traffic.
active_states := {"ordering", "pending", "available", "down"}

active(c) if c.connectionState in active_states

# In a loop over many connections, write `c.connectionState in lib.active_states` instead of
# `lib.active(c)`: in regorus a function call costs as much as the rest of a simple check.

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
