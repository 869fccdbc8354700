# METADATA
# title: Required tags missing
# description: >-
#   Resources must carry the tag keys listed in params.required_tags (for example the customer
#   and cost centre), so that every circuit can be traced to its owner and billed. Interconnects
#   and LAGs are always checked; hosted connections only when the inventory carries their tags.
# custom:
#   id: DX003
#   severity: medium
#   remediation: >-
#     Tag the resource with the missing keys (aws directconnect tag-resource).
#   tags: [tagging, governance]
#   params:
#     required_tags: []
#   resource_types: [hostedConnection, interconnect, lag]
package dxcheck.dx003

import data.dxcheck.lib

required := {k | some k in lib.param("required_tags", [])}

missing(r) := required - lib.tag_keys(r)

# Each distinct set of tag keys is judged once (connections without tag data are in no set);
# only the connections of a set that misses a tag are visited.
deny contains finding if {
	count(required) > 0
	some keys, idxs in input.lookups.connectionsByTagKeys
	m := required - {k | some k in json.unmarshal(keys)}
	count(m) > 0
	some i in idxs
	c := input.hostedConnections[i]
	c.connectionState in lib.active_states
	finding := tag_finding(c.connectionId, m)
}

deny contains finding if {
	count(required) > 0
	some i in input.interconnects
	i.interconnectState in lib.active_states
	m := missing(i)
	count(m) > 0
	finding := tag_finding(i.interconnectId, m)
}

deny contains finding if {
	count(required) > 0
	some l in input.lags
	l.lagState in lib.active_states
	m := missing(l)
	count(m) > 0
	finding := tag_finding(l.lagId, m)
}

tag_finding(id, m) := {
	"msg": sprintf("%s is missing required tags: %s", [id, concat(", ", sort(m))]),
	"resource": id,
	"missingTags": sort(m),
}
