package dxcheck.lib_test

import data.dxcheck.lib

test_active_states if {
	lib.active({"connectionState": "down"})
	not lib.active({"connectionState": "deleted"})
	not lib.active({"connectionState": "someFutureState"})
	not lib.active({})
}

test_param_falls_back_to_the_default if {
	lib.param("x", 7) == 7 with data.dxcheck.params as {}
	lib.param("x", 7) == 3 with data.dxcheck.params as {"x": 3}
}

test_param_set if {
	lib.param_set("x") with data.dxcheck.params as {"x": []}
	not lib.param_set("x") with data.dxcheck.params as {}
}

test_tag_keys if {
	lib.tag_keys({"tags": [{"key": "a", "value": "1"}, {"key": "b"}]}) == {"a", "b"}
	lib.tag_keys({}) == set()
}

test_days_since_counts_whole_days_to_collected_at if {
	lib.days_since("2026-11-27T17:00:01Z") == 1 with input as {"collectedAt": "2026-11-29T17:00:00Z"}
	lib.days_since("2026-11-29T17:00:00Z") == 0 with input as {"collectedAt": "2026-11-29T17:00:00Z"}
}

test_device_prefers_v2 if {
	lib.device({"awsDeviceV2": "new", "awsDevice": "old"}) == "new"
	lib.device({"awsDevice": "old"}) == "old"
	not lib.device({})
}

test_parent_resource if {
	doc := {"interconnects": [{"interconnectId": "i"}], "lags": [{"lagId": "l0"}, {"lagId": "l1"}]}
	lib.parent_resource({"type": "interconnect", "index": 0}).interconnectId == "i" with input as doc
	lib.parent_resource({"type": "lag", "index": 1}).lagId == "l1" with input as doc
}
