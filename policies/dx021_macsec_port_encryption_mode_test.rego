package dxcheck.dx021_test

import data.dxcheck.dx021
import data.dxcheck.fixtures

inv := fixtures.with_lookups({
	"interconnects": [
		{"interconnectId": "dxcon-i1", "interconnectState": "available", "macSecCapable": true, "encryptionMode": "no_encrypt"},
		{"interconnectId": "dxcon-i2", "interconnectState": "available", "macSecCapable": true, "encryptionMode": "must_encrypt"},
		{"interconnectId": "dxcon-i3", "interconnectState": "deleted", "macSecCapable": true, "encryptionMode": "should_encrypt"},
		{"interconnectId": "dxcon-i4", "interconnectState": "someFutureState", "macSecCapable": true},
	],
	"lags": [
		{"lagId": "dxlag-l1", "lagState": "down", "macSecCapable": true},
		{"lagId": "dxlag-l2", "lagState": "available", "macSecCapable": false, "encryptionMode": "no_encrypt"},
		{"lagId": "dxlag-l3", "lagState": "pending"},
	],
})

test_ports_not_requiring_encryption_are_denied if {
	findings := dx021.deny with input as inv
	{f.msg | some f in findings} == {
		"dxcon-i1 is MACsec-capable but its encryptionMode is no_encrypt, not must_encrypt",
		"dxlag-l1 is MACsec-capable but its encryptionMode is not set, not must_encrypt",
	}
}
