# METADATA
# title: Shared helpers of the built-in pack
# description: States, parameters and lookups used by the dxcheck rules.
package dxcheck.lib

# Connections and parents in these states exist and carry, or will carry, traffic.
active_states := {"ordering", "pending", "available", "down"}

active(c) if c.connectionState in active_states

# A parameter from dxcheck.toml [params], or the rule's safe default.
param(name, fallback) := object.get(data.dxcheck.params, name, fallback)

# Whether a parameter was set at all (rules that apply only when configured).
param_set(name) if object.get(data.dxcheck.params, name, null) != null

# Tag keys of a resource, or the empty set when it has none.
tag_keys(r) := {t.key | some t in object.get(r, "tags", [])}
