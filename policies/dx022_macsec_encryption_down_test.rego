package dxcheck.dx022_test

import data.dxcheck.dx022

inv := {
	"interconnects": [
		{"interconnectId": "dxcon-must", "macSecCapable": true, "encryptionMode": "must_encrypt", "portEncryptionStatus": "Encryption Down"},
		{"interconnectId": "dxcon-should", "macSecCapable": true, "encryptionMode": "should_encrypt", "portEncryptionStatus": "Encryption Down"},
		{"interconnectId": "dxcon-up", "macSecCapable": true, "encryptionMode": "must_encrypt", "portEncryptionStatus": "Encryption Up"},
		{"interconnectId": "dxcon-unavailable", "macSecCapable": true, "encryptionMode": "must_encrypt", "portEncryptionStatus": "Encryption Down"},
		{"interconnectId": "dxcon-nomacsec", "portEncryptionStatus": "Encryption Down"},
	],
	"lags": [
		{"lagId": "dxlag-nomode", "macSecCapable": true, "portEncryptionStatus": "Encryption Down"},
		{"lagId": "dxlag-future", "macSecCapable": true, "portEncryptionStatus": "Encryption Down"},
	],
	"lookups": {"parents": {
		"dxcon-must": {"type": "interconnect", "index": 0, "state": "available"},
		"dxcon-should": {"type": "interconnect", "index": 1, "state": "available"},
		"dxcon-up": {"type": "interconnect", "index": 2, "state": "available"},
		"dxcon-unavailable": {"type": "interconnect", "index": 3, "state": "down"},
		"dxcon-nomacsec": {"type": "interconnect", "index": 4, "state": "available"},
		"dxlag-nomode": {"type": "lag", "index": 0, "state": "available"},
		"dxlag-future": {"type": "lag", "index": 1, "state": "someFutureState"},
	}},
}

test_encryption_down_is_denied_by_mode if {
	findings := dx022.deny with input as inv
	{[f.resource, f.severity] | some f in findings} == {
		["dxcon-must", "critical"],
		["dxcon-should", "high"],
		["dxlag-nomode", "high"],
	}
	some f in findings
	f.msg == "dxcon-must reports Encryption Down (encryptionMode must_encrypt): the port drops all traffic"
}
