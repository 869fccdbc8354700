# METADATA
# title: Test helpers of the built-in pack
# description: >-
#   Builds the derived lookups `dxcheck input` adds to an inventory, so that unit tests can give
#   policies exactly what they see at run time. The grouping here is the naive, quadratic one:
#   fine for the few connections of a unit test. A Rust test checks that it agrees with the real
#   lookups on the example inventory.
package dxcheck.fixtures

# This package deliberately reads no rule of another package (not even dxcheck.lib): regorus
# evaluates the value of `with input as fixtures.with_lookups(...)` after it has reset its rule
# cache, and a rule evaluated there (lib.active_states, say) would then look undefined to the
# policy under test.

# An inventory with its lookups, as policies see it.
with_lookups(inv) := object.union(inv, {"lookups": lookups(inv)})

lookups(inv) := {
	"parents": parents(inv),
	"connectionsByParent": group(connections_of(inv), "parentId"),
	"connectionsByOwner": group(connections_of(inv), "ownerAccount"),
	"connectionsByDevice": {d: [i | some i, x in connections_of(inv); device(x) == d] | some c in connections_of(inv); d := device(c)},
	"activeConnectionsByParent": {p: [i | some i, x in connections_of(inv); x.parentId == p; active(x)] | some c in connections_of(inv); active(c); p := c.parentId},
	"connectionsByState": group(connections_of(inv), "connectionState"),
	"connectionsByVlan": {format_int(v, 10): [i | some i, x in connections_of(inv); x.vlan == v] | some c in connections_of(inv); v := c.vlan},
	"connectionsByBandwidth": group(connections_of(inv), "bandwidth"),
	"connectionsByRegion": group(connections_of(inv), "region"),
	"connectionsByPartnerName": group(connections_of(inv), "partnerName"),
	"connectionsByProviderName": group(connections_of(inv), "providerName"),
	"connectionsByTagKeys": {k: [i | some i, x in connections_of(inv); is_array(x.tags); tag_keys(x) == k] | some c in connections_of(inv); is_array(c.tags); k := tag_keys(c)},
	"activeConnectionsByOwner": group(actives(inv), "ownerAccount"),
	"activeConnectionsByOwnerAndDevice": {o: {d: [i | some i, x in actives(inv); x.ownerAccount == o; device(x) == d] |
		some y in actives(inv)
		y.ownerAccount == o
		d := device(y)
	} |
		some c in actives(inv)
		o := c.ownerAccount
	},
	"activeConnectionsByOwnerAndLocation": nested(actives(inv), "ownerAccount", "location"),
	"activeConnectionsByOwnerAndParent": nested(actives(inv), "ownerAccount", "parentId"),
	"activeConnectionsByParentAndVlan": {p: {format_int(v, 10): [i | some i, x in actives(inv); x.parentId == p; x.vlan == v] |
		some y in actives(inv)
		y.parentId == p
		v := y.vlan
	} |
		some c in actives(inv)
		p := c.parentId
	},
}

# Indexes keep pointing into hostedConnections: inactive connections become null entries.
actives(inv) := [x | some c in connections_of(inv); x := active_or_null(c)]

active_or_null(c) := c if active(c)

active_or_null(c) := null if not active(c)

nested(cs, outer, inner) := {k: {m: [i | some i, x in cs; x[outer] == k; x[inner] == m] | some y in cs; y[outer] == k; m := y[inner]} |
	some c in cs
	k := c[outer]
}

connections_of(inv) := object.get(inv, "hostedConnections", [])

group(cs, field) := {k: [i | some i, x in cs; x[field] == k] | some c in cs; k := c[field]}

parents(inv) := object.union(
	{ic.interconnectId: present({
		"type": "interconnect",
		"index": n,
		"state": object.get(ic, "interconnectState", null),
		"region": object.get(ic, "region", null),
		"location": object.get(ic, "location", null),
		"portSpeedMbps": object.get(ic, "bandwidthMbps", null),
		"capacityMbps": object.get(ic, "bandwidthMbps", null),
		"activeBandwidthMbps": active_bandwidth(inv, ic.interconnectId),
	}) |
		some n, ic in object.get(inv, "interconnects", [])
	},
	{l.lagId: present({
		"type": "lag",
		"index": n,
		"state": object.get(l, "lagState", null),
		"region": object.get(l, "region", null),
		"location": object.get(l, "location", null),
		"portSpeedMbps": object.get(l, "connectionsBandwidthMbps", null),
		"capacityMbps": lag_capacity(l),
		"activeBandwidthMbps": active_bandwidth(inv, l.lagId),
	}) |
		some n, l in object.get(inv, "lags", [])
	},
)

active_bandwidth(inv, id) := sum([object.get(c, "bandwidthMbps", 0) | some c in connections_of(inv); c.parentId == id; active(c)])

# Absent fields stay absent, as in the real lookups.
present(obj) := {k: v | some k, v in obj; v != null}

# Member speed times available members (times numberOfConnections when members are not listed).
lag_capacity(l) := x if {
	l.connections
	x := l.connectionsBandwidthMbps * count([m | some m in l.connections; m.connectionState == "available"])
} else := x if {
	x := l.connectionsBandwidthMbps * l.numberOfConnections
} else := null

# The set of a connection's tag keys as JSON text: sorted, no spaces.
tag_keys(c) := json.marshal(sort({t.key | some t in c.tags}))

active(c) if c.connectionState in {"ordering", "pending", "available", "down"}

device(c) := c.awsDeviceV2

device(c) := c.awsDevice if not c.awsDeviceV2
