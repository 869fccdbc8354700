package bad.nomsg

deny contains finding if {
	some c in input.hostedConnections
	finding := {"message": "wrong key", "resource": c.connectionId}
}
