package dxcheck.dx003_test

import data.dxcheck.dx003
import data.dxcheck.fixtures

params := {"required_tags": ["Customer", "CostCenter"]}

test_missing_tags_on_connection if {
	findings := dx003.deny with input as fixtures.with_lookups({"hostedConnections": [{
		"connectionId": "dxcon-t1", "connectionState": "available",
		"tags": [{"key": "Customer", "value": "acme"}],
	}]})
		with data.dxcheck.params as params
	count(findings) == 1
	some f in findings
	f.missingTags == ["CostCenter"]
}

test_connection_without_tag_data_is_not_judged if {
	count(dx003.deny) == 0 with input as fixtures.with_lookups({"hostedConnections": [{"connectionId": "dxcon-t1", "connectionState": "available"}]})
		with data.dxcheck.params as params
}

test_parents_are_always_checked if {
	findings := dx003.deny with input as {
		"interconnects": [{"interconnectId": "dxcon-i1", "interconnectState": "available"}],
		"lags": [{"lagId": "dxlag-l1", "lagState": "available", "tags": [{"key": "Customer"}, {"key": "CostCenter"}]}],
	}
		with data.dxcheck.params as params
	count(findings) == 1
	some f in findings
	f.resource == "dxcon-i1"
	f.missingTags == ["CostCenter", "Customer"]
}

test_no_required_tags_means_no_findings if {
	count(dx003.deny) == 0 with input as {"interconnects": [{"interconnectId": "dxcon-i1", "interconnectState": "available"}]}
		with data.dxcheck.params as {}
}

test_deleted_resources_are_ignored if {
	count(dx003.deny) == 0 with input as fixtures.with_lookups({
		"hostedConnections": [
			{"connectionId": "dxcon-t1", "connectionState": "deleted", "tags": []},
			{"connectionId": "dxcon-t2", "connectionState": "rejected", "tags": []},
			{"connectionId": "dxcon-t3", "connectionState": "someFutureState", "tags": []},
		],
		"interconnects": [{"interconnectId": "dxcon-i1", "interconnectState": "deleted"}],
	})
		with data.dxcheck.params as params
}

test_lag_missing_tags if {
	findings := dx003.deny with input as {"lags": [{"lagId": "dxlag-l1", "lagState": "pending", "tags": [{"key": "Customer"}]}]}
		with data.dxcheck.params as params
	count(findings) == 1
	some f in findings
	f.resource == "dxlag-l1"
	f.missingTags == ["CostCenter"]
	f.msg == "dxlag-l1 is missing required tags: CostCenter"
}

test_tags_with_unknown_keys_do_not_count if {
	findings := dx003.deny with input as fixtures.with_lookups({"hostedConnections": [{
		"connectionId": "dxcon-t1", "connectionState": "down",
		"tags": [{"key": "customer", "value": "acme"}, {"key": "Owner"}],
	}]})
		with data.dxcheck.params as params
	some f in findings
	f.missingTags == ["CostCenter", "Customer"]
}

test_connections_sharing_a_tag_set_are_each_reported if {
	findings := dx003.deny with input as fixtures.with_lookups({"hostedConnections": [
		{"connectionId": "dxcon-t1", "connectionState": "available", "tags": [{"key": "Customer"}]},
		{"connectionId": "dxcon-t2", "connectionState": "ordering", "tags": [{"key": "Customer"}, {"key": "Customer"}]},
		{"connectionId": "dxcon-t3", "connectionState": "deleted", "tags": [{"key": "Customer"}]},
		{"connectionId": "dxcon-t4", "connectionState": "available", "tags": []},
		{"connectionId": "dxcon-t5", "connectionState": "available", "tags": [{"key": "CostCenter"}, {"key": "Customer"}]},
	]})
		with data.dxcheck.params as params
	{f.resource: f.missingTags | some f in findings} == {
		"dxcon-t1": ["CostCenter"],
		"dxcon-t2": ["CostCenter"],
		"dxcon-t4": ["CostCenter", "Customer"],
	}
}
