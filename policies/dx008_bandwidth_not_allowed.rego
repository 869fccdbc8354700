# METADATA
# title: Bandwidth not offered by AWS or not allowed
# description: >-
#   Hosted connections come in 50, 100, 200, 300, 400 and 500 Mbps and 1, 2, 5, 10 and 25 Gbps. A
#   connection with any other bandwidth was recorded wrongly or created outside the partner's
#   product catalogue. params.allowed_bandwidths narrows the set further to what the partner
#   sells (entries as the API writes them, "500Mbps", "1Gbps", or numbers of Mbps).
# related_resources:
#   - https://docs.aws.amazon.com/directconnect/latest/UserGuide/WorkingWithConnections.html
# custom:
#   id: DX008
#   severity: medium
#   remediation: >-
#     Check the order against the partner's catalogue; delete and reprovision the connection with
#     an allowed bandwidth (or update-connection --bandwidth where AWS supports it).
#   tags: [bandwidth, provisioning]
#   params:
#     allowed_bandwidths: [50Mbps, 100Mbps, 200Mbps, 300Mbps, 400Mbps, 500Mbps, 1Gbps, 2Gbps, 5Gbps, 10Gbps, 25Gbps]
#   resource_types: [hostedConnection]
package dxcheck.dx008

import data.dxcheck.lib

aws_bandwidths := {
	"50Mbps": 50, "100Mbps": 100, "200Mbps": 200, "300Mbps": 300, "400Mbps": 400, "500Mbps": 500,
	"1Gbps": 1000, "2Gbps": 2000, "5Gbps": 5000, "10Gbps": 10000, "25Gbps": 25000,
}

aws_mbps := {m | some m in aws_bandwidths}

default_allowed := [
	"50Mbps", "100Mbps", "200Mbps", "300Mbps", "400Mbps", "500Mbps",
	"1Gbps", "2Gbps", "5Gbps", "10Gbps", "25Gbps",
]

allowed_mbps contains m if {
	some b in lib.param("allowed_bandwidths", default_allowed)
	m := aws_bandwidths[b]
}

allowed_mbps contains b if {
	some b in lib.param("allowed_bandwidths", default_allowed)
	is_number(b)
}

# Each distinct bandwidth is judged once; only the connections of a bad one are visited.
deny contains finding if {
	some bandwidth, idxs in input.lookups.connectionsByBandwidth
	problem := bandwidth_problem(input.hostedConnections[idxs[0]])
	some i in idxs
	c := input.hostedConnections[i]
	c.connectionState in lib.active_states
	finding := {
		"msg": sprintf("%s has bandwidth %s, which %s", [c.connectionId, bandwidth, problem]),
		"resource": c.connectionId,
	}
}

# Connections with the same bandwidth text have the same bandwidthMbps (or none).
bandwidth_problem(c) := "AWS does not offer for hosted connections" if not c.bandwidthMbps in aws_mbps

bandwidth_problem(c) := "params.allowed_bandwidths does not allow" if {
	c.bandwidthMbps in aws_mbps
	not c.bandwidthMbps in allowed_mbps
}
