package custom.objects_test

import data.custom.objects

# Test files are not checks: this file must not add rules to `check`.
test_vlan_4095 if {
	count(objects.deny_vlan) == 1 with input as {"hostedConnections": [{"connectionId": "x", "vlan": 4095}]}
}
