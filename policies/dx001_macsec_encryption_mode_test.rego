package dxcheck.dx001_test

import data.dxcheck.dx001

conn(fields) := object.union({"connectionId": "dxcon-test1", "connectionState": "available"}, fields)

test_should_encrypt_is_denied if {
	findings := dx001.deny with input as {"hostedConnections": [conn({"macSecCapable": true, "encryptionMode": "should_encrypt"})]}
	count(findings) == 1
	some f in findings
	f.resource == "dxcon-test1"
	contains(f.msg, "should_encrypt")
}

test_absent_mode_is_denied if {
	findings := dx001.deny with input as {"hostedConnections": [conn({"macSecCapable": true})]}
	some f in findings
	contains(f.msg, "not set")
}

test_must_encrypt_passes if {
	count(dx001.deny) == 0 with input as {"hostedConnections": [conn({"macSecCapable": true, "encryptionMode": "must_encrypt"})]}
}

test_not_capable_passes if {
	count(dx001.deny) == 0 with input as {"hostedConnections": [
		conn({"macSecCapable": false, "encryptionMode": "no_encrypt"}),
		conn({"connectionId": "dxcon-test2", "encryptionMode": "no_encrypt"}),
	]}
}

test_deleted_and_rejected_are_ignored if {
	count(dx001.deny) == 0 with input as {"hostedConnections": [
		conn({"connectionState": "deleted", "macSecCapable": true, "encryptionMode": "no_encrypt"}),
		conn({"connectionId": "dxcon-test2", "connectionState": "rejected", "macSecCapable": true}),
	]}
}

test_unknown_state_is_ignored if {
	count(dx001.deny) == 0 with input as {"hostedConnections": [conn({"connectionState": "someFutureState", "macSecCapable": true})]}
}
