# METADATA
# title: Flood
# description: 25,010 findings, one in a thousand critical, to exceed GitHub's 25,000 results per run.
# custom:
#   id: FLOOD
#   severity: low
package fixtures.flood

deny contains finding if {
	some i in numbers.range(1, 25010)
	finding := {
		"msg": sprintf("finding %d", [i]),
		"resource": sprintf("dxcon-flood%05d", [i]),
		"severity": severity(i),
	}
}

severity(i) := "critical" if i % 1000 == 1

else := "low"
