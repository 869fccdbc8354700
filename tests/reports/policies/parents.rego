# METADATA
# title: Parent without a Customer tag
# description: Interconnects and LAGs carry a Customer tag (shared when several customers use them).
# custom:
#   id: T003
#   severity: medium
#   tags: [tagging]
#   resource_types: [interconnect, lag]
package fixtures.parents

warn contains finding if {
	some p in array.concat(input.interconnects, input.lags)
	keys := {t.key | some t in object.get(p, "tags", [])}
	not "Customer" in keys
	id := object.get(p, "interconnectId", object.get(p, "lagId", ""))
	finding := {"msg": sprintf("%s has no Customer tag", [id]), "resource": id}
}
